import * as path from 'node:path';

/**
 * Path aliases of JavaScript/TypeScript projects: `compilerOptions.baseUrl` and `compilerOptions.paths` of the
 * workspace's `tsconfig.json` / `jsconfig.json` files (with relative `extends` followed), so that
 * `import { db } from '@/lib/db'` or `'@app/orders'` resolves to the project's own file as the compiler does.
 * A file uses the nearest config above it. Nothing outside the workspace is read (`extends` of a package is skipped).
 */
export class TsPaths {
  private readonly configs: ResolvedConfig[] = [];

  constructor(configFiles: readonly string[], readText: (file: string) => string | undefined) {
    for (const file of configFiles) {
      const config = resolveConfig(file, readText, 0, new Set());
      if (config && (config.baseUrl !== undefined || config.paths)) this.configs.push({ dir: dirOf(file), ...config });
    }
    // Nearest first: the deepest folder that holds the importing file wins.
    this.configs.sort((a, b) => b.dir.length - a.dir.length);
  }

  get empty(): boolean { return this.configs.length === 0; }

  /** Paths (relative to the root, without extension handling) a bare specifier may name, in the compiler's order. */
  candidates(from: string, specifier: string): string[] {
    const config = this.configs.find(c => c.dir === '' || from.startsWith(`${c.dir}/`));
    if (!config) return [];
    const out: string[] = [];
    let best: { prefix: string; suffix: string; targets: string[] } | undefined;
    for (const pattern of config.paths ?? []) {
      const matches = pattern.wildcard
        ? specifier.length >= pattern.prefix.length + pattern.suffix.length && specifier.startsWith(pattern.prefix) && specifier.endsWith(pattern.suffix)
        : specifier === pattern.prefix;
      // The longest matching prefix wins; an exact pattern beats any wildcard.
      if (matches && (!best || !pattern.wildcard || pattern.prefix.length > best.prefix.length)) {
        best = pattern;
        if (!pattern.wildcard) break;
      }
    }
    if (best) {
      const star = specifier.slice(best.prefix.length, specifier.length - best.suffix.length);
      for (const target of best.targets) out.push(normalise(target.replace('*', star)));
    } else if (config.baseUrl !== undefined) {
      out.push(normalise(joinPath(config.baseUrl, specifier)));
    }
    return out.filter(p => p !== '' && !p.startsWith('..'));
  }
}

interface PathPattern { prefix: string; suffix: string; wildcard: boolean; targets: string[] }
interface Config { baseUrl?: string; paths?: PathPattern[] }
interface ResolvedConfig extends Config { dir: string }

/** A config's own options over those it extends; `paths` targets are resolved where they are defined, as tsc does. */
function resolveConfig(file: string, readText: (file: string) => string | undefined, depth: number, seen: Set<string>): Config | undefined {
  if (depth > 5 || seen.has(file)) return undefined;
  seen.add(file);
  const json = parseJsonc(readText(file));
  if (!json || typeof json !== 'object') return undefined;
  const dir = dirOf(file);
  const extendsList = Array.isArray(json.extends) ? json.extends : [json.extends];
  let base: Config = {};
  for (const parent of extendsList) {
    if (typeof parent !== 'string' || !parent.startsWith('.')) continue; // a package's config lives outside the workspace
    const parentFile = normalise(joinPath(dir, parent.endsWith('.json') ? parent : `${parent}.json`));
    base = { ...base, ...resolveConfig(parentFile, readText, depth + 1, seen) };
  }
  const options = json.compilerOptions as Record<string, unknown> | undefined;
  const baseUrl = typeof options?.baseUrl === 'string' ? normalise(joinPath(dir, options.baseUrl)) : base.baseUrl;
  const rawPaths = options?.paths;
  let paths = base.paths;
  if (rawPaths && typeof rawPaths === 'object') {
    const from = baseUrl ?? dir; // without baseUrl, targets are relative to the config that declares them
    paths = Object.entries(rawPaths as Record<string, unknown>).flatMap(([key, targets]) => {
      if (!Array.isArray(targets)) return [];
      const star = key.indexOf('*');
      return [{
        prefix: star < 0 ? key : key.slice(0, star), suffix: star < 0 ? '' : key.slice(star + 1), wildcard: star >= 0,
        targets: targets.filter((t): t is string => typeof t === 'string').map(t => joinPath(from, t)),
      }];
    });
  }
  return { ...(baseUrl !== undefined ? { baseUrl } : {}), ...(paths ? { paths } : {}) };
}

/** tsconfig files are JSON with comments and trailing commas; anything unreadable counts as no config. */
export function parseJsonc(text: string | undefined): Record<string, unknown> | undefined {
  if (text === undefined) return undefined;
  const withoutComments = scanJson(text, (c, next, i) => {
    if (c === '/' && next === '/') { const end = text.indexOf('\n', i); return { skip: (end < 0 ? text.length : end) - i }; }
    if (c === '/' && next === '*') { const end = text.indexOf('*/', i + 2); return { skip: (end < 0 ? text.length : end + 2) - i, insert: ' ' }; }
    return undefined;
  });
  const withoutTrailingCommas = scanJson(withoutComments, (c, _next, i) => (c === ',' && /^\s*[}\]]/.test(withoutComments.slice(i + 1, i + 200)) ? { skip: 1 } : undefined));
  try {
    const value: unknown = JSON.parse(withoutTrailingCommas);
    return value && typeof value === 'object' && !Array.isArray(value) ? value as Record<string, unknown> : undefined;
  } catch {
    return undefined;
  }
}

/** Copy JSON text, strings untouched, letting `edit` drop (and optionally replace) what starts outside strings. */
function scanJson(text: string, edit: (c: string, next: string | undefined, i: number) => { skip: number; insert?: string } | undefined): string {
  let out = '';
  for (let i = 0; i < text.length;) {
    const c = text[i]!;
    if (c === '"') {
      let j = i + 1;
      while (j < text.length && text[j] !== '"') j += text[j] === '\\' ? 2 : 1;
      out += text.slice(i, j + 1);
      i = j + 1;
      continue;
    }
    const change = edit(c, text[i + 1], i);
    if (change) { out += change.insert ?? ''; i += change.skip; continue; }
    out += c;
    i++;
  }
  return out;
}

function dirOf(file: string): string {
  const dir = path.posix.dirname(file);
  return dir === '.' ? '' : dir;
}

function joinPath(dir: string, rel: string): string {
  return dir ? `${dir}/${rel}` : rel;
}

function normalise(p: string): string {
  const n = path.posix.normalize(p).replace(/^\.\//, '').replace(/\/$/, '');
  return n === '.' ? '' : n;
}
