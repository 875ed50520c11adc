/**
 * Syntax helpers shared by the performance (and database) rules: call shapes, receiver names, loops and
 * function boundaries across the seven grammars.
 */
import type { LanguageId } from '../model';
import type { SyntaxNode } from '../languages/parser';
import { nameWords, phpFunctionName } from './syntax';

/** Call node types per language. */
export const CALL_TYPES: Record<LanguageId, readonly string[]> = {
  javascript: ['call_expression'], typescript: ['call_expression'], tsx: ['call_expression'],
  python: ['call'],
  java: ['method_invocation'],
  go: ['call_expression'],
  ruby: ['call'],
  php: ['member_call_expression', 'nullsafe_member_call_expression', 'scoped_call_expression', 'function_call_expression'],
};
const ALL_CALL_TYPES = new Set(Object.values(CALL_TYPES).flat());

/** Function-like nodes: a call inside one of them does not run where the function is written. */
export const FUNCTION_TYPES = new Set([
  // JS/TS
  'function_declaration', 'function_expression', 'function', 'arrow_function', 'method_definition',
  'generator_function_declaration', 'generator_function',
  // Python
  'function_definition', 'lambda',
  // Java
  'method_declaration', 'constructor_declaration', 'lambda_expression',
  // Go
  'func_literal',
  // Ruby (a brace `block` only when it hangs off a call: Java and Go call their statement lists `block` too)
  'method', 'singleton_method', 'do_block',
  // PHP
  'anonymous_function', 'anonymous_function_creation_expression',
]);
/** Whether a node is a function-like boundary (see FUNCTION_TYPES); Ruby brace blocks included. */
export function isFunctionNode(node: SyntaxNode): boolean {
  if (node.type === 'block') return node.parent?.type === 'call' && node.parent.childForFieldName('block')?.equals(node) === true;
  return FUNCTION_TYPES.has(node.type);
}

/** Class bodies end the search for an enclosing function or loop too. */
const SCOPE_END = new Set(['class_declaration', 'class_definition', 'class', 'class_body', 'program', 'module', 'source_file']);

/** The parts of a call in any grammar: receiver (if a method call), method or function name, arguments. */
export interface CallParts { receiver?: SyntaxNode; name?: string; args: SyntaxNode[]; argList?: SyntaxNode; block?: SyntaxNode }

function argsOf(list: SyntaxNode | null | undefined): SyntaxNode[] {
  if (!list) return [];
  const out: SyntaxNode[] = [];
  for (const c of list.namedChildren) {
    if (!c || c.type === 'comment') continue;
    // PHP wraps each argument; Ruby and Python keep them bare.
    out.push(c.type === 'argument' && c.namedChildCount === 1 ? c.namedChild(0)! : c);
  }
  return out;
}

export function callParts(call: SyntaxNode): CallParts | undefined {
  switch (call.type) {
    case 'call_expression': { // JS/TS, Go
      const fn = call.childForFieldName('function');
      const argList = call.childForFieldName('arguments') ?? undefined;
      const args = argsOf(argList);
      if (!fn) return undefined;
      if (fn.type === 'member_expression') return { receiver: fn.childForFieldName('object') ?? undefined, name: fn.childForFieldName('property')?.text, args, argList };
      if (fn.type === 'selector_expression') return { receiver: fn.childForFieldName('operand') ?? undefined, name: fn.childForFieldName('field')?.text, args, argList };
      if (fn.type === 'identifier') return { name: fn.text, args, argList };
      return { args, argList };
    }
    case 'call': { // Python or Ruby
      const fn = call.childForFieldName('function');
      if (fn) { // Python
        const argList = call.childForFieldName('arguments') ?? undefined;
        const args = argsOf(argList);
        if (fn.type === 'attribute') return { receiver: fn.childForFieldName('object') ?? undefined, name: fn.childForFieldName('attribute')?.text, args, argList };
        if (fn.type === 'identifier') return { name: fn.text, args, argList };
        return { args, argList };
      }
      const argList = call.childForFieldName('arguments') ?? undefined;
      return { receiver: call.childForFieldName('receiver') ?? undefined, name: call.childForFieldName('method')?.text, args: argsOf(argList), argList, block: call.childForFieldName('block') ?? undefined };
    }
    case 'method_invocation': { // Java
      const argList = call.childForFieldName('arguments') ?? undefined;
      return { receiver: call.childForFieldName('object') ?? undefined, name: call.childForFieldName('name')?.text, args: argsOf(argList), argList };
    }
    case 'member_call_expression': case 'nullsafe_member_call_expression': { // PHP $a->b()
      const argList = call.childForFieldName('arguments') ?? undefined;
      return { receiver: call.childForFieldName('object') ?? undefined, name: call.childForFieldName('name')?.text, args: argsOf(argList), argList };
    }
    case 'scoped_call_expression': { // PHP A::b()
      const argList = call.childForFieldName('arguments') ?? undefined;
      return { receiver: call.childForFieldName('scope') ?? undefined, name: call.childForFieldName('name')?.text, args: argsOf(argList), argList };
    }
    case 'function_call_expression': { // PHP f()
      const argList = call.childForFieldName('arguments') ?? undefined;
      const fn = call.childForFieldName('function');
      const name = fn?.type === 'qualified_name' ? fn.childForFieldName('name')?.text ?? fn.text : fn?.text;
      return { name: name === undefined ? undefined : phpFunctionName(name), args: argsOf(argList), argList };
    }
  }
  return undefined;
}

