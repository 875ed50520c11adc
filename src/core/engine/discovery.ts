import * as fs from 'node:fs';
import * as path from 'node:path';
import ignore, { type Ignore } from 'ignore';

/** Folders that never hold the project's own source. */
export const DEFAULT_IGNORES = [
  'node_modules/', 'vendor/', 'dist/', 'build/', '.git/', '.hg/', '.svn/', 'target/', 'venv/', '.venv/', 'env/',
  '__pycache__/', '.tox/', '.mypy_cache/', '.pytest_cache/', 'coverage/', '.next/', '.nuxt/', '.vscode-test/',
  '.gradle/', 'bin/', 'obj/',
];

export interface DiscoveryOptions {
  /** Extra gitignore-style globs (the team config's `ignore`, the `exclude` setting). */
  ignore?: readonly string[];
  signal?: AbortSignal;
}

export interface DiscoveredFiles {
  /** Paths relative to the root, forward slashes, sorted. */
  files: string[];
  /** Folders that could not be read, with the reason. */
  unreadable: { file: string; reason: string }[];
}

/**
 * List the files under `root`, honouring `.gitignore` files (at any depth), the defaults and extra globs.
 * Symbolic links to folders are not followed, so a link loop cannot trap the walk.
 */
export async function discoverFiles(root: string, options: DiscoveryOptions = {}): Promise<DiscoveredFiles> {
  const base = ignore().add(DEFAULT_IGNORES).add([...(options.ignore ?? [])]);
  const files: string[] = [];
  const unreadable: { file: string; reason: string }[] = [];
  // Each entry: a folder and the gitignore rules in force there (with the folder prefix they are relative to).
  const stack: { rel: string; rules: { prefix: string; ig: Ignore }[] }[] = [{ rel: '', rules: [{ prefix: '', ig: base }] }];
  while (stack.length) {
    if (options.signal?.aborted) break;
    const { rel, rules } = stack.pop()!;
    const abs = path.join(root, rel);
    let entries: fs.Dirent[];
    try {
      entries = await fs.promises.readdir(abs, { withFileTypes: true });
    } catch (error) {
      unreadable.push({ file: rel || '.', reason: `folder could not be read (${(error as NodeJS.ErrnoException).code ?? 'error'})` });
      continue;
    }
    let here = rules;
    if (entries.some(e => e.name === '.gitignore' && e.isFile())) {
      try {
        const text = await fs.promises.readFile(path.join(abs, '.gitignore'), 'utf8');
        here = [...rules, { prefix: rel ? rel + '/' : '', ig: ignore().add(text) }];
      } catch { /* an unreadable .gitignore ignores nothing */ }
    }
    const ignored = (childRel: string, isDir: boolean) => here.some(({ prefix, ig }) => {
      if (prefix && !childRel.startsWith(prefix)) return false;
      const local = childRel.slice(prefix.length) + (isDir ? '/' : '');
      return local !== '' && ig.ignores(local);
    });
    for (const entry of entries) {
      const childRel = rel ? `${rel}/${entry.name}` : entry.name;
      if (entry.isDirectory()) {
        if (!ignored(childRel, true)) stack.push({ rel: childRel, rules: here });
      } else if (entry.isFile() || entry.isSymbolicLink()) {
        if (entry.isSymbolicLink()) {
          const stat = await fs.promises.stat(path.join(abs, entry.name)).catch(() => undefined);
          if (!stat?.isFile()) continue; // dangling, or a link to a folder (not followed)
        }
        if (!ignored(childRel, false)) files.push(childRel);
      }
    }
  }
  files.sort();
  return { files, unreadable };
}

/**
 * Whether one path would be left out of a scan (defaults, `.gitignore` files on the way down, extra globs):
 * the check an editor needs when a single file is edited or created, without listing the whole folder.
 */
export async function isIgnoredPath(root: string, rel: string, extra: readonly string[] = []): Promise<boolean> {
  const rules: { prefix: string; ig: Ignore }[] = [{ prefix: '', ig: ignore().add(DEFAULT_IGNORES).add([...extra]) }];
  const parts = rel.split('/');
  for (let i = 0; i < parts.length; i++) {
    const dirRel = parts.slice(0, i).join('/');
    try {
      const text = await fs.promises.readFile(path.join(root, dirRel, '.gitignore'), 'utf8');
      rules.push({ prefix: dirRel ? `${dirRel}/` : '', ig: ignore().add(text) });
    } catch { /* no .gitignore here */ }
    const childRel = parts.slice(0, i + 1).join('/');
    const isDir = i < parts.length - 1;
    const ignored = rules.some(({ prefix, ig }) => {
      if (prefix && !childRel.startsWith(prefix)) return false;
      const local = childRel.slice(prefix.length) + (isDir ? '/' : '');
      return local !== '' && ig.ignores(local);
    });
    if (ignored) return true;
  }
  return false;
}
