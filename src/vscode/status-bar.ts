import * as vscode from 'vscode';
import { CommandId } from './command-ids';
import { Disposable } from './disposable';
import type { WorkspaceScanner } from './workspace-scanner';

/** `$(checklist) passed/total` for the current role; the tooltip breaks it down by area; a click shows the view. */
export class ChecklistStatusBar extends Disposable {
  private readonly item = this.register(vscode.window.createStatusBarItem('backendPractices.status', vscode.StatusBarAlignment.Left, 50));

  constructor(private readonly scanner: WorkspaceScanner) {
    super();
    this.item.name = 'Backend Practices';
    this.item.command = CommandId.ShowChecklist;
    this.register(scanner.onDidChange(() => this.update()));
    this.update();
  }

  get text(): string { return this.item.text; }

  private update(): void {
    const views = this.scanner.folders;
    if (!views.length) { this.item.hide(); return; }
    let passed = 0;
    let total = 0;
    const rows: string[] = ['| Area | Passed |', '| --- | ---: |'];
    const byArea = new Map<string, [number, number]>();
    for (const v of views) {for (const a of v.areas) {
      passed += a.passed;
      total += a.total;
      const [p, t] = byArea.get(a.title) ?? [0, 0];
      byArea.set(a.title, [p + a.passed, t + a.total]);
    }}
    for (const [title, [p, t]] of byArea) if (t) rows.push(`| ${title} | ${p}/${t} |`);
    this.item.text = `$(checklist) ${passed}/${total}`;
    const tooltip = new vscode.MarkdownString(`**Backend Practices** — ${passed} of ${total} checklist items passed\n\n${rows.join('\n')}`);
    this.item.tooltip = tooltip;
    this.item.show();
  }
}