/** The last name of an expression: `db` for `this.db`, `s.db`, `$this->db`, `@db`, `self.db`; undefined for calls with arguments and literals. */
export function lastName(node: SyntaxNode | undefined | null): string | undefined {
  if (!node) return undefined;
  switch (node.type) {
    case 'identifier': case 'property_identifier': case 'field_identifier': case 'constant': case 'type_identifier':
    case 'name': case 'shorthand_property_identifier': case 'package_identifier':
      return node.text;
    case 'this': case 'self': return 'this';
    case 'member_expression': return node.childForFieldName('property')?.text;
    case 'attribute': return node.childForFieldName('attribute')?.text;
    case 'field_access': return node.childForFieldName('field')?.text;
    case 'selector_expression': return node.childForFieldName('field')?.text;
    case 'member_access_expression': case 'nullsafe_member_access_expression': return node.childForFieldName('name')?.text;
    case 'variable_name': return node.text.replace(/^\$/, '');
    case 'instance_variable': case 'class_variable': case 'global_variable': return node.text.replace(/^[@$]+/, '');
    case 'scope_resolution': return node.childForFieldName('name')?.text;
    case 'qualified_name': return node.childForFieldName('name')?.text ?? node.text.split('\\').pop();
    case 'parenthesized_expression': return lastName(node.namedChild(0));
    case 'call': // Ruby `ActiveRecord::Base.connection`, `self.db`: a call without arguments reads like an attribute
      if (!node.childForFieldName('function') && !node.childForFieldName('arguments')) return node.childForFieldName('method')?.text;
      return undefined;
  }
  return undefined;
}

/** The lower-case words of an expression's last name (`userRepository` → [user, repository]). */
export function wordsOf(node: SyntaxNode | undefined | null): string[] {
  const name = lastName(node);
  return name ? nameWords(name) : [];
}

/** Calls down a method chain, innermost last: for `a.b().c().d()` called on d, yields c() then b(). */
export function* receiverCalls(call: SyntaxNode): Generator<SyntaxNode> {
  let current = callParts(call)?.receiver;
  for (let guard = 0; current && guard < 64; guard++) {
    if (current.type === 'await_expression' || current.type === 'parenthesized_expression' || current.type === 'await') { current = current.namedChild(0) ?? undefined; continue; }
    if (!ALL_CALL_TYPES.has(current.type)) return;
    yield current;
    current = callParts(current)?.receiver;
  }
}

/** The expression a method chain starts from: `db` for `db.Where(..).First(..)`, `r.db` for `r.db.Query(..)`. */
export function chainBase(call: SyntaxNode): SyntaxNode | undefined {
  let base = callParts(call)?.receiver;
  for (let guard = 0; base && guard < 64; guard++) {
    if (base.type === 'parenthesized_expression' || base.type === 'await_expression') { base = base.namedChild(0) ?? undefined; continue; }
    if (!ALL_CALL_TYPES.has(base.type) || lastName(base) !== undefined) return base;
    base = callParts(base)?.receiver;
  }
  return base;
}

