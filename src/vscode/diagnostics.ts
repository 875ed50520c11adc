import * as vscode from 'vscode';
import type { Finding, Severity } from '../core/model';
import { ruleDocsPath } from '../core/rules/docs';
import { Disposable } from './disposable';
import type { WorkspaceScanner } from './workspace-scanner';

export const DIAGNOSTIC_SOURCE = 'backend-practices';

const SEVERITY: Record<Severity, vscode.DiagnosticSeverity> = {
  error: vscode.DiagnosticSeverity.Error,
  warning: vscode.DiagnosticSeverity.Warning,
  info: vscode.DiagnosticSeverity.Information,
  hint: vscode.DiagnosticSeverity.Hint,
};

export function toRange(r: Finding['range']): vscode.Range {
  return new vscode.Range(r.start.line, r.start.column, r.end.line, r.end.column);
}

export function ruleDocsUri(extensionUri: vscode.Uri, ruleId: string): vscode.Uri {
  return vscode.Uri.joinPath(extensionUri, ruleDocsPath(ruleId));
}

/**
 * Publishes every folder's findings to the Problems panel, for opened and unopened files alike. Only files whose
 * findings changed are re-published, so a keystroke in one file does not rebuild thousands of diagnostics.
 */
export class DiagnosticsPublisher extends Disposable {
  private readonly collection = this.register(vscode.languages.createDiagnosticCollection(DIAGNOSTIC_SOURCE));
  private published = new Map<string, string>();

  constructor(private readonly scanner: WorkspaceScanner, private readonly extensionUri: vscode.Uri) {
    super();
    this.register(scanner.onDidChange(() => this.publish()));
  }

  private publish(): void {
    const next = new Map<string, string>();
    const updates: [vscode.Uri, vscode.Diagnostic[]][] = [];
    for (const { folder, state } of this.scanner.folders) {
      const byFile = new Map<string, Finding[]>();
      for (const f of state.findings) {
        let list = byFile.get(f.file);
        if (!list) byFile.set(f.file, (list = []));
        list.push(f);
      }
      for (const [file, findings] of byFile) {
        const uri = vscode.Uri.joinPath(folder.uri, file);
        const key = uri.toString();
        const signature = findings.map(f => `${f.fingerprint}:${f.severity}:${f.range.start.line}:${f.range.start.column}:${f.range.end.line}:${f.range.end.column}:${f.message}`).join('|');
        next.set(key, signature);
        if (this.published.get(key) !== signature) updates.push([uri, findings.map(f => this.toDiagnostic(folder.uri, f))]);
      }
    }
    for (const key of this.published.keys()) if (!next.has(key)) this.collection.delete(vscode.Uri.parse(key));
    for (const [uri, diagnostics] of updates) this.collection.set(uri, diagnostics);
    this.published = next;
  }

  private toDiagnostic(folderUri: vscode.Uri, f: Finding): vscode.Diagnostic {
    const d = new vscode.Diagnostic(toRange(f.range), f.message, SEVERITY[f.severity]);
    d.source = DIAGNOSTIC_SOURCE;
    d.code = { value: f.ruleId, target: ruleDocsUri(this.extensionUri, f.ruleId) };
    if (f.related?.length) {
      d.relatedInformation = f.related.map(r => new vscode.DiagnosticRelatedInformation(
        new vscode.Location(vscode.Uri.joinPath(folderUri, r.file), toRange(r.range)), r.message));
    }
    return d;
  }
}

/** The rule id of one of our diagnostics, or undefined for other sources. */
export function ruleIdOf(d: vscode.Diagnostic): string | undefined {
  if (d.source !== DIAGNOSTIC_SOURCE) return undefined;
  return typeof d.code === 'object' ? String(d.code.value) : d.code !== undefined ? String(d.code) : undefined;
}
