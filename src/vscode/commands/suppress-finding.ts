import * as vscode from 'vscode';
import { LINE_COMMENT, languageOf } from '../../core/languages/languages';

/**
 * Insert `backend-practices-ignore-next-line <rule> -- reason` above the line, in the file's comment syntax and
 * indentation, with "reason" selected so the user types it straight away.
 */
export async function suppressFinding(uri: vscode.Uri, line: number, ruleId: string): Promise<void> {
  const editor = await vscode.window.showTextDocument(uri);
  const language = languageOf(uri.fsPath, editor.document.lineAt(0).text) ?? 'javascript';
  const target = editor.document.lineAt(line);
  const indent = target.text.slice(0, target.firstNonWhitespaceCharacterIndex);
  const snippet = new vscode.SnippetString(`${indent}${LINE_COMMENT[language]} backend-practices-ignore-next-line ${ruleId} -- `)
    .appendPlaceholder('reason')
    .appendText('\n');
  await editor.insertSnippet(snippet, new vscode.Position(line, 0));
}
