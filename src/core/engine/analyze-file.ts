import { createHash } from 'node:crypto';
import type { CodeRule, FileFacts, Finding, LanguageId, Rule, Severity } from '../model';
import { isProjectRule, mayReport } from '../model';
import { extractFacts } from '../analysis/facts';
import { COMMENT_NODE_TYPES } from '../languages/languages';
import { loadLanguage, parse, type Tree } from '../languages/parser';
import { isTestPath } from '../analysis/syntax';
import { type CodeRuleContext, type RawFinding, NodeIndex, formatMessage, rangeOf } from './rule-context';
import { SUPPRESSION_MARKER, findSuppressions, isSuppressed } from './suppressions';

/** The engine's own readers of the node index, beside the rules. */
const FACTS = 'engine:facts';
const SUPPRESSIONS = 'engine:suppressions';

export type RuleSeverityConfig = Readonly<Record<string, Severity | 'off'>>;

export interface AnalyzeOptions {
  /** Severity per rule id (`off` disables the rule); missing ids use the rule's default. */
  severities?: RuleSeverityConfig;
  ruleOptions?: Readonly<Record<string, Readonly<Record<string, unknown>>>>;
}

export interface FileAnalysis { findings: Finding[]; facts: FileFacts }

/** Run every enabled code rule for the file's language; apply suppressions; fingerprint what remains. */
export async function analyzeFile(
  file: string, language: LanguageId, text: string, rules: readonly Rule[], options: AnalyzeOptions = {},
): Promise<Finding[]> {
  return (await analyzeSource(file, language, text, rules, options)).findings;
}

/** Findings and the facts project rules need, from one parse (or from `parsed`, a tree of `text` the caller owns). */
export async function analyzeSource(
  file: string, language: LanguageId, text: string, rules: readonly Rule[], options: AnalyzeOptions = {}, parsed?: Tree,
): Promise<FileAnalysis> {
  const applicable = rules.filter((r): r is CodeRule => !isProjectRule(r) && r.meta.languages.includes(language) && options.severities?.[r.id] !== 'off'
    && mayReport(r, language, text));
  const tree = parsed ?? await parse(language, text);
  try {
    const index = new NodeIndex(tree.rootNode, await loadLanguage(language), language, [FACTS, SUPPRESSIONS, ...applicable.map(r => r.id)]);
    index.requester = FACTS;
    const isTestFile = isTestPath(file);
    const nodesOfType = (...types: string[]) => index.ofType(types);
    const facts = extractFacts({ file, language, text, tree, isTestFile, options: {}, nodesOfType });
    const raw: RawFinding[] = [];
    for (const rule of applicable) {
      index.requester = rule.id;
      const ctx: CodeRuleContext = {
        file, language, text, tree, isTestFile, options: options.ruleOptions?.[rule.id] ?? {}, nodesOfType,
        report: d => {
          const template = rule.meta.messages[d.messageId];
          if (template === undefined) throw new Error(`${rule.id} reported unknown messageId '${d.messageId}'`);
          const range = d.range ?? (d.node ? rangeOf(d.node) : undefined);
          if (!range) throw new Error(`${rule.id} reported without a node or range`);
          raw.push({ ruleId: rule.id, messageId: d.messageId, message: formatMessage(template, d.data), range, related: d.related, fix: d.fix });
        },
      };
      try {
        rule.check(ctx);
      } catch (error) {
        // One broken rule must not take the others down; surface it as a finding on line 1.
        raw.push({ ruleId: rule.id, messageId: 'crash', message: `Rule ${rule.id} failed on this file: ${(error as Error).message}`, range: { start: { line: 0, column: 0 }, end: { line: 0, column: 0 } } });
      }
    }
    index.requester = SUPPRESSIONS;
    // Most files have no suppression: reading every comment's text is left to those that do.
    const suppressions = text.includes(SUPPRESSION_MARKER) ? findSuppressions(index.ofType([...COMMENT_NODE_TYPES]), language) : [];
    const kept = raw.filter(f => !isSuppressed(f, suppressions));
    return { findings: fingerprint(file, text, toFindings(file, kept, rules, options)), facts };
  } finally {
    if (!parsed) tree.delete();
  }
}

/** Give raw findings their area and configured severity. */
export function toFindings(file: string, raw: readonly RawFinding[], rules: readonly Rule[], options: AnalyzeOptions): Finding[] {
  const byId = new Map(rules.map(r => [r.id, r]));
  return raw.map(f => {
    const rule = byId.get(f.ruleId);
    const severity = options.severities?.[f.ruleId];
    return {
      ruleId: f.ruleId,
      area: rule?.meta.area ?? 'code',
      severity: severity && severity !== 'off' ? severity : rule?.meta.defaultSeverity ?? 'warning',
      message: f.message, file, range: f.range, fingerprint: '',
      ...(f.related ? { related: f.related } : {}),
      ...(f.fix ? { fix: f.fix } : {}),
    } satisfies Finding;
  });
}

/**
 * Fingerprint = hash of rule, file, the finding's line text with whitespace collapsed, and its occurrence
 * number among identical keys: inserting lines above leaves it unchanged; editing the line itself changes it.
 */
export function fingerprint(file: string, text: string, findings: Finding[]): Finding[] {
  const lines = text.split(/\r?\n/);
  const seen = new Map<string, number>();
  const sorted = [...findings].sort((a, b) => a.range.start.line - b.range.start.line || a.range.start.column - b.range.start.column || a.ruleId.localeCompare(b.ruleId));
  for (const f of sorted) {
    const lineText = (lines[f.range.start.line] ?? '').replace(/\s+/g, ' ').trim();
    const key = `${f.ruleId}\0${file}\0${lineText}\0${f.range.start.column}`;
    const n = seen.get(key) ?? 0;
    seen.set(key, n + 1);
    f.fingerprint = createHash('sha256').update(`${key}\0${n}`).digest('hex').slice(0, 32);
  }
  return sorted;
}
