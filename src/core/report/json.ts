import type { Area, ItemStatus, Range, Role, Severity } from '../model';
import { countBySeverity, cweNumbers, sortedFindings, sortedSkipped } from './common';
import type { ReportInput } from './model';

/** Positions in the JSON report are 1-based; the end column is the one just after the last character (as in SARIF). */
export interface JsonRange { startLine: number; startColumn: number; endLine: number; endColumn: number }

/** The shape of `renderJson`'s output, version 1. `docs/report-json.md` documents it; add fields, never change them. */
export interface JsonReport {
  version: 1;
  summary: {
    tool: { name: string; version: string; informationUri?: string };
    root: string;
    role: Role;
    generatedAt: string;
    files: number;
    durationMs: number;
    findings: { total: number } & Record<Severity, number>;
    skipped: number;
    baselineSuppressed: number;
  };
  areas: {
    id: Area;
    title: string;
    passed: number;
    total: number;
    items: { id: string; title: string; status: ItemStatus; level: Role; manual: boolean; rules: string[]; findings: number }[];
  }[];
  findings: {
    rule: string;
    area: Area;
    severity: Severity;
    message: string;
    file: string;
    range: JsonRange;
    cwe: string[];
    fingerprint: string;
    related: { file: string; range: JsonRange; message: string }[];
  }[];
  skipped: { file: string; reason: string }[];
}

export function toJsonRange(r: Range): JsonRange {
  return { startLine: r.start.line + 1, startColumn: r.start.column + 1, endLine: r.end.line + 1, endColumn: r.end.column + 1 };
}

export function buildJsonReport(input: ReportInput): JsonReport {
  const rules = new Map(input.rules.map(r => [r.id, r]));
  return {
    version: 1,
    summary: {
      tool: { ...input.tool },
      root: input.root,
      role: input.role,
      generatedAt: input.generatedAt,
      files: input.files,
      durationMs: input.durationMs,
      findings: countBySeverity(input.findings),
      skipped: input.skipped.length,
      baselineSuppressed: input.baselineSuppressed ?? 0,
    },
    areas: input.areas.map(a => ({
      id: a.area,
      title: a.title,
      passed: a.passed,
      total: a.total,
      items: a.items.map(e => ({
        id: e.item.id, title: e.item.title, status: e.status, level: e.item.level, manual: !!e.item.manual,
        rules: [...e.item.rules], findings: e.findings.length,
      })),
    })),
    findings: sortedFindings(input).map(f => ({
      rule: f.ruleId,
      area: f.area,
      severity: f.severity,
      message: f.message,
      file: f.file,
      range: toJsonRange(f.range),
      cwe: cweNumbers(rules.get(f.ruleId)).map(n => `CWE-${n}`),
      fingerprint: f.fingerprint,
      related: (f.related ?? []).map(r => ({ file: r.file, range: toJsonRange(r.range), message: r.message })),
    })),
    skipped: sortedSkipped(input).map(s => ({ file: s.file, reason: s.reason })),
  };
}

/** The machine-readable report: `JsonReport` as indented JSON with a final newline. */
export function renderJson(input: ReportInput): string {
  return `${JSON.stringify(buildJsonReport(input), null, 2)}\n`;
}
