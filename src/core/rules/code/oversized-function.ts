import type { Rule } from '../../model';
import type { SyntaxNode } from '../../languages/parser';
import { COMMENT_NODE_TYPES } from '../../languages/languages';
import { FUNCTION_NODE_TYPES, bodyStatements, codeRows, hasGeneratedHeader } from '../../analysis/module-shape';

const DEFAULT_MAX_LINES = 80;
/** Wrappers whose callback is a whole module or suite, not a function someone wrote as one unit. */
const WRAPPER_CALLS = new Set(['define', 'describe', 'context', 'suite']);

/** Rows [first, last] of a function's body statements, or undefined for an empty or one-expression body. */
function bodyRows(fn: SyntaxNode, language: Parameters<typeof bodyStatements>[1]): [number, number] | undefined {
  const body = fn.childForFieldName('body');
  if (!body || body.type === 'expression' || !/block|statement|body/.test(body.type)) return undefined;
  const statements = bodyStatements(fn, language);
  if (!statements.length) return undefined;
  // Ruby keeps rescue/ensure clauses in the body: they are part of the method.
  const last = language === 'ruby' ? body.namedChildren.filter(c => !!c && !COMMENT_NODE_TYPES.has(c.type)).pop()! : statements[statements.length - 1]!;
  return [statements[0]!.startPosition.row, last.endPosition.row];
}

/** A readable name for a function, including anonymous ones (`callback passed to app.get`). */
function functionName(fn: SyntaxNode): string {
  const own = fn.childForFieldName('name');
  if (own) return own.text;
  const parent = fn.parent;
  if (!parent) return 'anonymous function';
  if (parent.type === 'variable_declarator' || parent.type === 'pair' || parent.type === 'public_field_definition' || parent.type === 'field_definition') {
    const key = parent.childForFieldName('name') ?? parent.childForFieldName('key') ?? parent.childForFieldName('property');
    if (key) return key.text;
  }
  if (parent.type === 'assignment_expression' || parent.type === 'assignment_statement' || parent.type === 'short_var_declaration' || parent.type === 'assignment') {
    const left = parent.childForFieldName('left');
    if (left) return left.text.split('\n')[0]!.slice(0, 60);
  }
  const args = parent.type === 'argument' ? parent.parent : parent;
  const call = args?.type === 'arguments' || args?.type === 'argument_list' ? args.parent : undefined;
  const callee = call?.childForFieldName('function') ?? call?.childForFieldName('name');
  if (callee) return `callback passed to ${callee.text.split('\n')[0]!.slice(0, 60)}`;
  return 'anonymous function';
}

function isWrapperCallback(fn: SyntaxNode): boolean {
  const parent = fn.parent;
  // (function () { ... })() and its arrow form: the whole module.
  if (parent?.type === 'parenthesized_expression' && parent.parent?.type === 'call_expression') return true;
  const call = parent?.type === 'arguments' ? parent.parent : undefined;
  const callee = call?.childForFieldName('function');
  return callee?.type === 'identifier' && WRAPPER_CALLS.has(callee.text);
}

export const oversizedFunction: Rule = {
  id: 'code/oversized-function',
  locality: 'declaration',
  meta: {
    title: 'Oversized function',
    area: 'code',
    defaultSeverity: 'info',
    languages: ['javascript', 'typescript', 'tsx', 'python', 'java', 'go', 'ruby', 'php'],
    description: 'A function or method whose body has more lines of code than the limit (option `maxLines`, default 80; blank and comment lines are not counted) is hard to read, test and review: split it.',
    references: ['Clean Code, ch. 3 "Functions"', 'SonarSource S138 (functions should not have too many lines of code)', 'ESLint max-lines-per-function'],
    messages: {
      tooLong: "'{{name}}' has {{lines}} lines of code in its body (limit {{max}}): extract the steps into smaller, named functions.",
    },
  },
  check(ctx) {
    // Tests (long describe blocks, table-driven cases) and generated code are long by nature.
    if (ctx.isTestFile) return;
    if (hasGeneratedHeader(ctx.tree.rootNode)) return;
    const comments = ctx.nodesOfType(...COMMENT_NODE_TYPES);
    const option = ctx.options.maxLines;
    const max = typeof option === 'number' && option >= 1 ? Math.floor(option) : DEFAULT_MAX_LINES;
    const functions = ctx.nodesOfType(...FUNCTION_NODE_TYPES[ctx.language]);
    // Physical size first: most functions are short and never need their lines counted.
    const key = (n: SyntaxNode) => `${n.type}:${n.startIndex}`;
    const ranges = new Map<string, { fn: SyntaxNode; rows: [number, number] }>();
    for (const fn of functions) {
      const rows = bodyRows(fn, ctx.language);
      if (rows) ranges.set(key(fn), { fn, rows });
    }
    if (![...ranges.values()].some(({ rows: [a, b] }) => b - a + 1 > max)) return;
    let prefix: number[] | undefined;
    const count = ([a, b]: [number, number]) => {
      if (!prefix) {
        const rows = codeRows(ctx.text, comments);
        prefix = [0];
        for (const r of rows) prefix.push(prefix[prefix.length - 1]! + (r ? 1 : 0));
      }
      return prefix[Math.min(b + 1, prefix.length - 1)]! - prefix[Math.min(a, prefix.length - 1)]!;
    };
    // A nested function's lines belong to it, not to the function around it (each is judged on its own).
    const nested = new Map<string, [number, number][]>();
    const functionTypes = new Set(FUNCTION_NODE_TYPES[ctx.language]);
    for (const { fn, rows } of ranges.values()) {
      for (let p = fn.parent; p; p = p.parent) {
        if (!functionTypes.has(p.type)) continue;
        let list = nested.get(key(p));
        if (!list) nested.set(key(p), (list = []));
        list.push(rows);
        break;
      }
    }
    for (const { fn, rows } of ranges.values()) {
      if (rows[1] - rows[0] + 1 <= max || isWrapperCallback(fn)) continue;
      let lines = count(rows);
      for (const inner of nested.get(key(fn)) ?? []) lines -= count(inner);
      if (lines <= max) continue;
      const name = fn.childForFieldName('name');
      const line = ctx.text.split('\n', fn.startPosition.row + 1)[fn.startPosition.row] ?? '';
      ctx.report({
        ...(name ? { node: name } : { range: { start: { line: fn.startPosition.row, column: fn.startPosition.column }, end: { line: fn.startPosition.row, column: line.length } } }),
        messageId: 'tooLong', data: { name: functionName(fn), lines, max },
      });
    }
  },
};
