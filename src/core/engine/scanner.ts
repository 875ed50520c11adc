import * as fs from 'node:fs';
import * as path from 'node:path';
import type { FileFacts, Finding, LanguageId, ScanResult, SkippedFile } from '../model';
import { isProjectRule } from '../model';
import { languageOf } from '../languages/languages';
import { RULES } from '../rules';
import { analyzeText, type FileOutcome, type TextAnalysisOptions } from './analyze-text';
import { analyzePath } from './analyze-path';
import { AnalysisCache, hashBytes } from './cache';
import { discoverFiles } from './discovery';
import { runProjectRules } from './project';
import { fingerprint, type AnalyzeOptions } from './analyze-file';
import { checkCustomItems } from '../config/custom-items';
import { customRuleId, type EffectiveConfig } from '../config/effective';
import type { AnalyzeReply } from './worker-protocol';
import type { WorkerPool } from './worker-pool';

export { analyzeText, type FileOutcome } from './analyze-text';

export interface ScanOptions extends TextAnalysisOptions {
  ignore?: readonly string[];
  signal?: AbortSignal;
  onProgress?: (done: number, total: number) => void;
  /** Analyse files in these worker threads; without it (or with custom `rules`) files are analysed in this thread. */
  pool?: WorkerPool;
  /** Persist per-file results here, keyed by content hash, so unchanged files are never parsed again. */
  cacheDir?: string;
  /** The folder's team config: ignore globs, per-file rule settings, custom evidence items. */
  config?: EffectiveConfig;
}

/** Everything that changes what a file's analysis produces, for cache validity. */
function settingsKey(options: ScanOptions, files: readonly string[]): string {
  // With overrides, per-file settings differ; hashing each file's options keeps the cache exact.
  const perFile = options.config ? files.map(f => JSON.stringify(options.config!.optionsFor(f))) : [];
  return hashBytes(JSON.stringify([options.severities ?? {}, options.ruleOptions ?? {}, options.maxFileSize ?? 0, [...new Set(perFile)]]));
}

/** Severities and options for one file: the team config's (with overrides) on top of the caller's. */
export function fileOptions(options: ScanOptions, rel: string): AnalyzeOptions & { maxFileSize?: number } {
  const fromConfig = options.config?.optionsFor(rel);
  return {
    severities: { ...(options.severities ?? {}), ...(fromConfig?.severities ?? {}) },
    ruleOptions: { ...(options.ruleOptions ?? {}), ...(fromConfig?.ruleOptions ?? {}) },
    maxFileSize: options.maxFileSize,
  };
}

/** Scan every source file under `root`. Unreadable, binary, huge or minified files are skipped with a reason. */
export async function scanFolder(root: string, options: ScanOptions = {}): Promise<ScanResult> {
  const started = performance.now();
  const { signal } = options;
  const { files, unreadable } = await discoverFiles(root, { ignore: [...(options.ignore ?? []), ...(options.config?.ignore ?? [])], signal });
  const skipped: SkippedFile[] = [...unreadable];
  // Only files with a known language extension, or extension-less files that may have a shebang, are read.
  const candidates = files.filter(rel => languageOf(rel, '#!') || path.extname(rel) === '');
  const cache = options.cacheDir && !options.rules ? new AnalysisCache(options.cacheDir, root, settingsKey(options, candidates)).load() : undefined;
  const pool = options.rules ? undefined : options.pool;
  /** Below this many files, starting worker threads costs more than it saves. */
  const MIN_FILES_FOR_POOL = 16;

  const outcomes = new Map<string, FileOutcome>();
  let done = 0;
  let fromCache = 0;
  const progress = () => options.onProgress?.(++done, candidates.length);
  const toAnalyse: string[] = [];
  for (const rel of candidates) {
    if (signal?.aborted) break;
    if (!cache) { toAnalyse.push(rel); continue; }
    // Synchronous stat: thousands of awaited stats cost more than the blocking (about 5 µs each).
    const stat = statOf(root, rel);
    if (!stat) { toAnalyse.push(rel); continue; }
    let hit = cache.byStat(rel, stat);
    if (!hit && cache.has(rel)) {
      // Touched but maybe not edited: compare content hashes before parsing again.
      const bytes = await fs.promises.readFile(path.join(root, rel)).catch(() => undefined);
      const previous = bytes && cache.byHash(rel, hashBytes(bytes));
      if (previous) { hit = { ...previous, size: stat.size, mtimeMs: stat.mtimeMs }; cache.set(rel, hit); }
    }
    if (hit) { outcomes.set(rel, hit.outcome); fromCache++; progress(); } else toAnalyse.push(rel);
  }

  const record = (rel: string, reply: AnalyzeReply) => {
    if (reply.ok) {
      outcomes.set(rel, reply.outcome);
      cache?.set(rel, { size: reply.size, mtimeMs: reply.mtimeMs, hash: reply.hash, outcome: reply.outcome });
    } else if (reply.error !== 'cancelled') {
      skipped.push({ file: rel, reason: reply.error });
    }
    progress();
  };
  if (pool && toAnalyse.length >= MIN_FILES_FOR_POOL) {
    const onAbort = () => pool.clearQueue();
    signal?.addEventListener('abort', onAbort);
    await Promise.all(toAnalyse.map(rel => pool.run({ root, rel, options: fileOptions(options, rel) }).then(reply => record(rel, reply))));
    signal?.removeEventListener('abort', onAbort);
  } else {
    for (const rel of toAnalyse) {
      if (signal?.aborted) break;
      record(rel, options.rules
        ? await analyzeInThread(root, rel, options)
        : await analyzePath({ id: 0, root, rel, options: fileOptions(options, rel) }));
    }
  }

  const findings: Finding[] = [];
  const facts = new Map<string, FileFacts>();
  const sourceFiles: { file: string; language: LanguageId }[] = [];
  for (const rel of candidates) {
    const outcome = outcomes.get(rel);
    if (!outcome) continue;
    if ('skipped' in outcome) skipped.push({ file: rel, reason: outcome.skipped });
    else if ('findings' in outcome) {
      findings.push(...outcome.findings);
      facts.set(rel, outcome.facts);
      sourceFiles.push({ file: rel, language: outcome.language });
    }
  }
  const cancelled = !!signal?.aborted;
  if (!cancelled) {
    // Project rules read manifests, Dockerfiles and facts of every file: when no file changed, reuse their findings.
    const key = cache ? await evidenceKey(root, files, options) : undefined;
    const cached = key ? cache!.projectFindings(key) : undefined;
    const fresh = cached ?? await projectFindings(root, files, sourceFiles, facts, options);
    if (key && !cached) cache!.setProjectFindings(key, fresh);
    findings.push(...fresh);
  }
  if (cache && !cancelled) { cache.retain(new Set(candidates)); cache.save(); }
  const RULE_KIND = new Map((options.rules ?? RULES).map(r => [r.id, isProjectRule(r) ? 'project' : 'code']));
  const projectOnly = cancelled ? [] : findings.filter(f => RULE_KIND.get(f.ruleId) !== 'code');
  return {
    root, files: sourceFiles.length, findings: sortFindings(findings),
    evidence: { files, sourceFiles, facts, outcomes, projectFindings: projectOnly }, skipped: skipped.sort((a, b) => a.file.localeCompare(b.file)),
    durationMs: Math.round(performance.now() - started), cached: fromCache, ...(cancelled ? { cancelled } : {}),
  };
}

