import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { RULES } from '../../src/core/rules';
import { languageOf } from '../../src/core/languages/languages';
import { isDeclarationLocal, isProjectRule, type CodeRule, type LanguageId } from '../../src/core/model';
import { analyseEdit, editCases } from './edit-cases';
import { RULE_FIXTURES, filesUnder, fixtureSourcesByLanguage } from './fixture-annotations';

const FIXTURES = RULE_FIXTURES;


/**
 * A rule marked `locality: 'declaration'` re-checks only the edited region of an open document and keeps its other
 * findings. Its contract: after any edit, the findings equal those of analysing the new text from nothing. Every
 * top-level node of every fixture of the rule is deleted, typed into, broken in two, duplicated, and each edit undone.
 */
describe('incremental re-analysis: declaration-local rules give the findings of a fresh analysis after every edit', function () {
  this.timeout(120_000);
  const local = RULES.filter((r): r is CodeRule => !isProjectRule(r) && r.locality !== undefined);

  it('covers the rules that cost the most on a large handler file', () => {
    const ids = local.map(r => r.id);
    for (const id of ['performance/query-in-loop', 'security/sql-injection', 'security/hardcoded-secret']) assert.ok(ids.includes(id), id);
  });

  for (const rule of local) {
    it(rule.id, async () => {
      let regional = 0;
      const dir = path.join(FIXTURES, rule.id);
      for (const file of filesUnder(dir)) {
        const language = languageOf(file);
        if (!language || !isDeclarationLocal(rule, language)) continue;
        const rel = path.relative(dir, file).split(path.sep).join('/');
        for (const edit of await editCases(language, fs.readFileSync(file, 'utf8'))) {
          const result = await analyseEdit(rel, language, edit, [rule]);
          regional += result.regional;
          assert.deepEqual(result.incremental, result.fresh, `${rel}: ${edit.name}`);
          assert.deepEqual(result.incrementalFacts, result.freshFacts, `facts of ${rel}: ${edit.name}`);
        }
      }
      // The edits must mostly take the regional path, or this test proves nothing about it.
      assert.ok(regional > 0, 'no edit was re-checked by region');
    });
  }
});

/**
 * Facts (imports, routes, module shape, lifecycle, API surface) are read from the edited region and kept elsewhere
 * (`FactExtractor.byRows`): after every edit of every fixture file, of code and project rules alike, they must equal
 * a fresh extraction's.
 */
describe('incremental re-analysis: facts after every edit equal a fresh extraction', function () {
  this.timeout(300_000);
  const byLanguage = fixtureSourcesByLanguage();
  for (const [language, files] of byLanguage) {
    it(`${language} (${files.length} files)`, async () => {
      for (const file of files) {
        const rel = path.relative(FIXTURES, file).split(path.sep).join('/');
        for (const edit of await editCases(language as LanguageId, fs.readFileSync(file, 'utf8'))) {
          const result = await analyseEdit(rel, language as LanguageId, edit, []);
          assert.deepEqual(result.incrementalFacts, result.freshFacts, `facts of ${rel}: ${edit.name}`);
        }
      }
    });
  }
});
