import type { Finding, Rule, Severity, SkippedFile } from '../model';
import { SEVERITY_ORDER } from '../model';
import { ruleDocsPath } from '../rules/docs';
import type { ReportInput } from './model';

/** Most severe first, the order every renderer lists severities in. */
export const SEVERITIES: readonly Severity[] = ['error', 'warning', 'info', 'hint'];

export type SeverityCounts = Record<Severity, number> & { total: number };

export function countBySeverity(findings: readonly Finding[]): SeverityCounts {
  const counts: SeverityCounts = { total: findings.length, error: 0, warning: 0, info: 0, hint: 0 };
  for (const f of findings) counts[f.severity]++;
  return counts;
}

function compareStrings(a: string, b: string): number {
  // Code-unit order, not localeCompare: goldens must not depend on the machine's locale.
  return a < b ? -1 : a > b ? 1 : 0;
}

/** File, line, column, rule, then message and fingerprint so that equal locations still order the same way. */
export function compareByLocation(a: Finding, b: Finding): number {
  return compareStrings(a.file, b.file)
    || a.range.start.line - b.range.start.line
    || a.range.start.column - b.range.start.column
    || compareStrings(a.ruleId, b.ruleId)
    || compareStrings(a.message, b.message)
    || compareStrings(a.fingerprint, b.fingerprint);
}

export function compareBySeverity(a: Finding, b: Finding): number {
  return SEVERITY_ORDER[a.severity] - SEVERITY_ORDER[b.severity] || compareByLocation(a, b);
}

export function sortedFindings(input: ReportInput): Finding[] {
  return [...input.findings].sort(compareByLocation);
}

export function sortedSkipped(input: ReportInput): SkippedFile[] {
  return [...input.skipped].sort((a, b) => compareStrings(a.file, b.file) || compareStrings(a.reason, b.reason));
}

export function sortedRules(input: ReportInput): Rule[] {
  return [...input.rules].sort((a, b) => compareStrings(a.id, b.id));
}

/** `CWE-89`, `cwe-89` and `89` all name the same weakness; reports write the number once. */
export function cweNumbers(rule: Rule | undefined): number[] {
  const out: number[] = [];
  for (const id of rule?.meta.cwe ?? []) {
    const m = /(\d+)\s*$/.exec(id);
    if (m && !out.includes(Number(m[1]))) out.push(Number(m[1]));
  }
  return out;
}

/** Security rules are those of the security area and any rule that names a CWE weakness. */
export function isSecurityRule(rule: Rule): boolean {
  return rule.meta.area === 'security' || cweNumbers(rule).length > 0;
}

/** The rule's documentation page joined to the tool's home page, when the tool has one. */
export function ruleHelpUri(input: ReportInput, ruleId: string): string | undefined {
  const base = input.tool.informationUri;
  return base ? `${base.replace(/\/+$/, '')}/${ruleDocsPath(ruleId)}` : undefined;
}

/** A relative path as a URI reference: forward slashes, each segment percent-encoded (parentheses too, for Markdown). */
export function encodePath(file: string): string {
  return file.replace(/\\/g, '/').split('/')
    .map(s => encodeURIComponent(s).replace(/[!'()*]/g, c => `%${c.charCodeAt(0).toString(16).toUpperCase()}`))
    .join('/');
}

/** An absolute path as a `file:` URI of a folder (ends with `/`), the same on every host: POSIX, drive and UNC paths. */
export function folderFileUri(root: string): string {
  let p = root.replace(/\\/g, '/');
  let authority = '';
  if (p.startsWith('//')) {
    const end = p.indexOf('/', 2);
    authority = end < 0 ? p.slice(2) : p.slice(2, end);
    p = end < 0 ? '/' : p.slice(end);
  } else if (/^[A-Za-z]:/.test(p)) {
    p = `/${p}`;
  }
  const encoded = p.split('/').map(s => (/^[A-Za-z]:$/.test(s) ? s : encodePath(s))).join('/');
  return `file://${authority}${encoded.endsWith('/') ? encoded : `${encoded}/`}`;
}

export function plural(n: number, word: string, many = `${word}s`): string {
  return `${n} ${n === 1 ? word : many}`;
}