/** Whether a function node is marked `async` (JS/TS, Python). */
export function isAsync(fn: SyntaxNode): boolean {
  for (let i = 0; i < fn.childCount; i++) {
    const c = fn.child(i);
    if (c?.type === 'async') return true;
    if (c?.isNamed && c.type !== 'decorator') break; // the keyword comes before the name / parameters
  }
  return false;
}

/** The nearest enclosing function-like node (not crossing classes), or undefined at module level. */
export function enclosingFunction(node: SyntaxNode): SyntaxNode | undefined {
  for (let p = node.parent; p; p = p.parent) {
    if (isFunctionNode(p)) return p;
    if (SCOPE_END.has(p.type)) return undefined;
  }
  return undefined;
}

// ---- loops -------------------------------------------------------------------------------------------------

/** Methods that call their function argument once per element. */
const ITERATION_METHODS = new Set([
  // JS/TS, Java streams, PHP collections
  'forEach', 'map', 'flatMap', 'filter', 'reduce', 'reduceRight', 'some', 'every', 'find', 'findIndex',
  'forEachOrdered', 'peek', 'anyMatch', 'allMatch', 'noneMatch', 'mapToObj', 'mapToInt', 'mapToLong',
  'each', 'transform', 'reject', 'mapWithKeys', 'sortBy', 'groupBy', 'keyBy', 'flatMap',
  // Ruby
  'each_with_index', 'each_with_object', 'collect', 'flat_map', 'collect_concat', 'select', 'filter_map',
  'find_each', 'times', 'upto', 'downto', 'each_key', 'each_value', 'each_pair', 'sum', 'sort_by', 'group_by',
  'index_by', 'detect', 'any?', 'all?', 'none?', 'count', 'min_by', 'max_by', 'partition', 'each_index', 'map!',
  // PHP functions
  'array_map', 'array_filter', 'array_walk', 'array_reduce',
]);

/** A function passed to an iteration method (`xs.forEach(x => ..)`, `xs.each do |x| .. end`, `array_map(fn, $xs)`). */
export function isIterationCallback(fn: SyntaxNode): SyntaxNode | undefined {
  // Ruby blocks hang off the call directly.
  if (fn.type === 'do_block' || fn.type === 'block') {
    const call = fn.parent;
    if (call?.type === 'call' && ITERATION_METHODS.has(call.childForFieldName('method')?.text ?? '')) return call;
    return undefined;
  }
  let holder = fn.parent;
  if (holder?.type === 'argument') holder = holder.parent; // PHP
  if (!holder || !['arguments', 'argument_list'].includes(holder.type)) return undefined;
  const call = holder.parent;
  if (!call) return undefined;
  const name = callParts(call)?.name;
  return name && ITERATION_METHODS.has(name) ? call : undefined;
}

const LOOP_TYPES = new Set([
  'for_statement', 'for_in_statement', 'while_statement', 'do_statement', 'enhanced_for_statement', 'foreach_statement',
  'while', 'until', 'for', 'while_modifier', 'until_modifier',
  'list_comprehension', 'set_comprehension', 'dictionary_comprehension', 'generator_expression',
]);
const SHORT_LITERAL_TYPES = new Set(['tuple', 'list', 'array', 'array_initializer']);
const WHILE_LIKE = new Set(['while_statement', 'do_statement', 'while', 'until', 'while_modifier', 'until_modifier']);
const RETRY_WORDS = new Set(['retry', 'retries', 'attempt', 'attempts', 'tries', 'try', 'tried']);
const CONSTANT_TRUE = /^(true|True|1|TRUE)$/;

export interface LoopContext { loop: SyntaxNode; kind: 'loop' | 'callback' }

/**
 * The parts of a file covered by some nodes, as sorted disjoint index ranges: `covers(node)` answers from the
 * node's start index alone, so a rule can drop most candidates before asking the tree anything about them.
 */
export class Regions {
  private readonly starts: number[] = [];
  private readonly ends: number[] = [];

