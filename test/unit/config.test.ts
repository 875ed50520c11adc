import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { loadTeamConfig, MAX_EXTENDS_DEPTH } from '../../src/core/config/load';
import { customRuleId, resolveConfig } from '../../src/core/config/effective';
import { starterConfig } from '../../src/core/config/starter';
import { addAttestation, addNotApplicable, addWaiver, setRole } from '../../src/core/config/edit';
import { scanFolder } from '../../src/core/engine/scanner';
import { checklistOf } from '../../src/core/engine/folder-state';
import { itemsForRole } from '../../src/core/checklist/roles';

function folder(files: Record<string, string>): string {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'bp-config-'));
  for (const [rel, text] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(root, rel)), { recursive: true });
    fs.writeFileSync(path.join(root, rel), text);
  }
  return root;
}

const SECRET = 'DB_PASSWORD = "Tr0ub4dor&3-horse"\n';

describe('team config', () => {
  it('no config: built-in senior checklist, no problems', () => {
    const loaded = loadTeamConfig(folder({ 'a.py': 'x = 1\n' }));
    assert.equal(loaded.file, undefined);
    const config = resolveConfig(loaded);
    assert.equal(config.role, 'senior');
    assert.deepEqual(config.items.map(i => i.id), itemsForRole('senior').map(i => i.id));
  });

  it('merges extends in order, later wins; items merge by id; lists accumulate', () => {
    const root = folder({
      'standards/base.yaml': 'role: lead\nignore: [gen/**]\nrules:\n  security/hardcoded-secret: warning\n  code/invalid-suppression: error\nitems:\n  - { id: team.docs, area: collaboration, title: Old title, manual: true }\n',
      'node_modules/@acme/standards/checklist.yaml': 'rules:\n  code/invalid-suppression: info\nignore: [vendor2/**]\n',
      '.backend-practices.yaml': 'extends:\n  - backend-practices:junior\n  - ./standards/base.yaml\n  - "@acme/standards/checklist.yaml"\nrole: mid\nrules:\n  security/hardcoded-secret: error\nitems:\n  - { id: team.docs, title: New title }\n',
    });
    const loaded = loadTeamConfig(root);
    assert.deepEqual(loaded.problems, []);
    assert.equal(loaded.config.role, 'mid');
    assert.deepEqual(loaded.config.ignore, ['gen/**', 'vendor2/**']);
    assert.deepEqual(loaded.config.rules, { 'security/hardcoded-secret': 'error', 'code/invalid-suppression': 'info' });
    assert.equal(loaded.config.items.length, 1);
    assert.equal(loaded.config.items[0]!.title, 'New title');
    assert.equal(loaded.config.items[0]!.manual, true, 'fields of the earlier definition survive');
    assert.equal(loaded.sources.length, 3);
  });

  it('reports an extends cycle and an over-deep chain at the extends line, without hanging', () => {
    const cyclic = folder({ '.backend-practices.yaml': 'extends: ./a.yaml\n', 'a.yaml': 'extends: ./b.yaml\n', 'b.yaml': 'extends: ./a.yaml\n' });
    const problems = loadTeamConfig(cyclic).problems;
    assert.equal(problems.length, 1);
    assert.match(problems[0]!.message, /extends cycle: .*a\.yaml → b\.yaml → .*a\.yaml/);
    assert.equal(problems[0]!.file, 'b.yaml');
    const chain: Record<string, string> = { '.backend-practices.yaml': 'extends: ./c0.yaml\n' };
    for (let i = 0; i < MAX_EXTENDS_DEPTH + 3; i++) chain[`c${i}.yaml`] = `extends: ./c${i + 1}.yaml\n`;
    chain[`c${MAX_EXTENDS_DEPTH + 3}.yaml`] = 'role: lead\n';
    assert.match(loadTeamConfig(folder(chain)).problems.map(p => p.message).join('\n'), /nested more than 10 levels/);
  });

  it('reports validation errors at the right line and column; an invalid file contributes nothing', () => {
    const root = folder({ '.backend-practices.yaml': '# team config\nrole: principal\nrules:\n  security/hardcoded-secret: loud\nwaivers:\n  - rule: security/weak-hash\n    reason: legacy\n    owner: jane\n    expires: next year\ncolour: blue\n' });
    const loaded = loadTeamConfig(root);
    const at = loaded.problems.map(p => `${p.line + 1}:${p.column + 1} ${p.message}`);
    assert.ok(at.includes('2:7 role must be one of: junior, mid, senior, lead.'), at.join('\n'));
    assert.ok(at.includes('4:30 rules.security/hardcoded-secret must be one of: error, warning, info, hint, off.'), at.join('\n'));
    assert.ok(at.includes('9:14 waivers.0.expires must be a date written YYYY-MM-DD.'), at.join('\n'));
    assert.ok(at.includes("10:1 Unknown key 'colour' in the config."), at.join('\n'));
    assert.equal(resolveConfig(loaded).role, 'senior', 'defaults still apply');
  });

  it('reports YAML syntax errors with their position', () => {
    const loaded = loadTeamConfig(folder({ '.backend-practices.yaml': 'role: senior\nrules: [unclosed\n' }));
    assert.equal(loaded.problems.length >= 1, true);
    assert.match(loaded.problems[0]!.message, /^Syntax error/);
    assert.ok(loaded.problems[0]!.line >= 1);
  });

  it('reads the JSON form with positions too', () => {
    const loaded = loadTeamConfig(folder({ '.backend-practices.json': '{\n  "role": "lead",\n  "rules": { "security/hardcoded-secret": "nope" }\n}\n' }));
    assert.equal(loaded.file, '.backend-practices.json');
    assert.deepEqual(loaded.problems.map(p => p.line + 1), [3]);
  });

  it('expired waivers and attestations are reported on their line and no longer count', async () => {
    const root = folder({
      'app.py': SECRET,
      '.backend-practices.yaml': [
        'waivers:',
        '  - rule: security/hardcoded-secret',
        '    reason: rotated next sprint',
        '    owner: jane',
        '    expires: 2020-01-01',
        'attestations:',
        '  - { item: collaboration.mentoring, by: Sam, date: 2019-01-01, expires: 2019-06-01 }',
      ].join('\n') + '\n',
    });
    const config = resolveConfig(loadTeamConfig(root), { today: '2026-11-29', roleFallback: 'lead' });
    const expired = config.problems.filter(p => /expired/.test(p.message)).map(p => p.line + 1);
    assert.deepEqual(expired, [2, 7]);
    const result = await scanFolder(root, { config });
    const { areas } = checklistOf(result.findings, config, config.role);
    const item = areas.flatMap(a => a.items).find(e => e.item.id === 'security.no-hardcoded-secrets')!;
    assert.equal(item.status, 'failing', 'an expired waiver does not waive');
  });

  it('an active waiver waives the findings in its paths only; attestations and not-applicable set item statuses', async () => {
    const root = folder({
      'legacy/app.py': SECRET,
      'src/app.py': SECRET,
      '.backend-practices.yaml': 'waivers:\n  - { rule: security/hardcoded-secret, paths: ["legacy/**"], reason: legacy, owner: jane, expires: 2099-01-01 }\n',
    });
    const config = resolveConfig(loadTeamConfig(root), { today: '2026-11-29' });
    const result = await scanFolder(root, { config });
    const { findings, waived, areas } = checklistOf(result.findings, config, config.role);
    const secretFiles = (list: typeof findings) => list.filter(f => f.ruleId === 'security/hardcoded-secret').map(f => f.file);
    assert.deepEqual(secretFiles(findings), ['src/app.py']);
    assert.deepEqual(secretFiles(waived), ['legacy/app.py']);
    assert.equal(areas.flatMap(a => a.items).find(e => e.item.id === 'security.no-hardcoded-secrets')!.status, 'failing');
    fs.rmSync(path.join(root, 'src/app.py'));
    const again = checklistOf((await scanFolder(root, { config })).findings, config, config.role);
    assert.equal(again.areas.flatMap(a => a.items).find(e => e.item.id === 'security.no-hardcoded-secrets')!.status, 'waived');
  });

  it('overrides apply rule settings to matching files only', async () => {
    const root = folder({ 'scripts/seed.py': SECRET, 'app/main.py': SECRET, '.backend-practices.yaml': 'overrides:\n  - files: ["scripts/**"]\n    rules:\n      security/hardcoded-secret: off\n' });
    const config = resolveConfig(loadTeamConfig(root));
    const result = await scanFolder(root, { config });
    assert.deepEqual(result.findings.filter(f => f.ruleId === 'security/hardcoded-secret').map(f => f.file), ['app/main.py']);
  });

  it('custom items: files, dependency, pattern (occur / not-occur) and tree-sitter query evidence', async () => {
    const root = folder({
      'package.json': '{ "dependencies": { "express": "^4.0.0" } }',
      'src/a.js': 'console.log("hi");\nconst x = 1;\n',
      'README.md': '# Service\n',
      '.backend-practices.yaml': [
        'role: junior',
        'items:',
        '  - { id: team.runbook, area: operations, title: Runbook exists, evidence: { files: ["docs/runbook.md"] } }',
        '  - { id: team.helmet, area: security, title: Helmet is used, evidence: { dependency: helmet } }',
        '  - { id: team.express, area: api, title: Express is used, evidence: { dependency: express } }',
        '  - { id: team.readme-oncall, area: operations, title: README names on-call, evidence: { pattern: { regex: "(?i)on-?call", files: ["README*"], must: occur } } }',
        '  - { id: team.no-console, area: code, title: No console calls, evidence: { query: { language: javascript, query: "(call_expression function: (member_expression object: (identifier) @o (#eq? @o \\"console\\")))", must: not-occur } } }',
        '  - { id: team.review, area: collaboration, title: Reviewed, manual: true }',
      ].join('\n') + '\n',
    });
    const config = resolveConfig(loadTeamConfig(root));
    assert.deepEqual(config.problems, []);
    const result = await scanFolder(root, { config });
    const { areas } = checklistOf(result.findings, config, config.role);
    const status = (id: string) => areas.flatMap(a => a.items).find(e => e.item.id === id)?.status;
    assert.equal(status('team.runbook'), 'failing');
    assert.equal(status('team.helmet'), 'failing');
    assert.equal(status('team.express'), 'passed');
    assert.equal(status('team.readme-oncall'), 'failing');
    assert.equal(status('team.no-console'), 'failing');
    assert.equal(status('team.review'), 'needs-attestation');
    const consoleFinding = result.findings.find(f => f.ruleId === customRuleId('team.no-console'))!;
    assert.deepEqual([consoleFinding.file, consoleFinding.range.start.line], ['src/a.js', 0]);
  });

  it('a hostile pattern finishes at once, and a bad pattern or query is reported, not thrown', async () => {
    const root = folder({
      'big.txt': `${'a'.repeat(100_000)}!`,
      '.backend-practices.yaml': [
        'items:',
        '  - { id: team.hostile, area: code, title: Hostile, evidence: { pattern: { regex: "(a+)+$", files: ["big.txt"], must: not-occur } } }',
        '  - { id: team.backref, area: code, title: Backref, evidence: { pattern: { regex: "(a)\\\\1", must: occur } } }',
        '  - { id: team.badquery, area: code, title: Bad query, evidence: { query: { language: python, query: "(nonsense_node) @x", must: occur } } }',
      ].join('\n') + '\n',
    });
    const config = resolveConfig(loadTeamConfig(root));
    const started = performance.now();
    await scanFolder(root, { config });
    const ms = performance.now() - started;
    assert.ok(ms < 5000, `took ${ms} ms`);
    const messages = config.problems.map(p => p.message).join('\n');
    assert.match(messages, /team\.backref: the pattern .* is not a valid RE2 expression/);
    assert.match(messages, /team\.badquery: the python query is invalid/);
  });

  it('Restricted Mode ignores extends of files and custom patterns, and says so', () => {
    const root = folder({ 'base.yaml': 'role: lead\n', '.backend-practices.yaml': 'extends: ./base.yaml\nitems:\n  - { id: team.p, area: code, title: P, evidence: { pattern: { regex: x, must: occur } } }\n' });
    const loaded = loadTeamConfig(root, { trusted: false });
    assert.equal(loaded.config.role, undefined);
    assert.equal(loaded.config.items[0]!.evidence?.pattern, undefined);
    assert.deepEqual(loaded.restricted, ['extends ./base.yaml', 'custom pattern or query of item team.p']);
  });

  it('the starter config for each role is valid', () => {
    for (const role of ['junior', 'mid', 'senior', 'lead'] as const) {
      const loaded = loadTeamConfig(folder({ '.backend-practices.yaml': starterConfig(role) }));
      assert.deepEqual(loaded.problems, [], role);
      assert.equal(loaded.config.role, role);
    }
  });
});

