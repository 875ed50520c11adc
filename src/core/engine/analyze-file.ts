import { createHash } from 'node:crypto';
import type { CodeRule, FileFacts, Finding, LanguageId, Position, Range, Rule, Severity } from '../model';
import { isDeclarationLocal, isProjectRule, mayReport } from '../model';
import { extractFacts, importsOf, type FactPieces } from '../analysis/facts';
import { moduleShapeOf } from '../analysis/module-shape';
import { COMMENT_NODE_TYPES } from '../languages/languages';
import { parse, revisedSyntaxTree, syntaxTreeOf, type SyntaxNode, type SyntaxTree, type Tree, type WalkedTree } from '../languages/parser';
import { isTestPath } from '../analysis/syntax';
import { type CodeRuleContext, type RawFinding, NodeIndex, formatMessage, rangeOf } from './rule-context';
import type { EditedRegion } from './document-trees';
import { SUPPRESSION_MARKER, findSuppressions, isSuppressed } from './suppressions';

export type RuleSeverityConfig = Readonly<Record<string, Severity | 'off'>>;

export interface AnalyzeOptions {
  /** Severity per rule id (`off` disables the rule); missing ids use the rule's default. */
  severities?: RuleSeverityConfig;
  ruleOptions?: Readonly<Record<string, Readonly<Record<string, unknown>>>>;
}

/** The default options: one object, so that the setup key made for it is reused (see setupKey). */
const NO_OPTIONS: AnalyzeOptions = Object.freeze({});

export interface FileAnalysis { findings: Finding[]; facts: FileFacts }

/** Run every enabled code rule for the file's language; apply suppressions; fingerprint what remains. */
export async function analyzeFile(
  file: string, language: LanguageId, text: string, rules: readonly Rule[], options: AnalyzeOptions = NO_OPTIONS,
): Promise<Finding[]> {
  return (await analyzeSource(file, language, text, rules, options)).findings;
}

/**
 * What the analysis of one version of an edited document leaves for the next (kept by DocumentTrees): every rule's
 * findings before suppressions, so that after an edit the rules that are local to a declaration re-check only the
 * edited region and keep the rest.
 */
interface AnalysisMemo {
  /** The file, rules, severities and options it ran with: a memo made under others is not reused. */
  setup: string;
  applicable: ReadonlySet<string>;
  /**
   * What every declaration may depend on: the file's imports (without lines) and whether it has a generated-code
   * header. When that changes, every rule checks the whole file again.
   */
  fileContext: string;
  raw: readonly RawFinding[];
  /** The pieces the facts were made of (see FactExtractor.byRows). */
  pieces: FactPieces;
  /** The arrays of the file's SyntaxTree, copied from outside the region after the next edit. */
  syntax: WalkedTree;
}

/** What analyzeSource may reuse: the region an incremental re-parse changed and the previous version's memo. */
export interface Revision { region?: EditedRegion; memo?: unknown }

export interface RevisedAnalysis extends FileAnalysis {
  /** Give this to DocumentTrees.remember for the next version (made only when analyzeSource was given a revision). */
  memo: unknown;
  /** Rules that re-checked only the edited region (tests and the bench read it). */
  regional: number;
}

/**
 * Findings and the facts project rules need, from one parse (or from `parsed`, a tree of `text` the caller owns).
 * With `revision`, rules marked `locality: 'declaration'` check only the region the edit changed and keep their
 * other findings from the previous version, moved to their new lines.
 */
