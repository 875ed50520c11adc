import * as fs from 'node:fs';
import * as path from 'node:path';
import picomatch from 'picomatch';
import type { FileFacts, LanguageId, Range, ReportDescriptor } from '../model';
import { isTestPath } from '../analysis/syntax';
import { type Dependency, type Manifest, MANIFEST_PATTERN, parseManifest } from '../analysis/manifests';

/** Evidence a project rule can look at: the file list, manifests, file texts, and facts from code files. */
export interface ProjectRuleContext {
  /** Absolute path of the scanned root (read only; nothing in it is executed). */
  readonly root: string;
  /** Every discovered file (relative, forward slashes, sorted), source or not. */
  readonly files: readonly string[];
  /** The analysed source files with their language. */
  readonly sourceFiles: readonly { file: string; language: LanguageId }[];
  readonly manifests: readonly Manifest[];
  readonly options: Readonly<Record<string, unknown>>;
  /** Files matching a glob (picomatch, `dot: true`); `nocase` for README-like names. */
  find(glob: string | readonly string[], options?: { nocase?: boolean }): string[];
  exists(glob: string | readonly string[], options?: { nocase?: boolean }): boolean;
  /** A text file's content (up to 1 MB, UTF-8), or undefined when missing, binary or too large. Cached. */
  readText(file: string): string | undefined;
  /** The first dependency whose name matches, across all manifests. */
  dependency(names: string | RegExp | readonly (string | RegExp)[]): (Dependency & { manifest: Manifest }) | undefined;
  facts(file: string): FileFacts | undefined;
  readonly allFacts: ReadonlyMap<string, FileFacts>;
  isTestFile(file: string): boolean;
  /** The file that best represents the project when a finding has no better home: a root manifest, else README. */
  primaryFile(): string | undefined;
  report(descriptor: Omit<ReportDescriptor, 'node'> & { file: string; line?: number }): void;
}

export interface ProjectReport { file: string; range: Range; messageId: string; data?: Record<string, string | number>; related?: ReportDescriptor['related']; fix?: ReportDescriptor['fix'] }

export function createProjectContext(
  root: string, files: readonly string[], sourceFiles: readonly { file: string; language: LanguageId }[],
  facts: ReadonlyMap<string, FileFacts>, options: Readonly<Record<string, unknown>>, sink: (r: ProjectReport) => void,
  readCache = new Map<string, string | undefined>(),
): ProjectRuleContext {
  const readText = (file: string): string | undefined => {
    if (readCache.has(file)) return readCache.get(file);
    let text: string | undefined;
    try {
      const abs = path.join(root, file);
      const stat = fs.statSync(abs);
      if (stat.isFile() && stat.size <= 1024 * 1024) {
        const bytes = fs.readFileSync(abs);
        if (!bytes.subarray(0, 8192).includes(0)) text = bytes.toString('utf8');
      }
    } catch { /* missing or unreadable: no evidence */ }
    readCache.set(file, text);
    return text;
  };
  let manifests: Manifest[] | undefined;
  const getManifests = () => manifests ??= files.filter(f => MANIFEST_PATTERN.test(f) && !isTestPath(f))
    .map(f => { const text = readText(f); return text === undefined ? undefined : parseManifest(f, text); })
    .filter((m): m is Manifest => !!m);
  const matchers = new Map<string, (s: string) => boolean>();
  const find = (glob: string | readonly string[], opts: { nocase?: boolean } = {}) => {
    const key = JSON.stringify([glob, !!opts.nocase]);
    let match = matchers.get(key);
    if (!match) matchers.set(key, (match = picomatch(glob as string | string[], { dot: true, nocase: !!opts.nocase })));
    return files.filter(f => match!(f));
  };
  const ctx: ProjectRuleContext = {
    root, files, sourceFiles, options,
    get manifests() { return getManifests(); },
    find,
    exists: (glob, opts) => find(glob, opts).length > 0,
    readText,
    dependency(names) {
      const list = Array.isArray(names) ? names : [names];
      for (const manifest of getManifests()) {
        for (const dep of manifest.dependencies) {
          if (list.some(n => (typeof n === 'string' ? n === dep.name : n.test(dep.name)))) return { ...dep, manifest };
        }
      }
      return undefined;
    },
    facts: file => facts.get(file),
    allFacts: facts,
    isTestFile: isTestPath,
    primaryFile() {
      const rootManifest = getManifests().map(m => m.file).filter(f => !f.includes('/')).sort()[0];
      return rootManifest ?? find(['README*', 'readme*'])[0] ?? getManifests()[0]?.file ?? sourceFiles[0]?.file;
    },
    report(d) {
      const line = d.line ?? 0;
      sink({ file: d.file, range: d.range ?? { start: { line, column: 0 }, end: { line, column: lineLength(readText(d.file), line) } }, messageId: d.messageId, data: d.data, related: d.related, fix: d.fix });
    },
  };
  return ctx;
}

function lineLength(text: string | undefined, line: number): number {
  if (text === undefined) return 0;
  return text.split(/\r?\n/, line + 1)[line]?.length ?? 0;
}
