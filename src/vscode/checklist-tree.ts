import * as vscode from 'vscode';
import type { AreaSummary, EvaluatedItem, Finding, ItemStatus } from '../core/model';
import { AREA_INFO } from '../core/checklist/areas';
import { RULES_BY_ID } from '../core/rules';
import { CommandId } from './command-ids';
import { Disposable } from './disposable';
import type { FolderState, WorkspaceScanner } from './workspace-scanner';

export type ChecklistNode =
  | { kind: 'folder'; state: FolderState }
  | { kind: 'area'; state: FolderState; area: AreaSummary }
  | { kind: 'item'; state: FolderState; evaluated: EvaluatedItem }
  | { kind: 'finding'; state: FolderState; finding: Finding };

const STATUS_ICON: Record<ItemStatus, [string, string]> = {
  passed: ['pass', 'testing.iconPassed'],
  failing: ['error', 'testing.iconFailed'],
  'needs-attestation': ['circle-large-outline', 'testing.iconQueued'],
  attested: ['verified', 'testing.iconPassed'],
  waived: ['circle-slash', 'disabledForeground'],
  'not-applicable': ['dash', 'disabledForeground'],
};

const STATUS_LABEL: Record<ItemStatus, string> = {
  passed: 'Passed', failing: 'Failing', 'needs-attestation': 'Needs attestation', attested: 'Attested', waived: 'Waived',
  'not-applicable': 'Not applicable',
};

/** Folder (when several) → area → item → findings. */
export class ChecklistTreeProvider extends Disposable implements vscode.TreeDataProvider<ChecklistNode> {
  private readonly changed = this.register(new vscode.EventEmitter<ChecklistNode | undefined>());
  readonly onDidChangeTreeData = this.changed.event;

  constructor(private readonly scanner: WorkspaceScanner) {
    super();
    this.register(scanner.onDidChange(() => this.changed.fire(undefined)));
  }

  getChildren(node?: ChecklistNode): ChecklistNode[] {
    const folders = this.scanner.folders;
    if (!node) {
      if (folders.length === 1) return this.getChildren({ kind: 'folder', state: folders[0]! });
      return folders.map(state => ({ kind: 'folder', state }));
    }
    switch (node.kind) {
      case 'folder': return node.state.areas.map(area => ({ kind: 'area', state: node.state, area }));
      case 'area': return node.area.items.map(evaluated => ({ kind: 'item', state: node.state, evaluated }));
      case 'item': return node.evaluated.findings.map(finding => ({ kind: 'finding', state: node.state, finding }));
      case 'finding': return [];
    }
  }

  getTreeItem(node: ChecklistNode): vscode.TreeItem {
    switch (node.kind) {
      case 'folder': {
        const item = new vscode.TreeItem(node.state.folder.name, vscode.TreeItemCollapsibleState.Expanded);
        const open = node.state.areas.reduce((n, a) => n + a.total - a.passed, 0);
        item.description = open ? `${open} open` : 'all passed';
        item.iconPath = vscode.ThemeIcon.Folder;
        item.contextValue = 'folder';
        return item;
      }
      case 'area': {
        const { area } = node;
        const failing = area.items.some(e => e.status === 'failing');
        const item = new vscode.TreeItem(area.title, area.items.length
          ? (failing ? vscode.TreeItemCollapsibleState.Expanded : vscode.TreeItemCollapsibleState.Collapsed)
          : vscode.TreeItemCollapsibleState.None);
        item.id = `${node.state.folder.uri}#${area.area}`;
        item.description = area.total ? `${area.passed}/${area.total}` : 'no items for this role';
        item.tooltip = AREA_INFO[area.area].summary;
        item.iconPath = area.total === 0 ? new vscode.ThemeIcon('dash', new vscode.ThemeColor('disabledForeground'))
          : failing ? new vscode.ThemeIcon('warning', new vscode.ThemeColor('list.warningForeground'))
          : new vscode.ThemeIcon('pass', new vscode.ThemeColor('testing.iconPassed'));
        item.contextValue = 'area';
        return item;
      }
      case 'item': {
        const { item: ci, status, findings } = node.evaluated;
        const item = new vscode.TreeItem(ci.title, findings.length ? vscode.TreeItemCollapsibleState.Collapsed : vscode.TreeItemCollapsibleState.None);
        item.id = `${node.state.folder.uri}#${ci.id}`;
        item.description = status === 'failing' ? `${findings.length} finding${findings.length === 1 ? '' : 's'}` : STATUS_LABEL[status].toLowerCase();
        const [icon, color] = STATUS_ICON[status];
        item.iconPath = new vscode.ThemeIcon(icon, new vscode.ThemeColor(color));
        const tip = new vscode.MarkdownString(`**${ci.title}** — ${STATUS_LABEL[status]}\n\n${ci.why}\n\n*Checked by:* ${ci.verifiedBy}`);
        if (ci.rules.length) tip.appendMarkdown(`\n\n*Rules:* ${ci.rules.map(r => `\`${r}\``).join(', ')}`);
        item.tooltip = tip;
        item.contextValue = `item.${status}${ci.rules.length ? '.hasRules' : ''}`;
        return item;
      }
      case 'finding': {
        const f = node.finding;
        const item = new vscode.TreeItem(f.message, vscode.TreeItemCollapsibleState.None);
        item.description = `${f.file}:${f.range.start.line + 1}`;
        item.tooltip = `${f.ruleId} (${RULES_BY_ID.get(f.ruleId)?.meta.title ?? f.ruleId})\n${f.file}:${f.range.start.line + 1}:${f.range.start.column + 1}`;
        item.iconPath = new vscode.ThemeIcon(f.severity === 'error' ? 'error' : f.severity === 'warning' ? 'warning' : 'info',
          new vscode.ThemeColor(f.severity === 'error' ? 'problemsErrorIcon.foreground' : f.severity === 'warning' ? 'problemsWarningIcon.foreground' : 'problemsInfoIcon.foreground'));
        item.command = { command: CommandId.OpenFinding, title: 'Open', arguments: [vscode.Uri.joinPath(node.state.folder.uri, f.file), f.range] };
        item.contextValue = 'finding';
        return item;
      }
    }
  }
}
