import * as assert from 'node:assert/strict';
import type { Fix, LanguageId } from '../../src/core/model';
import { analyzeFile } from '../../src/core/engine/analyze-file';
import { RULES_BY_ID } from '../../src/core/rules';

/** Apply a fix's edits (from the last to the first, so earlier ranges stay valid). */
function applyFix(text: string, fix: Fix): string {
  const lines = text.split('\n');
  const offset = (p: { line: number; column: number }) => lines.slice(0, p.line).reduce((n, l) => n + l.length + 1, 0) + p.column;
  const edits = [...fix.edits].sort((a, b) => offset(b.range.start) - offset(a.range.start));
  let out = text;
  for (const e of edits) out = out.slice(0, offset(e.range.start)) + e.newText + out.slice(offset(e.range.end));
  return out;
}

async function fixed(ruleId: string, file: string, language: LanguageId, text: string): Promise<{ title: string; text: string; after: number }> {
  const rule = RULES_BY_ID.get(ruleId)!;
  const findings = (await analyzeFile(file, language, text, [rule])).filter(f => f.ruleId === ruleId);
  const withFix = findings.find(f => f.fix);
  assert.ok(withFix?.fix, `${ruleId} offers a fix (findings: ${findings.map(f => f.message).join(' | ') || 'none'})`);
  const result = applyFix(text, withFix.fix);
  const after = (await analyzeFile(file, language, result, [rule])).filter(f => f.ruleId === ruleId).length;
  return { title: withFix.fix.title, text: result, after };
}

/** Each quick fix changes only what the finding is about, and the finding is gone afterwards. */
describe('quick fixes', () => {
  const cases: [string, string, LanguageId, string, string][] = [
    ['security/unsafe-deserialization', 'app/load.py', 'python', 'import yaml\n\ndef load(body):\n    return yaml.load(body)\n', 'import yaml\n\ndef load(body):\n    return yaml.safe_load(body)\n'],
    ['security/tls-verification-disabled', 'app/client.py', 'python', 'import requests\n\ndef fetch(url):\n    return requests.get(url, verify=False, timeout=5)\n', 'import requests\n\ndef fetch(url):\n    return requests.get(url, verify=True, timeout=5)\n'],
    ['performance/outbound-call-without-timeout', 'app/client.py', 'python', 'import requests\n\ndef fetch(url):\n    return requests.get(url)\n', 'import requests\n\ndef fetch(url):\n    return requests.get(url, timeout=10)\n'],
    ['testing/focused-or-skipped-test', 'test/user.test.js', 'javascript', "describe('users', () => {\n  it.only('lists', () => { expect(1).toBe(1); });\n});\n", "describe('users', () => {\n  it('lists', () => { expect(1).toBe(1); });\n});\n"],
    ['security/weak-hash', 'src/tokens.js', 'javascript', "const crypto = require('crypto');\nfunction signToken(payload) {\n  const signature = crypto.createHash('md5').update(payload).digest('hex');\n  return signature;\n}\n", "const crypto = require('crypto');\nfunction signToken(payload) {\n  const signature = crypto.createHash('sha256').update(payload).digest('hex');\n  return signature;\n}\n"],
    ['security/debug-in-production', 'app/main.py', 'python', 'from flask import Flask\napp = Flask(__name__)\napp.run(host="0.0.0.0", debug=True)\n', 'from flask import Flask\napp = Flask(__name__)\napp.run(host="0.0.0.0", debug=False)\n'],
    ['security/cookie-flags', 'mysite/settings.py', 'python', 'SESSION_COOKIE_SECURE = False\n', 'SESSION_COOKIE_SECURE = True\n'],
    ['security/insecure-random', 'app/tokens.py', 'python', 'import random\nimport string\n\ndef make_token():\n    token = "".join(random.choice(string.ascii_letters) for _ in range(32))\n    return token\n', 'import random\nimport secrets\nimport string\n\ndef make_token():\n    token = "".join(secrets.choice(string.ascii_letters) for _ in range(32))\n    return token\n'],
  ];
  for (const [ruleId, file, language, before, expected] of cases) {
    it(`${ruleId}: ${file}`, async () => {
      const result = await fixed(ruleId, file, language, before);
      assert.equal(result.text, expected, result.title);
      assert.equal(result.after, 0, 'the finding is gone after the fix');
    });
  }
});
