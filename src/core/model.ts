/** The shared vocabulary of the engine. Host-free: nothing here may import `vscode`. */

export const AREAS = [
  'architecture', 'code', 'database', 'api', 'performance', 'testing', 'security', 'operations', 'collaboration',
] as const;
export type Area = (typeof AREAS)[number];

export const LANGUAGES = ['javascript', 'typescript', 'tsx', 'python', 'java', 'go', 'ruby', 'php'] as const;
export type LanguageId = (typeof LANGUAGES)[number];

export type Severity = 'error' | 'warning' | 'info' | 'hint';
export const SEVERITY_ORDER: Record<Severity, number> = { error: 0, warning: 1, info: 2, hint: 3 };

/** Zero-based line and column (UTF-16 code units, as editors count them). */
export interface Position { line: number; column: number }
export interface Range { start: Position; end: Position }

export interface RelatedLocation { file: string; range: Range; message: string }

export interface TextEdit { range: Range; newText: string }
export interface Fix { title: string; edits: TextEdit[] }

export interface Finding {
  ruleId: string;
  area: Area;
  severity: Severity;
  message: string;
  /** Path relative to the scanned root, with forward slashes. */
  file: string;
  range: Range;
  /** Stable across unrelated edits (lines inserted above): rule + file + normalised line text + occurrence. */
  fingerprint: string;
  related?: RelatedLocation[];
  fix?: Fix;
}

export interface RuleMeta {
  title: string;
  area: Area;
  defaultSeverity: Severity;
  /** Languages a code rule understands; project rules leave it empty. */
  languages: readonly LanguageId[];
  /** What the rule looks for and why, one or two sentences (tooltips, hovers, SARIF fullDescription). */
  description: string;
  cwe?: readonly string[];
  references?: readonly string[];
  /** Message templates with `{{placeholder}}`s, keyed by message id. */
  messages: Readonly<Record<string, string>>;
}

export interface ReportDescriptor {
  /** Where: a syntax node (anything with start/end positions) or an explicit range. */
  node?: { startPosition: { row: number; column: number }; endPosition: { row: number; column: number } };
  range?: Range;
  messageId: string;
  data?: Record<string, string | number>;
  related?: RelatedLocation[];
  fix?: Fix;
}

/** Code rules look at one file's syntax tree (and its local data flow). */
export interface CodeRule {
  id: string;
  kind?: 'code';
  meta: RuleMeta;
  /**
   * A cheap necessary condition on the file's text (per language, or one for all): when it does not match, the
   * rule cannot report and is not run. Never a finding by itself; the fixtures' recall proves it is not too strict.
   */
  mentions?: RegExp | Partial<Record<LanguageId, RegExp>>;
  /**
   * `declaration`: each finding lies inside one top-level node of the file (a child of the syntax tree's root) and
   * depends only on that node and the file's imports, never on another declaration. After an edit inside some
   * declarations, only those are checked again and the rule's findings elsewhere are kept. Leave it unset for a rule
   * that reads other declarations (a helper defined beside a test, a class's other methods at the top level).
   * `{ declaration: [languages] }` says so for those languages only. test/unit/incremental.test.ts holds every rule
   * that sets it to this over all the fixtures of those languages.
   */
  locality?: 'declaration' | { declaration: readonly LanguageId[] };
  check(ctx: import('./engine/rule-context').CodeRuleContext): void;
}

/** Whether a code rule's findings in this language depend only on their top-level declaration (see `locality`). */
export function isDeclarationLocal(rule: CodeRule, language: LanguageId): boolean {
  return rule.locality === 'declaration' || (typeof rule.locality === 'object' && rule.locality.declaration.includes(language));
}

/** Whether a code rule's text gate lets it run on this text. */
export function mayReport(rule: CodeRule, language: LanguageId, text: string): boolean {
  const gate = rule.mentions instanceof RegExp ? rule.mentions : rule.mentions?.[language];
  return !gate || gate.test(text);
}

/** Project rules look at workspace evidence and report one roll-up finding on the file that best carries it. */
export interface ProjectRule {
  id: string;
  kind: 'project';
  meta: RuleMeta;
  checkProject(ctx: import('./engine/project-context').ProjectRuleContext): void;
}

export type Rule = CodeRule | ProjectRule;

export function isProjectRule(rule: Rule): rule is ProjectRule {
  return rule.kind === 'project';
}

/** JSON-serialisable facts a file contributes to project rules (imports, routes, ...), cached with its findings. */
export type FactValue = string | number | boolean | null | FactValue[] | { [key: string]: FactValue };
export type FileFacts = Record<string, FactValue>;

export type ItemStatus = 'passed' | 'failing' | 'needs-attestation' | 'attested' | 'waived' | 'not-applicable';

export const ROLES = ['junior', 'mid', 'senior', 'lead'] as const;
export type Role = (typeof ROLES)[number];

export interface ChecklistItem {
  id: string;
  area: Area;
  /** The most junior role whose checklist includes the item; every more senior role includes it too. */
  level: Role;
  title: string;
  /** Why it matters, shown in tooltips and reports. */
  why: string;
  /** How the item is verified. */
  verifiedBy: string;
  /** Rules whose findings make the item fail; empty for manual items. */
  rules: readonly string[];
  manual?: boolean;
}

export interface EvaluatedItem {
  item: ChecklistItem;
  status: ItemStatus;
  findings: Finding[];
}

export interface AreaSummary {
  area: Area;
  title: string;
  items: EvaluatedItem[];
  passed: number;
  total: number;
}

export interface SkippedFile { file: string; reason: string }

export interface ScanResult {
  root: string;
  files: number;
  findings: Finding[];
  skipped: SkippedFile[];
  durationMs: number;
  /** Files whose results came from the cache without parsing. */
  cached?: number;
  /** The scan was cancelled: results are partial and project rules did not run. */
  cancelled?: boolean;
  /** What incremental re-analysis needs: the file list, per-file outcomes and facts (not serialised). */
  evidence?: ScanEvidence;
}

export interface ScanEvidence {
  files: string[];
  sourceFiles: { file: string; language: LanguageId }[];
  facts: Map<string, FileFacts>;
  outcomes: Map<string, { findings: Finding[] } | { skipped: string } | { notSource: true }>;
  projectFindings: Finding[];
}
