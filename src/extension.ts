import * as vscode from 'vscode';
import { CommandId } from './vscode/command-ids';
import { WorkspaceScanner } from './vscode/workspace-scanner';
import { DiagnosticsPublisher } from './vscode/diagnostics';
import { ChecklistTreeProvider } from './vscode/checklist-tree';
import { scanWorkspace } from './vscode/commands/scan-workspace';
import { openFinding } from './vscode/commands/open-finding';
import { openRuleDocs } from './vscode/commands/open-rule-docs';

/** What the extension exports to tests and other extensions. */
export interface BackendPracticesApi {
  readonly scanner: WorkspaceScanner;
  readonly checklist: ChecklistTreeProvider;
}

export function activate(context: vscode.ExtensionContext): BackendPracticesApi {
  const started = performance.now();
  const scanner = new WorkspaceScanner();
  const checklist = new ChecklistTreeProvider(scanner);
  context.subscriptions.push(
    scanner,
    new DiagnosticsPublisher(scanner, context.extensionUri),
    checklist,
    vscode.window.createTreeView('backendPractices.checklist', { treeDataProvider: checklist, showCollapseAll: true }),
    vscode.commands.registerCommand(CommandId.ScanWorkspace, () => scanWorkspace(scanner)),
    vscode.commands.registerCommand(CommandId.OpenFinding, openFinding),
    vscode.commands.registerCommand(CommandId.OpenRuleDocs, (target?: Parameters<typeof openRuleDocs>[1]) => openRuleDocs(context.extensionUri, target)),
  );
  if (vscode.workspace.workspaceFolders?.length) void scanWorkspace(scanner);
  const activationMs = performance.now() - started;
  console.log(`[backend-practices] activated in ${activationMs.toFixed(1)} ms`);
  return { scanner, checklist };
}

export function deactivate(): void {
  // Everything is disposed through context.subscriptions.
}
