/**
 * Syntax shapes shared by the configuration-style security rules (TLS, hashing, randomness, JWT, CORS, debug,
 * cookies): calls with their receiver and arguments, keyword options, object/dict/hash/array entries, boolean
 * literals, and the name a value ends up in (the variable it is assigned to, or the function that returns it).
 * Everything here is tolerant of odd trees: missing fields give `undefined`, never an exception.
 */
import type { LanguageId } from '../model';
import type { SyntaxNode } from '../languages/parser';
import { bindingOf, phpFunctionName, plainName, stringValue } from './syntax';
import { accessPath } from './request-input';

export const isJs = (language: LanguageId): boolean => language === 'javascript' || language === 'typescript' || language === 'tsx';

/** Node types of calls (plain, method, static, constructor) per grammar: the data-flow module's list. */
export { CALL_TYPES } from './dataflow';

export interface Call {
  node: SyntaxNode;
  /** Function, method or (for `new`) class name, without receiver or namespace. */
  name: string;
  /** Object of a method call, scope of a static call, package of a Go call. */
  receiver?: SyntaxNode;
  /** `crypto`, `Jwts.parser()`, `Digest::MD5`, `$this->client`: the receiver's access path or, failing that, its text. */
  receiverText?: string;
  isNew: boolean;
  argumentList?: SyntaxNode;
}

function lastSegment(text: string): string {
  const clean = text.replace(/<[^<>]*>/g, '').replace(/\s+/g, '');
  const parts = clean.split(/[.\\:]+/).filter(Boolean);
  return parts[parts.length - 1] ?? '';
}

function receiverTextOf(node: SyntaxNode | null | undefined): string | undefined {
  if (!node) return undefined;
  return accessPath(node) ?? (node.text.length <= 200 ? node.text : undefined);
}

/** A call node's parts, across grammars; undefined for nodes that are not calls. */
export function callOf(node: SyntaxNode): Call | undefined {
  switch (node.type) {
    case 'call_expression': { // JS, Go
      const fn = node.childForFieldName('function');
      const argumentList = node.childForFieldName('arguments') ?? undefined;
      if (!fn) return undefined;
      if (fn.type === 'member_expression') {
        const receiver = fn.childForFieldName('object') ?? undefined;
        return { node, name: fn.childForFieldName('property')?.text ?? '', receiver, receiverText: receiverTextOf(receiver), isNew: false, argumentList };
      }
      if (fn.type === 'selector_expression') {
        const receiver = fn.childForFieldName('operand') ?? undefined;
        return { node, name: fn.childForFieldName('field')?.text ?? '', receiver, receiverText: receiverTextOf(receiver), isNew: false, argumentList };
      }
      return { node, name: fn.type === 'identifier' ? fn.text : '', isNew: false, argumentList };
    }
    case 'new_expression': {
      const ctor = node.childForFieldName('constructor');
      const argumentList = node.childForFieldName('arguments') ?? undefined;
      if (!ctor) return undefined;
      if (ctor.type === 'member_expression') {
        const receiver = ctor.childForFieldName('object') ?? undefined;
        return { node, name: ctor.childForFieldName('property')?.text ?? '', receiver, receiverText: receiverTextOf(receiver), isNew: true, argumentList };
      }
      return { node, name: ctor.type === 'identifier' ? ctor.text : '', isNew: true, argumentList };
    }
    case 'call': { // Python (function), Ruby (receiver, method)
      const fn = node.childForFieldName('function');
      const argumentList = node.childForFieldName('arguments') ?? undefined;
      if (fn) {
        if (fn.type === 'attribute') {
          const receiver = fn.childForFieldName('object') ?? undefined;
          return { node, name: fn.childForFieldName('attribute')?.text ?? '', receiver, receiverText: receiverTextOf(receiver), isNew: false, argumentList };
        }
        return { node, name: fn.type === 'identifier' ? fn.text : '', isNew: false, argumentList };
      }
      const method = node.childForFieldName('method');
      if (!method) return undefined;
      const receiver = node.childForFieldName('receiver') ?? undefined;
      return { node, name: method.text, receiver, receiverText: receiverTextOf(receiver), isNew: method.text === 'new', argumentList };
    }
    case 'method_invocation': { // Java
      const receiver = node.childForFieldName('object') ?? undefined;
      return { node, name: node.childForFieldName('name')?.text ?? '', receiver, receiverText: receiverTextOf(receiver), isNew: false, argumentList: node.childForFieldName('arguments') ?? undefined };
    }
    case 'object_creation_expression': { // Java (type field), PHP (name child)
      const type = node.childForFieldName('type')
        ?? node.namedChildren.find(c => c?.type === 'name' || c?.type === 'qualified_name') ?? null;
      const argumentList = node.childForFieldName('arguments') ?? node.namedChildren.find(c => c?.type === 'arguments') ?? undefined;
      return { node, name: type ? lastSegment(type.text) : '', isNew: true, argumentList };
    }
    case 'function_call_expression': { // PHP
      const fn = node.childForFieldName('function');
      if (!fn) return undefined;
      return { node, name: fn.type === 'name' || fn.type === 'qualified_name' ? phpFunctionName(lastSegment(fn.text)) : '', isNew: false, argumentList: node.childForFieldName('arguments') ?? undefined };
    }
    case 'member_call_expression': case 'nullsafe_member_call_expression': case 'scoped_call_expression': { // PHP
      const receiver = node.childForFieldName('object') ?? node.childForFieldName('scope') ?? undefined;
      const receiverText = node.type === 'scoped_call_expression' && receiver ? lastSegment(receiver.text) : receiverTextOf(receiver);
      return { node, name: node.childForFieldName('name')?.text ?? '', receiver, receiverText, isNew: false, argumentList: node.childForFieldName('arguments') ?? undefined };
    }
    default:
      return undefined;
  }
}

