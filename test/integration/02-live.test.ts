import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { BackendPracticesApi } from '../../src/extension';
import { itemsForRole } from '../../src/core/checklist/roles';
import { api as getApi, fileUri, ruleIds, waitFor } from './helpers';

const secretsIn = (uri: vscode.Uri) => ruleIds(uri).filter(id => id.endsWith('security/hardcoded-secret'));

const SECRET = 'API_TOKEN = "q8Zr2LmX9vT4kWp7Ns1YbC6d"';

describe('live diagnostics, quick fixes and settings', () => {
  let api: BackendPracticesApi;

  before(async () => {
    api = await getApi();
    await vscode.commands.executeCommand('backendPractices.scanWorkspace');
  });

  afterEach(async () => {
    await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
  });

  it('typing a vulnerable line shows its diagnostic; deleting it removes it (without saving)', async () => {
    const uri = fileUri('src/settings.py');
    const editor = await vscode.window.showTextDocument(uri);
    assert.deepEqual(secretsIn(uri), ['5:security/hardcoded-secret']);
    await editor.edit(e => e.insert(new vscode.Position(2, 0), `${SECRET}\n`));
    await waitFor('the typed secret to be reported', () => secretsIn(uri).join() === '3:security/hardcoded-secret,6:security/hardcoded-secret');
    await editor.edit(e => e.delete(new vscode.Range(2, 0, 3, 0)));
    await waitFor('the diagnostic to go', () => secretsIn(uri).join() === '5:security/hardcoded-secret');
  });

  it('"Suppress on this line" inserts the comment with the reason selected and silences exactly that finding', async () => {
    const uri = fileUri('src/settings.py');
    const editor = await vscode.window.showTextDocument(uri);
    await editor.edit(e => e.insert(new vscode.Position(5, 0), `${SECRET}\n`));
    await waitFor('two findings', () => secretsIn(uri).length === 2);
    const diagnostic = vscode.languages.getDiagnostics(uri).find(d => d.range.start.line === 4 && (d.code as { value: string }).value === 'security/hardcoded-secret')!;
    const actions = await vscode.commands.executeCommand<vscode.CodeAction[]>('vscode.executeCodeActionProvider', uri, diagnostic.range);
    const suppress = actions.find(a => a.title.startsWith('Suppress "Hard-coded secret" on this line'));
    assert.ok(suppress?.command, `actions offered: ${actions.map(a => a.title).join(' | ')}`);
    await vscode.commands.executeCommand(suppress.command.command, ...(suppress.command.arguments ?? []));
    assert.equal(editor.document.lineAt(4).text, '# backend-practices-ignore-next-line security/hardcoded-secret -- reason');
    assert.equal(editor.document.getText(editor.selection), 'reason', 'the reason placeholder is selected');
    await editor.edit(e => e.replace(editor.selection, 'fixture value'));
    await waitFor('exactly one finding silenced', () => secretsIn(uri).join() === '7:security/hardcoded-secret');
  });

  it('applying a quick fix changes the text as expected and the diagnostic goes', async () => {
    const uri = fileUri('src/loader.py');
    const diagnostic = await waitFor('the unsafe yaml.load finding', () => vscode.languages.getDiagnostics(uri).find(d => (d.code as { value: string }).value === 'security/unsafe-deserialization'));
    await vscode.window.showTextDocument(uri); // code actions are asked of an open editor, as a user would
    const actions = await vscode.commands.executeCommand<vscode.CodeAction[]>('vscode.executeCodeActionProvider', uri, diagnostic.range);
    const fix = actions.find(a => a.isPreferred && a.edit);
    assert.ok(fix, `actions offered: ${actions.map(a => a.title).join(' | ')}`);
    assert.ok(await vscode.workspace.applyEdit(fix.edit!));
    const doc = await vscode.workspace.openTextDocument(uri);
    assert.equal(doc.lineAt(4).text, '    return yaml.safe_load(body)');
    await waitFor('the diagnostic to go', () => !vscode.languages.getDiagnostics(uri).some(d => (d.code as { value: string }).value === 'security/unsafe-deserialization'));
  });

  it('the status bar shows passed/total for the role, and a role change re-evaluates the checklist', async () => {
    const totalShown = () => Number(/^\$\(checklist\) \d+\/(\d+)$/.exec(api.statusBar.text)?.[1]);
    // Not-applicable items are not counted; this workspace has none.
    assert.equal(totalShown(), itemsForRole('senior').length);
    await vscode.workspace.getConfiguration('backendPractices').update('role', 'junior', vscode.ConfigurationTarget.Workspace);
    await waitFor('the junior checklist', () => totalShown() === itemsForRole('junior').length);
    await vscode.workspace.getConfiguration('backendPractices').update('role', 'lead', vscode.ConfigurationTarget.Workspace);
    await waitFor('the lead checklist', () => totalShown() === itemsForRole('lead').length);
    await vscode.workspace.getConfiguration('backendPractices').update('role', undefined, vscode.ConfigurationTarget.Workspace);
    await waitFor('the senior checklist again', () => totalShown() === itemsForRole('senior').length);
  });

  it('turning a rule off in the settings removes its diagnostics; deleting a file clears its diagnostics', async () => {
    const settings = fileUri('src/settings.py');
    await vscode.workspace.getConfiguration('backendPractices').update('severity', { 'security/hardcoded-secret': 'off' }, vscode.ConfigurationTarget.Workspace);
    await waitFor('the rule to be off', () => !ruleIds(settings).some(id => id.endsWith('security/hardcoded-secret')));
    await vscode.workspace.getConfiguration('backendPractices').update('severity', undefined, vscode.ConfigurationTarget.Workspace);
    await waitFor('the rule to be back', () => ruleIds(settings).some(id => id.endsWith('security/hardcoded-secret')));

    const doomed = fileUri('src/doomed.js');
    await vscode.workspace.fs.writeFile(doomed, Buffer.from('const password = "Tr0ub4dor&3-horse";\n'));
    await waitFor('the new file to be analysed', () => ruleIds(doomed).includes('1:security/hardcoded-secret'));
    await vscode.workspace.fs.delete(doomed);
    await waitFor('its diagnostics to go', () => vscode.languages.getDiagnostics(doomed).length === 0);
  });
});
