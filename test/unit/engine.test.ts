import * as assert from 'node:assert/strict';
import type { CodeRule } from '../../src/core/model';
import { editBetween, parse, parseSyntaxTree } from '../../src/core/languages/parser';
import { NodeIndex } from '../../src/core/engine/rule-context';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { analyzeSource } from '../../src/core/engine/analyze-file';
import { analyzeText } from '../../src/core/engine/analyze-text';
import { DocumentTrees } from '../../src/core/engine/document-trees';
import { WorkerPool } from '../../src/core/engine/worker-pool';

const FIXTURES = path.join(__dirname, '../fixtures/rules');

/** Edits as an editor makes them, each applied to the text the previous one produced. */
const EDITS: { name: string; apply: (text: string) => string }[] = [
  { name: 'type a word mid-line', apply: t => t.replace('query(', 'query(  ') },
  { name: 'delete a line', apply: t => t.split('\n').filter((_, i) => i !== 5).join('\n') },
  { name: 'paste a block at the top', apply: t => `const extra = require('child_process');\nextra.exec(process.argv[2]);\n${t}` },
  { name: 'type an emoji inside a string', apply: t => t.replace("'", "'\u{1F600}") },
  { name: 'break the syntax', apply: t => t.replace('{', '') },
  { name: 'undo the break', apply: t => t.replace('(', '({') },
  { name: 'append at the end', apply: t => `${t}\nmodule.exports.more = 1;\n` },
  { name: 'replace everything (select all, paste the original)', apply: () => fs.readFileSync(path.join(FIXTURES, 'security/sql-injection/users.js'), 'utf8') },
];

/** A rule that records every file it ran on and reports each `call_expression` it is given. */
function probeRule(id: string, mentions?: CodeRule['mentions']): CodeRule & { ran: string[] } {
  const ran: string[] = [];
  return {
    id, ran, mentions,
    meta: { title: id, area: 'code', defaultSeverity: 'warning', languages: ['javascript', 'typescript', 'python'], description: '', messages: { call: 'call' } },
    check(ctx) {
      ran.push(ctx.file);
      for (const node of ctx.nodesOfType('call_expression', 'call')) ctx.report({ node, messageId: 'call' });
    },
  };
}

describe('node index', () => {
  it('collects named nodes only: the `string` keyword of a type is not a string literal', async () => {
    const index = new NodeIndex(await parseSyntaxTree('typescript', "let a: string = 'x';\nlet b = \"y\";\n"));
    assert.deepEqual(index.ofType(['string']).map(n => n.text), ["'x'", '"y"']);
  });

  it('returns several types merged in document order, and nothing for a type the grammar lacks', async () => {
    const index = new NodeIndex(await parseSyntaxTree('javascript', 'f(1);\nconst s = `t`;\ng("u");\n'));
    assert.deepEqual(index.ofType(['template_string', 'call_expression']).map(n => n.text), ['f(1)', '`t`', 'g("u")']);
    assert.deepEqual(index.ofType(['no_such_node_type']), []);
  });

  it('limited to some top-level nodes, returns only what lies inside them', async () => {
    const tree = await parseSyntaxTree('python', 'a()\ndef f():\n    b()\n    c()\nd()\n');
    const [, def] = tree.rootNode.children;
    assert.deepEqual(new NodeIndex(tree, [def!]).ofType(['call']).map(n => n.text), ['b()', 'c()']);
    assert.deepEqual(new NodeIndex(tree).ofType(['call']).map(n => n.text), ['a()', 'b()', 'c()', 'd()']);
  });
});

describe('text gates (rule.mentions)', () => {
  it('skips a rule whose gate does not match the file and runs it where it does', async () => {
    const gated = probeRule('code/probe-gated', /\bsubprocess\b/);
    const perLanguage = probeRule('code/probe-per-language', { python: /\bos\b/ });
    const rules = [gated, perLanguage];
    const js = await analyzeSource('a.js', 'javascript', 'run();\n', rules);
    const py = await analyzeSource('b.py', 'python', 'import subprocess, os\nsubprocess.run(["ls"])\n', rules);
    assert.deepEqual(gated.ran, ['b.py']);
    assert.deepEqual(perLanguage.ran, ['a.js', 'b.py'], 'a language without a gate always runs');
    assert.deepEqual(js.findings.map(f => f.ruleId), ['code/probe-per-language']);
    assert.deepEqual(py.findings.map(f => f.ruleId).sort(), ['code/probe-gated', 'code/probe-per-language']);
  });
});