/** Strip wrappers that carry no meaning of their own: Go `literal_element`, PHP `argument`, parentheses. */
export function unwrap(node: SyntaxNode | null | undefined): SyntaxNode | undefined {
  let cur = node ?? undefined;
  for (let i = 0; cur && i < 4; i++) {
    if (cur.type === 'literal_element' || cur.type === 'parenthesized_expression' || (cur.type === 'argument' && !cur.childForFieldName('name'))
      || (cur.type === 'array_element_initializer' && cur.namedChildCount === 1)) {
      cur = cur.namedChildren.find(c => c && c.type !== 'comment') ?? undefined;
    } else break;
  }
  return cur;
}

const KEYWORD_ARG_TYPES = new Set(['keyword_argument', 'pair']);

/** Positional arguments (keyword arguments, Ruby `key:` pairs, PHP named arguments and comments left out). */
export function positionalArgs(call: Call): SyntaxNode[] {
  const out: SyntaxNode[] = [];
  for (const child of call.argumentList?.namedChildren ?? []) {
    if (!child || child.type === 'comment' || KEYWORD_ARG_TYPES.has(child.type) || child.type === 'block_argument') continue;
    if (child.type === 'argument' && child.childForFieldName('name')) continue;
    const value = unwrap(child);
    if (value) out.push(value);
  }
  return out;
}

/** Every argument node as written (for searches that do not care about positions). */
export function allArgs(call: Call): SyntaxNode[] {
  return (call.argumentList?.namedChildren ?? []).filter((c): c is SyntaxNode => !!c && c.type !== 'comment');
}

/** A keyword option of a call: Python `f(key=v)`, Ruby `f(key: v)` / `f({ key: v })`, PHP `f(key: v)`. */
export function keywordArg(call: Call, key: string): SyntaxNode | undefined {
  for (const child of call.argumentList?.namedChildren ?? []) {
    if (!child) continue;
    if (child.type === 'keyword_argument' && child.childForFieldName('name')?.text === key) return child.childForFieldName('value') ?? undefined;
    if (child.type === 'argument' && child.childForFieldName('name')?.text === key) {
      return child.namedChildren.find(c => c && c !== child.childForFieldName('name')) ?? undefined;
    }
    if (child.type === 'pair' && entryKey(child) === key) return child.childForFieldName('value') ?? undefined;
    if (child.type === 'hash') { const v = entry(child, key); if (v) return v.value; }
  }
  return undefined;
}

/** Whether a call has keyword arguments it forwards from elsewhere (`**opts`, `*args`, `...$opts`, `**opts` in Ruby). */
export function hasSplat(call: Call): boolean {
  return (call.argumentList?.namedChildren ?? []).some(c => !!c && /splat|spread|variadic|dictionary_splat|list_splat/.test(c.type));
}

/** true / false for a boolean literal in any grammar, undefined for anything else. */
export function boolOf(node: SyntaxNode | null | undefined): boolean | undefined {
  const n = unwrap(node);
  if (!n) return undefined;
  if (n.type === 'true') return true;
  if (n.type === 'false') return false;
  if (n.type === 'boolean') { const t = n.text.toLowerCase(); return t === 'true' ? true : t === 'false' ? false : undefined; }
  return undefined;
}

