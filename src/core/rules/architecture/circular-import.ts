import * as path from 'node:path';
import type { LanguageId, Rule } from '../../model';
import type { ProjectRuleContext } from '../../engine/project-context';
import { type ImportFact, importsOf } from '../../analysis/facts';
import { TsPaths } from '../../analysis/ts-paths';

/**
 * Module graph of the project's own files, built from the `imports` facts:
 * - JS/TS: relative specifiers resolved to files (extensions, `index.*`, `.js` written for a `.ts` file), and
 *   aliases of tsconfig/jsconfig `paths` and `baseUrl` (`@/lib/db`);
 *   `import type` and all-`type` specifiers, and lazy loads (`import()`, `require` inside a function) are not edges.
 * - Python: relative imports and absolute imports of the project's own packages (from the root, `src/`, and the
 *   folders of `pyproject.toml` / `setup.py` / `manage.py`); imports inside functions and `if TYPE_CHECKING:` are not edges.
 * - Ruby `require_relative` (and `require` of a file under `lib/`), PHP relative `require`/`include`.
 * - Java: packages (folders) — class imports between packages; a cycle of packages is reported.
 * - Go: not analysed — the compiler already rejects import cycles between packages.
 */

type Node = string;
interface Edge { to: Node; file: string; line: number }

const JS_EXTENSIONS = ['.ts', '.tsx', '.mts', '.cts', '.js', '.jsx', '.mjs', '.cjs'];
const JS_LANGS = new Set<LanguageId>(['javascript', 'typescript', 'tsx']);

