import * as vscode from 'vscode';
import type { AreaSummary, ScanResult } from '../core/model';
import { scanFolder } from '../core/engine/scanner';
import { ITEMS } from '../core/checklist/items/index';
import { evaluateItems, summariseAreas } from '../core/checklist/evaluate';
import { Disposable } from './disposable';

export interface FolderState { folder: vscode.WorkspaceFolder; result: ScanResult; areas: AreaSummary[] }

export interface ScanSummary { files: number; findings: number; durationMs: number }

/** Runs the engine over the workspace folders and keeps the latest result of each. */
export class WorkspaceScanner extends Disposable {
  private readonly states = new Map<string, FolderState>();
  private readonly changed = this.register(new vscode.EventEmitter<void>());
  readonly onDidChange = this.changed.event;
  private running: Promise<ScanSummary> | undefined;
  private hasScanned = false;

  get scanned(): boolean { return this.hasScanned; }
  get folders(): FolderState[] {
    return (vscode.workspace.workspaceFolders ?? []).map(f => this.states.get(f.uri.toString())).filter((s): s is FolderState => !!s);
  }

  /** Scan every folder; a scan requested while one runs waits for it and then runs once more. */
  scan(token?: vscode.CancellationToken, progress?: vscode.Progress<{ message?: string; increment?: number }>): Promise<ScanSummary> {
    const previous = this.running ?? Promise.resolve(undefined);
    const next = previous.catch(() => undefined).then(() => this.scanAll(token, progress));
    this.running = next.finally(() => { if (this.running === next) this.running = undefined; });
    return next;
  }

  private async scanAll(token?: vscode.CancellationToken, progress?: vscode.Progress<{ message?: string; increment?: number }>): Promise<ScanSummary> {
    const started = performance.now();
    const controller = new AbortController();
    const cancel = token?.onCancellationRequested(() => controller.abort());
    let files = 0;
    let findings = 0;
    try {
      const folders = (vscode.workspace.workspaceFolders ?? []).filter(f => f.uri.scheme === 'file');
      for (const folder of folders) {
        progress?.report({ message: folder.name });
        const result = await scanFolder(folder.uri.fsPath, { signal: controller.signal });
        if (controller.signal.aborted) break;
        const areas = summariseAreas(evaluateItems(ITEMS, result.findings));
        this.states.set(folder.uri.toString(), { folder, result, areas });
        files += result.files;
        findings += result.findings.length;
      }
      for (const key of [...this.states.keys()]) {
        if (!folders.some(f => f.uri.toString() === key)) this.states.delete(key);
      }
    } finally {
      cancel?.dispose();
    }
    this.hasScanned = true;
    await vscode.commands.executeCommand('setContext', 'backendPractices.scanned', true);
    this.changed.fire();
    return { files, findings, durationMs: Math.round(performance.now() - started) };
  }
}
