import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { scanFolder, analyzeText } from '../../src/core/engine/scanner';
import { analyzeFile } from '../../src/core/engine/analyze-file';
import { RULES } from '../../src/core/rules';
import { WorkerPool } from '../../src/core/engine/worker-pool';
import { FolderState } from '../../src/core/engine/folder-state';

const SECRET_LINE = 'DB_PASSWORD = "Tr0ub4dor&3-horse"\n';
const SECRET = 'security/hardcoded-secret';
/** These tests are about the engine; only the secrets rule's findings are looked at. */
const ENGINE_RULES = RULES.filter(r => r.id === SECRET || r.id === 'code/invalid-suppression');
const secrets = <T extends { ruleId: string }>(findings: T[]) => findings.filter(f => f.ruleId === SECRET);

function workspace(files: Record<string, string | Uint8Array>): string {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'bp-scan-'));
  for (const [rel, content] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(root, rel)), { recursive: true });
    fs.writeFileSync(path.join(root, rel), content);
  }
  return root;
}

describe('scanFolder', () => {
  it('finds a secret in each language file and none in ignored folders', async () => {
    const root = workspace({
      'app/settings.py': SECRET_LINE,
      'node_modules/lib/index.js': 'const password = "Tr0ub4dor&3-horse";\n',
      'generated/out.js': 'const password = "Tr0ub4dor&3-horse";\n',
      '.gitignore': 'generated/\n',
      'src/ok.go': 'package main\n\nfunc main() {}\n',
      'README.md': 'password = "Tr0ub4dor&3-horse"\n',
    });
    const result = await scanFolder(root);
    assert.deepEqual(secrets(result.findings).map(f => `${f.file}:${f.range.start.line + 1}:${f.ruleId}`), ['app/settings.py:1:security/hardcoded-secret']);
    assert.equal(result.files, 2);
    const f = secrets(result.findings)[0]!;
    assert.equal(f.severity, 'error');
    assert.deepEqual(f.range, { start: { line: 0, column: 14 }, end: { line: 0, column: 33 } });
  });

  it('skips binary, non-UTF-8, minified and oversized files with a reason, and still scans the rest', async () => {
    const root = workspace({
      'bin.js': Buffer.from([0x63, 0x6f, 0x00, 0x01, 0x02]),
      'latin1.py': Buffer.from([0x78, 0x20, 0x3d, 0x20, 0x22, 0xe9, 0x22, 0x0a]),
      'bundle.min.js': 'var a=1;'.repeat(700_000),
      'big.py': '# padding\n'.repeat(120_000),
      'good.py': SECRET_LINE,
    });
    const result = await scanFolder(root);
    const reasons = Object.fromEntries(result.skipped.map(s => [s.file, s.reason]));
    assert.equal(reasons['bin.js'], 'binary file');
    assert.equal(reasons['latin1.py'], 'not valid UTF-8');
    assert.match(reasons['bundle.min.js'] ?? '', /larger than the 1 MB limit/);
    assert.match(reasons['big.py'] ?? '', /larger than the 1 MB limit/);
    assert.deepEqual(secrets(result.findings).map(f => f.file), ['good.py']);
    const minified = await analyzeText('x.min.js', Buffer.from('var a=1;'.repeat(2000)));
    assert.deepEqual(minified, { skipped: 'minified file' });
  });

  it('does not loop on a symlink cycle and reports an unreadable folder', async function () {
    const root = workspace({ 'a/app.py': SECRET_LINE });
    fs.symlinkSync(path.join(root, 'a'), path.join(root, 'a', 'loop'));
    const result = await scanFolder(root);
    assert.deepEqual(secrets(result.findings).map(f => f.file), ['a/app.py']);
    if (process.getuid?.() === 0) return; // root reads every folder; the permission case cannot be made
    fs.mkdirSync(path.join(root, 'locked'));
    fs.chmodSync(path.join(root, 'locked'), 0);
    const again = await scanFolder(root);
    assert.ok(again.skipped.some(s => s.file === 'locked'));
  });

  it('still reports findings in a file cut off mid-statement', async () => {
    const findings = await analyzeFile('x.py', 'python', `${SECRET_LINE}def broken(:\n    return (`, RULES);
    assert.deepEqual(secrets(findings).map(f => f.range.start.line), [0]);
  });

  it('survives a 10,000-deep nested expression', async () => {
    const text = `x = ${'('.repeat(10_000)}1${')'.repeat(10_000)}\n${SECRET_LINE}`;
    const findings = await analyzeFile('deep.py', 'python', text, RULES);
    assert.deepEqual(secrets(findings).map(f => f.range.start.line), [1]);
  });
});

