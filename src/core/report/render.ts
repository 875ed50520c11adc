import * as path from 'node:path';
import type { AreaSummary, EvaluatedItem, ItemStatus } from '../model';
import type { ReportInput } from './model';
import { renderJson } from './json';
import { renderSarif } from './sarif';
import { renderMarkdown } from './markdown';
import { renderHtml } from './html';

export const REPORT_FORMATS = ['json', 'sarif', 'markdown', 'html'] as const;
export type ReportFormat = (typeof REPORT_FORMATS)[number];

export function renderReport(format: ReportFormat, reports: readonly ReportInput[]): string {
  const input = reports.length === 1 ? reports[0]! : mergeReports(reports);
  switch (format) {
    case 'json': return renderJson(input);
    case 'sarif': return renderSarif(input);
    case 'markdown': return renderMarkdown(input);
    case 'html': return renderHtml(input, { theme: 'standalone' });
  }
}

const WORST: ItemStatus[] = ['failing', 'needs-attestation', 'waived', 'attested', 'passed', 'not-applicable'];

/** Several scanned folders as one report: paths relative to their common parent; an item's worst status wins. */
export function mergeReports(reports: readonly ReportInput[]): ReportInput {
  const roots = reports.map(r => r.root);
  let common = roots[0]!;
  while (!roots.every(r => r === common || r.startsWith(common.endsWith(path.sep) ? common : common + path.sep))) common = path.dirname(common);
  const rel = (root: string, file: string) => path.relative(common, path.join(root, file)).split(path.sep).join('/');
  const findings = reports.flatMap(r => r.findings.map(f => ({ ...f, file: rel(r.root, f.file) })));
  const areas: AreaSummary[] = reports[0]!.areas.map(a => {
    const items = new Map<string, EvaluatedItem>();
    for (const r of reports) {for (const e of r.areas.find(x => x.area === a.area)?.items ?? []) {
      const moved = { ...e, findings: e.findings.map(f => ({ ...f, file: rel(r.root, f.file) })) };
      const prev = items.get(e.item.id);
      if (!prev) items.set(e.item.id, moved);
      else items.set(e.item.id, { item: e.item, status: WORST.indexOf(e.status) < WORST.indexOf(prev.status) ? e.status : prev.status, findings: [...prev.findings, ...moved.findings] });
    }}
    const list = [...items.values()];
    const counted = list.filter(e => e.status !== 'not-applicable');
    return { ...a, items: list, total: counted.length, passed: counted.filter(e => e.status === 'passed' || e.status === 'attested' || e.status === 'waived').length };
  });
  return {
    ...reports[0]!, root: common, findings, areas,
    files: reports.reduce((n, r) => n + r.files, 0), durationMs: reports.reduce((n, r) => n + r.durationMs, 0),
    skipped: reports.flatMap(r => r.skipped.map(s => ({ ...s, file: rel(r.root, s.file) }))),
  };
}
