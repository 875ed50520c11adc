import type { FileFacts, LanguageId } from '../model';
import type { SyntaxNode } from '../languages/parser';
import { COMMENT_NODE_TYPES } from '../languages/languages';
import type { Evidence } from './facts';

/**
 * The shape of a module, as far as "does it deserve a test file?" is concerned: how many lines of code it has,
 * how many functions carry logic, and whether it is generated or a program entry point. Read by
 * `testing/untested-module` through the `module` fact.
 */
export interface ModuleShape {
  /** Non-blank lines that are not only a comment. */
  codeLines: number;
  /** Functions and methods with logic (see `hasLogic`); constructors and trivial accessors do not count. */
  logicFunctions: number;
  /** A `Code generated ... DO NOT EDIT` / `@generated` header in the first lines. */
  generated: boolean;
  /** A program entry point: Go `package main`, Python `if __name__ == "__main__"`, Java `static void main`. */
  entry: boolean;
}

/** Function-like node types per grammar (declarations, methods, function expressions). */
export const FUNCTION_NODE_TYPES: Readonly<Record<LanguageId, readonly string[]>> = {
  javascript: ['function_declaration', 'generator_function_declaration', 'function_expression', 'function', 'generator_function', 'arrow_function', 'method_definition'],
  typescript: ['function_declaration', 'generator_function_declaration', 'function_expression', 'function', 'generator_function', 'arrow_function', 'method_definition'],
  tsx: ['function_declaration', 'generator_function_declaration', 'function_expression', 'function', 'generator_function', 'arrow_function', 'method_definition'],
  python: ['function_definition'],
  java: ['method_declaration', 'constructor_declaration', 'compact_constructor_declaration'],
  go: ['function_declaration', 'method_declaration', 'func_literal'],
  ruby: ['method', 'singleton_method'],
  php: ['function_definition', 'method_declaration', 'anonymous_function'],
};

/** Statements that make even a one-statement body "logic". */
const CONTROL_FLOW = new Set([
  'if_statement', 'for_statement', 'for_in_statement', 'for_of_statement', 'while_statement', 'do_statement',
  'switch_statement', 'try_statement', 'match_statement', 'with_statement', 'enhanced_for_statement',
  'switch_expression', 'expression_switch_statement', 'type_switch_statement', 'select_statement',
  'foreach_statement', 'if', 'unless', 'case', 'case_match', 'while', 'until', 'for', 'begin', 'if_modifier',
  'unless_modifier', 'while_modifier', 'until_modifier', 'match_expression',
]);

/** Members that hold no behaviour worth a test of their own. */
const TRIVIAL_NAMES = new Set([
  'constructor', '__init__', '__construct', 'initialize', 'equals', 'hashCode', 'toString', '__repr__', '__str__',
  '__eq__', '__hash__', 'to_s', 'inspect', '__toString',
]);

const GENERATED = /\bcode generated\b|\bdo not edit\b|@generated\b|\bauto-?generated\b/i;

/**
 * A `Code generated ... DO NOT EDIT` / `@generated` header: a comment in the first ten lines. Read from the tree
 * itself (a walk bounded to those lines), so a caller that sees only part of the file still sees the header.
 */
export function hasGeneratedHeader(root: SyntaxNode): boolean {
  return root.descendantsOfType([...COMMENT_NODE_TYPES], { row: 0, column: 0 }, { row: 10, column: 0 })
    .some(c => !!c && c.startPosition.row < 10 && GENERATED.test(c.text));
}

/** The body's statements, without comments (and without a Python docstring). */
export function bodyStatements(fn: SyntaxNode, language: LanguageId): SyntaxNode[] {
  let body = fn.childForFieldName('body');
  if (!body) return [];
  if (language === 'go') body = body.namedChildren.find(c => c?.type === 'statement_list') ?? body;
  if (body.type === 'statement_list' || body.type === 'block' || body.type === 'statement_block' || body.type === 'compound_statement'
    || body.type === 'constructor_body' || body.type === 'body_statement') {
    const out = body.namedChildren.filter((c): c is SyntaxNode => !!c && !COMMENT_NODE_TYPES.has(c.type));
    if (language === 'python' && out[0]?.type === 'expression_statement' && out[0].namedChild(0)?.type === 'string') out.shift();
    if (language === 'ruby') return out.filter(c => c.type !== 'rescue' && c.type !== 'ensure' && c.type !== 'else');
    return out;
  }
  return [body]; // an expression body (`x => x + 1`, PHP `fn`)
}

function functionName(fn: SyntaxNode): string | undefined {
  return fn.childForFieldName('name')?.text;
}

/** Two or more statements, or a single branch/loop: something a test can get wrong. */
export function hasLogic(fn: SyntaxNode, language: LanguageId): boolean {
  if (fn.type === 'constructor_declaration' || fn.type === 'compact_constructor_declaration') return false;
  const name = functionName(fn);
  if (name && TRIVIAL_NAMES.has(name)) return false;
  const body = fn.childForFieldName('body');
  if (!body || (body.type !== 'statement_block' && body.type !== 'block' && body.type !== 'compound_statement' && body.type !== 'body_statement')) {
    return false; // no body (abstract, interface) or a one-expression function
  }
  const statements = bodyStatements(fn, language);
  return statements.length >= 2 || (statements.length === 1 && CONTROL_FLOW.has(statements[0]!.type));
}

