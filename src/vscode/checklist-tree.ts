import * as vscode from 'vscode';
import type { Area, AreaSummary, EvaluatedItem, Finding, ItemStatus, Severity } from '../core/model';
import { AREA_INFO } from '../core/checklist/areas';
import { RULES_BY_ID } from '../core/rules';
import { SEVERITY_ORDER } from '../core/model';
import { CommandId } from './command-ids';
import { Disposable } from './disposable';
import type { FolderView, WorkspaceScanner } from './workspace-scanner';

export type ChecklistNode =
  | { kind: 'folder'; view: FolderView }
  | { kind: 'area'; view: FolderView; area: AreaSummary }
  | { kind: 'item'; view: FolderView; evaluated: EvaluatedItem }
  | { kind: 'finding'; view: FolderView; finding: Finding };

/** What the view shows: everything, or only failing items, some areas, findings at or above a severity. */
export interface ChecklistFilter { failingOnly: boolean; areas?: Area[]; minSeverity?: Severity }

const STATUS_ICON: Record<ItemStatus, [string, string]> = {
  passed: ['pass', 'testing.iconPassed'],
  failing: ['error', 'testing.iconFailed'],
  'needs-attestation': ['circle-large-outline', 'testing.iconQueued'],
  attested: ['verified', 'testing.iconPassed'],
  waived: ['circle-slash', 'disabledForeground'],
  'not-applicable': ['dash', 'disabledForeground'],
};

export const STATUS_LABEL: Record<ItemStatus, string> = {
  passed: 'Passed', failing: 'Failing', 'needs-attestation': 'Needs attestation', attested: 'Attested', waived: 'Waived',
  'not-applicable': 'Not applicable',
};

/** Folder (when several) → area → item → findings. */
export class ChecklistTreeProvider extends Disposable implements vscode.TreeDataProvider<ChecklistNode> {
  private readonly changed = this.register(new vscode.EventEmitter<ChecklistNode | undefined>());
  readonly onDidChangeTreeData = this.changed.event;
  private filterState: ChecklistFilter = { failingOnly: false };

  constructor(private readonly scanner: WorkspaceScanner) {
    super();
    this.register(scanner.onDidChange(() => this.changed.fire(undefined)));
  }

  get filter(): ChecklistFilter { return this.filterState; }
  set filter(filter: ChecklistFilter) {
    this.filterState = filter;
    void vscode.commands.executeCommand('setContext', 'backendPractices.filtered', filter.failingOnly || !!filter.areas || !!filter.minSeverity);
    this.changed.fire(undefined);
  }

  /** Open gaps (failing items plus items awaiting attestation) across folders, for the view badge. */
  openGaps(): number {
    return this.scanner.folders.reduce((n, v) => n + v.areas.reduce((m, a) => m + a.items.filter(e => e.status === 'failing' || e.status === 'needs-attestation').length, 0), 0);
  }

  private visibleFindings(findings: Finding[]): Finding[] {
    const min = this.filterState.minSeverity;
    return min ? findings.filter(f => SEVERITY_ORDER[f.severity] <= SEVERITY_ORDER[min]) : findings;
  }

  private visibleItems(area: AreaSummary): EvaluatedItem[] {
    return area.items.filter(e => {
      if (this.filterState.failingOnly && e.status !== 'failing' && e.status !== 'needs-attestation') return false;
      if (this.filterState.minSeverity && e.status === 'failing' && this.visibleFindings(e.findings).length === 0) return false;
      return true;
    });
  }

  getChildren(node?: ChecklistNode): ChecklistNode[] {
    const views = this.scanner.folders;
    if (!node) {
      if (views.length === 1) return this.getChildren({ kind: 'folder', view: views[0]! });
      return views.map(view => ({ kind: 'folder', view }));
    }
    switch (node.kind) {
      case 'folder': return node.view.areas
        .filter(area => (!this.filterState.areas || this.filterState.areas.includes(area.area)) && (!this.filterState.failingOnly || this.visibleItems(area).length > 0))
        .map(area => ({ kind: 'area', view: node.view, area }));
      case 'area': return this.visibleItems(node.area).map(evaluated => ({ kind: 'item', view: node.view, evaluated }));
      case 'item': return this.visibleFindings(node.evaluated.findings).map(finding => ({ kind: 'finding', view: node.view, finding }));
      case 'finding': return [];
    }
  }

