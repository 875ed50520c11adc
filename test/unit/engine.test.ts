import * as assert from 'node:assert/strict';
import type { CodeRule } from '../../src/core/model';
import { loadLanguage, parse } from '../../src/core/languages/parser';
import { NodeIndex } from '../../src/core/engine/rule-context';
import { analyzeSource } from '../../src/core/engine/analyze-file';

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
    const tree = await parse('typescript', "let a: string = 'x';\nlet b = \"y\";\n");
    try {
      const index = new NodeIndex(tree.rootNode, await loadLanguage('typescript'), 'typescript');
      assert.deepEqual(index.ofType(['string']).map(n => n.text), ["'x'", '"y"']);
    } finally { tree.delete(); }
  });

  it('returns several types merged in document order, and nothing for a type the grammar lacks', async () => {
    const tree = await parse('javascript', 'f(1);\nconst s = `t`;\ng("u");\n');
    try {
      const index = new NodeIndex(tree.rootNode, await loadLanguage('javascript'), 'javascript');
      assert.deepEqual(index.ofType(['template_string', 'call_expression']).map(n => n.text), ['f(1)', '`t`', 'g("u")']);
      assert.deepEqual(index.ofType(['no_such_node_type']), []);
    } finally { tree.delete(); }
  });

  it('gives a requester the types it asked for even when another requester started the walk', async () => {
    const text = 'import os\nos.system("ls")\n';
    for (let round = 0; round < 2; round++) { // the second round starts from types learned in the first
      const tree = await parse('python', text);
      try {
        const index = new NodeIndex(tree.rootNode, await loadLanguage('python'), 'python', ['a', 'b']);
        index.requester = 'a';
        assert.equal(index.ofType(['import_statement']).length, 1);
        index.requester = 'b';
        assert.deepEqual(index.ofType(['call']).map(n => n.text), ['os.system("ls")']);
      } finally { tree.delete(); }
    }
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
