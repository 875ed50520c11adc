import { stringify } from 'yaml';
import type { AreaSummary, ChecklistItem, Role } from '../model';
import { AREA_INFO } from '../checklist/areas';

/** The checklist as a team config (items by area), to share or to start another repository's config from. */
export function exportChecklistYaml(role: Role, items: readonly ChecklistItem[]): string {
  const body = {
    role,
    items: items.map(i => ({ id: i.id, area: i.area, level: i.level, title: i.title, why: i.why || undefined, verifiedBy: i.verifiedBy || undefined, ...(i.manual ? { manual: true } : { rules: [...i.rules] }) })),
  };
  return `# Backend Practices checklist for the ${role} role, exported ${new Date().toISOString().slice(0, 10)}.\n${stringify(body, { lineWidth: 120 })}`;
}

const STATUS_MARK: Record<string, string> = { passed: '✅', failing: '❌', 'needs-attestation': '⬜', attested: '☑️', waived: '⏸️', 'not-applicable': '➖' };

/** The checklist as Markdown for a wiki page: one section per area, one task-list line per item. */
export function exportChecklistMarkdown(role: Role, areas: readonly AreaSummary[]): string {
  const out = [`# Backend checklist (${role})`, ''];
  for (const area of areas) {
    if (!area.items.length) continue;
    out.push(`## ${AREA_INFO[area.area].title} (${area.passed}/${area.total})`, '', `_${AREA_INFO[area.area].summary}_`, '');
    for (const e of area.items) {
      const done = e.status === 'passed' || e.status === 'attested' ? 'x' : ' ';
      out.push(`- [${done}] ${STATUS_MARK[e.status] ?? ''} **${e.item.title}** — ${e.item.why.replace(/\s+/g, ' ').trim()}${e.item.manual ? ' _(attested by a person)_' : ''}`);
    }
    out.push('');
  }
  return out.join('\n');
}