/** Rows that hold code: not blank and not only a comment. */
export function codeRows(text: string, comments: readonly SyntaxNode[]): boolean[] {
  // One pass over the characters, not a string per line: this runs on every file.
  const rows: boolean[] = [];
  let code = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 10) { rows.push(code); code = false; } else if (!code && !isWhitespace(c)) code = true;
  }
  rows.push(code);
  for (const comment of comments) {
    const startRow = comment.startPosition.row;
    const endRow = comment.endPosition.row;
    const blankBefore = blankBetween(text, lineStart(text, comment.startIndex), comment.startIndex);
    const blankAfter = blankBetween(text, comment.endIndex, lineEnd(text, comment.endIndex));
    for (let r = startRow; r <= endRow && r < rows.length; r++) {
      if ((r !== startRow || blankBefore) && (r !== endRow || blankAfter)) rows[r] = false;
    }
  }
  return rows;
}

/** What String.prototype.trim removes. */
function isWhitespace(c: number): boolean {
  return c === 32 || (c >= 9 && c <= 13) || c === 0xa0 || c === 0x1680 || (c >= 0x2000 && c <= 0x200a) || c === 0x2028 || c === 0x2029
    || c === 0x202f || c === 0x205f || c === 0x3000 || c === 0xfeff;
}

function blankBetween(text: string, from: number, to: number): boolean {
  for (let i = from; i < to; i++) if (!isWhitespace(text.charCodeAt(i))) return false;
  return true;
}

const lineStart = (text: string, index: number) => text.lastIndexOf('\n', index - 1) + 1;
const lineEnd = (text: string, index: number) => { const nl = text.indexOf('\n', index); return nl < 0 ? text.length : nl; };

/** The module fact read straight from the file (what `summarizeModule(moduleEvidence(...))` gives, without pieces). */
export function moduleShape(language: LanguageId, text: string, nodesOfType: (...types: string[]) => SyntaxNode[], root: SyntaxNode): ModuleShape {
  let codeLines = 0;
  let logicFunctions = 0;
  let entry = false;
  scanModule(language, text, nodesOfType, (_row, piece) => {
    if (piece === 'code') codeLines++; else if (piece === 'logic') logicFunctions++; else entry = true;
  });
  return { codeLines, logicFunctions, generated: hasGeneratedHeader(root), entry };
}

type ModulePiece = 'code' | 'logic' | 'entry';

/** The module fact's pieces among the nodes at hand: each code row, each function with logic, each entry point. */
export function moduleEvidence(language: LanguageId, text: string, nodesOfType: (...types: string[]) => SyntaxNode[]): Evidence[] {
  const pieces: Evidence[] = [];
  scanModule(language, text, nodesOfType, (row, piece) => pieces.push({ row, value: piece }));
  return pieces;
}

function scanModule(language: LanguageId, text: string, nodesOfType: (...types: string[]) => SyntaxNode[], add: (row: number, piece: ModulePiece) => void): void {
  const rows = codeRows(text, nodesOfType(...COMMENT_NODE_TYPES));
  for (let row = 0; row < rows.length; row++) if (rows[row]) add(row, 'code');
  for (const fn of nodesOfType(...FUNCTION_NODE_TYPES[language])) if (hasLogic(fn, language)) add(fn.startPosition.row, 'logic');
  let entries: SyntaxNode[] = [];
  if (language === 'go') {
    entries = nodesOfType('package_clause').filter(p => p.namedChild(0)?.text === 'main');
  } else if (language === 'python') {
    entries = nodesOfType('if_statement').filter(s => s.parent?.type === 'module' && /__name__/.test(s.childForFieldName('condition')?.text ?? '')
      && /__main__/.test(s.childForFieldName('condition')?.text ?? ''));
  } else if (language === 'java') {
    entries = nodesOfType('method_declaration').filter(m => functionName(m) === 'main' && /\bstatic\b/.test(m.namedChildren.find(c => c?.type === 'modifiers')?.text ?? ''));
  }
  for (const e of entries) add(e.startPosition.row, 'entry');
}

/** The module fact from the pieces of the whole file (the generated-code header is read from the tree's top). */
export function summarizeModule(pieces: readonly Evidence[], root: SyntaxNode): ModuleShape {
  let codeLines = 0;
  let logicFunctions = 0;
  let entry = false;
  for (const { value } of pieces) {
    if (value === 'code') codeLines++;
    else if (value === 'logic') logicFunctions++;
    else if (value === 'entry') entry = true;
  }
  return { codeLines, logicFunctions, generated: hasGeneratedHeader(root), entry };
}

/** Typed reader for the `module` fact. */
export function moduleShapeOf(facts: FileFacts | undefined): ModuleShape | undefined {
  const value = facts?.module;
  return value && typeof value === 'object' && !Array.isArray(value) ? (value as unknown as ModuleShape) : undefined;
}
