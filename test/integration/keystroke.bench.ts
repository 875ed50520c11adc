// `npm run bench:editor`: keystroke-to-diagnostic latency in the real workbench, on the bench's 2,000-line file.
// Prints figures; asserts nothing (tests never time things). Loaded instead of the tests when BP_EDITOR_BENCH=1.
import * as fs from 'node:fs';
import * as vscode from 'vscode';
import { bigFile } from '../../bench/generate';
import { api, fileUri, ours } from './helpers';

const SECRET_LINE = 'export const apiToken = "q8Zr2LmX9vT4kWp7Ns1YbC6d";\n';
const secrets = (uri: vscode.Uri) => ours(uri).filter(d => (d.code as { value: string }).value === 'security/hardcoded-secret').length;

/** Milliseconds from an edit until the file's diagnostics show `wanted` secrets. */
function timeUntil(uri: vscode.Uri, wanted: number, edit: () => Thenable<boolean>): Promise<number> {
  return new Promise((resolve, reject) => {
    const start = performance.now();
    const timer = setTimeout(() => { listener.dispose(); reject(new Error('no diagnostic update within 15 s')); }, 15_000);
    const listener = vscode.languages.onDidChangeDiagnostics(e => {
      if (!e.uris.some(u => u.toString() === uri.toString()) || secrets(uri) !== wanted) return;
      clearTimeout(timer);
      listener.dispose();
      resolve(performance.now() - start);
    });
    void edit();
  });
}

const pct = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;

describe('editor benchmark', () => {
  it('keystroke to updated diagnostics on a 2,000-line file', async () => {
    await api();
    const uri = fileUri('src/big-bench.ts');
    fs.writeFileSync(uri.fsPath, bigFile());
    try {
      await vscode.commands.executeCommand('backendPractices.scanWorkspace');
      const editor = await vscode.window.showTextDocument(uri);
      const base = secrets(uri);
      const line = Math.floor(editor.document.lineCount / 2);
      const settings = vscode.workspace.getConfiguration('backendPractices');
      const original = settings.inspect<number>('analyzeOnTypeDelay')?.workspaceValue;
      console.log(`\n  ${editor.document.lineCount} lines; each run types a secret on line ${line + 1}, then deletes it`);
      for (const delay of [0, 100, 200, undefined]) {
        await settings.update('analyzeOnTypeDelay', delay, vscode.ConfigurationTarget.Workspace);
        // A settings change re-scans the folder: let that finish so it does not queue ahead of the edits.
        await vscode.commands.executeCommand('backendPractices.scanWorkspace');
        await new Promise(r => setTimeout(r, 500));
        const times: number[] = [];
        for (let i = 0; i < 16; i++) { // the first four pairs warm up (JIT, the worker's kept tree) and are not counted
          const counted = i >= 4 ? times : [];
          counted.push(await timeUntil(uri, base + 1, () => editor.edit(e => e.insert(new vscode.Position(line, 0), SECRET_LINE))));
          counted.push(await timeUntil(uri, base, () => editor.edit(e => e.delete(new vscode.Range(line, 0, line + 1, 0)))));
        }
        times.sort((a, b) => a - b);
        const label = delay === undefined ? `debounce ${settings.get<number>('analyzeOnTypeDelay')} ms (default)` : `debounce ${delay} ms`;
        console.log(`  ${label.padEnd(26)} p50 ${pct(times, 50).toFixed(0)} ms, p95 ${pct(times, 95).toFixed(0)} ms (${times.length} edits)`);
      }
      await settings.update('analyzeOnTypeDelay', original, vscode.ConfigurationTarget.Workspace);
      await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
    } finally {
      fs.rmSync(uri.fsPath, { force: true });
    }
  });
});
