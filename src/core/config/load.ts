import * as fs from 'node:fs';
import * as path from 'node:path';
import Ajv, { type ErrorObject } from 'ajv';
import { LineCounter, parseDocument, isMap, type Document, type Node as YamlNode } from 'yaml';
import schema from '../../../schemas/team-config.schema.json';
import { ROLES, type Role } from '../model';
import { CONFIG_FILE_NAMES, type ConfigProblem, type SourceLocation, type TeamConfig, emptyConfig } from './types';

/** How deep `extends` may nest before we call it a mistake. */
export const MAX_EXTENDS_DEPTH = 10;

export interface LoadOptions {
  /** In an untrusted (Restricted Mode) workspace, `extends` of files and custom patterns/queries are not applied. */
  trusted?: boolean;
  /** Load this file (in `root`) instead of looking for `.backend-practices.yaml|yml|json` (the CLI's --config). */
  fileName?: string;
}

export interface LoadedConfig {
  /** The root config file, relative to the root; undefined when the folder has none. */
  file?: string;
  config: TeamConfig;
  problems: ConfigProblem[];
  /** Every file read (absolute), so an editor can watch them. */
  sources: string[];
  /** What Restricted Mode left out, to say so in the view. */
  restricted: string[];
}

let validator: ReturnType<Ajv['compile']> | undefined;
function validate(data: unknown): ErrorObject[] {
  validator ??= new Ajv({ allErrors: true, strict: false }).compile(schema);
  return validator(data) ? [] : [...(validator.errors ?? [])];
}

/** The team config file of a folder, if any. */
export function findConfigFile(root: string): string | undefined {
  return CONFIG_FILE_NAMES.find(name => fs.existsSync(path.join(root, name)));
}

interface Parsed { doc: Document; lines: LineCounter; text: string }

function location(parsed: Parsed, file: string, range: [number, number] | undefined): SourceLocation {
  const [start, end] = range ?? [0, 0];
  const a = parsed.lines.linePos(start);
  const b = parsed.lines.linePos(Math.max(start, end));
  return { file, line: a.line - 1, column: a.col - 1, endLine: b.line - 1, endColumn: b.col - 1 };
}

/** The YAML node at a JSON pointer (ajv's instancePath), falling back to the closest existing parent. */
function nodeAt(doc: Document, pointer: string, key = false): YamlNode | undefined {
  const parts = pointer.split('/').slice(1).map(p => p.replace(/~1/g, '/').replace(/~0/g, '~')).map(p => (/^\d+$/.test(p) ? Number(p) : p));
  for (let n = parts.length; n >= 0; n--) {
    const node = doc.getIn(parts.slice(0, n), true) as YamlNode | undefined;
    if (node && typeof node === 'object' && 'range' in node) {
      if (key && n === parts.length && n > 0) {
        const parent = doc.getIn(parts.slice(0, n - 1), true);
        if (isMap(parent)) {
          const pair = parent.items.find(p => (p.key as { value?: unknown })?.value === parts[n - 1]);
          const keyNode = pair?.key as YamlNode | undefined;
          if (keyNode?.range) return keyNode;
        }
      }
      return node;
    }
  }
  return undefined;
}

function describe(error: ErrorObject): string {
  const where = error.instancePath ? error.instancePath.slice(1).split('/').map(p => p.replace(/~1/g, '/').replace(/~0/g, '~')).join('.') : 'the config';
  switch (error.keyword) {
    case 'additionalProperties': return `Unknown key '${(error.params as { additionalProperty: string }).additionalProperty}' in ${where}.`;
    case 'enum': return `${where} must be one of: ${(error.params as { allowedValues: unknown[] }).allowedValues.join(', ')}.`;
    case 'required': return `${where} needs '${(error.params as { missingProperty: string }).missingProperty}'.`;
    case 'pattern': return where.endsWith('expires') || where.endsWith('date') ? `${where} must be a date written YYYY-MM-DD.` : `${where} ${error.message}.`;
    case 'propertyNames': return `${where}: rule ids look like <area>/<name>, e.g. security/sql-injection.`;
    default: return `${where} ${error.message}.`;
  }
}

