/** Syntax helpers shared by the testing code rules: test-framework calls, comments above a line, conditionals. */
import type { SyntaxNode } from '../languages/parser';
import type { CodeRuleContext } from '../engine/rule-context';
import { COMMENT_NODE_TYPES } from '../languages/languages';

/** JS function expressions that can be a test's callback. */
export const JS_FUNCTION_TYPES = new Set(['arrow_function', 'function_expression', 'function', 'generator_function']);

/** Test and suite functions of Jest, Vitest, Mocha, Jasmine, node:test, AVA, Playwright. */
export const JS_TEST_FUNCTIONS = new Set(['it', 'test', 'specify', 'describe', 'context', 'suite']);

export interface JsTestCallee {
  /** `it`, `test`, `describe`, `fit`, `xit`... */
  base: string;
  baseNode: SyntaxNode;
  /** Member names between the base and the call: `it.only.each(t)(...)` → ['only', 'each']. */
  modifiers: string[];
}

/** Unwrap `it.only.each(table)` / `test.concurrent` / `describe.skip` down to the base identifier. */
export function jsTestCallee(call: SyntaxNode): JsTestCallee | undefined {
  let fn = call.childForFieldName('function');
  const modifiers: string[] = [];
  for (let guard = 0; fn && guard < 8; guard++) {
    if (fn.type === 'identifier') return { base: fn.text, baseNode: fn, modifiers };
    if (fn.type === 'call_expression') { fn = fn.childForFieldName('function'); continue; }
    if (fn.type === 'member_expression') {
      const property = fn.childForFieldName('property');
      if (property) modifiers.unshift(property.text);
      fn = fn.childForFieldName('object');
      continue;
    }
    return undefined;
  }
  return undefined;
}

/** The first function argument of a call (a test's callback). */
export function callbackArgument(call: SyntaxNode, types: ReadonlySet<string>): SyntaxNode | undefined {
  const args = call.childForFieldName('arguments');
  if (!args) return undefined;
  for (const arg of args.namedChildren) {
    if (!arg) continue;
    const value = arg.type === 'argument' ? arg.namedChild(0) : arg; // PHP wraps arguments
    if (value && types.has(value.type)) return value;
  }
  return undefined;
}

/**
 * Rows that end a comment standing alone on its line(s): a comment on the line directly above a statement
 * explains it. Computed once per file.
 */
export function standaloneCommentEndRows(ctx: CodeRuleContext): Set<number> {
  const lines = ctx.text.split('\n');
  const rows = new Set<number>();
  for (const c of ctx.nodesOfType(...COMMENT_NODE_TYPES)) {
    const line = lines[c.startPosition.row] ?? '';
    if (line.slice(0, c.startPosition.column).trim() === '') rows.add(c.endPosition.row);
  }
  return rows;
}

/** Whether a node sits in an `if`/`unless` branch before reaching one of the `stop` ancestors. */
export function insideConditional(node: SyntaxNode, stop: ReadonlySet<string>): boolean {
  for (let p = node.parent; p && !stop.has(p.type); p = p.parent) {
    if (p.type === 'if_statement' || p.type === 'if' || p.type === 'unless' || p.type === 'if_modifier' || p.type === 'unless_modifier'
      || p.type === 'conditional_expression' || p.type === 'ternary_expression' || p.type === 'else_clause' || p.type === 'elif_clause') return true;
  }
  return false;
}

/** A string literal's content is empty or only blanks. */
export function isBlankString(node: SyntaxNode, value: string | undefined): boolean {
  return value !== undefined && value.trim() === '' && node.namedChildren.every(c => !c || !/interpolation|substitution|variable/.test(c.type));
}