  constructor(nodes: Iterable<SyntaxNode>) {
    const sorted = [...nodes].sort((a, b) => a.startIndex - b.startIndex);
    for (const node of sorted) {
      const last = this.ends.length - 1;
      if (last >= 0 && node.startIndex < this.ends[last]!) this.ends[last] = Math.max(this.ends[last]!, node.endIndex);
      else { this.starts.push(node.startIndex); this.ends.push(node.endIndex); }
    }
  }

  get empty(): boolean { return this.starts.length === 0; }

  covers(node: SyntaxNode): boolean {
    const at = node.startIndex;
    let lo = 0;
    let hi = this.starts.length - 1;
    while (lo <= hi) { // the last range starting at or before `at`
      const mid = (lo + hi) >> 1;
      if (this.starts[mid]! <= at) lo = mid + 1; else hi = mid - 1;
    }
    return hi >= 0 && at < this.ends[hi]!;
  }
}

/**
 * Where `enclosingLoop` can answer: every loop of the given types and, with `callbacks`, every iteration callback.
 * A node outside these regions has no enclosing loop (the loop or callback it reports is always an ancestor).
 */
export function loopRegions(nodesOfType: (...types: string[]) => SyntaxNode[], language: LanguageId, loopTypes: ReadonlySet<string> = LOOP_TYPES, callbacks = true): Regions {
  const nodes = [...nodesOfType(...loopTypes)];
  if (callbacks) {
    for (const fn of nodesOfType(...FUNCTION_TYPES, ...(language === 'ruby' ? ['block'] : []))) {
      if (isFunctionNode(fn) && isIterationCallback(fn)) nodes.push(fn);
    }
  }
  return new Regions(nodes);
}

/** Whether `child` (a direct child of the loop) is evaluated once per iteration. */
function inIterationPart(loop: SyntaxNode, child: SyntaxNode): boolean {
  if (loop.type.endsWith('comprehension') || loop.type === 'generator_expression') {
    if (child.type === 'if_clause') return true;
    if (child.type === 'for_in_clause') { // the first clause's iterable is evaluated once
      const first = loop.namedChildren.find(c => c?.type === 'for_in_clause');
      return !first?.equals(child);
    }
    return loop.childForFieldName('body')?.equals(child) === true;
  }
  return loop.childForFieldName('body')?.equals(child) === true;
}

/** Identifiers and member paths assigned inside a node (not crossing functions other than Ruby blocks). */
export function assignedNames(root: SyntaxNode): Set<string> {
  const names = new Set<string>();
  const stack: SyntaxNode[] = [root];
  while (stack.length) {
    const n = stack.pop()!;
    if (n !== root && isFunctionNode(n) && n.type !== 'block' && n.type !== 'do_block') continue;
    if (ASSIGNMENT_TYPES.has(n.type)) {
      const left = n.childForFieldName('left');
      const targets = left && (left.type === 'expression_list' || left.type === 'pattern_list' || left.type === 'left_assignment_list') ? left.namedChildren : [left];
      for (const t of targets) if (t) names.add(t.text.replace(/^\$/, ''));
    }
    for (const c of n.namedChildren) if (c) stack.push(c);
  }
  return names;
}
const ASSIGNMENT_TYPES = new Set([
  'assignment_expression', 'augmented_assignment_expression', 'assignment', 'augmented_assignment', 'operator_assignment',
  'assignment_statement', 'short_var_declaration', 'named_expression',
]);
const REFERENCE_TYPES = new Set([
  'identifier', 'variable_name', 'instance_variable', 'member_expression', 'attribute', 'selector_expression',
  'field_access', 'member_access_expression',
]);

/** Texts of the names and member paths read in a node (`cursor`, `page.next`, `$row`). */
export function referenceTexts(root: SyntaxNode): string[] {
  const out: string[] = [];
  const stack: SyntaxNode[] = [root];
  while (stack.length) {
    const n = stack.pop()!;
    if (REFERENCE_TYPES.has(n.type)) out.push(n.text.replace(/^\$/, ''));
    for (const c of n.namedChildren) if (c) stack.push(c);
  }
  return out;
}

