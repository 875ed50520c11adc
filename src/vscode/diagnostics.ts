import * as path from 'node:path';
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
    const byUri = new Map<string, { uri: vscode.Uri; findings: Finding[]; folder: vscode.Uri; problems: vscode.Diagnostic[] }>();
    const entry = (uri: vscode.Uri, folder: vscode.Uri) => {
      const key = uri.toString();
      let e = byUri.get(key);
      if (!e) byUri.set(key, (e = { uri, findings: [], folder, problems: [] }));
      return e;
    };
    for (const { folder, checklist, config } of this.scanner.folders) {
      for (const f of checklist.findings) entry(vscode.Uri.joinPath(folder.uri, f.file), folder.uri).findings.push(f);
      // Team config problems (invalid values, expired waivers) go on the config file itself, at their line.
      for (const p of config.problems) {
        const uri = path.isAbsolute(p.file) ? vscode.Uri.file(p.file) : vscode.Uri.joinPath(folder.uri, p.file || config.configFile || '.backend-practices.yaml');
        const end = p.endLine > p.line || p.endColumn > p.column ? new vscode.Position(p.endLine, p.endColumn) : new vscode.Position(p.line, p.column + 1);
        const d = new vscode.Diagnostic(new vscode.Range(new vscode.Position(p.line, p.column), end), p.message,
          p.severity === 'error' ? vscode.DiagnosticSeverity.Error : vscode.DiagnosticSeverity.Warning);
        d.source = DIAGNOSTIC_SOURCE;
        d.code = 'team-config';
        entry(uri, folder.uri).problems.push(d);
      }
    }
    const next = new Map<string, string>();
    for (const [key, e] of byUri) {
      const signature = e.findings.map(f => `${f.fingerprint}:${f.severity}:${f.range.start.line}:${f.range.start.column}:${f.range.end.line}:${f.range.end.column}:${f.message}`)
        .concat(e.problems.map(d => `${d.range.start.line}:${d.range.start.character}:${d.message}`)).join('|');
      next.set(key, signature);
      if (this.published.get(key) !== signature) this.collection.set(e.uri, [...e.findings.map(f => this.toDiagnostic(e.folder, f)), ...e.problems]);
    }
    for (const key of this.published.keys()) if (!next.has(key)) this.collection.delete(vscode.Uri.parse(key));
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
