/**
 * Project conventions shared by the testing and code project rules: language families, which files are tests,
 * which manifest speaks for an ecosystem, where CI configuration lives and what a test command looks like.
 * Only file names, manifest fields and single CI/Makefile lines are read here; nothing is executed.
 */
import type { LanguageId } from '../model';
import type { ProjectRuleContext } from '../engine/project-context';
import type { Ecosystem, Manifest } from './manifests';
import { isTestPath } from './syntax';

export type Family = 'js' | 'python' | 'java' | 'go' | 'ruby' | 'php';
export const FAMILIES: readonly Family[] = ['js', 'python', 'java', 'go', 'ruby', 'php'];

export const FAMILY_OF_LANGUAGE: Readonly<Record<LanguageId, Family>> = {
  javascript: 'js', typescript: 'js', tsx: 'js', python: 'python', java: 'java', go: 'go', ruby: 'ruby', php: 'php',
};
export const FAMILY_OF_ECOSYSTEM: Readonly<Record<Ecosystem, Family>> = {
  npm: 'js', pypi: 'python', maven: 'java', go: 'go', rubygems: 'ruby', composer: 'php',
};
export const FAMILY_LABEL: Readonly<Record<Family, string>> = {
  js: 'JavaScript/TypeScript', python: 'Python', java: 'Java', go: 'Go', ruby: 'Ruby', php: 'PHP',
};

const FAMILY_BY_EXTENSION: Readonly<Record<string, Family>> = {
  js: 'js', mjs: 'js', cjs: 'js', jsx: 'js', ts: 'js', mts: 'js', cts: 'js', tsx: 'js',
  py: 'python', java: 'java', kt: 'java', kts: 'java', groovy: 'java', scala: 'java',
  go: 'go', rb: 'ruby', php: 'php',
};

export function baseName(file: string): string {
  return file.slice(file.lastIndexOf('/') + 1);
}
export function dirName(file: string): string {
  const at = file.lastIndexOf('/');
  return at < 0 ? '' : file.slice(0, at);
}

/** The family of a file by its extension; JVM test files in Kotlin, Groovy or Scala count for Java projects. */
export function familyOfPath(file: string): Family | undefined {
  const base = baseName(file);
  const dot = base.lastIndexOf('.');
  return dot <= 0 ? undefined : FAMILY_BY_EXTENSION[base.slice(dot + 1).toLowerCase()];
}

/** Support folders under test trees that hold data, not tests. */
const NOT_TESTS = /(^|\/)(fixtures?|__fixtures__|testdata|__mocks__|__snapshots__)\//;

/** A test source file (by the ecosystems' naming and folder conventions), not fixture data. */
export function isTestSource(file: string): boolean {
  return !!familyOfPath(file) && (isTestPath(file) || DJANGO_TESTS.test(file)) && !NOT_TESTS.test(file);
}

/** Django apps keep their tests in a `tests.py` module beside the code. */
export const DJANGO_TESTS = /(^|\/)tests\.py$/;

/** Folders of demo or documentation code whose manifests and modules speak for nobody. */
export const EXAMPLE_DIR = /(^|\/)(examples?|samples?|demos?|docs?|templates?|skeletons?)\//;

/** Build and tool configuration written in a source language (it is not application code). */
const TOOLING_FILE = /(^|[.-])config\.[cm]?[jt]s$|^\.[^/]*rc\.[cm]?[jt]s$|^(gulpfile|gruntfile|webpack|rollup|vite|vitest|jest|babel|postcss|tailwind|eslint|prettier|commitlint|lint-staged|karma|playwright|cypress|nodemon|esbuild|tsup|next|nuxt)\b[^/]*\.[cm]?[jt]s$/i;
export function isToolingFile(file: string): boolean {
  return TOOLING_FILE.test(baseName(file));
}

/** Application source files of a family (not tests, not tool configuration, not example code). */
export function familySources(ctx: ProjectRuleContext, family: Family): string[] {
  return ctx.sourceFiles
    .filter(s => FAMILY_OF_LANGUAGE[s.language] === family && !ctx.isTestFile(s.file) && !isToolingFile(s.file)
      && !EXAMPLE_DIR.test(s.file) && !/(^|\/)(Gemfile|Rakefile)$|\.gemspec$/.test(s.file))
    .map(s => s.file);
}

/** Manifests of a family, outside example folders. */
export function familyManifests(ctx: ProjectRuleContext, family: Family): Manifest[] {
  return ctx.manifests.filter(m => FAMILY_OF_ECOSYSTEM[m.ecosystem] === family && !EXAMPLE_DIR.test(m.file));
}

/** The order in which manifests of one ecosystem speak for it (the first is the main one). */
const MANIFEST_PREFERENCE = ['package.json', 'pyproject.toml', 'setup.cfg', 'Pipfile', 'requirements.txt', 'pom.xml', 'build.gradle.kts', 'build.gradle', 'go.mod', 'Gemfile', 'composer.json'];

