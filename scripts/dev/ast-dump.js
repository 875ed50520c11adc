#!/usr/bin/env node
// Print a file's tree-sitter syntax tree with field names: `node scripts/dev/ast-dump.js <language> <file>`.
// Languages: javascript typescript tsx python java go ruby php. Handy when writing a rule.
const fs = require('node:fs');
const path = require('node:path');
const TS = require('@vscode/tree-sitter-wasm');

(async () => {
  const [lang, file] = process.argv.slice(2);
  if (!lang || !file) { console.error('usage: node scripts/dev/ast-dump.js <language> <file>'); process.exit(2); }
  const dir = path.dirname(require.resolve('@vscode/tree-sitter-wasm'));
  await TS.Parser.init({ locateFile: f => path.join(dir, f) });
  const language = await TS.Language.load(fs.readFileSync(path.join(dir, `tree-sitter-${lang}.wasm`)));
  const parser = new TS.Parser();
  parser.setLanguage(language);
  const tree = parser.parse(fs.readFileSync(file, 'utf8'));
  const print = (node, depth, field) => {
    const leaf = node.namedChildCount === 0 || /string/.test(node.type);
    console.log(`${'  '.repeat(depth)}${field ? field + ': ' : ''}${node.type}${leaf ? ' ' + JSON.stringify(node.text.slice(0, 60)) : ''}  [${node.startPosition.row + 1}:${node.startPosition.column + 1}]`);
    for (let i = 0; i < node.childCount; i++) {
      const child = node.child(i);
      if (child.isNamed) print(child, depth + 1, node.fieldNameForChild(i));
    }
  };
  print(tree.rootNode, 0);
})();
