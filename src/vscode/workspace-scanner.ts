import * as os from 'node:os';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { AreaSummary, Finding } from '../core/model';
import { scanFolder, fileOptions, type ScanOptions } from '../core/engine/scanner';
import { FolderState, checklistOf, type Checklist } from '../core/engine/folder-state';
import { loadTeamConfig } from '../core/config/load';
import { resolveConfig, type EffectiveConfig } from '../core/config/effective';
import { WorkerPool } from '../core/engine/worker-pool';
import { isIgnoredPath } from '../core/engine/discovery';
import { languageOf } from '../core/languages/languages';
import { Disposable } from './disposable';
import type { Settings } from './settings';

export interface FolderView {
  folder: vscode.WorkspaceFolder;
  state: FolderState;
  config: EffectiveConfig;
  /** Findings after waivers, the waived ones, and the evaluated areas. */
  checklist: Checklist;
  /** Shorthand for `checklist.areas`. */
  readonly areas: AreaSummary[];
}
export interface ScanSummary { files: number; findings: number; durationMs: number }
/** What changed: a whole folder (scan) or some files of it. */
export interface ScanChange { folder?: vscode.WorkspaceFolder }

/**
 * Runs the engine over the workspace folders (in worker threads, with a persisted cache) and keeps each folder's
 * latest state; edits, saves and file events update one file at a time.
 */
export class WorkspaceScanner extends Disposable {
  private readonly views = new Map<string, FolderView>();
  private readonly changed = this.register(new vscode.EventEmitter<ScanChange>());
  readonly onDidChange = this.changed.event;
  private readonly pool = new WorkerPool(Math.max(1, (os.availableParallelism?.() ?? 2) - 1));
  private running: Promise<ScanSummary> | undefined;
  private hasScanned = false;
  private readonly documentVersions = new Map<string, number>();
  private readonly inFlight = new Set<string>();
  private readonly rerun = new Set<string>();

  constructor(private settings: Settings, private readonly cacheDir: string | undefined) {
    super();
    this.register({ dispose: () => void this.pool.dispose() });
  }

  get scanned(): boolean { return this.hasScanned; }

  get folders(): FolderView[] {
    return (vscode.workspace.workspaceFolders ?? []).map(f => this.views.get(f.uri.toString())).filter((v): v is FolderView => !!v);
  }

  updateSettings(settings: Settings): void { this.settings = settings; }

  /** Scan every folder; a scan requested while one runs waits for it and then runs once more. */
  scan(token?: vscode.CancellationToken, progress?: vscode.Progress<{ message?: string; increment?: number }>): Promise<ScanSummary> {
    const previous = this.running ?? Promise.resolve(undefined);
    const next = previous.catch(() => undefined).then(() => this.scanAll(token, progress));
    this.running = next.finally(() => { if (this.running === next) this.running = undefined; });
    return next;
  }

  private scanOptions(config: EffectiveConfig): ScanOptions {
    return { maxFileSize: this.settings.maxFileSize, ignore: this.settings.exclude, config };
  }

  /** The folder's team config, resolved against the settings (the team's role and rules win over the user's). */
  loadConfig(folder: vscode.WorkspaceFolder): EffectiveConfig {
    const loaded = loadTeamConfig(folder.uri.fsPath, { trusted: vscode.workspace.isTrusted });
    return resolveConfig(loaded, { roleFallback: this.settings.role, userSeverities: this.settings.severity });
  }

