import type { AreaSummary, ChecklistItem, EvaluatedItem, Finding } from '../model';
import { AREAS } from '../model';
import { AREA_INFO } from './areas';

/** Item status from findings: failing when any linked rule has a finding; manual items await attestation. */
export function evaluateItems(items: readonly ChecklistItem[], findings: readonly Finding[]): EvaluatedItem[] {
  const byRule = new Map<string, Finding[]>();
  for (const f of findings) {
    let list = byRule.get(f.ruleId);
    if (!list) byRule.set(f.ruleId, (list = []));
    list.push(f);
  }
  return items.map(item => {
    if (item.manual) return { item, status: 'needs-attestation', findings: [] };
    const own = item.rules.flatMap(r => byRule.get(r) ?? []);
    return { item, status: own.length ? 'failing' : 'passed', findings: own };
  });
}

/** Group evaluated items by area, in the role document's order; every area appears, even with no items. */
export function summariseAreas(evaluated: readonly EvaluatedItem[]): AreaSummary[] {
  return AREAS.map(area => {
    const items = evaluated.filter(e => e.item.area === area);
    const counted = items.filter(e => e.status !== 'not-applicable');
    return {
      area, title: AREA_INFO[area].title, items,
      passed: counted.filter(e => e.status === 'passed' || e.status === 'attested' || e.status === 'waived').length,
      total: counted.length,
    };
  });
}