  getParent(node: ChecklistNode): ChecklistNode | undefined {
    if (node.kind === 'folder') return undefined;
    const folderNode = this.scanner.folders.length > 1 ? { kind: 'folder' as const, view: node.view } : undefined;
    if (node.kind === 'area') return folderNode;
    if (node.kind === 'item') {
      const area = node.view.areas.find(a => a.area === node.evaluated.item.area);
      return area && { kind: 'area', view: node.view, area };
    }
    const item = node.view.areas.flatMap(a => a.items).find(e => e.findings.includes(node.finding));
    return item && { kind: 'item', view: node.view, evaluated: item };
  }

  getTreeItem(node: ChecklistNode): vscode.TreeItem {
    switch (node.kind) {
      case 'folder': {
        const item = new vscode.TreeItem(node.view.folder.name, vscode.TreeItemCollapsibleState.Expanded);
        const open = node.view.areas.reduce((n, a) => n + a.total - a.passed, 0);
        item.id = node.view.folder.uri.toString();
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
        item.id = `${node.view.folder.uri}#${area.area}`;
        item.description = area.total ? `${area.passed}/${area.total}` : 'no items for this role';
        item.tooltip = new vscode.MarkdownString(`**${area.title}** — ${area.passed} of ${area.total} passed\n\n${AREA_INFO[area.area].summary}`);
        item.iconPath = area.total === 0 ? new vscode.ThemeIcon('dash', new vscode.ThemeColor('disabledForeground'))
          : failing ? new vscode.ThemeIcon('warning', new vscode.ThemeColor('list.warningForeground'))
          : area.passed === area.total ? new vscode.ThemeIcon('pass', new vscode.ThemeColor('testing.iconPassed'))
          : new vscode.ThemeIcon('circle-large-outline', new vscode.ThemeColor('testing.iconQueued'));
        item.contextValue = 'area';
        return item;
      }
      case 'item': {
        const { item: ci, status } = node.evaluated;
        const findings = this.visibleFindings(node.evaluated.findings);
        const item = new vscode.TreeItem(ci.title, findings.length ? vscode.TreeItemCollapsibleState.Collapsed : vscode.TreeItemCollapsibleState.None);
        item.id = `${node.view.folder.uri}#${ci.id}`;
        item.description = status === 'failing' ? `${node.evaluated.findings.length} finding${node.evaluated.findings.length === 1 ? '' : 's'}` : STATUS_LABEL[status].toLowerCase();
        const [icon, color] = STATUS_ICON[status];
        item.iconPath = new vscode.ThemeIcon(icon, new vscode.ThemeColor(color));
        const tip = new vscode.MarkdownString(`**${ci.title}** — ${STATUS_LABEL[status]}\n\n${ci.why}\n\n*How it is checked:* ${ci.verifiedBy}`);
        if (ci.rules.length) tip.appendMarkdown(`\n\n*Rules:* ${ci.rules.map(r => `\`${r}\``).join(', ')}`);
        item.tooltip = tip;
        item.contextValue = `item.${status}${ci.rules.length ? '.hasRules' : ''}${ci.manual ? '.manual' : ''}`;
        return item;
      }
      case 'finding': {
        const f = node.finding;
        const item = new vscode.TreeItem(f.message, vscode.TreeItemCollapsibleState.None);
        item.id = `${node.view.folder.uri}#${f.fingerprint}`;
        item.description = `${f.file}:${f.range.start.line + 1}`;
        item.tooltip = `${f.ruleId} — ${RULES_BY_ID.get(f.ruleId)?.meta.title ?? f.ruleId}\n${f.file}:${f.range.start.line + 1}:${f.range.start.column + 1}`;
        item.iconPath = new vscode.ThemeIcon(f.severity === 'error' ? 'error' : f.severity === 'warning' ? 'warning' : 'info',
          new vscode.ThemeColor(f.severity === 'error' ? 'problemsErrorIcon.foreground' : f.severity === 'warning' ? 'problemsWarningIcon.foreground' : 'problemsInfoIcon.foreground'));
        item.command = { command: CommandId.OpenFinding, title: 'Open', arguments: [vscode.Uri.joinPath(node.view.folder.uri, f.file), f.range] };
        item.contextValue = 'finding';
        return item;
      }
    }
  }
}
