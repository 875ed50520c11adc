import * as path from 'node:path';
import { parse as parseYaml } from 'yaml';
import * as vscode from 'vscode';
import type { Role } from '../../core/model';
import { ROLES } from '../../core/model';
import { addAttestation, addNotApplicable, addWaiver, gitUserName, importChecklist, setRole } from '../../core/config/edit';
import { findConfigFile } from '../../core/config/load';
import { starterConfig } from '../../core/config/starter';
import { todayIso } from '../../core/config/effective';
import { exportChecklistMarkdown, exportChecklistYaml } from '../../core/config/export';
import { RULES_BY_ID } from '../../core/rules';
import type { ChecklistNode } from '../checklist-tree';
import { editTeamConfig, pickFolder } from '../config-writer';
import type { WorkspaceScanner } from '../workspace-scanner';

const ROLE_PICKS = [
  { label: 'junior', description: 'Foundations every backend developer is held to' },
  { label: 'mid', description: 'Junior, plus what an independent developer owns' },
  { label: 'senior', description: 'Mid, plus system design, performance and operations (default)' },
  { label: 'lead', description: 'Senior, plus reviews, mentoring and architecture decisions' },
];

async function pickRole(placeHolder: string, current?: Role): Promise<Role | undefined> {
  const pick = await vscode.window.showQuickPick(ROLE_PICKS.map(p => ({ ...p, picked: p.label === current, detail: p.label === current ? 'current' : undefined })), { placeHolder });
  return pick?.label as Role | undefined;
}

function inAQuarter(): string {
  return new Date(Date.now() + 90 * 86_400_000).toISOString().slice(0, 10);
}

const DATE = /^\d{4}-\d{2}-\d{2}$/;

async function report(error: unknown): Promise<undefined> {
  await vscode.window.showErrorMessage(`Backend Practices: ${(error as Error).message}`);
  return undefined;
}

/** Create Team Checklist: a commented starter `.backend-practices.yaml` for the chosen role, opened for editing. */
export async function createTeamChecklist(role?: Role): Promise<vscode.Uri | undefined> {
  const folder = await pickFolder();
  if (!folder) return undefined;
  const existing = findConfigFile(folder.uri.fsPath);
  if (existing) {
    const uri = vscode.Uri.joinPath(folder.uri, existing);
    await vscode.window.showTextDocument(uri);
    void vscode.window.showInformationMessage(`${existing} already exists; opened it.`);
    return uri;
  }
  const chosen = role ?? await pickRole('Role whose checklist the team holds itself to');
  if (!chosen) return undefined;
  const uri = await editTeamConfig(folder, () => starterConfig(chosen));
  await vscode.window.showTextDocument(uri);
  return uri;
}

/** Select Role: in the team config when there is one (shared with the team), else in the workspace settings. */
export async function selectRole(scanner: WorkspaceScanner, role?: Role): Promise<Role | undefined> {
  const folder = await pickFolder();
  const view = scanner.folders.find(v => v.folder.uri.toString() === folder?.uri.toString());
  const chosen = role ?? await pickRole('Role whose checklist applies', view?.config.role);
  if (!chosen || !(ROLES as readonly string[]).includes(chosen)) return undefined;
  if (folder && findConfigFile(folder.uri.fsPath)) {
    try { await editTeamConfig(folder, (name, text) => setRole(name, text, chosen)); } catch (error) { return report(error); }
    scanner.reevaluate();
  } else {
    await vscode.workspace.getConfiguration('backendPractices').update('role', chosen, folder ? vscode.ConfigurationTarget.Workspace : vscode.ConfigurationTarget.Global);
  }
  return chosen;
}

/** Attest a manual item: writes who (git user name), today's date, an optional expiry and note. */
export async function attestItem(scanner: WorkspaceScanner, node?: ChecklistNode | string, answers?: { note?: string; expires?: string }): Promise<void> {
  const folder = node && typeof node !== 'string' ? node.view.folder : await pickFolder();
  if (!folder) return;
  const view = scanner.folders.find(v => v.folder.uri.toString() === folder.uri.toString());
  let itemId = typeof node === 'string' ? node : node?.kind === 'item' ? node.evaluated.item.id : undefined;
  if (!itemId) {
    const manual = view?.areas.flatMap(a => a.items).filter(e => e.item.manual) ?? [];
    const pick = await vscode.window.showQuickPick(manual.map(e => ({ label: e.item.title, description: e.status, id: e.item.id })), { placeHolder: 'Item to attest' });
    itemId = pick?.id;
  }
  if (!itemId) return;
  const note = answers?.note ?? await vscode.window.showInputBox({ prompt: 'Note (optional): how you know it holds', placeHolder: 'e.g. reviewed in the architecture guild on …' });
  if (note === undefined) return;
  const expires = answers?.expires ?? await vscode.window.showInputBox({ prompt: 'Expires (YYYY-MM-DD, optional)', value: inAQuarter(), validateInput: v => (!v || DATE.test(v) ? undefined : 'YYYY-MM-DD') });
  if (expires === undefined) return;
  try {
    await editTeamConfig(folder, (name, text) => addAttestation(name, text, { item: itemId!, by: gitUserName(folder.uri.fsPath), date: todayIso(), expires: expires || undefined, note: note || undefined }));
  } catch (error) { await report(error); }
}