describe('suppressions', () => {
  it('silences exactly the named rule on exactly the next line', async () => {
    const text = [
      '# backend-practices-ignore-next-line security/hardcoded-secret -- documented example value',
      'A_PASSWORD = "Tr0ub4dor&3-horse"',
      'B_PASSWORD = "Tr0ub4dor&3-horse"',
    ].join('\n');
    const findings = await analyzeFile('s.py', 'python', text, ENGINE_RULES);
    assert.deepEqual(findings.map(f => `${f.range.start.line}:${f.ruleId}`), ['2:security/hardcoded-secret']);
  });

  it('ignore-line silences its own line; a suppression without a reason silences nothing', async () => {
    const text = [
      'const aPassword = "Tr0ub4dor&3-horse"; // backend-practices-ignore-line security/hardcoded-secret -- test value',
      '// backend-practices-ignore-next-line security/hardcoded-secret',
      'const bPassword = "Tr0ub4dor&3-horse";',
    ].join('\n');
    const findings = await analyzeFile('s.js', 'javascript', text, ENGINE_RULES);
    assert.deepEqual(findings.map(f => `${f.range.start.line}:${f.ruleId}`), ['1:code/invalid-suppression', '2:security/hardcoded-secret']);
  });
});

describe('fingerprints', () => {
  it('stay the same when lines are inserted above, and differ between two identical lines', async () => {
    const body = `${SECRET_LINE}${SECRET_LINE}`;
    const before = await analyzeFile('f.py', 'python', body, ENGINE_RULES);
    const after = await analyzeFile('f.py', 'python', `import os\n\n# config\n${body}`, ENGINE_RULES);
    assert.equal(before.length, 2);
    assert.deepEqual(after.map(f => f.fingerprint), before.map(f => f.fingerprint));
    assert.notEqual(before[0]!.fingerprint, before[1]!.fingerprint);
    const edited = await analyzeFile('f.py', 'python', body.replace('Tr0ub4dor&3-horse', 'Tr0ub4dor&3-h0rse'), ENGINE_RULES);
    assert.notEqual(edited[0]!.fingerprint, before[0]!.fingerprint);
  });
});

describe('severity configuration', () => {
  it('applies a configured severity and turns a rule off', async () => {
    const warn = await analyzeFile('c.py', 'python', SECRET_LINE, ENGINE_RULES, { severities: { 'security/hardcoded-secret': 'warning' } });
    assert.deepEqual(warn.map(f => f.severity), ['warning']);
    const off = await analyzeFile('c.py', 'python', SECRET_LINE, ENGINE_RULES, { severities: { 'security/hardcoded-secret': 'off' } });
    assert.deepEqual(off, []);
  });
});