/** The manifest closest to the root, preferring the ecosystem's main manifest file. */
export function primaryManifest(manifests: readonly Manifest[]): Manifest | undefined {
  const rank = (m: Manifest) => {
    const i = MANIFEST_PREFERENCE.indexOf(baseName(m.file));
    return i < 0 ? MANIFEST_PREFERENCE.length : i;
  };
  return [...manifests].sort((a, b) => a.file.split('/').length - b.file.split('/').length || rank(a) - rank(b) || a.file.localeCompare(b.file))[0];
}

/** Families that are really present: a manifest of the ecosystem and application code in its language. */
export function presentFamilies(ctx: ProjectRuleContext): { family: Family; manifests: Manifest[] }[] {
  const out: { family: Family; manifests: Manifest[] }[] = [];
  for (const family of FAMILIES) {
    const manifests = familyManifests(ctx, family);
    if (manifests.length && familySources(ctx, family).length) out.push({ family, manifests });
  }
  return out;
}

/** A manifest's JSON object (package.json, composer.json), or undefined when it is not valid JSON. */
export function readJson(ctx: ProjectRuleContext, file: string): Record<string, unknown> | undefined {
  const text = ctx.readText(file);
  if (text === undefined) return undefined;
  try {
    const value = JSON.parse(text) as unknown;
    return value && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}

// ---------------------------------------------------------------------------------------------------------------
// CI configuration

/** CI configuration files of the common hosted and self-hosted CI services. */
export const CI_GLOBS = [
  '.github/workflows/*.yml', '.github/workflows/*.yaml', '.gitlab-ci.yml', '.gitlab-ci.yaml', '.gitlab/**/*.yml',
  '.gitlab/**/*.yaml', '.circleci/config.yml', '.circleci/config.yaml', '**/Jenkinsfile', '**/*.jenkinsfile',
  'azure-pipelines.yml', 'azure-pipelines.yaml', '.azure-pipelines/**/*.yml', '.azure-pipelines/**/*.yaml',
  'bitbucket-pipelines.yml', '.travis.yml', '.drone.yml', '.woodpecker.yml', '.woodpecker/*.yml',
  '.buildkite/**/*.yml', '.buildkite/**/*.yaml', 'appveyor.yml', '.appveyor.yml', 'cloudbuild.yaml', 'cloudbuild.yml',
  '.semaphore/*.yml', 'buildspec.yml', 'buildspec.yaml',
];

export function ciFiles(ctx: ProjectRuleContext): string[] {
  const files = ctx.find(CI_GLOBS).filter(f => !EXAMPLE_DIR.test(f) && !/(^|\/)node_modules\//.test(f));
  // GitHub workflows first: they are the most common home of a project's checks.
  return files.sort((a, b) => Number(!a.startsWith('.github/')) - Number(!b.startsWith('.github/')) || a.localeCompare(b));
}

/** YAML keys whose values are labels, not commands (`name: pytest` names a step, it does not run pytest). */
const LABEL_LINE = /^\s*-?\s*(name|uses|displayName|description|title|id|key|path|stage|stages|needs|image|services|cache|if|when|only|except|label|tags|group|environment):/;
/** Installing a tool is not running it. */
const INSTALL_SEGMENT = /\b(pip3?|pipx|npm|yarn|pnpm|bun|gem|bundle|composer|poetry|uv|apt(-get)?|apk|brew|go|cargo|choco)\s+(install|add|get|i|ci|require|sync)\b/;

/** The command lines of a CI, Make or script file: comment lines and label lines dropped, chains split. */
export function commandSegments(text: string): string[] {
  const out: string[] = [];
  for (const raw of text.split(/\r?\n/)) {
    const line = raw.trim();
    if (!line || line.startsWith('#') || line.startsWith('//') || LABEL_LINE.test(raw)) continue;
    for (const segment of line.split(/&&|\|\||;|\|/)) {
      if (!segment.trim() || INSTALL_SEGMENT.test(segment)) continue;
      out.push(segment.trim());
    }
  }
  return out;
}

/** Commands that run a test suite, in the ecosystems' usual spellings. */
const TEST_COMMANDS: readonly RegExp[] = [
  /\b(npm|pnpm|yarn|bun)\s+(run\s+)?test\b/, /\bnpm\s+(t|it|cit|install-test|clean-install-test)\b/,
  /\b(jest|vitest|mocha|ava|jasmine|karma|uvu|cypress\s+run|playwright\s+test|npx\s+tap|c8|nyc)\b/,
  /\bnode\s+(-{1,2}[\w-]+(=\S+)?\s+)*--test\b/, /\b(bun|deno)\s+test\b/,
  /\bpytest\b/, /\bpython[0-9.]*\s+-m\s+(pytest|unittest|nose2?)\b/, /\b(tox|nox)\b/, /\bmanage\.py\s+test\b/, /\bhatch\s+(run\s+)?test\b/,
  /\bgo\s+test\b/, /\bgotestsum\b/, /\bginkgo\b/,
  /\b(mvn|mvnw)\b(?!.*-D(skipTests|maven\.test\.skip)).*\b(test|verify|install|package|deploy)\b/,
  /\b(gradle|gradlew)\b(?!.*-x\s+test).*\b(test|check|build)\b/,
  /\brspec\b/, /\brake\s+(test|spec)\b/, /\brake\s*$/, /\brails\s+test\b/, /\bcucumber\b/,
  /\bphpunit\b/, /\bpest\b/, /\bparatest\b/, /\bcodecept\s+run\b/, /\bartisan\s+test\b/, /\bcomposer\s+(run(-script)?\s+)?test\b/,
  /\b(just|task)\s+test\b/, /\bnx\s+.*\btest\b/, /\bturbo\s+(run\s+)?test\b/, /\blerna\s+run\s+test\b/, /\bbazel\s+test\b/,
  /(^|[\s/])(run[-_])?tests?\.sh\b/, /\bdotnet\s+test\b/, /\bcargo\s+test\b/,
];
/** Script runners whose script we can look up: `npm run ci`, `yarn ci`, `composer ci`, `make check`. */
const NPM_SCRIPT = /\b(?:npm|pnpm|bun)\s+run(?:-script)?\s+([\w:.-]+)|\byarn\s+(?:run\s+)?([\w:.-]+)|\bpnpm\s+([\w:.-]+)/;
const COMPOSER_SCRIPT = /\bcomposer\s+(?:run(?:-script)?\s+)?([\w:.-]+)/;
const MAKE_TARGET = /\bmake\s+(?:-[\w-]+\s+)*([\w.-]+)/;
const CONVENTIONAL_TEST_TARGETS = new Set(['test', 'tests', 'check', 'ci', 'unit', 'unit-test', 'unittest', 'integration', 'test-all']);

/** Whether a command (or the npm/composer script or Make target it calls) runs tests. */
export function runsTests(ctx: ProjectRuleContext, segment: string, depth = 0): boolean {
  if (TEST_COMMANDS.some(re => re.test(segment))) return true;
  if (depth >= 3) return false;
  const npm = NPM_SCRIPT.exec(segment);
  const npmScript = npm?.[1] ?? npm?.[2] ?? npm?.[3];
  if (npmScript) {
    for (const m of ctx.manifests) {
      if (m.ecosystem !== 'npm') continue;
      const script = m.scripts[npmScript];
      if (script !== undefined && commandSegments(script).some(s => runsTests(ctx, s, depth + 1))) return true;
    }
  }
  const composer = COMPOSER_SCRIPT.exec(segment)?.[1];
  if (composer) {
    for (const m of ctx.manifests) {
      if (m.ecosystem !== 'composer') continue;
      const script = m.scripts[composer];
      if (script !== undefined && commandSegments(script).some(s => runsTests(ctx, s, depth + 1))) return true;
    }
  }
  const target = MAKE_TARGET.exec(segment)?.[1];
  if (target) {
    const makefiles = ctx.find(['Makefile', 'makefile', 'GNUmakefile']);
    if (!makefiles.length) return CONVENTIONAL_TEST_TARGETS.has(target);
    for (const makefile of makefiles) {
      const recipe = makeTarget(ctx.readText(makefile) ?? '', target);
      if (recipe && (recipe.commands.some(s => runsTests(ctx, s, depth + 1)) || recipe.prerequisites.some(p => runsTests(ctx, `make ${p}`, depth + 1)))) return true;
    }
  }
  return false;
}

/** A Make target's prerequisites and recipe commands. */
function makeTarget(text: string, target: string): { prerequisites: string[]; commands: string[] } | undefined {
  const lines = text.split(/\r?\n/);
  for (let i = 0; i < lines.length; i++) {
    const m = /^([\w.\s-]+?)\s*::?(?!=)(.*)$/.exec(lines[i]!);
    if (!m || !m[1]!.split(/\s+/).includes(target)) continue;
    const commands: string[] = [];
    for (let j = i + 1; j < lines.length && /^\t/.test(lines[j]!); j++) commands.push(...commandSegments(lines[j]!.replace(/^\t[@-]*/, '')));
    return { prerequisites: m[2]!.replace(/#.*/, '').split(/\s+/).filter(Boolean), commands };
  }
  return undefined;
}

/** Whether a CI (or any command) file runs tests. */
export function fileRunsTests(ctx: ProjectRuleContext, file: string): boolean {
  const text = ctx.readText(file);
  return text !== undefined && commandSegments(text).some(s => runsTests(ctx, s));
}
