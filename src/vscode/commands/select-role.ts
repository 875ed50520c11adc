import * as vscode from 'vscode';
import type { Role } from '../../core/model';

const DESCRIPTIONS: Record<Role, string> = {
  junior: 'Foundations: secrets, errors, tests that run',
  mid: 'Junior, plus independent delivery: validation, timeouts, CI',
  senior: 'Mid, plus design, performance and operations (default)',
  lead: 'Senior, plus team practices: reviews, mentoring, architecture decisions',
};

/** Pick the role whose checklist applies; stored in the workspace's `backendPractices.role` setting. */
export async function selectRole(role?: Role): Promise<Role | undefined> {
  const current = vscode.workspace.getConfiguration('backendPractices').get<Role>('role', 'senior');
  const picked = role ?? (await vscode.window.showQuickPick(
    (Object.keys(DESCRIPTIONS) as Role[]).map(r => ({ label: r, description: DESCRIPTIONS[r], picked: r === current, detail: r === current ? 'current' : undefined })),
    { placeHolder: 'Role whose checklist applies to this workspace' },
  ))?.label as Role | undefined;
  if (!picked) return undefined;
  const target = vscode.workspace.workspaceFolders?.length ? vscode.ConfigurationTarget.Workspace : vscode.ConfigurationTarget.Global;
  await vscode.workspace.getConfiguration('backendPractices').update('role', picked, target);
  return picked;
}
