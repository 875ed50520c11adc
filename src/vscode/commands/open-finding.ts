import * as vscode from 'vscode';
import type { Range } from '../../core/model';
import { toRange } from '../diagnostics';

/** Open a file with the finding's exact range selected. */
export async function openFinding(uri: vscode.Uri, range: Range): Promise<void> {
  await vscode.window.showTextDocument(uri, { selection: toRange(range), preview: true });
}
