import * as assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { BackendPracticesApi } from '../../src/extension';
import { api as getApi, fileUri, folderUri, ours, ruleIds, waitFor } from './helpers';

const CONFIG = '.backend-practices.yaml';

async function writeConfig(text: string): Promise<void> {
  await vscode.workspace.fs.writeFile(fileUri(CONFIG), Buffer.from(text));
}

function status(api: BackendPracticesApi, itemId: string): string | undefined {
  return api.scanner.folders[0]?.areas.flatMap(a => a.items).find(e => e.item.id === itemId)?.status;
}

describe('team checklists in VS Code', () => {
  let api: BackendPracticesApi;

  before(async () => {
    api = await getApi();
    await vscode.commands.executeCommand('backendPractices.scanWorkspace');
  });

  after(async () => {
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    try { await vscode.workspace.fs.delete(fileUri(CONFIG)); } catch { /* already gone */ }
  });

  it('an invalid config shows a diagnostic at the right line, and the defaults still apply', async () => {
    await writeConfig('# team\nrole: lead\nrules:\n  security/hardcoded-secret: loud\n');
    const config = fileUri(CONFIG);
    const [problem] = await waitFor('the config diagnostic', () => { const d = ours(config); return d.length ? d : undefined; });
    assert.equal(problem!.range.start.line, 3);
    assert.equal(problem!.severity, vscode.DiagnosticSeverity.Error);
    assert.match(problem!.message, /rules\.security\/hardcoded-secret must be one of: error, warning, info, hint, off/);
    assert.ok(ruleIds(fileUri('src/settings.py')).includes('5:security/hardcoded-secret'), 'the default severity still applies');
  });

  it('editing the config updates the tree and the diagnostics', async () => {
    await writeConfig('role: lead\nrules:\n  security/hardcoded-secret: off\n');
    await waitFor('the rule to be turned off', () => !ruleIds(fileUri('src/settings.py')).some(id => id.endsWith('security/hardcoded-secret')));
    await waitFor('the config diagnostic to go', () => ours(fileUri(CONFIG)).length === 0);
    await waitFor('the lead checklist', () => api.scanner.folders[0]?.config.role === 'lead');
    assert.equal(status(api, 'security.no-hardcoded-secrets'), 'passed');
  });

  it('attest and waive write the expected YAML, keeping comments, and the tree follows', async () => {
    await writeConfig('# Our team checklist — keep me\nrole: lead # shared by everyone\n\nwaivers: [] # none yet\n');
    await waitFor('the config to load', () => api.scanner.folders[0]?.config.role === 'lead' && ruleIds(fileUri('src/settings.py')).includes('5:security/hardcoded-secret'));
    const manual = api.scanner.folders[0]!.areas.flatMap(a => a.items).find(e => e.item.manual)!;
    await vscode.commands.executeCommand('backendPractices.attestItem', manual.item.id, { note: 'reviewed', expires: '2099-01-01' });
    await vscode.commands.executeCommand('backendPractices.waiveFinding', { uri: fileUri('src/settings.py'), ruleId: 'security/hardcoded-secret' },
      { paths: 'src/settings.py', reason: 'fixture value', owner: 'jane', expires: '2099-01-01' });
    const text = Buffer.from(await vscode.workspace.fs.readFile(fileUri(CONFIG))).toString('utf8');
    const today = new Date().toISOString().slice(0, 10);
    assert.match(text, /^# Our team checklist — keep me\nrole: lead # shared by everyone\n\nwaivers: # none yet\n {2}- rule: security\/hardcoded-secret\n {4}paths:\n {6}- src\/settings\.py\n {4}reason: fixture value\n {4}owner: jane\n {4}expires: 2099-01-01\n/);
    assert.match(text, new RegExp(`attestations:\\n {2}- item: ${manual.item.id.replace(/\./g, '\\.')}\\n {4}by: .+\\n {4}date: ${today}\\n {4}expires: 2099-01-01\\n {4}note: reviewed\\n`));
    await waitFor('the waived finding to leave the Problems panel', () => !ruleIds(fileUri('src/settings.py')).some(id => id.endsWith('security/hardcoded-secret')));
    await waitFor('the item to be attested', () => status(api, manual.item.id) === 'attested');
    assert.equal(status(api, 'security.no-hardcoded-secrets'), 'waived');
    // The edit went through the editor, so it can be undone there.
    const doc = await vscode.workspace.openTextDocument(fileUri(CONFIG));
    await vscode.window.showTextDocument(doc);
    await vscode.commands.executeCommand('undo');
    assert.ok(!doc.getText().includes('rule: security/hardcoded-secret'), 'undo removes the waiver');
    await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
  });

  it("a lead's round trip: create the config for lead, add a custom item, and a fresh reader (the CLI) sees the same checklist", async function () {
    this.timeout(120_000);
    try { await vscode.workspace.fs.delete(fileUri(CONFIG)); } catch { /* none yet */ }
    await waitFor('no config', () => api.scanner.folders[0]?.config.configFile === undefined || !api.scanner.folders[0]?.config.configFile);
    const created = await vscode.commands.executeCommand<vscode.Uri>('backendPractices.createTeamChecklist', 'lead');
    assert.equal(created?.fsPath, fileUri(CONFIG).fsPath);
    const doc = await vscode.workspace.openTextDocument(fileUri(CONFIG));
    const edit = new vscode.WorkspaceEdit();
    edit.insert(doc.uri, new vscode.Position(doc.lineCount, 0), '  # added by the lead\n');
    await vscode.workspace.applyEdit(edit);
    const text = doc.getText().replace('items:\n', 'items:\n  - { id: team.on-call-rota, area: operations, title: The on-call rota is published, manual: true }\n');
    const replace = new vscode.WorkspaceEdit();
    replace.replace(doc.uri, new vscode.Range(0, 0, doc.lineCount, 0), text);
    await vscode.workspace.applyEdit(replace);
    await doc.save();
    await waitFor('the custom item in the tree', () => status(api, 'team.on-call-rota') === 'needs-attestation' && api.scanner.folders[0]?.config.role === 'lead');
    const cli = path.join(vscode.extensions.getExtension('backend-practices.backend-practices')!.extensionPath, 'dist', 'cli.js');
    let stdout = '';
    try {
      stdout = execFileSync(process.execPath, [cli, 'scan', folderUri().fsPath, '--format', 'json', '--no-cache', '--fail-on', 'never'], { encoding: 'utf8', maxBuffer: 32 * 1024 * 1024 });
    } catch (error) { stdout = (error as { stdout?: string }).stdout ?? ''; }
    const json = JSON.parse(stdout) as { summary: { role: string }; areas: { items: { id: string; status: string }[] }[] };
    assert.equal(json.summary.role, 'lead');
    const fromCli = json.areas.flatMap(a => a.items.map(i => `${i.id}=${i.status}`)).sort();
    const fromEditor = api.scanner.folders[0]!.areas.flatMap(a => a.items.map(e => `${e.item.id}=${e.status}`)).sort();
    assert.ok(fromCli.includes('team.on-call-rota=needs-attestation'));
    assert.deepEqual(fromCli, fromEditor);
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });

  it('the CLI gives the same findings as the extension for the same tree and config', async function () {
    this.timeout(120_000);
    await writeConfig('role: senior\nrules:\n  operations/unstructured-logging: error\n');
    await waitFor('the config to load', () => api.scanner.folders[0]?.config.configFile === CONFIG && api.scanner.folders[0]?.config.baseOptions.severities?.['operations/unstructured-logging'] === 'error');
    await vscode.commands.executeCommand('backendPractices.scanWorkspace');
    const cli = path.join(vscode.extensions.getExtension('backend-practices.backend-practices')!.extensionPath, 'dist', 'cli.js');
    let stdout = '';
    try {
      stdout = execFileSync(process.execPath, [cli, 'scan', folderUri().fsPath, '--format', 'json', '--no-cache', '--fail-on', 'never'], { encoding: 'utf8', maxBuffer: 32 * 1024 * 1024 });
    } catch (error) {
      stdout = (error as { stdout?: string }).stdout ?? '';
    }
    const fromCli = (JSON.parse(stdout).findings as { rule: string; file: string; fingerprint: string; severity: string }[])
      .map(f => `${f.file} ${f.rule} ${f.severity} ${f.fingerprint}`).sort();
    const fromEditor = api.scanner.folders[0]!.checklist.findings.map(f => `${f.file} ${f.ruleId} ${f.severity} ${f.fingerprint}`).sort();
    assert.ok(fromEditor.length > 0);
    assert.deepEqual(fromCli, fromEditor);
  });
});