/** The number a literal holds (`0`, `'0'` is not a number), or undefined. */
export function numberOf(node: SyntaxNode | null | undefined): number | undefined {
  const n = unwrap(node);
  if (!n || !/^(number|integer|int_literal|decimal_integer_literal|float)$/.test(n.type)) return undefined;
  const v = Number(n.text.replace(/_/g, ''));
  return Number.isFinite(v) ? v : undefined;
}

/** A string literal's constant value (through wrappers), or undefined. */
export function stringOf(node: SyntaxNode | null | undefined): string | undefined {
  const n = unwrap(node);
  return n ? stringValue(n) : undefined;
}

export interface Entry { key: string; keyNode: SyntaxNode; value: SyntaxNode; node: SyntaxNode }

/** The key of a pair-like node as a plain string (`key:`, `'key' =>`, `"key":`, `:key =>`, `Key:`). */
export function entryKey(pair: SyntaxNode): string | undefined {
  let key: SyntaxNode | null | undefined;
  if (pair.type === 'pair' || pair.type === 'keyed_element') key = pair.childForFieldName('key');
  else if (pair.type === 'array_element_initializer' && pair.namedChildCount === 2) key = pair.namedChild(0);
  if (!key) return undefined;
  key = unwrap(key);
  if (!key) return undefined;
  switch (key.type) {
    case 'property_identifier': case 'identifier': case 'field_identifier': case 'hash_key_symbol': case 'name':
      return key.text;
    case 'simple_symbol':
      return key.text.replace(/^:/, '');
    default:
      return stringValue(key);
  }
}

const CONTAINER_TYPES = new Set(['object', 'dictionary', 'hash', 'array_creation_expression', 'literal_value', 'argument_list']);
const SPREAD_TYPES = new Set(['spread_element', 'dictionary_splat', 'hash_splat_argument', 'variadic_unpacking']);

/** Key/value entries of an object, dict, hash, PHP array or Go composite literal body. */
export function entries(container: SyntaxNode | null | undefined): Entry[] {
  const c = unwrap(container);
  if (!c || !CONTAINER_TYPES.has(c.type)) return [];
  const out: Entry[] = [];
  for (const child of c.namedChildren) {
    if (!child) continue;
    const key = entryKey(child);
    if (key === undefined) continue;
    const keyNode = child.type === 'array_element_initializer' ? child.namedChild(0) : child.childForFieldName('key');
    const value = child.type === 'array_element_initializer' ? child.namedChild(1) : child.childForFieldName('value');
    const v = unwrap(value);
    if (keyNode && v) out.push({ key, keyNode, value: v, node: child });
  }
  return out;
}

export function entry(container: SyntaxNode | null | undefined, key: string): Entry | undefined {
  return entries(container).find(e => e.key === key);
}

/** Whether an object/dict/hash/array spreads entries in from elsewhere (so a missing key may be set there). */
export function hasSpread(container: SyntaxNode | null | undefined): boolean {
  const c = unwrap(container);
  return !!c?.namedChildren.some(child => !!child && SPREAD_TYPES.has(child.type));
}

/** Whether a node is one of the container types `entries` understands. */
export function isContainer(node: SyntaxNode | null | undefined): boolean {
  const c = unwrap(node);
  return !!c && CONTAINER_TYPES.has(c.type) && c.type !== 'argument_list';
}

export const FUNCTION_TYPES = new Set([
  'function_declaration', 'function_expression', 'arrow_function', 'method_definition', 'generator_function_declaration', 'function',
  'function_definition', 'lambda', 'method_declaration', 'constructor_declaration', 'lambda_expression', 'func_literal',
  'method', 'singleton_method', 'anonymous_function', 'arrow_function',
]);

/** The name of a function node: declared, or the variable/property/pair it is bound to. */
export function functionName(fn: SyntaxNode): string | undefined {
  const own = fn.childForFieldName('name');
  if (own && fn.type !== 'function_expression') return plainName(own);
  if (own) return own.text;
  const parent = fn.parent;
  if (!parent) return undefined;
  const binding = bindingOf(parent);
  if (binding && binding.value.startIndex === fn.startIndex) return binding.name;
  return undefined;
}

/** The nearest enclosing function node, or undefined at the top level. */
export function enclosingFunction(node: SyntaxNode): SyntaxNode | undefined {
  for (let p = node.parent; p; p = p.parent) if (FUNCTION_TYPES.has(p.type)) return p;
  return undefined;
}

