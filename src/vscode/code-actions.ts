import * as vscode from 'vscode';
import { RULES_BY_ID } from '../core/rules';
import { CommandId } from './command-ids';
import { ruleIdOf, toRange } from './diagnostics';
import type { WorkspaceScanner } from './workspace-scanner';

/**
 * Quick fixes for our diagnostics. The diagnostic's code (the rule id) and its position are the only link back to
 * the finding, as in the code-actions sample; the fix itself comes from the engine.
 */
export class FindingCodeActions implements vscode.CodeActionProvider {
  static readonly kinds = [vscode.CodeActionKind.QuickFix];

  constructor(private readonly scanner: WorkspaceScanner) {}

  provideCodeActions(document: vscode.TextDocument, _range: vscode.Range, context: vscode.CodeActionContext): vscode.CodeAction[] {
    const actions: vscode.CodeAction[] = [];
    for (const diagnostic of context.diagnostics) {
      const ruleId = ruleIdOf(diagnostic);
      if (!ruleId) continue;
      const finding = this.scanner.findingAt(document.uri, ruleId, diagnostic.range.start.line, diagnostic.range.start.character);
      if (finding?.fix) {
        const action = new vscode.CodeAction(finding.fix.title, vscode.CodeActionKind.QuickFix);
        action.edit = new vscode.WorkspaceEdit();
        for (const edit of finding.fix.edits) action.edit.replace(document.uri, toRange(edit.range), edit.newText);
        action.diagnostics = [diagnostic];
        action.isPreferred = true;
        actions.push(action);
      }
      const title = RULES_BY_ID.get(ruleId)?.meta.title ?? ruleId;
      const suppress = new vscode.CodeAction(`Suppress "${title}" on this line`, vscode.CodeActionKind.QuickFix);
      suppress.command = { command: CommandId.SuppressFinding, title: suppress.title, arguments: [document.uri, diagnostic.range.start.line, ruleId] };
      suppress.diagnostics = [diagnostic];
      actions.push(suppress);
      const waive = new vscode.CodeAction(`Waive "${title}" in the team config…`, vscode.CodeActionKind.QuickFix);
      waive.command = { command: CommandId.WaiveFinding, title: waive.title, arguments: [{ uri: document.uri, ruleId }] };
      waive.diagnostics = [diagnostic];
      actions.push(waive);
    }
    return actions;
  }
}
