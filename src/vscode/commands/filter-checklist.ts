import * as vscode from 'vscode';
import type { Area, Severity } from '../../core/model';
import { AREAS } from '../../core/model';
import { AREA_INFO } from '../../core/checklist/areas';
import type { ChecklistFilter, ChecklistTreeProvider } from '../checklist-tree';

type Pick = vscode.QuickPickItem & { apply: (f: ChecklistFilter) => void };

/** Filter the checklist: failing only, some areas, a minimum severity. */
export async function filterChecklist(tree: ChecklistTreeProvider): Promise<void> {
  const current = tree.filter;
  const picks: Pick[] = [
    { label: 'Failing and open items only', picked: current.failingOnly, apply: f => { f.failingOnly = true; } },
    { label: 'Areas', kind: vscode.QuickPickItemKind.Separator, apply: () => undefined },
    ...AREAS.map(area => ({ label: AREA_INFO[area].title, description: area, picked: current.areas?.includes(area) ?? false, apply: (f: ChecklistFilter) => { (f.areas ??= []).push(area as Area); } })),
    { label: 'Findings at least as severe as', kind: vscode.QuickPickItemKind.Separator, apply: () => undefined },
    ...(['error', 'warning'] as Severity[]).map(s => ({ label: `Severity: ${s}`, picked: current.minSeverity === s, apply: (f: ChecklistFilter) => { f.minSeverity = s; } })),
  ];
  const chosen = await vscode.window.showQuickPick(picks, { canPickMany: true, placeHolder: 'Show… (nothing selected shows everything)' });
  if (!chosen) return;
  const next: ChecklistFilter = { failingOnly: false };
  for (const p of chosen) p.apply(next);
  tree.filter = next;
}