/** `for (attempt = 0; attempt < 3; ...)`, `for attempt in range(3)`: the header names a retry counter. */
function isRetryLoop(loop: SyntaxNode): boolean {
  const body = loop.childForFieldName('body');
  for (const c of loop.namedChildren) {
    if (!c || body?.equals(c)) continue;
    if (referenceTexts(c).some(t => nameWords(t).some(w => RETRY_WORDS.has(w)))) return true;
  }
  return false;
}

function conditionUpdatedInBody(condition: SyntaxNode, body: SyntaxNode | null): boolean {
  if (!body) return false;
  const assigned = assignedNames(body);
  return referenceTexts(condition).some(t => assigned.has(t));
}

/** A while-like loop walks rows (`while (row = fetch())`, `for rows.Next()`) unless it polls or pages. */
function whileWalks(loop: SyntaxNode, condition: SyntaxNode | undefined): boolean {
  const inner = condition?.type === 'parenthesized_expression' ? condition.namedChild(0) : condition;
  if (!inner || inner.type === 'empty_statement' || CONSTANT_TRUE.test(inner.text.trim())) return false; // forever: a worker
  const body = loop.childForFieldName('body');
  if (!body) return false;
  const assigned = assignedNames(body);
  // `while (cursor)` / `while hasMore` with the variable updated in the body: one query per page, not per row.
  return !referenceTexts(inner).some(t => assigned.has(t));
}

/**
 * Whether a loop walks a collection (the N+1 shape) rather than polling, paging or retrying:
 * `while (true)`, `for {}`, loops whose condition variables are updated in the body (cursors, `hasMore`),
 * and retry loops (`attempt < 3`) are not. Iteration callbacks always walk a collection.
 */
export function iteratesCollection(loop: SyntaxNode): boolean {
  if (!LOOP_TYPES.has(loop.type)) return true;
  if (isRetryLoop(loop)) return false;
  // A short literal (`for side of ['left', 'right']`, `for idx, addr in ((0, a), (1, b))`) runs a fixed, small
  // number of times: no cost per row or element to speak of.
  const iterable = loop.childForFieldName('right') ?? loop.childForFieldName('value');
  if (iterable && SHORT_LITERAL_TYPES.has(iterable.type) && iterable.namedChildren.filter(c => c?.type !== 'comment').length <= 3) return false;
  if (WHILE_LIKE.has(loop.type)) return whileWalks(loop, loop.childForFieldName('condition') ?? undefined);
  if (loop.type === 'for_statement') {
    const body = loop.childForFieldName('body');
    const condition = loop.childForFieldName('condition');
    // C-style (JS, Java, PHP): `for (;;)` is forever; `i < n && token === null` with token set in the body stops at the first hit.
    if (condition) return condition.type !== 'empty_statement' && !conditionUpdatedInBody(condition, body);
    const others = loop.namedChildren.filter(c => c && c.type !== 'comment' && !body?.equals(c)) as SyntaxNode[];
    if (others.some(c => c.type === 'range_clause')) return true; // Go range
    const clause = others.find(c => c.type === 'for_clause'); // Go C-style
    if (clause) { const cond = clause.childForFieldName('condition'); return !!cond && !conditionUpdatedInBody(cond, body); }
    if (others.length === 1 && !loop.childForFieldName('initializer') && !loop.childForFieldName('init')) return whileWalks(loop, others[0]); // Go `for cond`
    return others.some(c => c.type !== 'empty_statement');
  }
  return true;
}

/**
 * The loop whose every iteration runs `node`: a loop body (or comprehension element) or an iteration callback,
 * without crossing other function boundaries. Undefined when the node does not run once per element.
 */
export function enclosingLoop(node: SyntaxNode): LoopContext | undefined {
  let child = node;
  for (let p = node.parent; p; child = p, p = p.parent) {
    if (LOOP_TYPES.has(p.type)) {
      if (inIterationPart(p, child)) return { loop: p, kind: 'loop' };
      continue;
    }
    if (isFunctionNode(p)) {
      const call = isIterationCallback(p);
      return call ? { loop: call, kind: 'callback' } : undefined;
    }
    if (SCOPE_END.has(p.type)) return undefined;
  }
  return undefined;
}
