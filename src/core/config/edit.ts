import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { isMap, isSeq, parseDocument, YAMLMap, YAMLSeq, type Document } from 'yaml';
import type { Role } from '../model';
import type { Attestation, CustomItem, NotApplicable, Waiver } from './types';

/**
 * Edits of a team config that keep the file's comments, order and formatting (the `yaml` Document API for YAML;
 * JSON files stay JSON). Each function takes the file's text and returns the new text; the caller writes it.
 */
type Json = Record<string, unknown>;

function isJson(fileName: string): boolean {
  return fileName.endsWith('.json');
}

function editYaml(text: string, edit: (doc: Document) => void): string {
  const doc = parseDocument(text || '{}\n');
  if (doc.errors.length) throw new Error(`the config has a syntax error (${doc.errors[0]!.message.split('\n')[0]}); fix it first`);
  if (!isMap(doc.contents)) doc.contents = new YAMLMap() as never;
  edit(doc);
  return String(doc);
}

function editJson(text: string, edit: (data: Json) => void): string {
  const data = (text.trim() ? JSON.parse(text) : {}) as Json;
  edit(data);
  return `${JSON.stringify(data, null, 2)}\n`;
}

/** Append an entry to a top-level list (creating it), in block style even when the list was written `[]`. */
function appendTo(fileName: string, text: string, key: string, entry: Json): string {
  const clean = Object.fromEntries(Object.entries(entry).filter(([, v]) => v !== undefined && v !== ''));
  if (isJson(fileName)) return editJson(text, data => { data[key] = [...((data[key] as unknown[]) ?? []), clean]; });
  return editYaml(text, doc => {
    let seq = doc.get(key, true);
    if (!isSeq(seq)) { seq = new YAMLSeq(); doc.set(key, seq); }
    const list = seq as YAMLSeq;
    if (list.flow && list.comment) {
      // `waivers: [] # none yet` becomes a block list: keep the comment on the key's line, not after the list.
      const pair = (doc.contents as YAMLMap).items.find(p => (p.key as { value?: unknown })?.value === key);
      if (pair && pair.key && typeof pair.key === 'object') { (pair.key as { comment?: string }).comment = list.comment; list.comment = undefined; }
    }
    list.flow = false;
    list.add(doc.createNode(clean));
  });
}

export function setRole(fileName: string, text: string, role: Role): string {
  if (isJson(fileName)) return editJson(text, data => { data.role = role; });
  return editYaml(text, doc => { doc.set('role', role); });
}

export function addAttestation(fileName: string, text: string, a: Omit<Attestation, 'at'>): string {
  return appendTo(fileName, text, 'attestations', { item: a.item, by: a.by, date: a.date, expires: a.expires, note: a.note });
}

export function addWaiver(fileName: string, text: string, w: Omit<Waiver, 'at'>): string {
  return appendTo(fileName, text, 'waivers', { rule: w.rule, item: w.item, paths: w.paths?.length ? w.paths : undefined, reason: w.reason, owner: w.owner, expires: w.expires });
}

export function addNotApplicable(fileName: string, text: string, n: Omit<NotApplicable, 'at'>): string {
  return appendTo(fileName, text, 'notApplicable', { item: n.item, reason: n.reason, by: n.by });
}

/** Import items (merged by id: an existing id is replaced) and rules (later wins) from another checklist. */
export function importChecklist(fileName: string, text: string, imported: { items?: CustomItem[]; rules?: Record<string, unknown> }): string {
  const items = (imported.items ?? []).map(({ at: _at, ...rest }) => rest);
  if (isJson(fileName)) {
    return editJson(text, data => {
      const list = ((data.items as CustomItem[]) ?? []).filter(i => !items.some(n => n.id === i.id));
      data.items = [...list, ...items];
      data.rules = { ...((data.rules as Json) ?? {}), ...(imported.rules ?? {}) };
    });
  }
  return editYaml(text, doc => {
    let seq = doc.get('items', true);
    if (!isSeq(seq)) { seq = new YAMLSeq(); doc.set('items', seq); }
    const list = seq as YAMLSeq;
    list.flow = false;
    for (const item of items) {
      const existing = list.items.findIndex(n => isMap(n) && n.get('id') === item.id);
      if (existing >= 0) list.items[existing] = doc.createNode(item) as never; else list.add(doc.createNode(item));
    }
    for (const [id, setting] of Object.entries(imported.rules ?? {})) doc.setIn(['rules', id], doc.createNode(setting));
  });
}

/** Write a file atomically: a crash never leaves half a config behind. */
export function writeAtomically(file: string, text: string): void {
  const tmp = `${file}.${process.pid}.tmp`;
  fs.writeFileSync(tmp, text);
  fs.renameSync(tmp, file);
}

/**
 * The author's name as git knows it, read from the repository's and the user's git config files (nothing is run),
 * falling back to the OS user name.
 */
export function gitUserName(root: string): string {
  const files = [path.join(root, '.git', 'config'), path.join(os.homedir(), '.gitconfig'), path.join(process.env.XDG_CONFIG_HOME || path.join(os.homedir(), '.config'), 'git', 'config')];
  for (const file of files) {
    let text: string;
    try { text = fs.readFileSync(file, 'utf8'); } catch { continue; }
    let inUser = false;
    for (const line of text.split(/\r?\n/)) {
      const section = /^\s*\[([^\]]+)\]/.exec(line);
      if (section) { inUser = section[1]!.trim().toLowerCase() === 'user'; continue; }
      const name = inUser && /^\s*name\s*=\s*(.+?)\s*$/.exec(line);
      if (name) return name[1]!.replace(/^"(.*)"$/, '$1');
    }
  }
  try { return os.userInfo().username; } catch { return 'unknown'; }
}
