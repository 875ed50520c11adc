import type { Rule } from '../../model';
import type { ProjectRuleContext } from '../../engine/project-context';
import { moduleShapeOf } from '../../analysis/module-shape';
import { importsOf } from '../../analysis/facts';
import { TsPaths } from '../../analysis/ts-paths';
import { DJANGO_TESTS, type Family, FAMILIES, FAMILY_OF_LANGUAGE, baseName, dirName, familyOfPath, isTestSource, isToolingFile } from '../../analysis/test-conventions';

const DEFAULT_MIN_LINES = 15;

/** Folders whose code is not application logic (or not ours): migrations, generated code, scripts, mocks. */
const SKIPPED_DIRS = /(^|\/)(migrations?|migrate|alembic|generated|__generated__|gen|examples?|samples?|demos?|scripts?|tools?|docs?|benchmarks?|bench|e2e|seeds?|seeders|stubs?|mocks?|__mocks__|fixtures?|vendor|third_party|static|public|assets|cmd)\//;

/** Files per family that are not worth a test file of their own (entry points, barrels, wiring, settings). */
const SKIPPED_FILES: Readonly<Record<Family, RegExp>> = {
  js: /^(index|main|server|cli|setup(Tests)?|polyfills?)\.[cm]?[jt]sx?$|\.d\.[cm]?ts$|\.(stories|story|config|schema|types?|interfaces?|constants?|enums?|routes?|module)\.[cm]?[jt]sx?$/,
  python: /^(__init__|__main__|setup|conftest|manage|wsgi|asgi|settings|config|urls|admin|apps|noxfile|fabfile|tasks|version|_version|constants)\.py$/,
  java: /^(package-info|module-info)\.java$|(Application|Config|Configuration|Properties|Constants)\.java$/,
  go: /^(main|doc|wire_gen)\.go$|\.pb\.go$|\.pb\.gw\.go$|_gen\.go$|\.gen\.go$|^zz_generated|^mock_|_mock\.go$|_string\.go$/,
  ruby: /^(application|routes|schema|seeds|environment|boot|puma|spring)\.rb$|\.rake$/,
  php: /^(index|bootstrap|routes|web|api|console|server)\.php$|Kernel\.php$|ServiceProvider\.php$|Handler\.php$/,
};

/** Where each family keeps the code its test conventions apply to. */
const SOURCE_ROOTS: Readonly<Partial<Record<Family, RegExp>>> = {
  ruby: /(^|\/)(app|lib)\/(?!views\/|assets\/|javascript\/|tasks\/)/,
  php: /(^|\/)(src|app|lib)\//,
};

/** Test-name markers to strip, per family, to get back the name of the module under test. */
const TEST_SUFFIX: Readonly<Record<Family, RegExp>> = {
  js: /([._-](test|spec|e2e-spec|e2e|int|integration|unit|it))+$/i,
  python: /_(test|tests)$/i,
  java: /(Test|Tests|IT|TestCase|IntegrationTest|Spec)$/,
  go: /_(test|internal|integration|unit|e2e|bench|example)$/,
  ruby: /_(spec|test)$/,
  php: /(Test|Spec|Cest)$/,
};
const TEST_PREFIX: Readonly<Partial<Record<Family, RegExp>>> = { python: /^tests?_/i, java: /^Test(?=[A-Z])/ };

function stripExtension(name: string): string {
  return name.replace(/\.(py|go|rb|php|java|kt|kts|groovy|scala|[cm]?[jt]sx?)$/, '');
}

/** Compare names without case or separators: `UserService`, `user_service`, `user-service`, `user.service`. */
function normalise(name: string): string {
  return name.toLowerCase().replace(/[-_.]/g, '');
}

/** The module names a test file can stand for. */
function testKeys(family: Family, file: string): string[] {
  let name = stripExtension(baseName(file));
  const prefix = TEST_PREFIX[family];
  if (prefix) name = name.replace(prefix, '');
  name = name.replace(TEST_SUFFIX[family], '');
  const keys = [normalise(name)];
  if (family === 'go') keys[0] = `${dirName(file)}/${keys[0]}`; // Go tests live in the package's own folder
  return keys;
}

