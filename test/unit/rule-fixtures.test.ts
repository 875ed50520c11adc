import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { RULES, RULES_BY_ID } from '../../src/core/rules';
import { languageOf } from '../../src/core/languages/languages';
import { analyzeFile } from '../../src/core/engine/analyze-file';
import { scanFolder } from '../../src/core/engine/scanner';
import { isProjectRule, mayReport } from '../../src/core/model';
import { ruleDocsPath } from '../../src/core/rules/docs';
import { RULE_FIXTURES, filesUnder, readExpectations, withoutAnnotations } from './fixture-annotations';

const ROOT = path.resolve(__dirname, '../..');
const FIXTURES = RULE_FIXTURES;

interface Score { tp: number; fp: number; fn: number }
const scores = new Map<string, Score>();
function score(key: string): Score {
  let s = scores.get(key);
  if (!s) scores.set(key, (s = { tp: 0, fp: 0, fn: 0 }));
  return s;
}

describe('rule fixtures (annotated files are the spec)', () => {
  for (const rule of RULES) {
    describe(rule.id, () => {
      const dir = path.join(FIXTURES, rule.id);
      it('has a docs page and fixtures', () => {
        assert.ok(fs.existsSync(path.join(ROOT, ruleDocsPath(rule.id))), `missing ${ruleDocsPath(rule.id)}`);
        assert.ok(fs.existsSync(dir), `missing fixtures in ${path.relative(ROOT, dir)}`);
      });
      if (!fs.existsSync(dir)) return;
      if (isProjectRule(rule)) {
        // Project rules: each sub-folder is a tiny workspace; its EXPECTED file lists `file:line` findings (1-based).
        for (const name of fs.readdirSync(dir).sort()) {
          const caseDir = path.join(dir, name);
          if (!fs.statSync(caseDir).isDirectory()) continue;
          it(`${name}: findings exactly as EXPECTED`, async () => {
            const expectedFile = path.join(caseDir, 'EXPECTED');
            assert.ok(fs.existsSync(expectedFile), `${name}/EXPECTED is missing (empty means no finding)`);
            const expected = fs.readFileSync(expectedFile, 'utf8').split(/\r?\n/).map(l => l.replace(/#.*/, '').trim()).filter(Boolean).sort();
            const result = await scanFolder(caseDir, { rules: [rule], ignore: ['/EXPECTED'] });
            const found = result.findings.filter(f => f.ruleId === rule.id).map(f => `${f.file}:${f.range.start.line + 1}`).sort();
            const s = score(`${rule.id}\tproject`);
            for (const f of found) if (expected.includes(f)) s.tp++; else s.fp++;
            for (const e of expected) if (!found.includes(e)) s.fn++;
            assert.deepEqual(found, expected);
          });
        }
        return;
      }
      const files = filesUnder(dir);
      it('has a fixture for every language it supports', () => {
        const covered = new Set(files.map(f => languageOf(f)).filter(Boolean));
        // TSX shares the TypeScript rules; a .ts fixture covers it unless the rule is TSX-specific.
        const missing = rule.meta.languages.filter(l => !covered.has(l) && !(l === 'tsx' && covered.has('typescript')));
        assert.deepEqual(missing, [], `no fixture for ${missing.join(', ')}`);
      });
      for (const file of files) {
        const language = languageOf(file);
        if (!language) continue;
        const rel = path.relative(dir, file).split(path.sep).join('/');
        it(`${rel}: findings exactly on the expect: lines`, async () => {
          const text = fs.readFileSync(file, 'utf8');
          const { expect, ok } = readExpectations(text, language, rule.id);
          const findings = await analyzeFile(rel, language, text, [rule]);
          const found = new Set(findings.filter(f => f.ruleId === rule.id).map(f => f.range.start.line));
          const s = score(`${rule.id}\t${language}`);
          for (const line of found) if (expect.has(line)) s.tp++; else s.fp++;
          for (const line of expect) if (!found.has(line)) s.fn++;
          const show = (lines: Iterable<number>) => [...lines].map(l => l + 1).sort((a, b) => a - b);
          assert.deepEqual({ missed: show([...expect].filter(l => !found.has(l))), unexpected: show([...found].filter(l => !expect.has(l))) },
            { missed: [], unexpected: [] }, `${rel}: lines are 1-based`);
          for (const line of ok) assert.ok(!found.has(line), `ok: line ${line + 1} was reported`);
          // A file the rule reports on must pass its text gate as real code would, without the annotations naming the rule.
          if (expect.size) assert.ok(mayReport(rule, language, withoutAnnotations(text)), `${rel}: the rule's text gate (mentions) does not match this file`);
        });
      }
    });
  }

  after(() => {
    const rows = [...scores].sort(([a], [b]) => a.localeCompare(b)).map(([key, s]) => {
      const [ruleId, language] = key.split('\t');
      const precision = s.tp + s.fp ? (100 * s.tp) / (s.tp + s.fp) : 100;
      const recall = s.tp + s.fn ? (100 * s.tp) / (s.tp + s.fn) : 100;
      return `  ${ruleId!.padEnd(44)} ${language!.padEnd(11)} precision ${precision.toFixed(1).padStart(5)}%  recall ${recall.toFixed(1).padStart(5)}%  (tp ${s.tp}, fp ${s.fp}, fn ${s.fn})`;
    });
    console.log(`\n  Fixture precision and recall per rule and language (${RULES_BY_ID.size} rules)\n${rows.join('\n')}\n`);
  });
});
