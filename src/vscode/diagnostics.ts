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

/** Publishes every folder's findings to the Problems panel, for opened and unopened files alike. */
export class DiagnosticsPublisher extends Disposable {
  private readonly collection = this.register(vscode.languages.createDiagnosticCollection(DIAGNOSTIC_SOURCE));

  constructor(private readonly scanner: WorkspaceScanner, private readonly extensionUri: vscode.Uri) {
    super();
    this.register(scanner.onDidChange(() => this.publish()));
  }

  private publish(): void {
    const entries: [vscode.Uri, vscode.Diagnostic[]][] = [];
    for (const { folder, result } of this.scanner.folders) {
      const byFile = new Map<string, vscode.Diagnostic[]>();
      for (const f of result.findings) {
        let list = byFile.get(f.file);
        if (!list) byFile.set(f.file, (list = []));
        list.push(this.toDiagnostic(folder.uri, f));
      }
      for (const [file, diagnostics] of byFile) entries.push([vscode.Uri.joinPath(folder.uri, file), diagnostics]);
    }
    this.collection.clear();
    this.collection.set(entries);
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