/** The name of the nearest named enclosing function (anonymous callbacks are looked through). */
export function enclosingFunctionName(node: SyntaxNode): string | undefined {
  for (let p = node.parent; p; p = p.parent) {
    if (!FUNCTION_TYPES.has(p.type)) continue;
    const name = functionName(p);
    if (name) return name;
  }
  return undefined;
}

/** Statement-level nodes: walking up from an expression stops here. */
const STATEMENT_TYPES = new Set([
  'expression_statement', 'statement_block', 'block', 'body_statement', 'program', 'module', 'source_file',
  'compound_statement', 'if_statement', 'for_statement', 'for_in_statement', 'while_statement', 'if', 'unless', 'while',
  'class_body', 'declaration_list', 'statement_list', 'switch_statement', 'try_statement', 'then', 'else',
]);
const COMPARISON = /^(==|===|!=|!==|<|>|<=|>=|<>|<=>|in|not in|is|is not|instanceof)$/;

export interface ValueContext {
  /** The name the value is bound to (variable, field, property, key, keyword argument, setter) if any. */
  name?: string;
  /** The value is returned from the enclosing function (explicitly or as an arrow/Ruby implicit result). */
  returned: boolean;
  /** The value only feeds a comparison (its result is a boolean, not the value itself). */
  compared: boolean;
}

/**
 * Where the value of `node` goes: walk up through expressions that carry it (calls that wrap it, string
 * building, arithmetic, arrays, comprehensions) to the binding that names it or the `return` that hands it back.
 */
export function valueContext(node: SyntaxNode, language: LanguageId): ValueContext {
  let cur = node;
  for (let depth = 0; depth < 16; depth++) {
    const p = cur.parent;
    if (!p) break;
    if (p.type === 'binary_expression' || p.type === 'comparison_operator' || p.type === 'boolean_operator' || p.type === 'binary') {
      const op = p.childForFieldName('operator')?.text ?? p.children.find(c => c && !c.isNamed && COMPARISON.test(c.text))?.text;
      if (p.type === 'comparison_operator' || (op && COMPARISON.test(op))) return { returned: false, compared: true };
    }
    if (p.type === 'augmented_assignment_expression' && p.childForFieldName('right')?.startIndex === cur.startIndex) {
      const left = p.childForFieldName('left');
      return { name: left ? plainName(left) : undefined, returned: false, compared: false };
    }
    const binding = bindingOf(p);
    if (binding) {
      if (binding.value.startIndex <= cur.startIndex && cur.endIndex <= binding.value.endIndex) return { name: binding.name, returned: false, compared: false };
      if (p.type !== 'function_call_expression' && p.type !== 'pair' && p.type !== 'keyed_element') return { returned: false, compared: false };
    }
    if (p.type === 'return_statement' || p.type === 'return') return { returned: true, compared: false };
    if (FUNCTION_TYPES.has(p.type)) {
      // Arrow function with an expression body, Ruby endless method, Java lambda expression body.
      const body = p.childForFieldName('body');
      if (body && body.startIndex === cur.startIndex && !STATEMENT_TYPES.has(body.type)) return { returned: true, compared: false };
      return { returned: false, compared: false };
    }
    if (language === 'ruby' && p.type === 'body_statement' && isLastStatement(cur, p)) {
      const owner = p.parent;
      if (owner && (owner.type === 'method' || owner.type === 'singleton_method')) return { returned: true, compared: false };
    }
    if (language === 'ruby') {
      // A Ruby block's last statement is the block's value: keep walking (`Array.new(8) { chars.sample }.join`).
      if (p.type === 'block_body' || (p.type === 'body_statement' && p.parent?.type === 'do_block')) {
        if (!isLastStatement(cur, p)) return { returned: false, compared: false };
        cur = p;
        continue;
      }
      if (p.type === 'block' || p.type === 'do_block') { cur = p; continue; }
    }
    if (STATEMENT_TYPES.has(p.type)) return { returned: false, compared: false };
    // Setter calls name the value: `user.setPassword(v)`, `$user->setToken(v)`.
    if (p.type === 'argument_list' || p.type === 'arguments' || p.type === 'argument') {
      const callNode = p.type === 'argument' ? p.parent?.parent : p.parent;
      const call = callNode ? callOf(callNode) : undefined;
      const m = call ? /^set_?([A-Za-z]\w*)$/.exec(call.name) : null;
      if (m && call && !/^(Header|Cookie|Attribute|Status|Timeout|Interval|Item)$/i.test(m[1]!)) return { name: m[1], returned: false, compared: false };
    }
    cur = p;
  }
  return { returned: false, compared: false };
}