describe('worker pool and cache', () => {
  const files = {
    'a.py': SECRET_LINE,
    'b.js': 'const password = "Tr0ub4dor&3-horse";\n',
    'c.go': 'package main\n\nconst Password = "Tr0ub4dor&3-horse"\n',
    'clean.rb': 'puts ENV.fetch("X")\n',
  };

  it('gives the same findings in worker threads as in this thread', async () => {
    const root = workspace(files);
    const pool = new WorkerPool(2);
    try {
      const threaded = await scanFolder(root, { pool });
      const inline = await scanFolder(root);
      assert.equal(secrets(threaded.findings).length, 3);
      assert.deepEqual(threaded.findings, inline.findings);
    } finally {
      await pool.dispose();
    }
  });

  it('serves unchanged files from the persisted cache and re-analyses only an edited one', async () => {
    const root = workspace(files);
    const cacheDir = fs.mkdtempSync(path.join(os.tmpdir(), 'bp-cache-'));
    const cold = await scanFolder(root, { cacheDir });
    assert.equal(cold.cached, 0);
    const warm = await scanFolder(root, { cacheDir });
    assert.equal(warm.cached, 4);
    assert.deepEqual(warm.findings, cold.findings);
    fs.writeFileSync(path.join(root, 'a.py'), `import os\n${SECRET_LINE}`);
    const future = new Date(Date.now() + 5000);
    fs.utimesSync(path.join(root, 'clean.rb'), future, future); // touched, not edited
    const edited = await scanFolder(root, { cacheDir });
    assert.equal(edited.cached, 3);
    assert.deepEqual(secrets(edited.findings).find(f => f.file === 'a.py')!.range.start.line, 1);
    fs.rmSync(path.join(root, 'b.js'));
    const removed = await scanFolder(root, { cacheDir });
    assert.deepEqual(secrets(removed.findings).map(f => f.file), ['a.py', 'c.go']);
  });

  it('a cache written with other settings is not trusted', async () => {
    const root = workspace(files);
    const cacheDir = fs.mkdtempSync(path.join(os.tmpdir(), 'bp-cache-'));
    await scanFolder(root, { cacheDir });
    const off = await scanFolder(root, { cacheDir, severities: { 'security/hardcoded-secret': 'off' } });
    assert.equal(off.cached, 0);
    assert.deepEqual(off.findings.filter(f => f.ruleId === 'security/hardcoded-secret'), []);
  });

  it('stops early when cancelled and says so', async () => {
    const many: Record<string, string> = {};
    for (let i = 0; i < 40; i++) many[`f${i}.py`] = SECRET_LINE;
    const root = workspace(many);
    const controller = new AbortController();
    const result = await scanFolder(root, { signal: controller.signal, onProgress: done => { if (done === 5) controller.abort(); } });
    assert.equal(result.cancelled, true);
    assert.ok(secrets(result.findings).length < 40, `${secrets(result.findings).length} findings after cancelling`);
  });
});

describe('incremental folder state', () => {
  it('an edit that keeps the facts keeps project findings; one that changes them re-runs project rules; a delete removes findings', async () => {
    const root = workspace({ 'package.json': '{ "name": "x", "private": true, "dependencies": { "express": "^4.0.0" } }', 'src/app.js': "const express = require('express');\nconst app = express();\napp.get('/a', (req, res) => res.send('a'));\napp.get('/b', (req, res) => res.send('b'));\napp.listen(3000);\n" });
    const state = new FolderState(root, await scanFolder(root));
    const project = () => state.findings.filter(f => f.file !== 'src/app.js' || f.ruleId.startsWith('operations/')).map(f => f.ruleId).sort();
    const before = project();
    assert.ok(before.length > 0, 'project rules report on this tiny service');
    const edited = "const express = require('express');\nconst app = express();\napp.get('/a', (req, res) => res.send('A!'));\napp.get('/b', (req, res) => res.send('b'));\napp.listen(3000);\nconst password = \"Tr0ub4dor&3-horse\";\n";
    assert.equal(await state.update('src/app.js', await analyzeText('src/app.js', edited)), true, 'a new finding is a change');
    assert.deepEqual(project(), before);
    // Typing that changes no finding (a comment at the end) is not a change: views need no refresh.
    assert.equal(await state.update('src/app.js', await analyzeText('src/app.js', `${edited}// note\n`)), false);
    assert.deepEqual(secrets(state.findings).map(f => f.file), ['src/app.js']);
    await state.remove('src/app.js');
    assert.deepEqual(state.findings.filter(f => f.file === 'src/app.js'), []);
  });
});
