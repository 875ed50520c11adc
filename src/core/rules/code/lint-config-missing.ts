import type { Rule } from '../../model';
import type { ProjectRuleContext } from '../../engine/project-context';
import type { Manifest } from '../../analysis/manifests';
import { type Family, FAMILY_LABEL, ciFiles, presentFamilies, primaryManifest, readJson } from '../../analysis/test-conventions';

interface LinterEvidence {
  /** Configuration files (globs, any depth). */
  files: readonly string[];
  /** Dependencies (exact names or patterns) in the family's manifests. */
  deps: readonly (string | RegExp)[];
  /** A linter run in CI, a Makefile, pre-commit hooks or the manifest's scripts. */
  command: RegExp;
  /** Sections of manifest or setup files that configure a linter (`[tool.ruff]`, `[flake8]`, a Maven plugin). */
  manifestText?: RegExp;
  /** Other files whose text may carry `manifestText`. */
  textFiles?: readonly string[];
}

const EVIDENCE: Readonly<Record<Family, LinterEvidence>> = {
  js: {
    files: ['**/.eslintrc', '**/.eslintrc.{js,cjs,mjs,json,yml,yaml}', '**/eslint.config.{js,cjs,mjs,ts,mts,cts}', '**/biome.json', '**/biome.jsonc',
      '**/.oxlintrc.json', '**/oxlintrc.json', '**/.xo-config*', '**/tslint.json', '**/deno.json', '**/deno.jsonc'],
    deps: ['eslint', '@biomejs/biome', 'oxlint', 'standard', 'xo', 'ts-standard', 'tslint', 'rome', /^eslint-config-/, /^@[\w-]+\/eslint-config/, /^@typescript-eslint\//],
    command: /\b(eslint|biome\s+(check|lint|ci)|oxlint|tslint|next\s+lint|deno\s+lint)\b/,
  },
  python: {
    files: ['**/ruff.toml', '**/.ruff.toml', '**/.flake8', '**/.pylintrc', '**/pylintrc', '**/.prospector.y*ml'],
    deps: ['ruff', 'flake8', 'pylint', 'pyflakes', 'pycodestyle', 'prospector', 'pylama', 'wemake-python-styleguide', 'flakeheaven', /^flake8-/, /^pylint-/],
    command: /\b(ruff|flake8|pylint|pyflakes|pycodestyle|prospector|pylama)\b/,
    manifestText: /^\s*\[(tool\.ruff|tool\.pylint|tool\.flake8|flake8|pylint[^\]]*|pycodestyle|tool:flake8)\b/m,
    textFiles: ['**/setup.cfg', '**/tox.ini'],
  },
  java: {
    files: ['**/checkstyle*.xml', '**/config/checkstyle/**', '**/pmd*.xml', '**/config/pmd/**', '**/spotbugs*.xml', '**/findbugs*.xml'],
    deps: ['maven-checkstyle-plugin', 'spotbugs-maven-plugin', 'maven-pmd-plugin', 'error_prone_core', 'findbugs-maven-plugin', 'sonar-maven-plugin'],
    command: /\b(checkstyle|spotbugs|pmd|errorprone|error_prone|sonar)\w*/i,
    manifestText: /\b(checkstyle|spotbugs|findbugs|pmd|errorprone|error_prone|error-prone|net\.ltgt\.errorprone|org\.sonarqube)\b/i,
    textFiles: ['**/settings.gradle', '**/settings.gradle.kts', '**/libs.versions.toml', '**/buildSrc/**/*.gradle*'],
  },
  go: {
    files: ['**/.golangci.{yml,yaml,toml,json}', '**/staticcheck.conf', '**/revive.toml', '**/.revive.toml'],
    deps: [],
    command: /\b(golangci-lint|go\s+vet|staticcheck|revive)\b|golangci\/golangci-lint-action/,
  },
  ruby: {
    files: ['**/.rubocop.yml', '**/.rubocop_todo.yml', '**/.standard.yml', '**/.reek.yml'],
    deps: [/^rubocop(-|$)/, 'standard', 'reek'],
    command: /\b(rubocop|standardrb|reek)\b/,
  },
  php: {
    files: ['**/phpcs.xml', '**/phpcs.xml.dist', '**/.phpcs.xml', '**/.phpcs.xml.dist', '**/phpstan.neon', '**/phpstan.neon.dist', '**/phpstan.dist.neon',
      '**/psalm.xml', '**/psalm.xml.dist', '**/.php-cs-fixer.php', '**/.php-cs-fixer.dist.php', '**/.php_cs', '**/.php_cs.dist', '**/pint.json', '**/phpmd.xml', '**/ecs.php'],
    deps: ['squizlabs/php_codesniffer', 'phpstan/phpstan', 'vimeo/psalm', 'friendsofphp/php-cs-fixer', 'phpmd/phpmd', 'laravel/pint', 'larastan/larastan',
      'nunomaduro/larastan', 'symplify/easy-coding-standard', 'slevomat/coding-standard'],
    command: /\b(phpcs|phpstan|psalm|php-cs-fixer|phpmd|pint|ecs\s+check)\b/,
  },
};

/** Linter aggregators that cover every language (Super-Linter, MegaLinter, Trunk, SonarQube, Qodana, Code Climate). */
const AGGREGATOR_FILES = ['.trunk/trunk.yaml', '**/.mega-linter.y*ml', '**/.megalinter.y*ml', '.github/linters/**', '**/sonar-project.properties', '**/qodana.yaml', '.codeclimate.yml'];
const AGGREGATOR_COMMAND = /\b(super-linter|megalinter|mega-linter|trunk(-io)?[\s/]+check|sonar-scanner|sonarsource|qodana|reviewdog)\b/i;

/** Files whose text shows which tools run: CI, Makefiles, pre-commit and git-hook managers. */
function commandTexts(ctx: ProjectRuleContext): string[] {
  const files = [...ciFiles(ctx), ...ctx.find(['Makefile', 'makefile', 'justfile', 'Taskfile.y*ml', '.pre-commit-config.y*ml', 'lefthook.y*ml', '.husky/*', '.lintstagedrc*'])];
  return files.map(f => ctx.readText(f) ?? '');
}

function hasDependency(manifests: readonly Manifest[], names: readonly (string | RegExp)[]): boolean {
  return manifests.some(m => m.dependencies.some(d => names.some(n => (typeof n === 'string' ? n === d.name : n.test(d.name)))));
}

function configured(ctx: ProjectRuleContext, family: Family, manifests: readonly Manifest[], texts: readonly string[]): boolean {
  const evidence = EVIDENCE[family];
  if (ctx.exists(evidence.files) || hasDependency(manifests, evidence.deps)) return true;
  if (manifests.some(m => Object.values(m.scripts).some(s => evidence.command.test(s)))) return true;
  if (texts.some(t => evidence.command.test(t))) return true;
  if (evidence.manifestText) {
    const files = [...manifests.map(m => m.file), ...ctx.find(evidence.textFiles ?? [])];
    if (files.some(f => evidence.manifestText!.test(ctx.readText(f) ?? ''))) return true;
  }
  // package.json can carry the ESLint / XO / standard configuration itself.
  if (family === 'js') {
    return manifests.some(m => m.file.endsWith('package.json') && ['eslintConfig', 'xo', 'standard'].some(k => readJson(ctx, m.file)?.[k] !== undefined));
  }
  return false;
}

const SUGGESTION: Readonly<Record<Family, string>> = {
  js: 'add ESLint (`eslint.config.js`) or Biome (`biome.json`) and run it in CI',
  python: 'add Ruff (`[tool.ruff]` in pyproject.toml) or flake8/pylint and run it in CI',
  java: 'add Checkstyle, PMD, SpotBugs or Error Prone to the build',
  go: 'add golangci-lint (`.golangci.yml`) or at least run `go vet ./...` in CI',
  ruby: 'add RuboCop (`.rubocop.yml`) or standardrb',
  php: 'add PHPStan, Psalm or PHP_CodeSniffer (`require-dev` plus its configuration)',
};

export const lintConfigMissing: Rule = {
  id: 'code/lint-config-missing',
  kind: 'project',
  meta: {
    title: 'No linter configured',
    area: 'code',
    defaultSeverity: 'warning',
    languages: [],
    description: 'The project has code in an ecosystem but no linter or static analyser configured for it, so bug patterns and style drift are left to reviewers.',
    references: ['Software Engineering at Google, ch. 20 "Static Analysis"', 'OWASP SAMM Implementation: Secure Build'],
    messages: {
      missing: 'No {{ecosystem}} linter is configured for {{manifest}}: {{suggestion}}.',
    },
  },
  checkProject(ctx) {
    const families = presentFamilies(ctx);
    if (!families.length) return;
    const texts = commandTexts(ctx);
    if (ctx.exists(AGGREGATOR_FILES) || texts.some(t => AGGREGATOR_COMMAND.test(t))) return;
    for (const { family, manifests } of families) {
      if (configured(ctx, family, manifests, texts)) continue;
      const manifest = primaryManifest(manifests);
      if (!manifest) continue;
      ctx.report({ file: manifest.file, line: 0, messageId: 'missing', data: { ecosystem: FAMILY_LABEL[family], manifest: manifest.file, suggestion: SUGGESTION[family] } });
    }
  },
};
