import picomatch from 'picomatch';
import type { ChecklistItem, Role, Severity } from '../model';
import { ROLES } from '../model';
import { ITEMS } from '../checklist/items/index';
import { itemsForRole } from '../checklist/roles';
import type { AnalyzeOptions } from '../engine/analyze-file';
import type { LoadedConfig } from './load';
import type { Attestation, ConfigProblem, CustomItemEvidence, NotApplicable, RuleSetting, SourceLocation, Waiver } from './types';

/** The rule id under which a custom evidence item reports its findings. */
export const customRuleId = (itemId: string) => `custom/${itemId.replace(/[^a-z0-9-]+/g, '-')}`;

/** A team config resolved against the built-in checklist: what the engine and the checklist actually use. */
export interface EffectiveConfig {
  role: Role;
  items: ChecklistItem[];
  /** Custom items whose evidence the engine checks, by item id. */
  evidence: Map<string, CustomItemEvidence>;
  ignore: string[];
  waivers: Waiver[];
  attestations: Attestation[];
  notApplicable: NotApplicable[];
  /** Severities and options for one file, after `rules` and the matching `overrides`. */
  optionsFor(rel: string): AnalyzeOptions;
  baseOptions: AnalyzeOptions;
  /** Validation problems plus expired waivers and attestations, each at its line. */
  problems: ConfigProblem[];
  restricted: string[];
  configFile?: string;
  /** Every config file read (absolute paths), to watch. */
  sources: string[];
}

export interface ResolveOptions {
  /** A role that beats the config's (the CLI's --role). */
  roleOverride?: Role;
  /** The role when the config names none (the editor setting); default senior. */
  roleFallback?: Role;
  /** User-level severities (the editor setting); the team config's `rules` win over them. */
  userSeverities?: Record<string, Severity | 'off'>;
  /** Today's date, YYYY-MM-DD (tests fix it). */
  today?: string;
}

function split(setting: RuleSetting): [Severity | 'off', Record<string, unknown> | undefined] {
  return Array.isArray(setting) ? [setting[0], setting[1]] : [setting, undefined];
}

export function todayIso(date = new Date()): string {
  return date.toISOString().slice(0, 10);
}

function expiredProblem(at: SourceLocation | undefined, file: string | undefined, message: string): ConfigProblem {
  return { file: at?.file ?? file ?? '', line: at?.line ?? 0, column: at?.column ?? 0, endLine: at?.endLine ?? 0, endColumn: at?.endColumn ?? 0, severity: 'warning', message };
}

export function resolveConfig(loaded: LoadedConfig, options: ResolveOptions = {}): EffectiveConfig {
  const { config } = loaded;
  const today = options.today ?? todayIso();
  const role = options.roleOverride ?? config.role ?? options.roleFallback ?? 'senior';
  const problems = [...loaded.problems];

  const severities: Record<string, Severity | 'off'> = { ...(options.userSeverities ?? {}) };
  const ruleOptions: Record<string, Record<string, unknown>> = {};
  for (const [id, setting] of Object.entries(config.rules)) {
    const [severity, opts] = split(setting);
    severities[id] = severity;
    if (opts) ruleOptions[id] = opts;
  }
  const baseOptions: AnalyzeOptions = { severities, ruleOptions };
  const overrides = config.overrides.map(o => ({ match: picomatch(o.files, { dot: true }), rules: o.rules }));
  const optionsFor = (rel: string): AnalyzeOptions => {
    const applicable = overrides.filter(o => o.match(rel));
    if (!applicable.length) return baseOptions;
    const s = { ...severities };
    const ro = { ...ruleOptions };
    for (const o of applicable) {for (const [id, setting] of Object.entries(o.rules)) {
      const [severity, opts] = split(setting);
      s[id] = severity;
      if (opts) ro[id] = opts;
    }}
    return { severities: s, ruleOptions: ro };
  };

  // Built-in items of the role, then custom items merged by id (a custom id equal to a built-in one refines it).
  const items = itemsForRole(role).map(i => ({ ...i }));
  const evidence = new Map<string, CustomItemEvidence>();
  const rank = ROLES.indexOf(role);
  for (const custom of config.items) {
    const builtIn = ITEMS.find(i => i.id === custom.id);
    if (custom.level && ROLES.indexOf(custom.level) > rank) { const i = items.findIndex(x => x.id === custom.id); if (i >= 0) items.splice(i, 1); continue; }
    const rules = [...(custom.rules ?? builtIn?.rules ?? [])];
    if (custom.evidence && Object.keys(custom.evidence).length) { evidence.set(custom.id, custom.evidence); rules.push(customRuleId(custom.id)); }
    const merged: ChecklistItem = {
      id: custom.id,
      area: custom.area ?? builtIn?.area ?? 'code',
      level: custom.level ?? builtIn?.level ?? 'junior',
      title: custom.title ?? builtIn?.title ?? custom.id,
      why: custom.why ?? builtIn?.why ?? '',
      verifiedBy: custom.verifiedBy ?? builtIn?.verifiedBy ?? (custom.manual ? 'Attested by a person in the team config.' : 'Evidence defined in the team config.'),
      rules: custom.manual ? [] : rules,
      ...(custom.manual || (!rules.length && !builtIn) ? { manual: true } : {}),
    };
    const i = items.findIndex(x => x.id === custom.id);
    if (i >= 0) items[i] = merged; else items.push(merged);
  }

  const waivers: Waiver[] = [];
  for (const w of config.waivers) {
    if (w.expires < today) problems.push(expiredProblem(w.at, loaded.file, `Waiver of ${w.rule ?? w.item} expired on ${w.expires} (owner ${w.owner}): it no longer counts. Fix the gap, or renew the waiver with a new date.`));
    else waivers.push(w);
  }
  const attestations: Attestation[] = [];
  for (const a of config.attestations) {
    if (a.expires && a.expires < today) problems.push(expiredProblem(a.at, loaded.file, `Attestation of ${a.item} by ${a.by} expired on ${a.expires}: the item needs attesting again.`));
    else attestations.push(a);
  }
  const known = new Set(items.map(i => i.id));
  for (const ref of [...config.attestations, ...config.notApplicable, ...config.waivers.filter(w => w.item)]) {
    const id = ref.item!;
    if (!known.has(id) && !ITEMS.some(i => i.id === id)) problems.push(expiredProblem(ref.at, loaded.file, `Unknown checklist item '${id}'.`));
  }
  return {
    role, items, evidence, ignore: config.ignore, waivers, attestations, notApplicable: config.notApplicable,
    optionsFor, baseOptions, problems, restricted: loaded.restricted, configFile: loaded.file, sources: loaded.sources,
  };
}
