import type { ItemStatus, Severity } from '../model';
import { compareBySeverity, countBySeverity, encodePath, plural, SEVERITIES, sortedSkipped } from './common';
import type { ReportInput } from './model';

export interface MarkdownOptions {
  /** Relative path from where the report is written to the scanned root (e.g. `..`), prefixed to finding links. */
  linkBase?: string;
  /** How many findings the "Top findings" table lists (default 50). */
  maxFindings?: number;
}

const STATUS: Record<ItemStatus, string> = {
  passed: '✅ passed',
  failing: '❌ failing',
  'needs-attestation': '📝 needs attestation',
  attested: '☑️ attested',
  waived: '⏭️ waived',
  'not-applicable': '➖ not applicable',
};

const SEVERITY: Record<Severity, string> = { error: '🔴 error', warning: '🟠 warning', info: '🔵 info', hint: '⚪ hint' };

/**
 * Text from the scanned code (messages, file names) as inert Markdown: HTML and entities become text, Markdown
 * punctuation is backslash-escaped, `|` cannot end a table cell, a newline cannot end a row, `@` cannot mention anyone.
 */
export function escapeMarkdown(text: string): string {
  return text
    .replace(/\r\n?|\n/g, ' ')
    .replace(/[\\`*_[\]{}()#+!|~]/g, c => `\\${c}`)
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/@/g, '&#64;');
}

function code(text: string): string {
  // Our own identifiers (rule ids) never hold a backtick; anything else is escaped instead of spanned.
  return /[`\r\n|]/.test(text) ? escapeMarkdown(text) : `\`${text}\``;
}

function table(header: string[], rows: string[][]): string[] {
  return [`| ${header.join(' | ')} |`, `| ${header.map(() => '---').join(' | ')} |`, ...rows.map(r => `| ${r.join(' | ')} |`)];
}

/** A report to read in a pull request or a wiki: summary, checklist tables per area, the most severe findings. */
export function renderMarkdown(input: ReportInput, options: MarkdownOptions = {}): string {
  const base = (options.linkBase ?? '').replace(/\\/g, '/');
  const linkBase = base && !base.endsWith('/') ? `${encodePath(base)}/` : encodePath(base);
  const max = options.maxFindings ?? 50;
  const counts = countBySeverity(input.findings);
  const out: string[] = [];
  out.push(`# ${escapeMarkdown(input.tool.name)} report`, '');
  const bySeverity = SEVERITIES.filter(s => counts[s] > 0).map(s => plural(counts[s], s));
  out.push(
    `Role **${escapeMarkdown(input.role)}** · ${plural(input.files, 'file')} scanned · `
    + `**${plural(counts.total, 'finding')}**${bySeverity.length ? ` (${bySeverity.join(', ')})` : ''} · `
    + `${input.durationMs} ms · ${escapeMarkdown(input.generatedAt)} · ${escapeMarkdown(input.tool.name)} ${escapeMarkdown(input.tool.version)}`,
    '',
  );
  if (input.baselineSuppressed) out.push(`${plural(input.baselineSuppressed, 'finding')} from the baseline not shown.`, '');

  out.push('## Summary', '');
  out.push(...table(['Severity', 'Findings'], SEVERITIES.map(s => [SEVERITY[s], String(counts[s])])), '');
  out.push(...table(['Area', 'Passed', 'Findings'], input.areas.map(a => [
    escapeMarkdown(a.title), `${a.passed}/${a.total}`, String(a.items.reduce((n, e) => n + e.findings.length, 0)),
  ])), '');

  out.push('## Checklist', '');
  for (const a of input.areas) {
    out.push(`### ${escapeMarkdown(a.title)} (${a.passed}/${a.total})`, '');
    if (!a.items.length) {
      out.push('No items for this role.', '');
      continue;
    }
    out.push(...table(['Item', 'Status', 'Findings'], a.items.map(e => [
      escapeMarkdown(e.item.title), STATUS[e.status], String(e.findings.length),
    ])), '');
  }

  out.push('## Top findings', '');
  const top = [...input.findings].sort(compareBySeverity).slice(0, max);
  if (!top.length) {
    out.push('No findings.', '');
  } else {
    out.push(...table(['Severity', 'Rule', 'Location', 'Message'], top.map(f => {
      const line = f.range.start.line + 1;
      const where = `[${escapeMarkdown(`${f.file}:${line}`)}](${linkBase}${encodePath(f.file)}#L${line})`;
      return [SEVERITY[f.severity], code(f.ruleId), where, escapeMarkdown(f.message)];
    })), '');
    if (input.findings.length > top.length) {
      out.push(`…and ${plural(input.findings.length - top.length, 'more finding')}; the JSON and SARIF reports list them all.`, '');
    }
  }

  if (input.skipped.length) {
    out.push('## Skipped files', '');
    for (const s of sortedSkipped(input).slice(0, max)) out.push(`- ${escapeMarkdown(s.file)}: ${escapeMarkdown(s.reason)}`);
    if (input.skipped.length > max) out.push(`- …and ${input.skipped.length - max} more`);
    out.push('');
  }
  return `${out.join('\n').trimEnd()}\n`;
}
