import * as vscode from 'vscode';
import { RULES_BY_ID } from '../core/rules';
import { ruleDocsUri, ruleIdOf } from './diagnostics';
import { STATUS_LABEL } from './checklist-tree';
import type { WorkspaceScanner } from './workspace-scanner';

/** On a finding: why it matters, how to fix it (the docs), and the checklist item it belongs to. */
export class FindingHoverProvider implements vscode.HoverProvider {
  constructor(private readonly scanner: WorkspaceScanner, private readonly extensionUri: vscode.Uri) {}

  provideHover(document: vscode.TextDocument, position: vscode.Position): vscode.Hover | undefined {
    const diagnostics = vscode.languages.getDiagnostics(document.uri).filter(d => ruleIdOf(d) && d.range.contains(position));
    if (!diagnostics.length) return undefined;
    const folder = vscode.workspace.getWorkspaceFolder(document.uri);
    const view = this.scanner.folders.find(v => v.folder.uri.toString() === folder?.uri.toString());
    const md = new vscode.MarkdownString(undefined, true);
    const seen = new Set<string>();
    for (const d of diagnostics) {
      const ruleId = ruleIdOf(d)!;
      if (seen.has(ruleId)) continue;
      seen.add(ruleId);
      const rule = RULES_BY_ID.get(ruleId);
      if (!rule) continue;
      md.appendMarkdown(`**Backend Practices · ${rule.meta.title}**\n\n${rule.meta.description}\n\n`);
      const items = view?.areas.flatMap(a => a.items).filter(e => e.item.rules.includes(ruleId)) ?? [];
      for (const e of items) md.appendMarkdown(`$(checklist) Checklist: *${e.item.title}* — ${STATUS_LABEL[e.status]}\n\n`);
      if (rule.meta.cwe?.length) md.appendMarkdown(`${rule.meta.cwe.join(', ')} · `);
      md.appendMarkdown(`[How to fix](${ruleDocsUri(this.extensionUri, ruleId).toString()})\n\n`);
    }
    return new vscode.Hover(md);
  }
}