export async function analyzeSource(
  file: string, language: LanguageId, text: string, rules: readonly Rule[], options: AnalyzeOptions = NO_OPTIONS, parsed?: Tree, revision?: Revision,
): Promise<RevisedAnalysis> {
  const applicable = rules.filter((r): r is CodeRule => !isProjectRule(r) && r.meta.languages.includes(language) && options.severities?.[r.id] !== 'off'
    && mayReport(r, language, text));
  // Only an edited document's analysis (given a revision) keeps its memo for the next version.
  const setup = revision ? setupKey(file, rules, options) : '';
  const previous = revision?.memo as AnalysisMemo | undefined;
  // PHP scripts read request input in top-level statements that later ones use, so one top-level node does not
  // stand alone there; and most PHP files are one class anyway.
  const region = previous?.setup === setup && language !== 'php' ? revision?.region : undefined;
  const parsedTree = parsed ?? await parse(language, text);
  try {
    // The copy of the tree is made from the previous version's outside the edited region, whatever the rules.
    const before = revision?.memo as AnalysisMemo | undefined;
    const tree = before && revision?.region ? revisedSyntaxTree(parsedTree, text, language, before.syntax, revision.region) : syntaxTreeOf(parsedTree, text, language);
    const reusable = (rule: CodeRule) => region !== undefined && isDeclarationLocal(rule, language) && previous!.applicable.has(rule.id);
    const hasSuppressions = text.includes(SUPPRESSION_MARKER);
    const index = new NodeIndex(tree);
    const regionIndex = region && new NodeIndex(tree, topLevelNodesIn(tree, region.context));
    const isTestFile = isTestPath(file);
    const nodesOfType = (...types: string[]) => index.ofType(types);
    const { facts, pieces } = extractFacts({ file, language, text, tree, isTestFile, options: {}, nodesOfType }, regionIndex && {
      previous: previous!.pieces,
      rows: { startRow: region!.startPoint.row, oldEndRow: region!.oldEndPoint.row, newEndRow: region!.newEndPoint.row },
      regional: (...types: string[]) => regionIndex.ofType(types),
    }, revision !== undefined);
    const fileContext = revision ? JSON.stringify([importsOf(facts).map(i => ({ ...i, line: 0 })), moduleShapeOf(facts)?.generated]) : '';
    const local = region && regionIndex && previous!.fileContext === fileContext ? {
      region, index: regionIndex,
      inRegion: (range: Range) => atOrAfter(range.start, { line: region.startPoint.row, column: region.startPoint.column })
        && !atOrAfter(range.start, { line: region.newEndPoint.row, column: region.newEndPoint.column }),
    } : undefined;
    const raw: RawFinding[] = [];
    let regional = 0;
    for (const rule of applicable) {
      let ruleIndex = index;
      let inRegion: ((range: Range) => boolean) | undefined;
      if (local && reusable(rule)) {
        const kept = moveOutsideRegion(previous!.raw, rule.id, local.region, file);
        if (kept) {
          raw.push(...kept);
          ruleIndex = local.index;
          inRegion = local.inRegion;
          regional++;
        }
      }
      const ctx: CodeRuleContext = {
        file, language, text, tree, isTestFile, options: options.ruleOptions?.[rule.id] ?? {}, nodesOfType: (...types) => ruleIndex.ofType(types),
        report: d => {
          const template = rule.meta.messages[d.messageId];
          if (template === undefined) throw new Error(`${rule.id} reported unknown messageId '${d.messageId}'`);
          const range = d.range ?? (d.node ? rangeOf(d.node) : undefined);
          if (!range) throw new Error(`${rule.id} reported without a node or range`);
          if (inRegion && !inRegion(range)) return; // beside the region: its finding was kept
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
    // Most files have no suppression: reading every comment's text is left to those that do.
    const suppressions = hasSuppressions ? findSuppressions(index.ofType([...COMMENT_NODE_TYPES]), language) : [];
    const kept = raw.filter(f => !isSuppressed(f, suppressions));
    const memo: AnalysisMemo | undefined = revision && { setup, applicable: new Set(applicable.map(r => r.id)), fileContext, raw, pieces, syntax: tree.walked };
    return { findings: fingerprint(file, text, toFindings(file, kept, rules, options)), facts, memo, regional };
  } finally {
    if (!parsed) parsedTree.delete();
  }
}

/** The top-level nodes of `tree` that span the same text as `nodes` (top-level nodes of the parsed tree). */
function topLevelNodesIn(tree: SyntaxTree, nodes: readonly { startIndex: number; endIndex: number }[]): SyntaxNode[] {
  const wanted = new Set(nodes.map(n => `${n.startIndex}:${n.endIndex}`));
  return tree.rootNode.children.filter(c => wanted.has(`${c.startIndex}:${c.endIndex}`));
}

const setupKeys = new WeakMap<readonly Rule[], WeakMap<AnalyzeOptions, string>>();

function setupKey(file: string, rules: readonly Rule[], options: AnalyzeOptions): string {
  let byOptions = setupKeys.get(rules);
  if (!byOptions) setupKeys.set(rules, (byOptions = new WeakMap()));
  let key = byOptions.get(options);
  if (key === undefined) byOptions.set(options, (key = JSON.stringify([rules.map(r => r.id), options.severities ?? {}, options.ruleOptions ?? {}])));
  return `${file}\0${key}`;
}

const atOrAfter = (p: Position, q: Position) => p.line > q.line || (p.line === q.line && p.column >= q.column);

/**
 * A rule's previous findings outside the edited region, at their new positions; undefined when one of them reaches
 * into the region (so the rule must check the whole file again).
 */
function moveOutsideRegion(raw: readonly RawFinding[], ruleId: string, region: EditedRegion, file: string): RawFinding[] | undefined {
  const start = { line: region.startPoint.row, column: region.startPoint.column };
  const oldEnd = { line: region.oldEndPoint.row, column: region.oldEndPoint.column };
  const lineShift = region.newEndPoint.row - region.oldEndPoint.row;
  const columnShift = region.newEndPoint.column - region.oldEndPoint.column;
  let crossing = false;
  const move = (range: Range): Range | undefined => {
    if (atOrAfter(start, range.end) && !atOrAfter(range.start, start)) return range;
    if (atOrAfter(range.start, oldEnd)) {
      const at = (p: Position): Position => ({ line: p.line + lineShift, column: p.line === oldEnd.line ? p.column + columnShift : p.column });
      return { start: at(range.start), end: at(range.end) };
    }
    if (!atOrAfter(range.start, start) || !atOrAfter(oldEnd, range.end)) crossing = true;
    return undefined;
  };
  const kept: RawFinding[] = [];
  for (const f of raw) {
    if (f.ruleId !== ruleId) continue;
    if (f.messageId === 'crash') return undefined; // reported at the top of the file, wherever the rule failed
    const range = move(f.range);
    if (!range) continue;
    // What a finding points at besides its own range (a taint's source, a fix's edits) moves with it; should that
    // lie in the region, the finding is not local after all.
    const related = f.related?.map(r => (r.file === file ? { ...r, range: move(r.range) ?? (crossing = true, r.range) } : r));
    const fix = f.fix && { ...f.fix, edits: f.fix.edits.map(e => ({ ...e, range: move(e.range) ?? (crossing = true, e.range) })) };
    kept.push({ ...f, range, ...(related ? { related } : {}), ...(fix ? { fix } : {}) });
  }
  return crossing ? undefined : kept;
}

/** Give raw findings their area and configured severity. */
export function toFindings(file: string, raw: readonly RawFinding[], rules: readonly Rule[], options: AnalyzeOptions): Finding[] {
  if (!raw.length) return [];
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
  if (!findings.length) return findings;
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
