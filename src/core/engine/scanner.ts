import * as fs from 'node:fs';
import * as path from 'node:path';
import type { FileFacts, Finding, LanguageId, Rule, ScanResult, SkippedFile } from '../model';
import { languageOf } from '../languages/languages';
import { RULES } from '../rules';
import { analyzeSource, type AnalyzeOptions } from './analyze-file';
import { runProjectRules } from './project';
import { discoverFiles } from './discovery';
import { DEFAULT_MAX_FILE_SIZE, readableText } from './file-content';

export interface ScanOptions extends AnalyzeOptions {
  rules?: readonly Rule[];
  ignore?: readonly string[];
  maxFileSize?: number;
  signal?: AbortSignal;
  onProgress?: (done: number, total: number) => void;
}

/** Outcome of analysing one file's text. */
export type FileOutcome = { findings: Finding[]; facts: FileFacts; language: LanguageId } | { skipped: string } | { notSource: true };

/** Analyse one file's current text (an editor buffer or the file on disk): the incremental path. */
export async function analyzeText(relPath: string, bytesOrText: Uint8Array | string, options: ScanOptions = {}): Promise<FileOutcome> {
  let text: string;
  if (typeof bytesOrText === 'string') {
    if (bytesOrText.length > (options.maxFileSize ?? DEFAULT_MAX_FILE_SIZE)) return { skipped: 'larger than the size limit' };
    text = bytesOrText;
  } else {
    const vetted = readableText(bytesOrText, options.maxFileSize);
    if ('skip' in vetted) return { skipped: vetted.skip };
    text = vetted.text;
  }
  const language = languageOf(relPath, text.slice(0, text.indexOf('\n') >>> 0));
  if (!language) return { notSource: true };
  const { findings, facts } = await analyzeSource(relPath, language, text, options.rules ?? RULES, options);
  return { findings, facts, language };
}

/** Scan every source file under `root`. Unreadable, binary, huge or minified files are skipped with a reason. */
export async function scanFolder(root: string, options: ScanOptions = {}): Promise<ScanResult> {
  const started = performance.now();
  const { files, unreadable } = await discoverFiles(root, { ignore: options.ignore, signal: options.signal });
  const skipped: SkippedFile[] = [...unreadable];
  const findings: Finding[] = [];
  const facts = new Map<string, FileFacts>();
  const sourceFiles: { file: string; language: LanguageId }[] = [];
  let analysed = 0;
  for (let i = 0; i < files.length; i++) {
    if (options.signal?.aborted) break;
    const rel = files[i]!;
    const probe = languageOf(rel, '#!');
    if (!probe && path.extname(rel) !== '') continue; // not a language we analyse; avoid reading it
    let bytes: Uint8Array;
    try {
      bytes = await fs.promises.readFile(path.join(root, rel));
    } catch (error) {
      skipped.push({ file: rel, reason: `could not be read (${(error as NodeJS.ErrnoException).code ?? 'error'})` });
      continue;
    }
    try {
      const outcome = await analyzeText(rel, bytes, options);
      if ('skipped' in outcome) skipped.push({ file: rel, reason: outcome.skipped });
      else if ('findings' in outcome) {
        analysed++;
        findings.push(...outcome.findings);
        facts.set(rel, outcome.facts);
        sourceFiles.push({ file: rel, language: outcome.language });
      }
    } catch (error) {
      skipped.push({ file: rel, reason: `analysis failed: ${(error as Error).message}` });
    }
    options.onProgress?.(i + 1, files.length);
  }
  if (!options.signal?.aborted) findings.push(...runProjectRules(root, files, sourceFiles, facts, options.rules ?? RULES, options));
  return { root, files: analysed, findings: sortFindings(findings), skipped, durationMs: Math.round(performance.now() - started) };
}

export function sortFindings(findings: Finding[]): Finding[] {
  return findings.sort((a, b) => a.file.localeCompare(b.file) || a.range.start.line - b.range.start.line
    || a.range.start.column - b.range.start.column || a.ruleId.localeCompare(b.ruleId));
}
