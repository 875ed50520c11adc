import * as vscode from 'vscode';
import { findConfigFile } from '../core/config/load';

/**
 * Apply an edit to a folder's team config through a WorkspaceEdit, so it is undoable in the editor, then save it
 * (VS Code writes the file atomically). Creates `.backend-practices.yaml` when the folder has no config yet.
 */
export async function editTeamConfig(folder: vscode.WorkspaceFolder, edit: (fileName: string, text: string) => string, initial = ''): Promise<vscode.Uri> {
  const name = findConfigFile(folder.uri.fsPath) ?? '.backend-practices.yaml';
  const uri = vscode.Uri.joinPath(folder.uri, name);
  const workspaceEdit = new vscode.WorkspaceEdit();
  let document: vscode.TextDocument | undefined;
  try {
    document = await vscode.workspace.openTextDocument(uri);
  } catch {
    document = undefined;
  }
  if (document) {
    const next = edit(name, document.getText()); // throws on a file with syntax errors: nothing is written
    workspaceEdit.replace(uri, new vscode.Range(0, 0, document.lineCount, 0), next);
  } else {
    workspaceEdit.createFile(uri, { ignoreIfExists: true });
    workspaceEdit.insert(uri, new vscode.Position(0, 0), edit(name, initial));
  }
  if (!(await vscode.workspace.applyEdit(workspaceEdit))) throw new Error(`could not edit ${name}`);
  const saved = await vscode.workspace.openTextDocument(uri);
  await saved.save();
  return uri;
}

/** The workspace folder a command acts on: the one given, the only one, or one the user picks. */
export async function pickFolder(hint?: vscode.Uri): Promise<vscode.WorkspaceFolder | undefined> {
  if (hint) { const f = vscode.workspace.getWorkspaceFolder(hint); if (f) return f; }
  const folders = vscode.workspace.workspaceFolders ?? [];
  if (folders.length <= 1) return folders[0];
  return vscode.window.showWorkspaceFolderPick({ placeHolder: 'Team checklist of which folder?' });
}
