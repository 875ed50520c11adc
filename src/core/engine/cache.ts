import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { FileFacts, Finding, LanguageId } from '../model';

/** Set at bundle time to a hash of the engine's sources, so a new build never trusts an old cache. */
declare const BP_BUILD_ID: string | undefined;
export const ENGINE_BUILD_ID = typeof BP_BUILD_ID === 'string' ? BP_BUILD_ID : 'source';

/** What the cache keeps per file: enough to skip reading (size + mtime) or parsing (content hash). */
export interface CachedFile {
  size: number;
  mtimeMs: number;
  hash: string;
  outcome: { findings: Finding[]; facts: FileFacts; language: LanguageId } | { skipped: string } | { notSource: true };
}

interface CacheFile { version: 1; build: string; settings: string; files: Record<string, CachedFile>; project?: { key: string; findings: Finding[] } }

export function hashBytes(bytes: Uint8Array | string): string {
  return createHash('sha1').update(bytes).digest('hex');
}

/**
 * A content-hash cache of per-file results, persisted as one JSON file per scanned root in `cacheDir`.
 * Entries are valid only for the same engine build and the same analysis settings (severities, options, limits).
 */
export class AnalysisCache {
  private files: Record<string, CachedFile> = {};
  private project?: { key: string; findings: Finding[] };
  private dirty = false;
  readonly file: string;

  constructor(readonly cacheDir: string, readonly root: string, private readonly settingsKey: string) {
    this.file = path.join(cacheDir, `${hashBytes(path.resolve(root)).slice(0, 16)}.json`);
  }

  load(): this {
    try {
      const data = JSON.parse(fs.readFileSync(this.file, 'utf8')) as CacheFile;
      if (data.version === 1 && data.build === ENGINE_BUILD_ID && data.settings === this.settingsKey) { this.files = data.files; this.project = data.project; }
    } catch {
      // No cache yet, or an unreadable one: start empty (a cache is never worth failing a scan for).
    }
    return this;
  }

  has(rel: string): boolean {
    return rel in this.files;
  }

  /** The entry when size and mtime are unchanged (the file need not even be read). */
  byStat(rel: string, stat: { size: number; mtimeMs: number }): CachedFile | undefined {
    const entry = this.files[rel];
    return entry && entry.size === stat.size && entry.mtimeMs === stat.mtimeMs ? entry : undefined;
  }

  /** The entry when the content is unchanged (touched but not edited). */
  byHash(rel: string, hash: string): CachedFile | undefined {
    const entry = this.files[rel];
    return entry?.hash === hash ? entry : undefined;
  }

  set(rel: string, entry: CachedFile): void {
    this.files[rel] = entry;
    this.dirty = true;
  }

  /** Project-rule findings, valid while every file of the folder (name, size, mtime) is unchanged. */
  projectFindings(key: string): Finding[] | undefined {
    return this.project?.key === key ? this.project.findings : undefined;
  }

  setProjectFindings(key: string, findings: Finding[]): void {
    this.project = { key, findings };
    this.dirty = true;
  }

  /** Forget files that no longer exist. */
  retain(present: ReadonlySet<string>): void {
    for (const rel of Object.keys(this.files)) if (!present.has(rel)) { delete this.files[rel]; this.dirty = true; }
  }

  /** Write atomically (temp file + rename) so a crash never leaves a half-written cache. */
  save(): void {
    if (!this.dirty) return;
    try {
      fs.mkdirSync(this.cacheDir, { recursive: true });
      const tmp = `${this.file}.${process.pid}.tmp`;
      fs.writeFileSync(tmp, JSON.stringify({ version: 1, build: ENGINE_BUILD_ID, settings: this.settingsKey, files: this.files, project: this.project } satisfies CacheFile));
      fs.renameSync(tmp, this.file);
      this.dirty = false;
    } catch {
      // A read-only cache folder only costs speed.
    }
  }
}