/** The keys a module would be tested under (its stem, and for `user.service.ts` also `user`). */
function moduleKeys(family: Family, file: string): string[] {
  const stem = stripExtension(baseName(file));
  if (family === 'go') return [`${dirName(file)}/${normalise(stem)}`];
  const keys = [normalise(stem)];
  if (family === 'js' && stem.includes('.')) keys.push(normalise(stem.slice(0, stem.indexOf('.'))));
  // Request specs and controller tests are often named after the resource (`orders_spec.rb` for `orders_controller.rb`).
  const resource = stem.replace(/[-_.]?controller$/i, '');
  if (resource && resource !== stem) keys.push(normalise(resource));
  return keys;
}

/** `a/b/../c/./d` → `a/c/d`; undefined when it climbs above the root. */
function normalisePath(path: string): string | undefined {
  const out: string[] = [];
  for (const part of path.split('/')) {
    if (part === '' || part === '.') continue;
    if (part === '..') { if (!out.length) return undefined; out.pop(); } else out.push(part);
  }
  return out.join('/');
}

/** What the test files import, resolved as far as the file list allows. */
interface Imported { paths: Set<string>; suffixes: string[]; classNames: Set<string> }

/** Files that re-export a package's modules: what a test imports when it imports the package. */
const BARREL: Readonly<Partial<Record<Family, RegExp>>> = { js: /^index\.[cm]?[jt]sx?$/, python: /^__init__\.py$/ };

function importedByTests(ctx: ProjectRuleContext, family: Family, tests: readonly string[]): Imported {
  const imported: Imported = { paths: new Set(), suffixes: [], classNames: new Set() };
  if (family === 'go') return imported; // Go tests sit in the package they test; imports name packages, not files
  const tsPaths = family === 'js' ? new TsPaths(ctx.find(['**/tsconfig.json', '**/jsconfig.json']), f => ctx.readText(f)) : undefined;
  for (const test of tests) addImports(ctx, family, test, imported, tsPaths);
  // A package a test imports (`../src/services`, `from app.billing import x`) stands for the modules its index or
  // `__init__.py` imports in turn; barrels of barrels too.
  const barrel = BARREL[family];
  if (barrel) {
    const pending = ctx.sourceFiles.filter(s => FAMILY_OF_LANGUAGE[s.language] === family && barrel.test(baseName(s.file))).map(s => s.file);
    for (let found = true; found;) {
      found = false;
      for (let i = pending.length - 1; i >= 0; i--) {
        if (!isImported(pending[i]!, imported)) continue;
        addImports(ctx, family, pending[i]!, imported, tsPaths);
        pending.splice(i, 1);
        found = true;
      }
    }
  }
  return imported;
}