/** Every file's name, size and mtime plus the settings: unchanged means project rules would find the same. */
function statOf(root: string, rel: string): fs.Stats | undefined {
  try { return fs.statSync(path.join(root, rel)); } catch { return undefined; }
}

async function evidenceKey(root: string, files: readonly string[], options: ScanOptions): Promise<string> {
  const parts: string[] = [];
  for (const rel of files) {
    const stat = statOf(root, rel);
    parts.push(`${rel}\0${stat?.size ?? -1}\0${stat?.mtimeMs ?? -1}`);
  }
  const config = options.config ? JSON.stringify([options.config.baseOptions, [...options.config.evidence], options.config.items.map(i => i.id)]) : '';
  return hashBytes(`${parts.join('\n')}\n${config}`);
}

/** Project rules and the team config's custom evidence items, over the folder's evidence. */
export async function projectFindings(
  root: string, files: readonly string[], sourceFiles: readonly { file: string; language: LanguageId }[],
  facts: ReadonlyMap<string, FileFacts>, options: ScanOptions,
): Promise<Finding[]> {
  const base = { severities: { ...(options.severities ?? {}), ...(options.config?.baseOptions.severities ?? {}) }, ruleOptions: { ...(options.ruleOptions ?? {}), ...(options.config?.baseOptions.ruleOptions ?? {}) } };
  const out = runProjectRules(root, files, sourceFiles, facts, options.rules ?? RULES, base);
  if (options.config?.evidence.size) {
    const { findings, problems } = await checkCustomItems(root, files, sourceFiles, facts, options.config);
    options.config.problems.push(...problems.filter(p => !options.config!.problems.some(q => q.message === p.message)));
    const byFile = new Map<string, Finding[]>();
    for (const c of findings) {
      const item = options.config.items.find(i => customRuleId(i.id) === c.ruleId);
      const severity = base.severities[c.ruleId];
      const f: Finding = { ruleId: c.ruleId, area: item?.area ?? 'code', severity: severity && severity !== 'off' ? severity : 'warning', message: c.message, file: c.file, range: c.range, fingerprint: '' };
      if (severity === 'off') continue;
      byFile.set(c.file, [...(byFile.get(c.file) ?? []), f]);
    }
    for (const [file, list] of byFile) {
      let text = '';
      try { text = await fs.promises.readFile(path.join(root, file), 'utf8'); } catch { /* fingerprint from the path alone */ }
      out.push(...fingerprint(file, text, list));
    }
  }
  return out;
}

/** Custom rule sets (tests, fixtures) cannot be sent to workers; run them here. */
async function analyzeInThread(root: string, rel: string, options: ScanOptions): Promise<AnalyzeReply> {
  try {
    const bytes = await fs.promises.readFile(path.join(root, rel));
    const outcome = await analyzeText(rel, bytes, options);
    return { id: 0, ok: true, size: bytes.length, mtimeMs: 0, hash: '', outcome };
  } catch (error) {
    const e = error as NodeJS.ErrnoException;
    return { id: 0, ok: false, error: e.code ? `could not be read (${e.code})` : `analysis failed: ${e.message}` };
  }
}

export function sortFindings(findings: Finding[]): Finding[] {
  return findings.sort((a, b) => a.file.localeCompare(b.file) || a.range.start.line - b.range.start.line
    || a.range.start.column - b.range.start.column || a.ruleId.localeCompare(b.ruleId));
}
