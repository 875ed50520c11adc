import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { BackendPracticesApi } from '../../src/extension';

export const EXTENSION_ID = 'backend-practices.backend-practices';

export async function api(): Promise<BackendPracticesApi> {
  const extension = vscode.extensions.getExtension<BackendPracticesApi>(EXTENSION_ID);
  assert.ok(extension, `${EXTENSION_ID} is installed`);
  return extension.activate();
}

export function folderUri(): vscode.Uri {
  const folder = vscode.workspace.workspaceFolders?.[0];
  assert.ok(folder, 'the test workspace is open');
  return folder.uri;
}

export function fileUri(rel: string): vscode.Uri {
  return vscode.Uri.joinPath(folderUri(), rel);
}

/** Poll until `check` returns a truthy value (diagnostics arrive asynchronously), or fail with `what`. */
export async function waitFor<T>(what: string, check: () => T | undefined | false, timeoutMs = 15_000): Promise<T> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const value = check();
    if (value) return value;
    if (Date.now() > until) assert.fail(`timed out waiting for ${what}`);
    await new Promise(r => setTimeout(r, 50));
  }
}

export function ours(uri: vscode.Uri): vscode.Diagnostic[] {
  return vscode.languages.getDiagnostics(uri).filter(d => d.source === 'backend-practices');
}

export function ruleIds(uri: vscode.Uri): string[] {
  return ours(uri).map(d => `${d.range.start.line + 1}:${(d.code as { value: string }).value}`);
}