/** Add what `file` imports, resolved as far as the file list allows. */
function addImports(ctx: ProjectRuleContext, family: Family, file: string, imported: Imported, tsPaths: TsPaths | undefined): void {
  for (const imp of importsOf(ctx.facts(file))) {
    if (imp.typeOnly) continue;
    const spec = imp.specifier;
    if (family === 'python') {
      const dots = /^\.*/.exec(spec)![0].length;
      const rest = spec.slice(dots).replace(/\./g, '/');
      // `from app.services import orders` may import the module app/services/orders.py.
      const names = imp.names ?? [];
      if (dots) {
        let base = dirName(file);
        for (let i = 1; i < dots; i++) base = dirName(base);
        const path = normalisePath(`${base}/${rest}`);
        if (path) imported.paths.add(path).add(`${path}/__init__`);
        if (path) for (const name of names) imported.paths.add(`${path}/${name}`);
      } else if (rest) imported.suffixes.push(rest, `${rest}/__init__`, ...names.map(name => `${rest}/${name}`));
    } else if (family === 'java') {
      const path = spec.replace(/\.\*$/, '').replace(/\./g, '/');
      imported.suffixes.push(path, dirName(path)); // the class, or the class of a static member
    } else if (family === 'php' && !imp.relative) {
      const name = spec.split('\\').pop();
      if (name) imported.classNames.add(name);
    } else if (imp.relative) {
      const path = normalisePath(`${dirName(file)}/${spec}`);
      if (path) imported.paths.add(stripExtension(path)).add(`${stripExtension(path)}/index`);
    } else if (family === 'js') {
      // tsconfig `paths` / `baseUrl`: `@/services/orders` → src/services/orders(.ts | /index.ts)
      for (const candidate of tsPaths?.candidates(file, spec) ?? []) imported.paths.add(stripExtension(candidate)).add(`${stripExtension(candidate)}/index`);
      // An alias defined where we cannot read it (a bundler's config): `@/services/orders` by its suffix.
      if (/^[@~#]\//.test(spec)) imported.suffixes.push(stripExtension(spec.slice(2)));
    } else if (family === 'ruby') {
      imported.suffixes.push(stripExtension(spec));
    }
  }
}

function isImported(file: string, imported: Imported): boolean {
  const key = stripExtension(file);
  if (imported.paths.has(key)) return true;
  if (imported.classNames.has(stripExtension(baseName(file)))) return true;
  return imported.suffixes.some(s => !!s && (key === s || key.endsWith(`/${s}`)));
}

const CONVENTION: Readonly<Record<Family, (stem: string) => string>> = {
  js: s => `${s}.test.*, ${s}.spec.*, __tests__/${s}.* or test/${s}.*`,
  python: s => `test_${s}.py or ${s}_test.py`,
  java: s => `${s}Test, ${s}Tests or ${s}IT under src/test`,
  go: s => `${s}_test.go in the same package`,
  ruby: s => `${s}_spec.rb or ${s}_test.rb`,
  php: s => `${s}Test.php under tests/`,
};

function candidates(ctx: ProjectRuleContext, family: Family): string[] {
  const root = SOURCE_ROOTS[family];
  return ctx.sourceFiles
    .filter(s => FAMILY_OF_LANGUAGE[s.language] === family)
    .map(s => s.file)
    .filter(f => !ctx.isTestFile(f) && !isToolingFile(f) && !SKIPPED_DIRS.test(f) && !SKIPPED_FILES[family].test(baseName(f))
      && (!root || root.test(f)) && !/(^|\/)(Gemfile|Rakefile)$|\.gemspec$/.test(f));
}

export const untestedModule: Rule = {
  id: 'testing/untested-module',
  kind: 'project',
  meta: {
    title: 'Module without a test file',
    area: 'testing',
    defaultSeverity: 'info',
    languages: [],
    description: 'A source module with logic has no test file named after it by the ecosystem\'s convention, in a project that does have tests.',
    references: ['Software Engineering at Google, ch. 12 "Unit Testing"'],
    messages: {
      untested: "No test covers '{{module}}': there is no {{convention}}, and no test imports it. Add tests for its logic.",
    },
  },
  checkProject(ctx) {
    const minLines = typeof ctx.options.minLines === 'number' && ctx.options.minLines >= 0 ? ctx.options.minLines : DEFAULT_MIN_LINES;
    for (const family of FAMILIES) {
      // Only projects that already test this family: test-runner-missing speaks for the others.
      const tests = ctx.files.filter(f => familyOfPath(f) === family && isTestSource(f));
      if (!tests.length) continue;
      const keys = new Set(tests.flatMap(t => testKeys(family, t)));
      // A Django app's `tests.py` covers the modules of its app folder.
      const appFolders = new Set(family === 'python' ? tests.filter(t => DJANGO_TESTS.test(t)).map(dirName) : []);
      let imported: Imported | undefined;
      for (const file of candidates(ctx, family)) {
        const shape = moduleShapeOf(ctx.facts(file));
        if (!shape || shape.generated || shape.entry || shape.logicFunctions === 0 || shape.codeLines < minLines) continue;
        if (moduleKeys(family, file).some(k => keys.has(k)) || appFolders.has(dirName(file))) continue;
        // A test that imports the module tests it, whatever its name.
        if (isImported(file, (imported ??= importedByTests(ctx, family, tests)))) continue;
        const stem = stripExtension(baseName(file));
        ctx.report({ file, line: 0, messageId: 'untested', data: { module: file, convention: CONVENTION[family](stem) } });
      }
    }
  },
};
