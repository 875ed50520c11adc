import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { PassThrough } from 'node:stream';
import { main } from '../../src/cli/main';

async function run(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  const out = new PassThrough();
  const err = new PassThrough();
  let stdout = '';
  let stderr = '';
  out.on('data', d => { stdout += d; });
  err.on('data', d => { stderr += d; });
  const code = await main(args, out, err);
  return { code, stdout, stderr };
}

function folder(files: Record<string, string>): string {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'bp-cli-'));
  for (const [rel, text] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(root, rel)), { recursive: true });
    fs.writeFileSync(path.join(root, rel), text);
  }
  return root;
}

describe('CLI', () => {
  const root = folder({ 'app.py': 'import os\nDB_PASSWORD = "Tr0ub4dor&3-horse"\n' });
  const clean = folder({ 'app.py': 'import os\nDB_PASSWORD = os.environ["DB_PASSWORD"]\n' });

  it('prints findings grouped by file and exits 1 on an error-level finding', async () => {
    const { code, stdout } = await run(['scan', root, '--no-cache']);
    assert.equal(code, 1);
    assert.match(stdout, /^app\.py$/m);
    assert.match(stdout, /^ {2}2:15 +error +Hard-coded password assigned to 'DB_PASSWORD'.* security\/hardcoded-secret$/m);
    assert.match(stdout, /✖ No secrets in the source code \(1\)/);
  });

  it('exits 0 with --fail-on never, and counts only error-level findings by default', async () => {
    assert.equal((await run(['scan', root, '--fail-on', 'never', '--no-cache'])).code, 0);
    const json = JSON.parse((await run(['scan', clean, '--format', 'json', '--no-cache'])).stdout);
    const errors = json.findings.filter((f: { severity: string }) => f.severity === 'error').length;
    assert.equal((await run(['scan', clean, '--no-cache'])).code, errors ? 1 : 0);
  });

  it('prints JSON with the finding and the item status', async () => {
    const { stdout } = await run(['scan', root, '--format', 'json', '--no-cache']);
    const json = JSON.parse(stdout);
    assert.equal(json.version, 1);
    const secrets = json.findings.filter((f: { rule: string }) => f.rule === 'security/hardcoded-secret');
    assert.deepEqual(secrets.map((f: { file: string }) => f.file), ['app.py']);
    const security = json.areas.find((a: { id: string }) => a.id === 'security');
    assert.equal(security.items.find((i: { id: string }) => i.id === 'security.no-hardcoded-secrets').status, 'failing');
    assert.equal(json.areas.length, 9);
  });

  it('exits 2 with usage on bad arguments and a missing folder', async () => {
    const bad = await run(['scan', root, '--format', 'xml']);
    assert.equal(bad.code, 2);
    assert.match(bad.stderr, /unknown format 'xml'/);
    assert.equal((await run(['scan', path.join(root, 'nope')])).code, 2);
    assert.equal((await run(['scan', root, '--bogus'])).code, 2);
  });

  it('a baseline makes known findings not count; --update-baseline writes it', async () => {
    const baseline = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'bp-bl-')), 'baseline.json');
    assert.equal((await run(['scan', root, '--baseline', baseline, '--update-baseline', '--fail-on', 'never', '--no-cache'])).code, 0);
    assert.ok(JSON.parse(fs.readFileSync(baseline, 'utf8')).fingerprints.length >= 1);
    assert.equal((await run(['scan', root, '--baseline', baseline, '--no-cache'])).code, 0, 'nothing new');
    fs.appendFileSync(path.join(root, 'app.py'), 'API_TOKEN = "q8Zr2LmX9vT4kWp7Ns1YbC6d"\n');
    assert.equal((await run(['scan', root, '--baseline', baseline, '--no-cache'])).code, 1, 'a new secret counts');
  });

  it('reports config errors as file:line:col and exits 2, with the defaults still applied', async () => {
    const withConfig = folder({
      'app.py': 'DB_PASSWORD = "Tr0ub4dor&3-horse"\n',
      '.backend-practices.yaml': 'role: senior\nrules:\n  security/hardcoded-secret: loud\n',
    });
    const { code, stdout, stderr } = await run(['scan', withConfig, '--no-cache']);
    assert.equal(code, 2);
    assert.match(stderr, /^\.backend-practices\.yaml:3:30: error: rules\.security\/hardcoded-secret/m);
    assert.match(stdout, /security\/hardcoded-secret/, 'the scan still ran with the defaults');
  });
});