function isLastStatement(node: SyntaxNode, body: SyntaxNode): boolean {
  const list = body.namedChildren.filter(c => c && c.type !== 'comment');
  return list.length > 0 && list[list.length - 1]!.startIndex === node.startIndex;
}

/** Whether `inner` lies inside `outer` (or is it). */
export function within(inner: SyntaxNode, outer: SyntaxNode): boolean {
  return outer.startIndex <= inner.startIndex && inner.endIndex <= outer.endIndex;
}

/** Paths of development, test and example configuration, where debug settings and the like are expected. */
const DEV_PATH = /(^|[/_.-])(local|dev|develop|development|test|tests|testing|ci|debug|example|examples|sample|samples|demo)([/_.-]|$)/i;
export function isDevelopmentPath(file: string): boolean {
  return DEV_PATH.test(file);
}

/** String literal values that name a development environment. */
const DEV_ENV = /^(dev|develop|development|local|test|testing|debug)$/i;

/**
 * Whether `node` only runs in development: inside an `if`/ternary/`configure` whose condition compares with
 * 'development', 'local', 'test' (`if (process.env.NODE_ENV === 'development')`, `configure :development do`).
 */
export function guardedByDevelopment(node: SyntaxNode): boolean {
  for (let p = node.parent, depth = 0; p && depth < 40; p = p.parent, depth++) {
    let condition: SyntaxNode | null = null;
    if (p.type === 'if_statement' || p.type === 'ternary_expression' || p.type === 'conditional_expression' || p.type === 'if' || p.type === 'unless' || p.type === 'conditional' || p.type === 'if_modifier') {
      condition = p.childForFieldName('condition');
      if (p.type === 'conditional_expression' && !condition) condition = p.namedChild(1); // Python: a if COND else b
    } else if (p.type === 'call' && p.childForFieldName('method')?.text === 'configure' && !p.childForFieldName('receiver')) {
      condition = p.childForFieldName('arguments');
    }
    if (!condition) continue;
    for (const n of [condition, ...descendantsOf(condition)]) {
      const s = n.type === 'simple_symbol' ? n.text.slice(1) : stringValue(n);
      if (s !== undefined && DEV_ENV.test(s)) return true;
      // env !== 'production'
      if (s !== undefined && /^prod(uction)?$/i.test(s) && n.parent && n.parent.children.some(c => !!c && !c.isNamed && /^(!=|!==|<>)$/.test(c.text))) return true;
    }
  }
  return false;
}

function descendantsOf(node: SyntaxNode): SyntaxNode[] {
  const out: SyntaxNode[] = [];
  const stack = [...node.namedChildren].filter((c): c is SyntaxNode => !!c);
  while (stack.length && out.length < 500) {
    const n = stack.pop()!;
    out.push(n);
    for (const c of n.namedChildren) if (c) stack.push(c);
  }
  return out;
}

/** Named descendants of a node (bounded, for small subtrees such as arguments and function bodies). */
export function subtree(node: SyntaxNode, limit = 5000): SyntaxNode[] {
  const out: SyntaxNode[] = [];
  const stack: SyntaxNode[] = [node];
  while (stack.length && out.length < limit) {
    const n = stack.pop()!;
    out.push(n);
    for (let i = n.namedChildCount - 1; i >= 0; i--) { const c = n.namedChild(i); if (c) stack.push(c); }
  }
  return out;
}

/** Identifier-like names mentioned in an expression: variables, properties, subscript keys (`user['password']`). */
export function mentionedNames(node: SyntaxNode): string[] {
  const out: string[] = [];
  for (const n of subtree(node, 400)) {
    switch (n.type) {
      case 'identifier': case 'property_identifier': case 'field_identifier': case 'shorthand_property_identifier':
      case 'instance_variable': case 'constant': case 'simple_symbol': case 'hash_key_symbol':
        out.push(n.text.replace(/^[@:]+/, ''));
        break;
      case 'variable_name': case 'name':
        if (n.parent?.type !== 'variable_name') out.push(n.text.replace(/^\$/, ''));
        break;
      default: {
        // A constant subscript key names the value: params['password'], $_POST['token'].
        const p = n.parent;
        if (p && /subscript|element_reference|index_expression|array_access/.test(p.type) && p.namedChild(0)?.startIndex !== n.startIndex) {
          const s = stringValue(n);
          if (s && s.length <= 60) out.push(s);
        }
      }
    }
  }
  return out;
}
