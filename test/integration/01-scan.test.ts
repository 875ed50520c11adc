import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { BackendPracticesApi } from '../../src/extension';
import type { ChecklistNode } from '../../src/vscode/checklist-tree';
import { api as getApi, folderUri } from './helpers';

describe('Backend Practices in VS Code', () => {
  let api: BackendPracticesApi;

  before(async () => {
    console.log(`VS Code under test:  ${vscode.env.appName} ${vscode.version} (uiKind ${vscode.UIKind[vscode.env.uiKind]}), Node ${process.version}`);
    api = await getApi();
    console.log(`Extension activation: ${api.activationMs.toFixed(1)} ms`);
  });

  it('scanWorkspace resolves with a summary and publishes diagnostics for an unopened file', async () => {
    const summary = await vscode.commands.executeCommand<{ files: number; findings: number; durationMs: number }>('backendPractices.scanWorkspace');
    assert.ok(summary, 'the command returns a summary');
    assert.equal(summary.files, 4, 'settings.py, loader.py, server.js and tests/test_settings.py are analysed');
    assert.equal(summary.findings, api.scanner.folders[0]!.state.findings.length);
    assert.ok(summary.findings >= 1);
    assert.equal(typeof summary.durationMs, 'number');

    const settings = vscode.Uri.joinPath(folderUri(), 'src/settings.py');
    assert.ok(!vscode.workspace.textDocuments.some(d => d.uri.toString() === settings.toString()), 'settings.py was never opened');
    const diagnostics = vscode.languages.getDiagnostics(settings).filter(d => (d.code as { value: string }).value === 'security/hardcoded-secret');
    assert.equal(diagnostics.length, 1);
    const [d] = diagnostics;
    assert.equal(d!.source, 'backend-practices');
    assert.equal(d!.severity, vscode.DiagnosticSeverity.Error);
    assert.deepEqual([d!.range.start.line, d!.range.start.character, d!.range.end.character], [4, 14, 33]);
    assert.match(d!.message, /Hard-coded password assigned to 'DB_PASSWORD'/);
    const code = d!.code as { value: string; target: vscode.Uri };
    assert.equal(code.value, 'security/hardcoded-secret');
    assert.ok(code.target.path.endsWith('/docs/rules/security/hardcoded-secret.md'), `docs link ${code.target}`);
    const serverSecrets = vscode.languages.getDiagnostics(vscode.Uri.joinPath(folderUri(), 'src/server.js')).filter(d => (d.code as { value: string }).value === 'security/hardcoded-secret');
    assert.deepEqual(serverSecrets, [], 'server.js reads its key from the environment');
  });

  it('shows the nine areas, with the secrets item failing and linking to its finding', async () => {
    const areas = api.checklist.getChildren();
    const labels = areas.map(n => api.checklist.getTreeItem(n).label);
    assert.deepEqual(labels, [
      'System design and architecture', 'Writing and maintaining code', 'Database management', 'API development',
      'Optimisation and performance tuning', 'Testing and debugging', 'Security', 'Cloud, deployment and monitoring',
      'Collaboration and mentoring',
    ]);
    const security = areas.find(n => n.kind === 'area' && n.area.area === 'security')!;
    const summary = (security as Extract<ChecklistNode, { kind: 'area' }>).area;
    assert.equal(api.checklist.getTreeItem(security).description, `${summary.passed}/${summary.total}`);
    assert.ok(summary.passed < summary.total);
    const item = (api.checklist.getChildren(security) as Extract<ChecklistNode, { kind: 'item' }>[]).find(n => n.evaluated.item.id === 'security.no-hardcoded-secrets');
    assert.equal(item!.evaluated.item.id, 'security.no-hardcoded-secrets');
    assert.equal(item!.evaluated.status, 'failing');
    const treeItem = api.checklist.getTreeItem(item!);
    assert.equal((treeItem.iconPath as vscode.ThemeIcon).id, 'error');
    assert.equal(treeItem.description, '1 finding');
    const [finding] = api.checklist.getChildren(item!);
    const findingItem = api.checklist.getTreeItem(finding!);
    assert.equal(findingItem.description, 'src/settings.py:5');
    await vscode.commands.executeCommand(findingItem.command!.command, ...(findingItem.command!.arguments ?? []));
    const editor = vscode.window.activeTextEditor;
    assert.ok(editor && editor.document.uri.path.endsWith("/src/settings.py"));
    assert.deepEqual([editor.selection.start.line, editor.selection.start.character], [4, 14]);
  });
});
