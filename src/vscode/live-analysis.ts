import * as vscode from 'vscode';
import { Disposable } from './disposable';
import type { Settings } from './settings';
import type { WorkspaceScanner } from './workspace-scanner';

/**
 * Keeps diagnostics current: typing re-analyses the edited file (debounced, in a worker thread); saving, creating,
 * deleting and renaming files update their findings; files changed outside the editor are re-read.
 */
export class LiveAnalysis extends Disposable {
  private readonly timers = new Map<string, NodeJS.Timeout>();

  constructor(private readonly scanner: WorkspaceScanner, private settings: () => Settings) {
    super();
    this.register(vscode.workspace.onDidChangeTextDocument(e => this.onEdit(e)));
    this.register(vscode.workspace.onDidSaveTextDocument(doc => { if (this.settings().enable && this.settings().analyzeOnSave) this.now(doc); }));
    // Closing a modified editor without saving: the file on disk is the truth again.
    this.register(vscode.workspace.onDidCloseTextDocument(doc => { if (doc.uri.scheme === 'file' && this.scanner.scanned) void this.scanner.analyzeFileOnDisk(doc.uri); }));
    const watcher = this.register(vscode.workspace.createFileSystemWatcher('**/*'));
    this.register(watcher.onDidCreate(uri => this.onDiskChange(uri)));
    this.register(watcher.onDidChange(uri => this.onDiskChange(uri)));
    this.register(watcher.onDidDelete(uri => {
      if (!this.scanner.scanned) return;
      if (this.scanner.isConfigFile(uri)) void this.scanner.scan(); else void this.scanner.fileDeleted(uri);
    }));
    this.register(vscode.workspace.onDidRenameFiles(e => {
      for (const { oldUri, newUri } of e.files) { void this.scanner.fileDeleted(oldUri).then(() => this.scanner.analyzeFileOnDisk(newUri)); }
    }));
    this.register(vscode.workspace.onDidDeleteFiles(e => { for (const uri of e.files) void this.scanner.fileDeleted(uri); }));
    this.register({ dispose: () => { for (const t of this.timers.values()) clearTimeout(t); } });
  }

  private onEdit(e: vscode.TextDocumentChangeEvent): void {
    const s = this.settings();
    if (!s.enable || !s.analyzeOnType || !this.scanner.scanned || e.contentChanges.length === 0 || e.document.uri.scheme !== 'file') return;
    const key = e.document.uri.toString();
    clearTimeout(this.timers.get(key));
    this.timers.set(key, setTimeout(() => { this.timers.delete(key); this.now(e.document); }, s.analyzeOnTypeDelayMs));
  }

  private now(doc: vscode.TextDocument): void {
    if (!this.scanner.scanned || doc.uri.scheme !== 'file') return;
    void this.scanner.analyzeDocument(doc);
  }

  private onDiskChange(uri: vscode.Uri): void {
    if (!this.settings().enable || !this.scanner.scanned) return;
    // The team config (or a file it extends) changed: the whole checklist may differ; the cache keeps it cheap.
    if (this.scanner.isConfigFile(uri)) { void this.scanner.scan(); return; }
    // An open editor's text is authoritative while it has unsaved changes.
    const open = vscode.workspace.textDocuments.find(d => d.uri.toString() === uri.toString());
    if (open?.isDirty) return;
    void this.scanner.analyzeFileOnDisk(uri);
  }
}
