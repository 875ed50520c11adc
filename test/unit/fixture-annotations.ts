import * as fs from 'node:fs';
import * as path from 'node:path';
import { LINE_COMMENT, languageOf } from '../../src/core/languages/languages';
import type { LanguageId } from '../../src/core/model';

/** The rule fixtures: test/fixtures/rules/<area>/<name>/. */
export const RULE_FIXTURES = path.resolve(__dirname, '../fixtures/rules');

/** Every file below `dir`, recursively. */
export function filesUnder(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap(e => (e.isDirectory() ? filesUnder(path.join(dir, e.name)) : [path.join(dir, e.name)]));
}

/** Every source file among the rule fixtures, by language. */
export function fixtureSourcesByLanguage(): Map<LanguageId, string[]> {
  const byLanguage = new Map<LanguageId, string[]>();
  for (const file of filesUnder(RULE_FIXTURES)) {
    const language = languageOf(file);
    if (language) byLanguage.set(language, [...(byLanguage.get(language) ?? []), file]);
  }
  return byLanguage;
}

export interface Expectations { expect: Set<number>; ok: Set<number> }

const ANNOTATION = /\b(expect|ok):\s*([a-z]+\/[a-z0-9-]+)/g;

/**
 * Semgrep-style annotations: `expect: <rule-id>` / `ok: <rule-id>` in a line comment. A comment alone on its
 * line applies to the next code line; a trailing comment applies to its own line. Lines are zero-based.
 */
export function readExpectations(text: string, language: LanguageId, ruleId: string): Expectations {
  const token = LINE_COMMENT[language];
  const lines = text.split(/\r?\n/);
  const out: Expectations = { expect: new Set(), ok: new Set() };
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!;
    const at = line.indexOf(token);
    if (at < 0) continue;
    for (const m of line.slice(at).matchAll(ANNOTATION)) {
      if (m[2] !== ruleId) continue;
      let target = i;
      if (line.trimStart().startsWith(token)) {
        target = i + 1;
        while (target < lines.length && (lines[target]!.trim() === '' || isAnnotationOnly(lines[target]!, token))) target++;
      }
      out[m[1] as 'expect' | 'ok'].add(target);
    }
  }
  return out;
}

function isAnnotationOnly(line: string, token: string): boolean {
  const t = line.trim();
  return t.startsWith(token) && /^(\s*(expect|ok):\s*[a-z]+\/[a-z0-9-]+[\s,]*)+$/.test(t.slice(token.length));
}

/** The text without its annotations: they name the rule, and a rule's id can hold the very word its text gate looks for. */
export function withoutAnnotations(text: string): string {
  return text.replace(ANNOTATION, '');
}
