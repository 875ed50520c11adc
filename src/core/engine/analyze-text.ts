import type { FileFacts, Finding, LanguageId, Rule } from '../model';
import { languageOf } from '../languages/languages';
import { RULES } from '../rules';
import { analyzeSource, type AnalyzeOptions } from './analyze-file';
import { DEFAULT_MAX_FILE_SIZE, readableText } from './file-content';
import type { DocumentTrees } from './document-trees';

export interface TextAnalysisOptions extends AnalyzeOptions {
  /** Rules to run instead of the built-in ones (tests); such scans run in the calling thread. */
  rules?: readonly Rule[];
  maxFileSize?: number;
  /** Keep this document's syntax tree here and re-parse only what changed since its last analysis (editor buffers). */
  trees?: { cache: DocumentTrees; key: string };
}

/** Outcome of analysing one file's text. */
export type FileOutcome = { findings: Finding[]; facts: FileFacts; language: LanguageId } | { skipped: string } | { notSource: true };

/** Analyse one file's current text (an editor buffer or the file on disk): the incremental path. */
export async function analyzeText(relPath: string, bytesOrText: Uint8Array | string, options: TextAnalysisOptions = {}): Promise<FileOutcome> {
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
  if (!options.trees) {
    const { findings, facts } = await analyzeSource(relPath, language, text, options.rules ?? RULES, options);
    return { findings, facts, language };
  }
  const { cache, key } = options.trees;
  const { tree, region, memo } = await cache.reparse(key, language, text);
  const analysis = await analyzeSource(relPath, language, text, options.rules ?? RULES, options, tree, { region, memo });
  cache.remember(key, analysis.memo);
  cache.stats.regional += analysis.regional;
  return { findings: analysis.findings, facts: analysis.facts, language };
}

