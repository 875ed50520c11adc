import type { AreaSummary, ScanResult, Severity } from '../model';

export interface TextStyle { color: boolean }

const COLORS = { red: 31, yellow: 33, cyan: 36, gray: 90, green: 32, bold: 1, underline: 4 } as const;

/** ESLint-stylish output: findings grouped by file, then the checklist by area, then a summary line. */
export function renderText(result: ScanResult, areas: readonly AreaSummary[], style: TextStyle): string {
  const paint = (code: keyof typeof COLORS, s: string) => (style.color ? `\u001b[${COLORS[code]}m${s}\u001b[0m` : s);
  const sevColor: Record<Severity, keyof typeof COLORS> = { error: 'red', warning: 'yellow', info: 'cyan', hint: 'gray' };
  const out: string[] = [];
  const byFile = new Map<string, typeof result.findings>();
  for (const f of result.findings) {
    let list = byFile.get(f.file);
    if (!list) byFile.set(f.file, (list = []));
    list.push(f);
  }
  for (const [file, findings] of byFile) {
    out.push(paint('underline', file));
    for (const f of findings) {
      const pos = `${f.range.start.line + 1}:${f.range.start.column + 1}`;
      out.push(`  ${paint('gray', pos.padEnd(8))} ${paint(sevColor[f.severity], f.severity.padEnd(7))}  ${f.message}  ${paint('gray', f.ruleId)}`);
    }
    out.push('');
  }
  if (result.skipped.length) {
    out.push(paint('bold', 'Skipped'));
    for (const s of result.skipped) out.push(`  ${s.file}: ${s.reason}`);
    out.push('');
  }
  out.push(paint('bold', 'Checklist'));
  for (const a of areas) {
    out.push(`  ${a.title} ${paint('gray', `${a.passed}/${a.total}`)}`);
    for (const e of a.items) {
      const mark = e.status === 'passed' ? paint('green', '✔') : e.status === 'failing' ? paint('red', '✖') : paint('gray', '•');
      out.push(`    ${mark} ${e.item.title}${e.status === 'failing' ? paint('gray', ` (${e.findings.length})`) : ''}`);
    }
  }
  out.push('');
  const counts = (['error', 'warning', 'info', 'hint'] as const).map(s => [s, result.findings.filter(f => f.severity === s).length] as const);
  const parts = counts.filter(([, n]) => n > 0).map(([s, n]) => `${n} ${s}${n === 1 ? '' : 's'}`);
  const total = result.findings.length;
  out.push(paint(total ? 'red' : 'green', `${total} finding${total === 1 ? '' : 's'}${parts.length ? ` (${parts.join(', ')})` : ''} in ${result.files} file${result.files === 1 ? '' : 's'}, ${result.durationMs} ms`));
  return out.join('\n') + '\n';
}
