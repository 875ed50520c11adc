import picomatch from 'picomatch';
import type { AreaSummary, ChecklistItem, EvaluatedItem, Finding } from '../model';
import { AREAS } from '../model';
import type { Attestation, NotApplicable, Waiver } from '../config/types';
import { AREA_INFO } from './areas';

/** Team decisions that change an item's status: waivers, attestations, not-applicable marks (all unexpired). */
export interface Decisions { waivers?: readonly Waiver[]; attestations?: readonly Attestation[]; notApplicable?: readonly NotApplicable[] }

/** Split findings into those that count and those a rule waiver covers (its rule, and its paths if it names any). */
export function applyWaivers(findings: readonly Finding[], waivers: readonly Waiver[] = []): { kept: Finding[]; waived: Finding[] } {
  const matchers = waivers.filter(w => w.rule).map(w => ({ rule: w.rule!, match: w.paths?.length ? picomatch(w.paths, { dot: true }) : () => true }));
  const kept: Finding[] = [];
  const waived: Finding[] = [];
  for (const f of findings) (matchers.some(m => m.rule === f.ruleId && m.match(f.file)) ? waived : kept).push(f);
  return { kept, waived };
}

/**
 * Item status from findings and team decisions: not applicable and item waivers first; an auto item fails on any
 * counted finding of its rules, is waived when only waived findings remain, passes otherwise; a manual item is
 * attested by an unexpired attestation or awaits one.
 */
export function evaluateItems(items: readonly ChecklistItem[], findings: readonly Finding[], decisions: Decisions = {}, waivedFindings: readonly Finding[] = []): EvaluatedItem[] {
  const byRule = new Map<string, Finding[]>();
  for (const f of findings) {
    let list = byRule.get(f.ruleId);
    if (!list) byRule.set(f.ruleId, (list = []));
    list.push(f);
  }
  const waivedRules = new Set(waivedFindings.map(f => f.ruleId));
  return items.map(item => {
    if (decisions.notApplicable?.some(n => n.item === item.id)) return { item, status: 'not-applicable', findings: [] };
    if (decisions.waivers?.some(w => w.item === item.id)) return { item, status: 'waived', findings: [] };
    if (item.manual) {
      const attested = decisions.attestations?.some(a => a.item === item.id);
      return { item, status: attested ? 'attested' : 'needs-attestation', findings: [] };
    }
    const own = item.rules.flatMap(r => byRule.get(r) ?? []);
    if (own.length) return { item, status: 'failing', findings: own };
    return { item, status: item.rules.some(r => waivedRules.has(r)) ? 'waived' : 'passed', findings: [] };
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
