import * as fs from 'node:fs';
import * as path from 'node:path';
import * as assert from 'node:assert/strict';
import { ITEMS } from '../../src/core/checklist/items/index';
import { evaluateItems, summariseAreas } from '../../src/core/checklist/evaluate';
import { RULES, RULES_BY_ID } from '../../src/core/rules';
import { AREAS, ROLES } from '../../src/core/model';
import type { Finding } from '../../src/core/model';

describe('checklist', () => {
  it('items have unique ids in their area, a known level, and link only to existing rules of their area', () => {
    const ids = new Set<string>();
    for (const item of ITEMS) {
      assert.ok(!ids.has(item.id), `duplicate item ${item.id}`);
      ids.add(item.id);
      assert.ok(item.id.startsWith(`${item.area}.`), `${item.id} is in area ${item.area}`);
      assert.ok(ROLES.includes(item.level), `${item.id} has level ${item.level}`);
      assert.ok(item.manual ? item.rules.length === 0 : item.rules.length > 0, `${item.id}: manual xor rules`);
      for (const rule of item.rules) assert.ok(RULES_BY_ID.has(rule), `${item.id} links unknown rule ${rule}`);
    }
  });

  it('every rule is evaluated by some item', () => {
    const linked = new Set(ITEMS.flatMap(i => i.rules));
    assert.deepEqual(RULES.map(r => r.id).filter(id => !linked.has(id)), []);
  });

  it('an item fails on a finding of its rule and passes without; every area is listed', () => {
    const finding = { ruleId: 'security/hardcoded-secret', area: 'security', severity: 'error', message: 'm', file: 'a.py',
      range: { start: { line: 0, column: 0 }, end: { line: 0, column: 1 } }, fingerprint: 'x' } satisfies Finding;
    const failing = summariseAreas(evaluateItems(ITEMS, [finding]));
    assert.deepEqual(failing.map(a => a.area), [...AREAS]);
    const security = failing.find(a => a.area === 'security')!;
    assert.equal(security.items.find(e => e.item.id === 'security.no-hardcoded-secrets')!.status, 'failing');
    const passing = summariseAreas(evaluateItems(ITEMS, [])).find(a => a.area === 'security')!;
    assert.equal(passing.items.find(e => e.item.id === 'security.no-hardcoded-secrets')!.status, 'passed');
    assert.ok(passing.items.every(e => e.status === (e.item.manual ? 'needs-attestation' : 'passed')), 'without findings, auto items pass and manual ones await attestation');
    assert.equal(passing.passed, passing.items.filter(e => !e.item.manual).length);
  });
});

describe('README', () => {
  it('lists every rule with a link to its docs page', () => {
    const readme = fs.readFileSync(path.join(__dirname, '../../README.md'), 'utf8');
    const missing = RULES.map(r => r.id).filter(id => !readme.includes(`](docs/rules/${id}.md)`));
    assert.deepEqual(missing, []);
  });
});