function norm(p: string): string {
  return path.posix.normalize(p).replace(/^\.\//, '');
}

class Resolver {
  private readonly files: Set<string>;
  private readonly pythonRoots: string[];
  private readonly javaBySuffix = new Map<string, string>();
  /** Dotted folder suffixes → the folder (`com.acme.web` → `src/main/java/com/acme/web`), for `import com.acme.web.*`. */
  private readonly javaPackageFolders = new Map<string, string>();
  private readonly tsPaths: TsPaths;

  constructor(ctx: ProjectRuleContext, sources: readonly { file: string; language: LanguageId }[]) {
    this.files = new Set(ctx.files);
    const roots = new Set(['', 'src/']);
    for (const f of ctx.find(['**/pyproject.toml', '**/setup.py', '**/setup.cfg', '**/manage.py'])) {
      const dir = path.posix.dirname(f);
      const prefix = dir === '.' ? '' : `${dir}/`;
      roots.add(prefix);
      roots.add(`${prefix}src/`);
    }
    this.pythonRoots = [...roots];
    this.tsPaths = new TsPaths(ctx.find(['**/tsconfig.json', '**/jsconfig.json']), f => ctx.readText(f));
    for (const { file, language } of sources) {
      if (language !== 'java') continue;
      // `src/main/java/com/acme/web/UserController.java` → every dotted suffix: `UserController`, `web.UserController`...
      const parts = file.replace(/\.java$/, '').split('/');
      for (let i = parts.length - 1; i >= 0; i--) {
        const key = parts.slice(i).join('.');
        if (!this.javaBySuffix.has(key)) this.javaBySuffix.set(key, file);
        else if (this.javaBySuffix.get(key) !== file) this.javaBySuffix.set(key, ''); // ambiguous
      }
      for (let i = parts.length - 2; i >= 0; i--) {
        const key = parts.slice(i, parts.length - 1).join('.');
        if (!this.javaPackageFolders.has(key)) this.javaPackageFolders.set(key, path.posix.dirname(file));
      }
    }
  }

  private first(candidates: readonly string[]): string | undefined {
    return candidates.find(c => this.files.has(c));
  }

  js(from: string, specifier: string, relative: boolean): string | undefined {
    if (!relative) { // a path alias, or a package
      for (const candidate of this.tsPaths.candidates(from, specifier)) {
        const hit = this.jsFile(candidate);
        if (hit) return hit;
      }
      return undefined;
    }
    return this.jsFile(norm(path.posix.join(path.posix.dirname(from), specifier)));
  }

  /** A module path as written, resolved the way Node and TypeScript look for files. */
  private jsFile(base: string): string | undefined {
    const stem = base.replace(/\.(m|c)?js$/, '');
    return this.first([
      base,
      ...JS_EXTENSIONS.map(e => base + e),
      ...(stem !== base ? ['.ts', '.tsx', '.mts', '.cts'].map(e => stem + e) : []),
      ...JS_EXTENSIONS.map(e => `${base}/index${e}`),
    ]);
  }

  python(from: string, specifier: string): string | undefined {
    const m = /^(\.*)(.*)$/.exec(specifier)!;
    const dots = m[1]!.length;
    const rest = m[2]!.replace(/\./g, '/');
    if (dots > 0) {
      let dir = path.posix.dirname(from);
      for (let i = 1; i < dots; i++) dir = path.posix.dirname(dir);
      const base = norm(dir === '.' ? rest : `${dir}/${rest}`);
      if (!rest) return this.first([norm(`${dir}/__init__.py`)]);
      // `from . import models` is read as `.models`: a module, or else a name defined in the package's __init__.py.
      return this.first([`${base}.py`, `${base}/__init__.py`]) ?? (rest.includes('/') ? undefined : this.first([norm(`${dir}/__init__.py`)]));
    }
    for (const root of this.pythonRoots) {
      const hit = this.first([`${root}${rest}.py`, `${root}${rest}/__init__.py`]);
      if (hit) return hit;
    }
    return undefined;
  }

  ruby(from: string, specifier: string, relative: boolean): string | undefined {
    const withExt = specifier.endsWith('.rb') ? specifier : `${specifier}.rb`;
    if (relative) return this.first([norm(path.posix.join(path.posix.dirname(from), withExt))]);
    return this.first([`lib/${withExt}`]);
  }

  php(from: string, specifier: string): string | undefined {
    return this.first([norm(path.posix.join(path.posix.dirname(from), specifier))]);
  }

  /** The package folder of an imported class (`com.acme.web.UserDto`, `com.acme.web`, `com.acme.Util.method`). */
  javaPackage(specifier: string): string | undefined {
    const parts = specifier.split('.');
    for (let i = parts.length; i >= 2; i--) {
      const file = this.javaBySuffix.get(parts.slice(0, i).join('.'));
      if (file) return path.posix.dirname(file);
    }
    // `import com.acme.web.*;` — the folder of the classes in that package
    return this.javaPackageFolders.get(specifier);
  }
}

function buildGraph(ctx: ProjectRuleContext): { edges: Map<Node, Edge[]>; java: Set<Node> } {
  const sources = ctx.sourceFiles.filter(s => !ctx.isTestFile(s.file) && s.language !== 'go');
  const resolver = new Resolver(ctx, sources);
  const edges = new Map<Node, Edge[]>();
  const javaPackages = new Set<Node>();
  const add = (from: Node, edge: Edge) => {
    if (from === edge.to) return;
    let list = edges.get(from);
    if (!list) edges.set(from, (list = []));
    list.push(edge);
  };
  for (const { file, language } of sources) {
    for (const imp of importsOf(ctx.facts(file)) as ImportFact[]) {
      if (imp.typeOnly || imp.lazy) continue;
      let target: string | undefined;
      if (JS_LANGS.has(language)) target = resolver.js(file, imp.specifier, imp.relative);
      else if (language === 'python') target = resolver.python(file, imp.specifier);
      else if (language === 'ruby') target = resolver.ruby(file, imp.specifier, imp.relative);
      else if (language === 'php') target = imp.relative ? resolver.php(file, imp.specifier) : undefined;
      else if (language === 'java') {
        const pkg = resolver.javaPackage(imp.specifier);
        const own = path.posix.dirname(file);
        if (pkg && pkg !== own) { javaPackages.add(own); javaPackages.add(pkg); add(`java:${own}`, { to: `java:${pkg}`, file, line: imp.line }); }
        continue;
      }
      if (target && !ctx.isTestFile(target)) add(file, { to: target, file, line: imp.line });
    }
  }
  return { edges, java: javaPackages };
}

/** Strongly connected components (iterative Tarjan: deep graphs must not overflow the stack). */
function components(edges: ReadonlyMap<Node, Edge[]>): Node[][] {
  const index = new Map<Node, number>();
  const low = new Map<Node, number>();
  const onStack = new Set<Node>();
  const stack: Node[] = [];
  const out: Node[][] = [];
  let counter = 0;
  const nodes = [...new Set([...edges.keys(), ...[...edges.values()].flatMap(l => l.map(e => e.to))])].sort();
  for (const start of nodes) {
    if (index.has(start)) continue;
    const work: { node: Node; next: number }[] = [{ node: start, next: 0 }];
    index.set(start, counter); low.set(start, counter); counter++;
    stack.push(start); onStack.add(start);
    while (work.length) {
      const frame = work[work.length - 1]!;
      const succ = edges.get(frame.node) ?? [];
      if (frame.next < succ.length) {
        const to = succ[frame.next++]!.to;
        if (!index.has(to)) {
          index.set(to, counter); low.set(to, counter); counter++;
          stack.push(to); onStack.add(to);
          work.push({ node: to, next: 0 });
        } else if (onStack.has(to)) low.set(frame.node, Math.min(low.get(frame.node)!, index.get(to)!));
        continue;
      }
      work.pop();
      const parent = work[work.length - 1];
      if (parent) low.set(parent.node, Math.min(low.get(parent.node)!, low.get(frame.node)!));
      if (low.get(frame.node) === index.get(frame.node)) {
        const scc: Node[] = [];
        let n: Node;
        do { n = stack.pop()!; onStack.delete(n); scc.push(n); } while (n !== frame.node);
        if (scc.length > 1) out.push(scc.sort());
      }
    }
  }
  return out;
}

/** A shortest cycle through `start` inside its component (BFS), as the list of edges taken. */
function shortestCycle(start: Node, members: ReadonlySet<Node>, edges: ReadonlyMap<Node, Edge[]>): Edge[] | undefined {
  const previous = new Map<Node, Edge & { from: Node }>();
  const queue: Node[] = [start];
  for (let i = 0; i < queue.length; i++) {
    const node = queue[i]!;
    const out = [...(edges.get(node) ?? [])].sort((a, b) => a.to.localeCompare(b.to) || a.line - b.line);
    for (const edge of out) {
      if (!members.has(edge.to)) continue;
      if (edge.to === start) {
        const path: Edge[] = [edge];
        for (let n = node; n !== start;) { const p = previous.get(n)!; path.unshift(p); n = p.from; }
        return path;
      }
      if (previous.has(edge.to)) continue;
      previous.set(edge.to, { ...edge, from: node });
      queue.push(edge.to);
    }
  }
  return undefined;
}

const label = (node: Node) => (node.startsWith('java:') ? node.slice(5).replace(/^.*?\/java\//, '').replace(/\//g, '.') : node);

export const circularImport: Rule = {
  id: 'architecture/circular-import',
  kind: 'project',
  meta: {
    title: 'Circular import between modules',
    area: 'architecture',
    defaultSeverity: 'warning',
    languages: [],
    description: 'Modules of the project import each other in a cycle: they can only be understood, tested and changed together, and in JavaScript, Python, Ruby and PHP a load-time cycle hands half-initialised modules to each other.',
    references: ['Acyclic Dependencies Principle (R. C. Martin)', 'ArchUnit slices().should().beFreeOfCycles()', 'ESLint import/no-cycle'],
    messages: {
      cycle: 'Circular import: {{cycle}}.{{more}} Break it by moving the shared code into a module both can import, by depending on an interface, or by injecting the dependency.',
      packageCycle: 'Circular dependency between packages: {{cycle}}.{{more}} Move the shared types into a package both depend on, or invert one dependency behind an interface.',
    },
  },
  checkProject(ctx) {
    const { edges } = buildGraph(ctx);
    for (const scc of components(edges)) {
      const members = new Set(scc);
      const cycle = shortestCycle(scc[0]!, members, edges);
      if (!cycle) continue;
      const nodes = [scc[0]!, ...cycle.map(e => e.to)];
      const java = scc[0]!.startsWith('java:');
      // Report in the lexicographically smallest file that takes part in the cycle, on its import of the next module.
      let edge = cycle[0]!;
      if (java) {
        // A package edge is made of class imports from several files: take the smallest file over all of them.
        const all = nodes.slice(0, -1).flatMap((from, i) => (edges.get(from) ?? []).filter(e => e.to === nodes[i + 1]));
        edge = all.sort((a, b) => a.file.localeCompare(b.file) || a.line - b.line)[0]!;
      }
      const line = edge.line;
      const more = scc.length > cycle.length ? ` ${scc.length} ${java ? 'packages' : 'modules'} are tangled together.` : '';
      ctx.report({ file: edge.file, line, messageId: java ? 'packageCycle' : 'cycle', data: { cycle: nodes.map(label).join(' → '), more } });
    }
  },
};