describe('team config edits', () => {
  const original = [
    '# Our team checklist — keep this comment',
    'role: senior # the default',
    '',
    '# Accepted gaps',
    'waivers: []',
    '',
    'attestations:',
    '  # earlier attestations',
    '  - { item: collaboration.mentoring, by: Sam, date: 2026-01-01 }',
    '',
  ].join('\n');

  it('adds attestations and waivers keeping comments, order and formatting, and the result validates', async () => {
    let text = addAttestation('.backend-practices.yaml', original, { item: 'architecture.design-reviews', by: 'Jane Doe', date: '2026-11-29', note: 'guild review' });
    text = addWaiver('.backend-practices.yaml', text, { rule: 'security/weak-hash', paths: ['legacy/**'], reason: 'Replaced in Q3', owner: 'jane', expires: '2027-03-01' });
    text = setRole('.backend-practices.yaml', text, 'lead');
    assert.equal(text, [
      '# Our team checklist — keep this comment',
      'role: lead # the default',
      '',
      '# Accepted gaps',
      'waivers:',
      '  - rule: security/weak-hash',
      '    paths:',
      '      - legacy/**',
      '    reason: Replaced in Q3',
      '    owner: jane',
      '    expires: 2027-03-01',
      '',
      'attestations:',
      '  # earlier attestations',
      '  - { item: collaboration.mentoring, by: Sam, date: 2026-01-01 }',
      '  - item: architecture.design-reviews',
      '    by: Jane Doe',
      '    date: 2026-11-29',
      '    note: guild review',
      '',
    ].join('\n'));
    const root = folder({ '.backend-practices.yaml': text });
    assert.deepEqual(loadTeamConfig(root).problems, []);
  });

  it('keeps a JSON config JSON', async () => {
    const text = addNotApplicable('.backend-practices.json', '{ "role": "mid" }', { item: 'database.backups', reason: 'No database', by: 'Sam' });
    assert.deepEqual(JSON.parse(text), { role: 'mid', notApplicable: [{ item: 'database.backups', reason: 'No database', by: 'Sam' }] });
  });

  it('refuses to edit a file with a syntax error instead of losing its content', async () => {
    assert.throws(() => addAttestation('.backend-practices.yaml', 'role: [senior\n', { item: 'x', by: 'y', date: '2026-01-01' }), /syntax error/);
  });
});

describe('team config edits (comments on empty lists)', () => {
  it('keeps the comment of `key: [] # comment` on the key line when the list grows', () => {
    const text = addWaiver('.backend-practices.yaml', 'role: lead\n\nwaivers: [] # none yet\n', { rule: 'security/weak-hash', reason: 'r', owner: 'o', expires: '2099-01-01' });
    assert.equal(text, 'role: lead\n\nwaivers: # none yet\n  - rule: security/weak-hash\n    reason: r\n    owner: o\n    expires: 2099-01-01\n');
  });
});
