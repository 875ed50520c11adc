import type { Rule } from '../../model';
import type { ProjectRuleContext } from '../../engine/project-context';
import type { Manifest } from '../../analysis/manifests';
import { importsOf } from '../../analysis/facts';
import { type Family, FAMILY_LABEL, presentFamilies, primaryManifest } from '../../analysis/test-conventions';

/** What `npm init` writes: a test script that only fails. */
const NPM_PLACEHOLDER = /no test specified/;
const JS_RUNNER_COMMAND = /\b(jest|vitest|mocha|ava|jasmine|karma|uvu|tape|tap|playwright\s+test|cypress\s+run|lab|c8|nyc)\b|\bnode\s+(-{1,2}[\w-]+(=\S+)?\s+)*--test\b|\b(bun|deno)\s+test\b/;
const JS_RUNNER_DEPS = ['jest', 'vitest', 'mocha', 'ava', 'tap', 'tape', 'jasmine', 'karma', '@playwright/test', 'cypress', 'uvu', '@japa/runner', '@hapi/lab', /^@jest\//];
const JS_RUNNER_FILES = ['**/jest.config.*', '**/vitest.config.*', '**/vitest.workspace.*', '**/.mocharc*', '**/ava.config.*', '**/.taprc', '**/karma.conf.*', '**/playwright.config.*', '**/cypress.config.*'];
const JS_TEST_MODULES = new Set(['node:test', 'bun:test', 'vitest', '@jest/globals', 'ava', 'tap', 'uvu', '@playwright/test', 'mocha']);

const PY_RUNNER_DEPS = [/^pytest(-|$)/, 'nose', 'nose2', 'unittest2', 'hypothesis', 'ward', 'tox', 'nox'];
const PY_RUNNER_FILES = ['**/pytest.ini', '**/tox.ini', '**/noxfile.py', '**/conftest.py', '**/test_*.py', '**/*_test.py', '**/tests.py', '**/tests/**/*.py', '**/test/**/*.py'];

const JAVA_RUNNER_DEPS = [/^junit/, /^testng$/, /^spock-/, /^kotest/, 'spring-boot-starter-test', /^quarkus-junit/, /^micronaut-test/];
const JAVA_RUNNER_TEXT = /\b(junit|testng|spock|kotest)\b|useJUnitPlatform|useTestNG/i;

const RUBY_RUNNER_DEPS = [/^rspec(-|$)/, 'minitest', 'test-unit', 'cucumber', /^cucumber-/];
const RUBY_RUNNER_FILES = ['**/.rspec', '**/spec/spec_helper.rb', '**/test/test_helper.rb', '**/*_spec.rb', '**/*_test.rb'];

const PHP_RUNNER_DEPS = ['phpunit/phpunit', 'pestphp/pest', 'codeception/codeception', 'phpspec/phpspec', 'behat/behat', 'brianium/paratest'];
const PHP_RUNNER_FILES = ['**/phpunit.xml', '**/phpunit.xml.dist', '**/phpunit.dist.xml', '**/codeception.yml', '**/codeception.dist.yml', '**/tests/Pest.php'];

function hasDependency(manifests: readonly Manifest[], names: readonly (string | RegExp)[]): boolean {
  return manifests.some(m => m.dependencies.some(d => names.some(n => (typeof n === 'string' ? n === d.name : n.test(d.name)))));
}

/** Evidence of a configured test runner, per family. */
const RUNNER_EVIDENCE: Readonly<Record<Family, (ctx: ProjectRuleContext, manifests: readonly Manifest[]) => boolean>> = {
  js(ctx, manifests) {
    for (const m of manifests) {
      const test = m.scripts.test;
      if (test !== undefined && test.trim() !== '' && !NPM_PLACEHOLDER.test(test)) return true;
      if (Object.values(m.scripts).some(s => JS_RUNNER_COMMAND.test(s))) return true;
    }
    if (hasDependency(manifests, JS_RUNNER_DEPS) || ctx.exists(JS_RUNNER_FILES)) return true;
    // node:test and bun:test need no dependency: a test file importing them is the configuration.
    for (const [file, facts] of ctx.allFacts) {
      if (ctx.isTestFile(file) && importsOf(facts).some(i => JS_TEST_MODULES.has(i.specifier))) return true;
    }
    return false;
  },
  python(ctx, manifests) {
    if (hasDependency(manifests, PY_RUNNER_DEPS) || ctx.exists(PY_RUNNER_FILES)) return true;
    return manifests.some(m => /^\s*\[(tool\.pytest|tool:pytest|tool\.tox|pytest)\b/m.test(ctx.readText(m.file) ?? ''));
  },
  java(ctx, manifests) {
    if (hasDependency(manifests, JAVA_RUNNER_DEPS) || ctx.exists(['**/src/test/**/*.java', '**/src/test/**/*.kt', '**/src/test/**/*.groovy'])) return true;
    const texts = [...manifests.map(m => m.file), ...ctx.find(['**/libs.versions.toml', '**/settings.gradle', '**/settings.gradle.kts'])];
    return texts.some(f => JAVA_RUNNER_TEXT.test(ctx.readText(f) ?? ''));
  },
  // `go test` is built in: a test file is all it takes.
  go: ctx => ctx.exists('**/*_test.go'),
  ruby: (ctx, manifests) => hasDependency(manifests, RUBY_RUNNER_DEPS) || ctx.exists(RUBY_RUNNER_FILES),
  php: (ctx, manifests) => hasDependency(manifests, PHP_RUNNER_DEPS) || ctx.exists(PHP_RUNNER_FILES)
    || manifests.some(m => m.scripts.test !== undefined),
};

const SUGGESTION: Readonly<Record<Family, string>> = {
  js: 'add Vitest, Jest, Mocha or node:test and a real `test` script',
  python: 'add pytest (a dev dependency plus `[tool.pytest.ini_options]`) or a `tests/` package for unittest',
  java: 'add JUnit 5 (`junit-jupiter`, test scope) or TestNG and tests under `src/test/java`',
  go: 'add `_test.go` files next to the code: `go test` is built in',
  ruby: 'add RSpec (`rspec` / `rspec-rails`) or Minitest with a `spec/` or `test/` folder',
  php: 'add PHPUnit or Pest (`require-dev`) with a `phpunit.xml`',
};

export const testRunnerMissing: Rule = {
  id: 'testing/test-runner-missing',
  kind: 'project',
  meta: {
    title: 'No test runner configured',
    area: 'testing',
    defaultSeverity: 'warning',
    languages: [],
    description: 'The project has code in an ecosystem but no test runner for it (no test script, test dependency, runner configuration or test file), so nothing can run tests on a change.',
    references: ['Software Engineering at Google, ch. 11 "Testing Overview"'],
    messages: {
      missing: 'No {{ecosystem}} test runner is configured for {{manifest}}: {{suggestion}}.',
    },
  },
  checkProject(ctx) {
    for (const { family, manifests } of presentFamilies(ctx)) {
      if (RUNNER_EVIDENCE[family](ctx, manifests)) continue;
      const manifest = primaryManifest(manifests);
      if (!manifest) continue;
      ctx.report({ file: manifest.file, line: 0, messageId: 'missing', data: { ecosystem: FAMILY_LABEL[family], manifest: manifest.file, suggestion: SUGGESTION[family] } });
    }
  },
};
