import * as vscode from 'vscode';
import type { Role } from './core/model';
import type { ChecklistNode } from './vscode/checklist-tree';
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
import { filterChecklist } from './vscode/commands/filter-checklist';
import { attestItem, createTeamChecklist, exportChecklist, importChecklistFile, markNotApplicable, selectRole, waive } from './vscode/commands/team-commands';
import { ReportPanel } from './vscode/report/report-panel';
import { exportReport } from './vscode/report/export-report';
import { reportInputOf } from './vscode/report-input';
import { mergeReports } from './core/report/render';

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
  const updateView = () => {
    const gaps = checklist.openGaps();
    treeView.badge = gaps ? { value: gaps, tooltip: `${gaps} open checklist item${gaps === 1 ? '' : 's'}` } : undefined;
    const restricted = scanner.folders.flatMap(v => v.config.restricted);
    treeView.message = restricted.length
      ? `Restricted Mode: built-in rules only; the team config's ${[...new Set(restricted)].join(', ')} ${restricted.length === 1 ? 'is' : 'are'} not applied until you trust this workspace.`
      : undefined;
    ReportPanel.current?.update(currentReport());
  };
  const currentReport = () => {
    const inputs = scanner.folders.map(reportInputOf);
    return inputs.length === 1 ? inputs[0]! : mergeReports(inputs);
  };
  const withReport = async (action: (input: ReturnType<typeof currentReport>) => unknown) => {
    if (!scanner.scanned) await runScan();
    if (!scanner.folders.length) { void vscode.window.showWarningMessage('Backend Practices: open a folder to report on.'); return; }
    return action(currentReport());
  };
  const statusBar = new ChecklistStatusBar(scanner);
  const runScan = (background = false) => (settings.enable ? scanWorkspace(scanner, background) : Promise.resolve({ files: 0, findings: 0, durationMs: 0 }));
  context.subscriptions.push(
    scanner,
    new DiagnosticsPublisher(scanner, context.extensionUri),
    checklist,
    treeView,
    statusBar,
    scanner.onDidChange(updateView),
    new LiveAnalysis(scanner, () => settings),
    vscode.languages.registerCodeActionsProvider(SOURCE_SELECTOR, new FindingCodeActions(scanner), { providedCodeActionKinds: FindingCodeActions.kinds }),
    vscode.languages.registerHoverProvider(SOURCE_SELECTOR, new FindingHoverProvider(scanner, context.extensionUri)),
    vscode.commands.registerCommand(CommandId.ScanWorkspace, () => runScan()),
    vscode.commands.registerCommand(CommandId.OpenFinding, openFinding),
    vscode.commands.registerCommand(CommandId.OpenRuleDocs, (target?: Parameters<typeof openRuleDocs>[1]) => openRuleDocs(context.extensionUri, target)),
    vscode.commands.registerCommand(CommandId.SuppressFinding, suppressFinding),
    vscode.commands.registerCommand(CommandId.SelectRole, (role?: Role) => selectRole(scanner, role)),
    vscode.commands.registerCommand(CommandId.CreateTeamChecklist, (role?: Role) => createTeamChecklist(role)),
    vscode.commands.registerCommand(CommandId.AttestItem, (node?: ChecklistNode | string, answers?: Parameters<typeof attestItem>[2]) => attestItem(scanner, node, answers)),
    vscode.commands.registerCommand(CommandId.WaiveFinding, (target?: Parameters<typeof waive>[1], answers?: Parameters<typeof waive>[2]) => waive(scanner, target, answers)),
    vscode.commands.registerCommand(CommandId.WaiveItem, (node?: ChecklistNode, answers?: Parameters<typeof waive>[2]) => waive(scanner, node, answers)),
    vscode.commands.registerCommand(CommandId.MarkNotApplicable, (node?: ChecklistNode, answers?: { reason?: string }) => markNotApplicable(node, answers)),
    vscode.commands.registerCommand(CommandId.ImportChecklist, (file?: vscode.Uri) => importChecklistFile(file)),
    vscode.commands.registerCommand(CommandId.ExportChecklist, (format?: 'yaml' | 'markdown', target?: vscode.Uri) => exportChecklist(scanner, format, target)),
    vscode.commands.registerCommand(CommandId.ShowReport, () => withReport(input => ReportPanel.show(input))),
    vscode.commands.registerCommand(CommandId.ExportReport, () => withReport(input => exportReport(input))),
    vscode.workspace.onDidGrantWorkspaceTrust(() => void runScan(true)),
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