/** Waive a finding's rule (for its file, or a glob) or a whole item, with reason, owner and expiry. */
export async function waive(scanner: WorkspaceScanner, target?: ChecklistNode | { uri: vscode.Uri; ruleId: string }, answers?: { reason?: string; owner?: string; expires?: string; paths?: string }): Promise<void> {
  let folder: vscode.WorkspaceFolder | undefined;
  let rule: string | undefined;
  let item: string | undefined;
  let defaultPath = '';
  if (target && 'uri' in target) {
    folder = vscode.workspace.getWorkspaceFolder(target.uri);
    rule = target.ruleId;
    if (folder) defaultPath = path.relative(folder.uri.fsPath, target.uri.fsPath).split(path.sep).join('/');
  } else if (target?.kind === 'finding') {
    folder = target.view.folder; rule = target.finding.ruleId; defaultPath = target.finding.file;
  } else if (target?.kind === 'item') {
    folder = target.view.folder; item = target.evaluated.item.id;
  } else folder = await pickFolder();
  if (!folder) return;
  if (!rule && !item) {
    const view = scanner.folders.find(v => v.folder.uri.toString() === folder!.uri.toString());
    const pick = await vscode.window.showQuickPick((view?.areas.flatMap(a => a.items) ?? []).map(e => ({ label: e.item.title, description: e.status, id: e.item.id })), { placeHolder: 'Item to waive' });
    item = pick?.id;
    if (!item) return;
  }
  const paths = rule ? answers?.paths ?? await vscode.window.showInputBox({ prompt: `Paths the waiver of ${rule} covers (comma-separated globs; empty = everywhere)`, value: defaultPath }) : '';
  if (paths === undefined) return;
  const reason = answers?.reason ?? await vscode.window.showInputBox({ prompt: 'Why is this gap accepted?', validateInput: v => (v.trim() ? undefined : 'A waiver needs a reason') });
  if (!reason) return;
  const owner = answers?.owner ?? await vscode.window.showInputBox({ prompt: 'Owner (who will close the gap)', value: gitUserName(folder.uri.fsPath), validateInput: v => (v.trim() ? undefined : 'A waiver needs an owner') });
  if (!owner) return;
  const expires = answers?.expires ?? await vscode.window.showInputBox({ prompt: 'Expires (YYYY-MM-DD)', value: inAQuarter(), validateInput: v => (DATE.test(v) ? undefined : 'YYYY-MM-DD') });
  if (!expires) return;
  try {
    await editTeamConfig(folder, (name, text) => addWaiver(name, text, {
      ...(rule ? { rule } : { item }), paths: paths ? paths.split(',').map(p => p.trim()).filter(Boolean) : undefined, reason, owner, expires,
    }));
  } catch (error) { await report(error); }
}

/** Mark an item not applicable to this repository, with the reason. */
export async function markNotApplicable(node?: ChecklistNode, answers?: { reason?: string }): Promise<void> {
  if (node?.kind !== 'item') return;
  const reason = answers?.reason ?? await vscode.window.showInputBox({ prompt: `Why does "${node.evaluated.item.title}" not apply here?`, validateInput: v => (v.trim() ? undefined : 'Say why') });
  if (!reason) return;
  try {
    await editTeamConfig(node.view.folder, (name, text) => addNotApplicable(name, text, { item: node.evaluated.item.id, reason, by: gitUserName(node.view.folder.uri.fsPath) }));
  } catch (error) { await report(error); }
}

/** Import a checklist file: its items (merged by id) and rule settings go into the team config. */
export async function importChecklistFile(file?: vscode.Uri): Promise<void> {
  const folder = await pickFolder();
  if (!folder) return;
  const source = file ?? (await vscode.window.showOpenDialog({ canSelectMany: false, filters: { 'Checklist': ['yaml', 'yml', 'json'] }, openLabel: 'Import checklist' }))?.[0];
  if (!source) return;
  let imported: { items?: []; rules?: Record<string, unknown> };
  try {
    imported = (parseYaml(Buffer.from(await vscode.workspace.fs.readFile(source)).toString('utf8')) ?? {}) as typeof imported;
  } catch (error) { await report(new Error(`${path.basename(source.fsPath)} is not valid YAML/JSON: ${(error as Error).message}`)); return; }
  try {
    await editTeamConfig(folder, (name, text) => importChecklist(name, text, imported));
    void vscode.window.showInformationMessage(`Imported ${imported.items?.length ?? 0} items and ${Object.keys(imported.rules ?? {}).length} rule settings.`);
  } catch (error) { await report(error); }
}

/** Export the checklist as YAML (a team config) or Markdown (for a wiki). */
export async function exportChecklist(scanner: WorkspaceScanner, format?: 'yaml' | 'markdown', target?: vscode.Uri): Promise<vscode.Uri | undefined> {
  const folder = await pickFolder();
  const view = scanner.folders.find(v => v.folder.uri.toString() === folder?.uri.toString());
  if (!folder || !view) { void vscode.window.showWarningMessage('Scan the workspace first.'); return undefined; }
  const chosen = format ?? ((await vscode.window.showQuickPick([{ label: 'YAML', id: 'yaml' as const, description: 'a team config with the items' }, { label: 'Markdown', id: 'markdown' as const, description: 'for a wiki page' }], { placeHolder: 'Export format' }))?.id);
  if (!chosen) return undefined;
  const text = chosen === 'yaml' ? exportChecklistYaml(view.config.role, view.config.items) : exportChecklistMarkdown(view.config.role, view.areas);
  const uri = target ?? await vscode.window.showSaveDialog({ defaultUri: vscode.Uri.joinPath(folder.uri, chosen === 'yaml' ? 'checklist.yaml' : 'CHECKLIST.md') });
  if (!uri) return undefined;
  await vscode.workspace.fs.writeFile(uri, Buffer.from(text, 'utf8'));
  if (!target) {
    const open = await vscode.window.showInformationMessage(`Exported the checklist to ${path.basename(uri.fsPath)}.`, 'Open');
    if (open) await vscode.window.showTextDocument(uri);
  }
  return uri;
}

export function ruleTitle(ruleId: string): string {
  return RULES_BY_ID.get(ruleId)?.meta.title ?? ruleId;
}