  private makeView(folder: vscode.WorkspaceFolder, state: FolderState, config: EffectiveConfig): FolderView {
    const checklist = checklistOf(state.findings, config, config.role);
    return { folder, state, config, checklist, get areas() { return this.checklist.areas; } };
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
        let reported = 0;
        const config = this.loadConfig(folder);
        const result = await scanFolder(folder.uri.fsPath, {
          ...this.scanOptions(config), pool: this.pool, signal: controller.signal, cacheDir: this.cacheDir,
          onProgress: (done, total) => {
            const pct = Math.floor((100 * done) / Math.max(1, total) / folders.length);
            if (pct > reported) { progress?.report({ message: `${folder.name}: ${done}/${total} files`, increment: pct - reported }); reported = pct; }
          },
        });
        if (result.cancelled) break;
        // Open editors may hold unsaved text that differs from disk: their analysis wins.
        const state = new FolderState(folder.uri.fsPath, result, this.scanOptions(config));
        this.views.set(folder.uri.toString(), this.makeView(folder, state, config));
        files += result.files;
        findings += result.findings.length;
      }
      for (const key of [...this.views.keys()]) if (!folders.some(f => f.uri.toString() === key)) this.views.delete(key);
    } finally {
      cancel?.dispose();
    }
    this.hasScanned = true;
    void vscode.commands.executeCommand('setContext', 'backendPractices.scanned', true);
    this.changed.fire({});
    for (const doc of vscode.workspace.textDocuments) if (doc.isDirty) void this.analyzeDocument(doc);
    return { files, findings, durationMs: Math.round(performance.now() - started) };
  }

  private refresh(view: FolderView): void {
    view.checklist = checklistOf(view.state.findings, view.config, view.config.role);
  }

  /** Re-evaluate the checklist (role changed) without re-analysing anything. */
  reevaluate(): void {
    for (const view of this.views.values()) {
      view.config = this.loadConfig(view.folder);
      this.refresh(view);
    }
    this.changed.fire({});
  }

  private locate(uri: vscode.Uri): { view: FolderView; rel: string } | undefined {
    const folder = vscode.workspace.getWorkspaceFolder(uri);
    const view = folder && this.views.get(folder.uri.toString());
    if (!view) return undefined;
    const rel = path.relative(folder.uri.fsPath, uri.fsPath).split(path.sep).join('/');
    if (!rel || rel.startsWith('..')) return undefined;
    return { view, rel };
  }

  /** Whether a path is excluded by the defaults, .gitignore files or the `exclude` setting (as a scan would). */
  private async isExcluded(view: FolderView, rel: string): Promise<boolean> {
    return isIgnoredPath(view.state.root, rel, this.settings.exclude);
  }

  /** Re-analyse an open document's current text (typing), off the extension host's thread. */
  async analyzeDocument(doc: vscode.TextDocument): Promise<void> {
    const at = this.locate(doc.uri);
    if (!at || !languageOf(at.rel, doc.lineAt(0).text)) return;
    const key = doc.uri.toString();
    this.documentVersions.set(key, doc.version);
    // One analysis per document at a time: edits that arrive meanwhile are folded into one more run with the
    // latest text, instead of queueing a stale analysis per keystroke behind the worker.
    if (this.inFlight.has(key)) { this.rerun.add(key); return; }
    this.inFlight.add(key);
    try {
      if (await this.isExcluded(at.view, at.rel)) return;
      const version = doc.version;
      const reply = await this.pool.run({ root: at.view.state.root, rel: at.rel, text: doc.getText(), keepTree: true, options: fileOptions(this.scanOptions(at.view.config), at.rel) });
      if (this.documentVersions.get(key) === version && !doc.isClosed) await this.apply(at.view, at.rel, reply.ok ? reply.outcome : { skipped: reply.error });
    } finally {
      this.inFlight.delete(key);
      if (this.rerun.delete(key) && !doc.isClosed) void this.analyzeDocument(doc);
    }
  }

  /** A file changed or appeared on disk: analyse it from disk. */
  async analyzeFileOnDisk(uri: vscode.Uri): Promise<void> {
    const at = this.locate(uri);
    if (!at) return;
    if (await this.isExcluded(at.view, at.rel)) return;
    if (!languageOf(at.rel, '#!') && path.extname(at.rel) !== '') { await this.apply(at.view, at.rel, undefined); return; }
    const reply = await this.pool.run({ root: at.view.state.root, rel: at.rel, options: fileOptions(this.scanOptions(at.view.config), at.rel) });
    await this.apply(at.view, at.rel, reply.ok ? reply.outcome : { skipped: reply.error });
  }

  /** A file or folder was deleted: its findings disappear. */
  async fileDeleted(uri: vscode.Uri): Promise<void> {
    const at = this.locate(uri);
    if (!at) return;
    await at.view.state.remove(at.rel);
    this.refresh(at.view);
    this.changed.fire({ folder: at.view.folder });
  }

  private async apply(view: FolderView, rel: string, outcome: Parameters<FolderState['update']>[1]): Promise<void> {
    // A keystroke that changes no finding changes nothing on screen: the tree, status bar and report stay as they are.
    if (!await view.state.update(rel, outcome)) return;
    this.refresh(view);
    this.changed.fire({ folder: view.folder });
  }

  /** Whether a file is (or feeds) a folder's team config: a change means re-reading the config and rescanning. */
  isConfigFile(uri: vscode.Uri): boolean {
    if (/\.backend-practices\.(ya?ml|json)$/.test(uri.fsPath)) return true;
    return this.folders.some(v => v.config.sources.includes(uri.fsPath));
  }

  /** The finding behind a diagnostic: same file, rule and start position. */
  findingAt(uri: vscode.Uri, ruleId: string, line: number, column: number): Finding | undefined {
    const at = this.locate(uri);
    return at?.view.checklist.findings.find(f => f.file === at.rel && f.ruleId === ruleId && f.range.start.line === line && f.range.start.column === column);
  }
}
