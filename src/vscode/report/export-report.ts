import * as path from 'node:path';
import * as vscode from 'vscode';
import { renderHtml } from '../../core/report/html';
import { renderJson } from '../../core/report/json';
import { renderMarkdown } from '../../core/report/markdown';
import type { ReportInput } from '../../core/report/model';
import { renderSarif } from '../../core/report/sarif';

type ExportFormat = 'markdown' | 'html' | 'json' | 'sarif';

interface FormatPick extends vscode.QuickPickItem { format: ExportFormat; extension: string }

const FORMATS: readonly FormatPick[] = [
  { format: 'markdown', extension: 'md', label: 'Markdown', description: '.md', detail: 'Summary, checklist tables and the top findings, for a pull request or a wiki' },
  { format: 'html', extension: 'html', label: 'HTML', description: '.html', detail: 'One self-contained page with charts and a sortable, filterable findings table' },
  { format: 'json', extension: 'json', label: 'JSON', description: '.json', detail: 'Every finding and item status, in a documented, versioned shape' },
  { format: 'sarif', extension: 'sarif', label: 'SARIF', description: '.sarif', detail: 'SARIF 2.1.0 for code scanning (e.g. GitHub) and SARIF viewers' },
];

/** The report as text; Markdown links are made relative to where the file is written. */
function renderFor(input: ReportInput, format: ExportFormat, target: vscode.Uri): string {
  switch (format) {
    case 'markdown': {
      const linkBase = target.scheme === 'file' ? path.relative(path.dirname(target.fsPath), input.root) : '';
      return renderMarkdown(input, { linkBase });
    }
    case 'html': return renderHtml(input, { theme: 'standalone' });
    case 'json': return renderJson(input);
    case 'sarif': return renderSarif(input);
  }
}

function revealLabel(): string {
  return process.platform === 'darwin' ? 'Reveal in Finder' : process.platform === 'win32' ? 'Reveal in File Explorer' : 'Open Containing Folder';
}

/**
 * Ask for a format and a file (in the first workspace folder by default), write the report, then offer to open it.
 * Resolves to the written file, or undefined when the user cancelled or the write failed.
 */
export async function exportReport(input: ReportInput): Promise<vscode.Uri | undefined> {
  const pick = await vscode.window.showQuickPick(FORMATS, { title: 'Export Backend Practices Report', placeHolder: 'Report format' });
  if (!pick) return undefined;
  const folder = vscode.workspace.workspaceFolders?.[0]?.uri ?? vscode.Uri.file(input.root);
  const target = await vscode.window.showSaveDialog({
    title: 'Export Backend Practices Report',
    defaultUri: vscode.Uri.joinPath(folder, `backend-practices-report.${pick.extension}`),
    filters: { [pick.label]: [pick.extension] },
    saveLabel: 'Export',
  });
  if (!target) return undefined;
  try {
    await vscode.workspace.fs.writeFile(target, new TextEncoder().encode(renderFor(input, pick.format, target)));
  } catch (error) {
    void vscode.window.showErrorMessage(`Could not write the report: ${error instanceof Error ? error.message : String(error)}`);
    return undefined;
  }
  void offerToOpen(target, pick.format);
  return target;
}

async function offerToOpen(target: vscode.Uri, format: ExportFormat): Promise<void> {
  const name = vscode.workspace.asRelativePath(target);
  const open = 'Open';
  const preview = 'Open Preview';
  const asText = 'Open as Text';
  const reveal = revealLabel();
  // An HTML report is for a browser; the editor shows its source, and the OS's file manager opens it in one.
  const actions = format === 'html' ? [reveal, asText] : format === 'markdown' ? [open, preview] : [open];
  const choice = await vscode.window.showInformationMessage(`Report exported to ${name}.`, ...actions);
  if (choice === open || choice === asText) await vscode.window.showTextDocument(target, { preview: false });
  else if (choice === preview) await vscode.commands.executeCommand('markdown.showPreview', target);
  else if (choice === reveal) await vscode.commands.executeCommand('revealFileInOS', target);
}
