import type { AreaSummary, Finding, Role, Rule, SkippedFile } from '../model';

/** Everything a report renders. Renderers are pure functions of this (golden tests fix `generatedAt`). */
export interface ReportInput {
  tool: { name: string; version: string; informationUri?: string };
  /** Absolute path of the scanned root; findings' `file`s are relative to it. */
  root: string;
  role: Role;
  /** ISO 8601 time of the scan. */
  generatedAt: string;
  files: number;
  durationMs: number;
  skipped: SkippedFile[];
  /** Sorted by file, line, column, rule. */
  findings: Finding[];
  areas: AreaSummary[];
  /** The rule catalogue (titles, descriptions, CWE ids, default severities) for SARIF `rules` and links. */
  rules: readonly Rule[];
  /** Findings left out because their fingerprint is in the baseline. */
  baselineSuppressed?: number;
}