describe('incremental re-parsing of edited documents', () => {
  it('editBetween bounds one contiguous change, in UTF-16 units, without splitting a surrogate pair', () => {
    assert.deepEqual(editBetween('ab\ncd', 'ab\nXcd'), {
      startIndex: 3, oldEndIndex: 3, newEndIndex: 4,
      startPosition: { row: 1, column: 0 }, oldEndPosition: { row: 1, column: 0 }, newEndPosition: { row: 1, column: 1 },
    });
    const e = editBetween('x\u{1F600}y', 'x\u{1F601}y'); // same high surrogate, different low one
    assert.equal(e.startIndex, 1);
    assert.equal(e.oldEndIndex, 3);
    assert.deepEqual(editBetween('same', 'same'), { startIndex: 4, oldEndIndex: 4, newEndIndex: 4, startPosition: { row: 0, column: 4 }, oldEndPosition: { row: 0, column: 4 }, newEndPosition: { row: 0, column: 4 } });
  });

  it('gives the same tree and the same findings as a fresh parse after every kind of edit', async () => {
    const trees = new DocumentTrees();
    let text = fs.readFileSync(path.join(FIXTURES, 'security/sql-injection/users.js'), 'utf8');
    try {
      await analyzeText('src/users.js', text, { trees: { cache: trees, key: 'users.js' } });
      for (const edit of EDITS) {
        text = edit.apply(text);
        const incremental = await analyzeText('src/users.js', text, { trees: { cache: trees, key: 'users.js' } });
        const fresh = await analyzeText('src/users.js', text);
        assert.ok('findings' in incremental && 'findings' in fresh);
        assert.deepEqual(incremental.findings, fresh.findings, `after "${edit.name}"`);
        const tree = await trees.parse('users.js', 'javascript', text); // unchanged text: the same tree back
        const reparsed = await parse('javascript', text);
        assert.equal(tree.rootNode.toString(), reparsed.rootNode.toString(), `tree after "${edit.name}"`);
        reparsed.delete();
      }
      assert.equal(trees.stats.incremental, EDITS.length);
      assert.equal(trees.stats.full, 1);
      assert.ok(trees.stats.regional > 0, 'some edits were re-checked by region');
      const last = await analyzeText('src/users.js', text, { trees: { cache: trees, key: 'users.js' } });
      assert.ok('findings' in last && last.findings.filter(f => f.ruleId === 'security/sql-injection').length >= 3, 'the restored text has its injections');
    } finally {
      trees.clear();
    }
  });

  it('an edited buffer analysed in the worker pool keeps matching a fresh analysis', async () => {
    const pool = new WorkerPool(2);
    let text = fs.readFileSync(path.join(FIXTURES, 'security/sql-injection/users.js'), 'utf8');
    try {
      for (const edit of [{ name: 'open', apply: (t: string) => t }, ...EDITS]) {
        text = edit.apply(text);
        // An unrelated file in between may take the other worker; the buffer's tree stays with its own.
        const [reply] = await Promise.all([
          pool.run({ root: '/virtual', rel: 'src/users.js', text, keepTree: true, options: {} }),
          pool.run({ root: '/virtual', rel: 'src/other.py', text: 'import os\n', options: {} }),
        ]);
        const fresh = await analyzeText('src/users.js', text);
        assert.ok(reply.ok, `after "${edit.name}"`);
        assert.deepEqual(reply.outcome, fresh, `after "${edit.name}"`);
      }
    } finally {
      await pool.dispose();
    }
  });

  it('frees the least recently edited tree beyond its capacity', async () => {
    const trees = new DocumentTrees(2);
    try {
      for (const key of ['a', 'b', 'c']) await trees.parse(key, 'python', 'x = 1\n');
      await trees.parse('a', 'python', 'x = 2\n'); // evicted: parsed again from nothing
      await trees.parse('c', 'python', 'x = 3\n'); // still cached: incremental
      assert.deepEqual({ ...trees.stats, regional: 0 }, { incremental: 1, full: 4, regional: 0 });
    } finally {
      trees.clear();
    }
  });

  it('frees older trees when the kept text grows past its limit, but keeps the one just parsed', async () => {
    const trees = new DocumentTrees(8, 30);
    try {
      await trees.parse('small', 'python', 'x = 1\n');
      await trees.parse('big', 'python', `y = "${'a'.repeat(40)}"\n`); // over the limit alone: kept, 'small' freed
      await trees.parse('big', 'python', `y = "${'b'.repeat(40)}"\n`);
      await trees.parse('small', 'python', 'x = 2\n');
      assert.deepEqual({ ...trees.stats, regional: 0 }, { incremental: 1, full: 3, regional: 0 });
    } finally {
      trees.clear();
    }
  });
});

describe('text pre-checks read the source at node positions', () => {
  it('find a health path and SIGTERM after emoji and accented text (positions are UTF-16 units)', async () => {
    const text = "const a = '😀é漢字'; // ünïcödé\nconst b = 'x'; app.get('/healthz', (req, res) => res.send('ok'));\nprocess.on('SIGTERM', () => {});\n";
    const { facts } = await analyzeSource('src/server.js', 'javascript', text, []);
    assert.deepEqual(facts.lifecycle, { health: 1, sigterm: true });
    assert.deepEqual(facts.routes, [{ method: 'GET', path: '/healthz', line: 1 }]);
  });
});
