import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { parse, revisedSyntaxTree, syntaxTreeOf, type ParsedNode, type SyntaxNode, type SyntaxTree } from '../../src/core/languages/parser';
import { DocumentTrees } from '../../src/core/engine/document-trees';
import { editCases } from './edit-cases';
import { RULE_FIXTURES, fixtureSourcesByLanguage } from './fixture-annotations';

const FIXTURES = RULE_FIXTURES;

/** What a rule can read of a node, through web-tree-sitter's Node or a SyntaxNode alike. */
function describeNode(node: ParsedNode | SyntaxNode, fields: readonly string[]): unknown {
  const children = node.children.map(c => c!);
  return {
    type: node.type, isNamed: node.isNamed, startIndex: node.startIndex, endIndex: node.endIndex,
    startPosition: { ...node.startPosition }, endPosition: { ...node.endPosition }, text: node.text,
    parent: node.parent ? `${node.parent.type}@${node.parent.startIndex}` : null,
    children: children.map((c, i) => `${c.type}@${c.startIndex}:${node.fieldNameForChild(i) ?? ''}`),
    namedChildren: node.namedChildren.map(c => `${c!.type}@${c!.startIndex}`),
    siblings: [node.nextSibling, node.previousSibling, node.nextNamedSibling, node.previousNamedSibling].map(s => (s ? `${s.type}@${s.startIndex}` : null)),
    byField: Object.fromEntries(fields.map(f => [f, [node.childForFieldName(f), ...node.childrenForFieldName(f)].map(c => (c ? `${c.type}@${c.startIndex}` : null))])),
  };
}

/** Every array of a copy, as plain lists (views of different buffers compare by content). */
const arrays = (tree: SyntaxTree) => Object.fromEntries(Object.entries(tree.walked).map(([k, v]) => [k, typeof v === 'number' ? v : [...v as Int32Array]]));

function* preOrder<T extends { children: (T | null)[] }>(root: T): Generator<T> {
  const stack = [root];
  while (stack.length) {
    const node = stack.pop()!;
    yield node;
    for (let i = node.children.length - 1; i >= 0; i--) stack.push(node.children[i]!);
  }
}

/**
 * The rules read a JavaScript copy of each tree (SyntaxTree), made by a cursor walk that calls the WASM runtime's
 * functions directly. It must answer every question exactly as web-tree-sitter's own Node does, for every node of
 * every fixture file in every language; and the walk through the published TreeCursor (the fallback) must make the
 * same copy.
 */
describe('syntax tree: the JavaScript copy answers as web-tree-sitter does', function () {
  this.timeout(300_000);
  const byLanguage = fixtureSourcesByLanguage();

  for (const [language, files] of byLanguage) {
    it(`${language} (${files.length} fixture files)`, async () => {
      let nodes = 0;
      for (const file of files) {
        const text = fs.readFileSync(file, 'utf8');
        const parsed = await parse(language, text);
        try {
          const fields = parsed.language.fields.filter((f): f is string => !!f);
          const copy = syntaxTreeOf(parsed, text, language);
          const viaPublicCursor = syntaxTreeOf(parsed, text, language, true);
          assert.deepEqual(arrays(viaPublicCursor), arrays(copy), file);
          const theirs = [...preOrder(parsed.rootNode)];
          const ours = [...preOrder(copy.rootNode)];
          assert.equal(ours.length, theirs.length, `${file}: node count`);
          for (let i = 0; i < ours.length; i++) {
            assert.deepEqual(describeNode(ours[i]!, fields), describeNode(theirs[i]!, fields), `${path.relative(FIXTURES, file)}: node ${i}`);
          }
          const comments = ['comment', 'line_comment', 'block_comment'];
          const window = [{ row: 1, column: 0 }, { row: 6, column: 0 }] as const;
          assert.deepEqual(copy.rootNode.descendantsOfType(comments, ...window).map(n => n.startIndex),
            parsed.rootNode.descendantsOfType(comments, ...window).map(n => n!.startIndex), `${file}: descendantsOfType`);
          nodes += ours.length;
        } finally {
          parsed.delete();
        }
      }
      assert.ok(nodes > 300, `only ${nodes} nodes compared`);
    });
  }

  it('copies a 10,000-deep expression without recursion, and marks syntax errors as ERROR nodes', async () => {
    const text = `x = ${'('.repeat(10_000)}1${')'.repeat(10_000)}\ny = (\n`;
    const parsed = await parse('python', text);
    try {
      const copy = syntaxTreeOf(parsed, text, 'python');
      let depth = 0;
      for (let n: SyntaxNode | null = copy.rootNode.descendantsOfType('integer')[0]!; n; n = n.parent) depth++;
      assert.ok(depth > 10_000, `depth ${depth}`);
      assert.ok(copy.rootNode.descendantsOfType('ERROR').length > 0);
      assert.equal(copy.rootNode.descendantsOfType('ERROR')[0]!.isNamed, true);
    } finally {
      parsed.delete();
    }
  });

  it('after an edit, the copy made from the previous copy outside the edited region equals a fresh copy', async () => {
    let spliced = 0;
    for (const [language, files] of byLanguage) {
      for (const file of files) {
        for (const edit of await editCases(language, fs.readFileSync(file, 'utf8'))) {
          const trees = new DocumentTrees();
          try {
            const before = syntaxTreeOf(await trees.parse('doc', language, edit.before), edit.before, language);
            const { tree, region } = await trees.reparse('doc', language, edit.after);
            if (!region) continue; // most of the file changed: copied afresh
            const revised = revisedSyntaxTree(tree, edit.after, language, before.walked, region);
            assert.deepEqual(arrays(revised), arrays(syntaxTreeOf(tree, edit.after, language)), `${path.relative(FIXTURES, file)}: ${edit.name}`);
            spliced++;
          } finally {
            trees.clear();
          }
        }
      }
    }
    assert.ok(spliced > 5000, `only ${spliced} edits spliced`);
  });
});