/** The most useful error of a `oneOf` failure tree: drop the "must match exactly one schema" noise when others explain it. */
function usefulErrors(errors: ErrorObject[]): ErrorObject[] {
  const specific = errors.filter(e => e.keyword !== 'oneOf' && e.keyword !== 'if');
  const byPath = new Map<string, ErrorObject>();
  for (const e of specific.length ? specific : errors) {
    const key = `${e.instancePath}|${e.keyword}|${JSON.stringify(e.params)}`;
    if (!byPath.has(key)) byPath.set(key, e);
  }
  // oneOf alternatives report type errors for each branch; keep the deepest path's messages.
  const deepest = [...byPath.values()];
  // A `type` error is noise when another error explains the same or a deeper place (the other oneOf branch).
  return deepest.filter(e => !(e.keyword === 'type' && deepest.some(o => o !== e && o.keyword !== 'type' && o.instancePath.startsWith(e.instancePath))));
}

function resolveExtends(spec: string, fromFile: string): string | undefined {
  if (spec.startsWith('.') || path.isAbsolute(spec)) return path.resolve(path.dirname(fromFile), spec);
  // An installed package's file: look in node_modules of the config's folder and its ancestors (no code runs).
  for (let dir = path.dirname(fromFile); ;) {
    const candidate = path.join(dir, 'node_modules', spec);
    if (fs.existsSync(candidate)) return candidate;
    const parent = path.dirname(dir);
    if (parent === dir) return undefined;
    dir = parent;
  }
}

