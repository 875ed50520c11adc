import * as vscode from 'vscode';
import type { ScanSummary, WorkspaceScanner } from '../workspace-scanner';

/**
 * Resolves when the scan is complete, so tests and other extensions can wait on it. Asked for by the user it shows
 * a cancellable notification; the automatic scan at start-up only shows progress in the status bar.
 */
export function scanWorkspace(scanner: WorkspaceScanner, background = false): Promise<ScanSummary> {
  return Promise.resolve(vscode.window.withProgress(
    { location: background ? vscode.ProgressLocation.Window : vscode.ProgressLocation.Notification, title: 'Backend Practices: scanning', cancellable: !background },
    (progress, token) => scanner.scan(token, progress),
  ));
}
