import { randomBytes } from 'node:crypto';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { renderHtml, type OpenFileMessage } from '../../core/report/html';
import type { ReportInput } from '../../core/report/model';
import { Disposable } from '../disposable';

function isOpenMessage(m: unknown): m is OpenFileMessage {
  const o = m as Partial<OpenFileMessage> | null;
  return typeof o === 'object' && o !== null && o.type === 'open' && typeof o.file === 'string'
    && Number.isInteger(o.line) && o.line! >= 1 && Number.isInteger(o.column) && o.column! >= 1;
}

/** The report webview: one panel, re-rendered from the core HTML renderer whenever the report changes. */
export class ReportPanel extends Disposable {
  static readonly viewType = 'backendPractices.report';
  private static instance: ReportPanel | undefined;

  /** The open report panel, if any: refresh it with `update` after a scan. */
  static get current(): ReportPanel | undefined {
    return ReportPanel.instance;
  }

  /** Open the report (beside the active editor by default), or reveal the open one where it is and show `input` in it. */
  static show(input: ReportInput, viewColumn: vscode.ViewColumn = vscode.ViewColumn.Beside): ReportPanel {
    const open = ReportPanel.instance;
    if (open) {
      open.update(input);
      open.panel.reveal();
      return open;
    }
    const panel = vscode.window.createWebviewPanel(ReportPanel.viewType, 'Backend Practices Report', viewColumn, {
      enableScripts: true,
      enableFindWidget: true,
      // Everything is inline: the webview may load nothing from disk.
      localResourceRoots: [],
    });
    ReportPanel.instance = new ReportPanel(panel, input);
    return ReportPanel.instance;
  }

  private input: ReportInput;

  private constructor(private readonly panel: vscode.WebviewPanel, input: ReportInput) {
    super();
    this.input = input;
    this.register(panel);
    this.register(panel.onDidDispose(() => this.dispose()));
    this.register(panel.webview.onDidReceiveMessage((m: unknown) => { if (isOpenMessage(m)) void this.open(m); }));
    this.render();
  }

  /** Show another report (after a scan); the page keeps its filter and sort through the webview state. */
  update(input: ReportInput): void {
    this.input = input;
    this.render();
  }

  override dispose(): void {
    if (ReportPanel.instance === this) ReportPanel.instance = undefined;
    super.dispose();
  }

  private render(): void {
    // A fresh nonce per render: the CSP allows only the script and style this render wrote.
    const nonce = randomBytes(16).toString('base64');
    this.panel.webview.html = renderHtml(this.input, { theme: 'vscode', nonce, cspSource: this.panel.webview.cspSource });
  }

  private async open(m: OpenFileMessage): Promise<void> {
    const root = this.input.root;
    const file = path.join(root, m.file);
    // The message comes from a page that shows workspace text; never let it open a file outside the scanned root.
    const rel = path.relative(root, file);
    if (!rel || rel.startsWith('..') || path.isAbsolute(rel)) return;
    const position = new vscode.Position(m.line - 1, m.column - 1);
    const viewColumn = this.panel.viewColumn === vscode.ViewColumn.One ? vscode.ViewColumn.Two : vscode.ViewColumn.One;
    try {
      await vscode.window.showTextDocument(vscode.Uri.file(file), { selection: new vscode.Range(position, position), viewColumn, preview: true });
    } catch (error) {
      void vscode.window.showErrorMessage(`Cannot open ${m.file}: ${error instanceof Error ? error.message : String(error)}`);
    }
  }
}
