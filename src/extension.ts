import * as vscode from 'vscode';
import { CommandId } from './vscode/command-ids';
import { WorkspaceScanner } from './vscode/workspace-scanner';
import { DiagnosticsPublisher } from './vscode/diagnostics';
import { ChecklistTreeProvider } from './vscode/checklist-tree';
import { FindingCodeActions } from './vscode/code-actions';
import { FindingHoverProvider } from './vscode/hover';
import { ChecklistStatusBar } from './vscode/status-bar';
import { LiveAnalysis } from './vscode/live-analysis';
import { readSettings, type Settings } from './vscode/settings';
import { scanWorkspace } from './vscode/commands/scan-workspace';
import { openFinding } from './vscode/commands/open-finding';
import { openRuleDocs } from './vscode/commands/open-rule-docs';
import { suppressFinding } from './vscode/commands/suppress-finding';
import { selectRole } from './vscode/commands/select-role';
import { filterChecklist } from './vscode/commands/filter-checklist';

/** What the extension exports to tests and other extensions. */
export interface BackendPracticesApi {
  readonly scanner: WorkspaceScanner;
  readonly checklist: ChecklistTreeProvider;
  readonly statusBar: ChecklistStatusBar;
  readonly activationMs: number;
}

const SOURCE_SELECTOR: vscode.DocumentSelector = ['javascript', 'javascriptreact', 'typescript', 'typescriptreact', 'python', 'java', 'go', 'ruby', 'php']
  .map(language => ({ language, scheme: 'file' }));

export function activate(context: vscode.ExtensionContext): BackendPracticesApi {
  const started = performance.now();
  let settings: Settings = readSettings();
  const cacheDir = (context.storageUri ?? context.globalStorageUri).fsPath;
  const scanner = new WorkspaceScanner(settings, cacheDir);
  const checklist = new ChecklistTreeProvider(scanner);
  const treeView = vscode.window.createTreeView('backendPractices.checklist', { treeDataProvider: checklist, showCollapseAll: true });
  const updateBadge = () => {
    const gaps = checklist.openGaps();
    treeView.badge = gaps ? { value: gaps, tooltip: `${gaps} open checklist item${gaps === 1 ? '' : 's'}` } : undefined;
  };
  const statusBar = new ChecklistStatusBar(scanner);
  const runScan = (background = false) => (settings.enable ? scanWorkspace(scanner, background) : Promise.resolve({ files: 0, findings: 0, durationMs: 0 }));
  context.subscriptions.push(
    scanner,
    new DiagnosticsPublisher(scanner, context.extensionUri),
    checklist,
    treeView,
    statusBar,
    scanner.onDidChange(updateBadge),
    new LiveAnalysis(scanner, () => settings),
    vscode.languages.registerCodeActionsProvider(SOURCE_SELECTOR, new FindingCodeActions(scanner), { providedCodeActionKinds: FindingCodeActions.kinds }),
    vscode.languages.registerHoverProvider(SOURCE_SELECTOR, new FindingHoverProvider(scanner, context.extensionUri)),
    vscode.commands.registerCommand(CommandId.ScanWorkspace, () => runScan()),
    vscode.commands.registerCommand(CommandId.OpenFinding, openFinding),
    vscode.commands.registerCommand(CommandId.OpenRuleDocs, (target?: Parameters<typeof openRuleDocs>[1]) => openRuleDocs(context.extensionUri, target)),
    vscode.commands.registerCommand(CommandId.SuppressFinding, suppressFinding),
    vscode.commands.registerCommand(CommandId.SelectRole, selectRole),
    vscode.commands.registerCommand(CommandId.FilterChecklist, () => filterChecklist(checklist)),
    vscode.commands.registerCommand(CommandId.ClearFilter, () => { checklist.filter = { failingOnly: false }; }),
    vscode.commands.registerCommand(CommandId.ShowChecklist, () => vscode.commands.executeCommand('backendPractices.checklist.focus')),
    vscode.workspace.onDidChangeConfiguration(e => {
      if (!e.affectsConfiguration('backendPractices')) return;
      const previous = settings;
      settings = readSettings();
      scanner.updateSettings(settings);
      const onlyRole = JSON.stringify({ ...previous, role: '' }) === JSON.stringify({ ...settings, role: '' });
      if (onlyRole) scanner.reevaluate();
      else void runScan(true);
    }),
    vscode.workspace.onDidChangeWorkspaceFolders(() => void runScan(true)),
  );
  if (vscode.workspace.workspaceFolders?.length && settings.enable) void runScan(true);
  const activationMs = performance.now() - started;
  return { scanner, checklist, statusBar, activationMs };
}

export function deactivate(): void {
  // Everything is disposed through context.subscriptions.
}
