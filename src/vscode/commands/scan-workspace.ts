import * as vscode from 'vscode';
import type { ScanSummary, WorkspaceScanner } from '../workspace-scanner';

/** Resolves when the scan is complete, so tests and other extensions can wait on it. */
export function scanWorkspace(scanner: WorkspaceScanner): Promise<ScanSummary> {
  return Promise.resolve(vscode.window.withProgress(
    { location: vscode.ProgressLocation.Window, title: 'Backend Practices: scanning', cancellable: true },
    (progress, token) => scanner.scan(token, progress),
  ));
}
