import * as vscode from 'vscode';
import { RULES } from '../../core/rules';
import { ruleDocsUri } from '../diagnostics';
import type { ChecklistNode } from '../checklist-tree';

/** Open a rule's documentation as rendered Markdown: from a tree item, a rule id, or a pick list. */
export async function openRuleDocs(extensionUri: vscode.Uri, target?: ChecklistNode | string): Promise<void> {
  let ruleId: string | undefined;
  if (typeof target === 'string') ruleId = target;
  else if (target?.kind === 'finding') ruleId = target.finding.ruleId;
  else if (target?.kind === 'item') ruleId = target.evaluated.item.rules[0];
  if (!ruleId) {
    const pick = await vscode.window.showQuickPick(RULES.map(r => ({ label: r.id, description: r.meta.title })), { placeHolder: 'Rule to read about' });
    ruleId = pick?.label;
  }
  if (!ruleId) return;
  await vscode.commands.executeCommand('markdown.showPreview', ruleDocsUri(extensionUri, ruleId));
}