/** Load, validate and merge a folder's team config and everything it extends. Never throws on bad input. */
export function loadTeamConfig(root: string, options: LoadOptions = {}): LoadedConfig {
  const trusted = options.trusted ?? true;
  const problems: ConfigProblem[] = [];
  const sources: string[] = [];
  const restricted: string[] = [];
  const name = options.fileName ?? findConfigFile(root);
  if (!name) return { config: emptyConfig(), problems, sources, restricted };
  const rel = (abs: string) => (abs.startsWith(root + path.sep) ? path.relative(root, abs).split(path.sep).join('/') : abs);

  const loadFile = (abs: string, chain: string[], at: SourceLocation | undefined): TeamConfig => {
    const merged = emptyConfig();
    const problemAt = (loc: SourceLocation | undefined, message: string, severity: 'error' | 'warning' = 'error') =>
      problems.push({ file: loc?.file ?? rel(abs), line: loc?.line ?? 0, column: loc?.column ?? 0, endLine: loc?.endLine ?? 0, endColumn: loc?.endColumn ?? 0, severity, message });
    if (chain.includes(abs)) { problemAt(at, `extends cycle: ${[...chain, abs].map(rel).join(' → ')}`); return merged; }
    if (chain.length > MAX_EXTENDS_DEPTH) { problemAt(at, `extends is nested more than ${MAX_EXTENDS_DEPTH} levels deep`); return merged; }
    let text: string;
    try {
      text = fs.readFileSync(abs, 'utf8');
    } catch (error) {
      problemAt(at, `cannot read ${rel(abs)}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`);
      return merged;
    }
    sources.push(abs);
    const file = rel(abs);
    const lines = new LineCounter();
    const doc = parseDocument(text, { lineCounter: lines, prettyErrors: false, uniqueKeys: true });
    const parsed: Parsed = { doc, lines, text };
    for (const error of doc.errors) {
      const loc = location(parsed, file, error.pos);
      problems.push({ ...loc, severity: 'error', message: `Syntax error: ${error.message.split('\n')[0]}` });
    }
    if (doc.errors.length) return merged;
    const data = doc.toJS() as unknown;
    if (data === null || data === undefined) return merged; // an empty file is a valid, empty config
    const errors = usefulErrors(validate(data));
    for (const error of errors) {
      const node = nodeAt(doc, error.instancePath, error.keyword === 'additionalProperties');
      let loc = location(parsed, file, node?.range as unknown as [number, number] | undefined);
      if (error.keyword === 'additionalProperties') {
        const parent = nodeAt(doc, error.instancePath);
        if (isMap(parent)) {
          const bad = (error.params as { additionalProperty: string }).additionalProperty;
          const pair = parent.items.find(p => (p.key as { value?: unknown })?.value === bad);
          if ((pair?.key as YamlNode | undefined)?.range) loc = location(parsed, file, (pair!.key as YamlNode).range as unknown as [number, number]);
        }
      }
      problemAt(loc, describe(error));
    }
    if (errors.length) return merged; // an invalid file contributes nothing; the defaults still apply
    const raw = data as Record<string, unknown>;
    const locOf = (pointer: string) => location(parsed, file, nodeAt(doc, pointer)?.range as unknown as [number, number] | undefined);

    // 1. What this file extends comes first.
    const extendsList = raw.extends === undefined ? [] : Array.isArray(raw.extends) ? raw.extends as string[] : [raw.extends as string];
    extendsList.forEach((spec, i) => {
      const pointer = Array.isArray(raw.extends) ? `/extends/${i}` : '/extends';
      const builtin = /^backend-practices:(\w+)$/.exec(spec);
      if (builtin) {
        if ((ROLES as readonly string[]).includes(builtin[1]!)) merged.role = builtin[1] as Role;
        else problemAt(locOf(pointer), `Unknown built-in checklist '${spec}': use backend-practices:junior, :mid, :senior or :lead.`);
        return;
      }
      if (!trusted) { restricted.push(`extends ${spec}`); return; }
      const target = resolveExtends(spec, abs);
      if (!target) { problemAt(locOf(pointer), `Cannot find '${spec}' (relative files and installed packages only; nothing is fetched).`); return; }
      mergeInto(merged, loadFile(target, [...chain, abs], locOf(pointer)));
    });

    // 2. Then this file's own settings, with their locations for later diagnostics.
    const own = emptyConfig();
    if (raw.role) own.role = raw.role as Role;
    own.ignore = (raw.ignore as string[] | undefined) ?? [];
    own.rules = (raw.rules as TeamConfig['rules'] | undefined) ?? {};
    own.overrides = ((raw.overrides as { files: string | string[]; rules: TeamConfig['rules'] }[] | undefined) ?? [])
      .map(o => ({ files: Array.isArray(o.files) ? o.files : [o.files], rules: o.rules }));
    own.items = ((raw.items as TeamConfig['items'] | undefined) ?? []).map((item, i) => ({ ...item, at: locOf(`/items/${i}`) }));
    own.notApplicable = ((raw.notApplicable as TeamConfig['notApplicable'] | undefined) ?? []).map((n, i) => ({ ...n, at: locOf(`/notApplicable/${i}`) }));
    own.waivers = ((raw.waivers as TeamConfig['waivers'] | undefined) ?? []).map((w, i) => ({ ...w, at: locOf(`/waivers/${i}`) }));
    own.attestations = ((raw.attestations as TeamConfig['attestations'] | undefined) ?? []).map((a, i) => ({ ...a, at: locOf(`/attestations/${i}`) }));
    if (!trusted) {
      own.items = own.items.map(item => {
        if (!item.evidence?.pattern && !item.evidence?.query) return item;
        restricted.push(`custom pattern or query of item ${item.id}`);
        const { pattern: _p, query: _q, ...evidence } = item.evidence;
        return { ...item, evidence };
      });
    }
    mergeInto(merged, own);
    return merged;
  };

  const config = loadFile(path.join(root, name), [], undefined);
  return { file: name, config, problems, sources, restricted };
}

/**
 * Merge `later` into `base`: scalars and rules — later wins; items merge by id (later fields win);
 * lists (ignore, overrides, waivers, attestations, not-applicable) accumulate in order.
 */
export function mergeInto(base: TeamConfig, later: TeamConfig): TeamConfig {
  if (later.role) base.role = later.role;
  base.ignore.push(...later.ignore);
  Object.assign(base.rules, later.rules);
  base.overrides.push(...later.overrides);
  for (const item of later.items) {
    const i = base.items.findIndex(b => b.id === item.id);
    if (i >= 0) base.items[i] = { ...base.items[i]!, ...item, evidence: item.evidence ?? base.items[i]!.evidence };
    else base.items.push(item);
  }
  base.notApplicable.push(...later.notApplicable);
  base.waivers.push(...later.waivers);
  base.attestations.push(...later.attestations);
  return base;
}

