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

describe('CLI', () => {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'bp-cli-'));
  fs.writeFileSync(path.join(root, 'app.py'), 'import os\nDB_PASSWORD = "Tr0ub4dor&3-horse"\n');
  const clean = fs.mkdtempSync(path.join(os.tmpdir(), 'bp-cli-clean-'));
  fs.writeFileSync(path.join(clean, 'app.py'), 'import os\nDB_PASSWORD = os.environ["DB_PASSWORD"]\n');

  it('prints findings grouped by file and exits 1 on an error-level finding', async () => {
    const { code, stdout } = await run(['scan', root]);
    assert.equal(code, 1);
    assert.match(stdout, /^app\.py\n {2}2:15 +error +Hard-coded password assigned to 'DB_PASSWORD'.* security\/hardcoded-secret$/m);
    assert.match(stdout, /✖ No secrets in the source code \(1\)/);
    assert.match(stdout, /1 finding \(1 error\) in 1 file/);
  });

  it('exits 0 on a clean folder and with --fail-on none', async () => {
    assert.equal((await run(['scan', clean])).code, 0);
    assert.equal((await run(['scan', root, '--fail-on', 'none'])).code, 0);
  });

  it('prints JSON with the finding and the item status', async () => {
    const { stdout } = await run(['scan', root, '--format', 'json']);
    const json = JSON.parse(stdout);
    assert.equal(json.version, 1);
    assert.deepEqual(json.findings.map((f: { file: string; ruleId: string }) => [f.file, f.ruleId]), [['app.py', 'security/hardcoded-secret']]);
    const security = json.areas.find((a: { area: string }) => a.area === 'security');
    assert.equal(security.items.find((i: { id: string }) => i.id === 'security.no-hardcoded-secrets').status, 'failing');
    assert.equal(json.areas.length, 9);
  });

  it('exits 2 with usage on bad arguments and a missing folder', async () => {
    const bad = await run(['scan', root, '--format', 'xml']);
    assert.equal(bad.code, 2);
    assert.match(bad.stderr, /unknown format 'xml'/);
    assert.equal((await run(['scan', path.join(root, 'nope')])).code, 2);
  });
});
