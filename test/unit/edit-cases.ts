import { analyzeSource } from '../../src/core/engine/analyze-file';
import { analyzeText } from '../../src/core/engine/analyze-text';
import { DocumentTrees } from '../../src/core/engine/document-trees';
import { parse } from '../../src/core/languages/parser';
import type { Finding, LanguageId, Rule } from '../../src/core/model';

/** One edit of a document, as the editor would send it: the text before and after. */
export interface EditCase { name: string; before: string; after: string }

/**
 * Edits of every top-level node of a file: deleting it, typing a character and breaking a line in its middle, and
 * duplicating it; each also undone. These are the edits incremental re-analysis must get exactly right.
 */
export async function editCases(language: LanguageId, text: string): Promise<EditCase[]> {
  const tree = await parse(language, text);
  const spans: [number, number][] = [];
  for (let node = tree.rootNode.firstChild; node; node = node.nextSibling) spans.push([node.startIndex, node.endIndex]);
  tree.delete();
  const cases: EditCase[] = [];
  for (const [s, e] of spans) {
    const mid = s + Math.floor((e - s) / 2);
    const line = text.slice(0, s).split('\n').length;
    const edits: [string, string][] = [
      ['delete', text.slice(0, s) + text.slice(e)],
      ['type', text.slice(0, mid) + 'x' + text.slice(mid)],
      ['newline', text.slice(0, mid) + '\n' + text.slice(mid)],
      ['duplicate', text.slice(0, e) + '\n' + text.slice(s, e) + text.slice(e)],
    ];
    for (const [kind, after] of edits) {
      cases.push({ name: `${kind} the node on line ${line}`, before: text, after });
      cases.push({ name: `undo: ${kind} the node on line ${line}`, before: after, after: text });
    }
  }
  return cases;
}

/** Everything a user sees of a finding, in a stable order. */
export function describeFindings(findings: readonly Finding[]): string[] {
  return findings.map(f => JSON.stringify([f.ruleId, f.range, f.message, f.fingerprint, f.severity, f.related ?? null, f.fix ?? null])).sort();
}

/** The findings after `edit` by the editor's path (previous version analysed, then the edit) and from nothing. */
export async function analyseEdit(file: string, language: LanguageId, edit: EditCase, rules: readonly Rule[]) {
  const trees = new DocumentTrees();
  try {
    await analyzeText(file, edit.before, { rules, trees: { cache: trees, key: file } });
    const incremental = await analyzeText(file, edit.after, { rules, trees: { cache: trees, key: file } });
    const fresh = await analyzeSource(file, language, edit.after, rules);
    return {
      incremental: 'findings' in incremental ? describeFindings(incremental.findings) : [],
      fresh: describeFindings(fresh.findings),
      incrementalFacts: 'facts' in incremental ? incremental.facts : undefined,
      freshFacts: fresh.facts,
      regional: trees.stats.regional,
    };
  } finally {
    trees.clear();
  }
}
