import type { LanguageId, RelatedLocation } from '../model';
import type { SyntaxNode } from '../languages/parser';
import { isAnnotatedRequestParameter, requestInput } from './request-input';
import { phpFunctionName } from './syntax';

/**
 * Local data flow inside one function, for the injection rules: where does the value of an expression come from?
 *
 * - `constant`: built only from literals (and names bound to literals) — `value` is the text when it is known.
 * - `tainted`: built, at least in part, from request input (`req.body`, `request.args`, `$_GET`, `params`,
 *   `@RequestParam` parameters...) or from a parameter of the enclosing function (`parameter: true`). `node` is
 *   where the data came from, `text` the constant fragments of the whole expression (tainted parts read as `?`),
 *   `via` the names the value travelled through.
 * - `unknown`: anything else (calls of unknown functions, fields, globals): never reported.
 *
 * It is flow-insensitive inside a function on purpose: a name resolves to its nearest preceding assignment by
 * position (`+=`, `.append()`, `<<` on the same name in between add to it), and to the ones before it while that
 * assignment sits on a branch the use is not in (`if`, loop, `case`, `catch`: it may not have run); parameters are
 * the sources, and outer functions and the module are searched when the function has no binding of its own.
 */
export type Origin =
  | { kind: 'constant'; value?: string }
  | { kind: 'tainted'; source: string; node: SyntaxNode; text: string; via: readonly string[]; parameter?: boolean }
  | { kind: 'unknown' };

/** A tainted value. */
export type Tainted = Extract<Origin, { kind: 'tainted' }>;

export interface FlowOptions {
  /**
   * Which parameters are sources: `all` (default) — every parameter of the enclosing named function; `request` —
   * only those bound to request input by the framework (Java `@RequestParam`, NestJS `@Query()`, Flask/FastAPI
   * route parameters).
   */
  parameters?: 'all' | 'request';
  /** A call whose result is clean for the caller's sink even on tainted input (`path.basename`, `secure_filename`). */
  sanitizer?: (call: CallInfo) => boolean;
}

/** What the flow analysis needs of a file (a `CodeRuleContext` has it all). */
export interface FlowSource {
  readonly language: LanguageId;
  nodesOfType(...types: string[]): SyntaxNode[];
}

export interface FlowContext {
  readonly language: LanguageId;
  readonly options: FlowOptions;
  /** @internal */ readonly state: FlowState;
}

const CONSTANT: Origin = { kind: 'constant' };
const UNKNOWN: Origin = { kind: 'unknown' };
const MAX_DEPTH = 24;
const TAINT_MARK = '?';

// ---------------------------------------------------------------------------------------------------------------
// Calls, across the grammars

/** One call (or `new`), its callee and arguments, whatever the grammar. */
export interface CallInfo {
  readonly node: SyntaxNode;
  /** The function or method name as written: `query`, `execute`, `system`, `Command`, `File` for `new File()`. */
  readonly name: string;
  /** The object of a method call (`db` in `db.query`, `DB` in `DB::select`, `User` in `User.where`), else null. */
  readonly receiver: SyntaxNode | null;
  /** The callee as a dotted path (`child_process.exec`, `os.path.join`, `DB.select`, `$pdo.query`), or the name. */
  readonly callee: string;
  /** Positional arguments, unwrapped (PHP `argument` nodes, Go/Python spreads kept as they are). */
  readonly args: SyntaxNode[];
  /** Keyword arguments: Python `k=v`, Ruby `k: v`, PHP named arguments. */
  readonly keywords: Map<string, SyntaxNode>;
  /** `new X(...)`, `X.new(...)` in Ruby. */
  readonly isNew: boolean;
}

/** The node types `callInfo` understands, per language. */
export const CALL_TYPES: Record<LanguageId, readonly string[]> = {
  javascript: ['call_expression', 'new_expression'],
  typescript: ['call_expression', 'new_expression'],
  tsx: ['call_expression', 'new_expression'],
  python: ['call'],
  java: ['method_invocation', 'object_creation_expression'],
  go: ['call_expression'],
  ruby: ['call'],
  php: ['function_call_expression', 'member_call_expression', 'nullsafe_member_call_expression', 'scoped_call_expression', 'object_creation_expression'],
};

const CALL_NODE_TYPES = new Set(Object.values(CALL_TYPES).flat());

function named(node: SyntaxNode | null | undefined): SyntaxNode[] {
  if (!node) return [];
  return node.namedChildren.filter((c): c is SyntaxNode => !!c && c.type !== 'comment');
}

/** Dotted text of a callee or receiver: `$this->db` → `$this.db`, `DB::select` → `DB.select`. */
export function dotted(node: SyntaxNode | null): string {
  if (!node) return '';
  return node.text.replace(/\s+/g, '').replace(/\?->|\?\.|->|::/g, '.');
}

/** Calls of the tree being analysed, by node id: the injection rules all look at the same calls. */
let cachedTree: unknown;
let cachedCalls = new Map<number, CallInfo | null>();

/** The parts of a call node (any grammar), or undefined for nodes that are not calls. */
export function callInfo(node: SyntaxNode): CallInfo | undefined {
  if (node.tree !== cachedTree) { cachedTree = node.tree; cachedCalls = new Map(); }
  const cached = cachedCalls.get(node.id);
  if (cached !== undefined) return cached ?? undefined;
  const info = readCall(node);
  cachedCalls.set(node.id, info ?? null);
  return info;
}

function readCall(node: SyntaxNode): CallInfo | undefined {
  if (!CALL_NODE_TYPES.has(node.type)) return undefined;
  let name: SyntaxNode | null = null;
  let receiver: SyntaxNode | null = null;
  let argsNode: SyntaxNode | null = null;
  let isNew = false;
  switch (node.type) {
    case 'call_expression': { // JS/TS, Go
      const fn = node.childForFieldName('function');
      argsNode = node.childForFieldName('arguments');
      if (!fn || !argsNode || argsNode.type === 'template_string') return undefined; // tagged templates bind values
      if (fn.type === 'member_expression' || fn.type === 'selector_expression') {
        receiver = fn.childForFieldName('object') ?? fn.childForFieldName('operand');
        name = fn.childForFieldName('property') ?? fn.childForFieldName('field');
      } else name = fn;
      break;
    }
    case 'new_expression': { // JS/TS
      const ctor = node.childForFieldName('constructor');
      argsNode = node.childForFieldName('arguments');
      isNew = true;
      if (ctor?.type === 'member_expression') { receiver = ctor.childForFieldName('object'); name = ctor.childForFieldName('property'); } else name = ctor;
      break;
    }
    case 'call': { // Python, Ruby
      const fn = node.childForFieldName('function');
      argsNode = node.childForFieldName('arguments');
      if (fn) { // Python
        if (fn.type === 'attribute') { receiver = fn.childForFieldName('object'); name = fn.childForFieldName('attribute'); } else name = fn;
      } else { // Ruby
        receiver = node.childForFieldName('receiver');
        name = node.childForFieldName('method');
        if (name?.text === 'new' && receiver) isNew = true;
      }
      break;
    }
    case 'method_invocation': // Java
      receiver = node.childForFieldName('object');
      name = node.childForFieldName('name');
      argsNode = node.childForFieldName('arguments');
      break;
    case 'object_creation_expression': { // Java, PHP
      const type = node.childForFieldName('type') ?? named(node).find(c => c.type === 'name' || c.type === 'qualified_name') ?? null;
      name = type;
      argsNode = node.childForFieldName('arguments') ?? named(node).find(c => c.type === 'arguments') ?? null;
      isNew = true;
      break;
    }
    case 'function_call_expression': // PHP
      name = node.childForFieldName('function');
      argsNode = node.childForFieldName('arguments');
      break;
    case 'member_call_expression': case 'nullsafe_member_call_expression': // PHP
      receiver = node.childForFieldName('object');
      name = node.childForFieldName('name');
      argsNode = node.childForFieldName('arguments');
      break;
    case 'scoped_call_expression': // PHP
      receiver = node.childForFieldName('scope');
      name = node.childForFieldName('name');
      argsNode = node.childForFieldName('arguments');
      break;
    default:
      return undefined;
  }
  if (!name) return undefined;
  const written = name.type === 'generic_type' || name.type === 'scoped_type_identifier' || name.type === 'qualified_name'
    ? name.text.replace(/<.*$/s, '').split(/\.|\\/).at(-1)!
    : name.text;
  const phpFunction = node.type === 'function_call_expression';
  return new Call(node, phpFunction ? phpFunctionName(written) : written, receiver, isNew, name, argsNode, phpFunction);
}

/** The callee text and the arguments are read on first use: most calls are dismissed by their name alone. */
class Call implements CallInfo {
  private calleeText: string | undefined;
  private parsed: { args: SyntaxNode[]; keywords: Map<string, SyntaxNode> } | undefined;

  constructor(
    readonly node: SyntaxNode, readonly name: string, readonly receiver: SyntaxNode | null, readonly isNew: boolean,
    private readonly calleeNode: SyntaxNode, private readonly argsNode: SyntaxNode | null, private readonly lowerCase = false,
  ) {}

  get callee(): string {
    if (this.calleeText === undefined) {
      const callee = this.receiver ? `${dotted(this.receiver)}.${this.name}` : dotted(this.calleeNode).replace(/<.*$/s, '').replace(/\\/g, '.');
      this.calleeText = this.lowerCase ? phpFunctionName(callee) : callee;
    }
    return this.calleeText;
  }

  get args(): SyntaxNode[] { return this.argumentsOf().args; }
  get keywords(): Map<string, SyntaxNode> { return this.argumentsOf().keywords; }
  private argumentsOf() { return (this.parsed ??= parseArguments(this.argsNode, this.node.type === 'call')); }
}

function parseArguments(argsNode: SyntaxNode | null, rubyOrPython: boolean): { args: SyntaxNode[]; keywords: Map<string, SyntaxNode> } {
  const args: SyntaxNode[] = [];
  const keywords = new Map<string, SyntaxNode>();
  for (const arg of named(argsNode)) {
    if (arg.type === 'keyword_argument') { // Python
      const key = arg.childForFieldName('name')?.text;
      const value = arg.childForFieldName('value');
      if (key && value) keywords.set(key, value);
    } else if (arg.type === 'argument') { // PHP, possibly named
      const key = arg.childForFieldName('name')?.text;
      const value = named(arg).filter(c => c.type !== 'name' || !key).at(-1);
      if (!value) continue;
      if (key) keywords.set(key, value); else args.push(value);
    } else if (arg.type === 'pair' && rubyOrPython) { // Ruby keyword arguments / trailing hash
      const key = arg.childForFieldName('key');
      const value = arg.childForFieldName('value');
      if (key && value) keywords.set(key.text.replace(/^:|:$/g, '').replace(/^["']|["']$/g, ''), value);
    } else if (arg.type !== 'block_argument') args.push(arg);
  }
  return { args, keywords };
}

// ---------------------------------------------------------------------------------------------------------------
// Scopes, parameters and bindings

const FUNCTION_TYPES: Record<LanguageId, readonly string[]> = {
  javascript: ['function_declaration', 'function_expression', 'function', 'arrow_function', 'method_definition', 'generator_function_declaration', 'generator_function'],
  typescript: ['function_declaration', 'function_expression', 'function', 'arrow_function', 'method_definition', 'generator_function_declaration', 'generator_function'],
  tsx: ['function_declaration', 'function_expression', 'function', 'arrow_function', 'method_definition', 'generator_function_declaration', 'generator_function'],
  python: ['function_definition', 'lambda'],
  java: ['method_declaration', 'constructor_declaration', 'lambda_expression'],
  go: ['function_declaration', 'method_declaration', 'func_literal'],
  ruby: ['method', 'singleton_method', 'block', 'do_block', 'lambda'],
  php: ['function_definition', 'method_declaration', 'anonymous_function', 'anonymous_function_creation_expression', 'arrow_function'],
};

const BINDING_TYPES: Record<LanguageId, readonly string[]> = {
  javascript: ['variable_declarator', 'assignment_expression', 'augmented_assignment_expression', 'for_in_statement'],
  typescript: ['variable_declarator', 'assignment_expression', 'augmented_assignment_expression', 'for_in_statement'],
  tsx: ['variable_declarator', 'assignment_expression', 'augmented_assignment_expression', 'for_in_statement'],
  python: ['assignment', 'augmented_assignment', 'for_statement', 'named_expression'],
  java: ['variable_declarator', 'assignment_expression', 'enhanced_for_statement'],
  go: ['short_var_declaration', 'assignment_statement', 'var_spec', 'const_spec', 'range_clause'],
  ruby: ['assignment', 'operator_assignment', 'for'],
  php: ['assignment_expression', 'augmented_assignment_expression', 'foreach_statement', 'const_element'],
};

/** Calls that add to the value of the name they are called on (`sb.append(x)`, `parts.push(x)`, `b.WriteString(x)`). */
const APPENDERS = new Set(['append', 'push', 'unshift', 'insert', 'extend', 'add', 'addAll', 'prepend', 'write', 'WriteString', 'Write', 'WriteByte', 'WriteRune']);
const MUTATION_TYPES: Record<LanguageId, readonly string[]> = {
  javascript: ['call_expression'], typescript: ['call_expression'], tsx: ['call_expression'],
  python: ['call'], java: ['method_invocation'], go: ['call_expression'],
  ruby: ['call', 'binary'],
  php: ['assignment_expression', 'function_call_expression'],
};

type ValueKind = 'value' | 'element' | 'augment' | 'unknown';
interface Binding { name: string; nameNode: SyntaxNode; node: SyntaxNode; kind: ValueKind; value: SyntaxNode | null; scope: number; start: number }
interface Mutation { name: string; node: SyntaxNode; args: SyntaxNode[]; scope: number; start: number }
interface Parameter { name: string; node: SyntaxNode; origin: Origin }

interface FlowState {
  functionTypes: ReadonlySet<string>;
  bindings?: Map<string, Binding[]>;
  mutations?: Map<string, Mutation[]>;
  heredocBodies?: SyntaxNode[];
  params: Map<number, Map<string, Parameter>>;
  cache: Map<number, Origin>;
  truncated: number;
  source: FlowSource;
}

/** Create the flow analysis for one file (cheap: indexes are built on first use). */
export function createFlow(source: FlowSource, options: FlowOptions = {}): FlowContext {
  return {
    language: source.language,
    options,
    state: { functionTypes: new Set(FUNCTION_TYPES[source.language]), params: new Map(), cache: new Map(), truncated: 0, source },
  };
}

/** The innermost function around a node (the node itself excluded), or undefined at the top level. */
export function enclosingFunction(node: SyntaxNode, flow: FlowContext): SyntaxNode | undefined {
  for (let p = node.parent; p; p = p.parent) if (flow.state.functionTypes.has(p.type)) return p;
  return undefined;
}

function scopeId(node: SyntaxNode, flow: FlowContext): number {
  return enclosingFunction(node, flow)?.id ?? -1;
}

function nameOf(node: SyntaxNode): string {
  return node.text;
}

const IDENTIFIER_TYPES = new Set(['identifier', 'shorthand_property_identifier', 'shorthand_property_identifier_pattern', 'variable_name', 'constant']);

/** Names a pattern binds: `x`, `{ a, b: c }`, `[a, b]`, `a, b`, `*rest`. */
function patternNames(pattern: SyntaxNode, out: SyntaxNode[] = [], depth = 0): SyntaxNode[] {
  if (depth > 8) return out;
  switch (pattern.type) {
    case 'identifier': case 'shorthand_property_identifier_pattern': case 'variable_name': case 'constant':
      out.push(pattern);
      break;
    case 'pair_pattern': { const v = pattern.childForFieldName('value'); if (v) patternNames(v, out, depth + 1); break; }
    case 'object_assignment_pattern': case 'assignment_pattern': { const l = pattern.childForFieldName('left'); if (l) patternNames(l, out, depth + 1); break; }
    case 'object_pattern': case 'array_pattern': case 'rest_pattern': case 'pattern_list': case 'tuple_pattern': case 'list_pattern':
    case 'list_splat_pattern': case 'expression_list': case 'left_assignment_list': case 'destructured_left_assignment': case 'rest_assignment':
    case 'list_literal': case 'array_creation_expression': case 'array_element_initializer':
      for (const c of named(pattern)) patternNames(c, out, depth + 1);
      break;
  }
  return out;
}

function listItems(node: SyntaxNode | null): SyntaxNode[] {
  if (!node) return [];
  if (node.type === 'expression_list' || node.type === 'pattern_list' || node.type === 'right_assignment_list') return named(node);
  return [node];
}

function operatorOf(node: SyntaxNode): string {
  const op = node.childForFieldName('operator');
  if (op) return op.text;
  for (const c of node.children) if (c && !c.isNamed && /^[^\w\s(){}[\],;]+$/.test(c.type)) return c.type;
  return '';
}

/** The bindings one node introduces. */
function bindingsOf(node: SyntaxNode, language: LanguageId): { nameNode: SyntaxNode; kind: ValueKind; value: SyntaxNode | null }[] {
  const out: { nameNode: SyntaxNode; kind: ValueKind; value: SyntaxNode | null }[] = [];
  const assign = (left: SyntaxNode | null, right: SyntaxNode | null, augment = false) => {
    if (!left) return;
    const lefts = listItems(left);
    const rights = listItems(right);
    if (lefts.length === 1 && IDENTIFIER_TYPES.has(lefts[0]!.type)) {
      out.push({ nameNode: lefts[0]!, kind: augment ? 'augment' : rights.length === 1 ? 'value' : 'unknown', value: rights.length === 1 ? rights[0]! : null });
      return;
    }
    if (lefts.length > 1 && lefts.length === rights.length) {
      lefts.forEach((l, i) => { for (const n of patternNames(l)) out.push({ nameNode: n, kind: n === l ? 'value' : 'element', value: rights[i]! }); });
      return;
    }
    for (const n of patternNames(left)) out.push({ nameNode: n, kind: rights.length === 1 ? 'element' : 'unknown', value: rights.length === 1 ? rights[0]! : null });
  };
  switch (node.type) {
    case 'variable_declarator': // JS/TS, Java
      assign(node.childForFieldName('name'), node.childForFieldName('value'));
      break;
    case 'assignment_expression': case 'assignment': case 'short_var_declaration': case 'assignment_statement': case 'named_expression': {
      const op = operatorOf(node);
      if (node.type === 'assignment_expression' && language === 'php' && node.childForFieldName('left')?.type === 'subscript_expression') break; // $a[] = x: a mutation
      const left = node.childForFieldName('left') ?? node.childForFieldName('name');
      const right = node.childForFieldName('right') ?? node.childForFieldName('value');
      assign(left, right, op !== '' && op !== '=' && op !== ':=');
      break;
    }
    case 'augmented_assignment_expression': case 'augmented_assignment': case 'operator_assignment':
      assign(node.childForFieldName('left'), node.childForFieldName('right'), true);
      break;
    case 'var_spec': case 'const_spec': { // Go
      const names = node.childrenForFieldName('name').filter((n): n is SyntaxNode => !!n);
      const values = listItems(node.childForFieldName('value'));
      names.forEach((n, i) => out.push({ nameNode: n, kind: values.length === names.length ? 'value' : values.length === 1 ? 'element' : 'unknown', value: values.length === names.length ? values[i]! : values[0] ?? null }));
      break;
    }
    case 'for_in_statement': { // JS: for (x of xs) — an element; for (k in o) — a key
      const left = node.childForFieldName('left');
      const op = operatorOf(node);
      if (left) for (const n of patternNames(left)) out.push({ nameNode: n, kind: op === 'of' ? 'element' : 'unknown', value: node.childForFieldName('right') });
      break;
    }
    case 'for_statement': case 'for': { // Python, Ruby
      const left = node.childForFieldName('left') ?? node.childForFieldName('pattern');
      const right = node.childForFieldName('right') ?? node.childForFieldName('value');
      const iterable = right?.type === 'in' ? named(right)[0] ?? null : right;
      if (left) for (const n of patternNames(left)) out.push({ nameNode: n, kind: 'element', value: iterable });
      break;
    }
    case 'enhanced_for_statement': { // Java
      const n = node.childForFieldName('name');
      if (n) out.push({ nameNode: n, kind: 'element', value: node.childForFieldName('value') });
      break;
    }
    case 'range_clause': { // Go: for k, v := range xs
      const left = node.childForFieldName('left');
      if (left) for (const n of patternNames(left)) out.push({ nameNode: n, kind: 'element', value: node.childForFieldName('right') });
      break;
    }
    case 'foreach_statement': { // PHP: foreach ($xs as $k => $v)
      const parts = named(node).filter(c => c.type !== 'compound_statement' && c !== node.childForFieldName('body'));
      const iterable = parts[0] ?? null;
      for (const target of parts.slice(1)) for (const n of patternNames(target.type === 'pair' ? target : target)) out.push({ nameNode: n, kind: 'element', value: iterable });
      break;
    }
    case 'const_element': { // PHP const X = v
      const [n, v] = named(node);
      if (n && v) out.push({ nameNode: n, kind: 'value', value: v });
      break;
    }
  }
  return out;
}

function bindingIndex(flow: FlowContext): Map<string, Binding[]> {
  const state = flow.state;
  if (state.bindings) return state.bindings;
  const index = new Map<string, Binding[]>();
  for (const node of state.source.nodesOfType(...BINDING_TYPES[flow.language])) {
    for (const b of bindingsOf(node, flow.language)) {
      const name = nameOf(b.nameNode);
      let list = index.get(name);
      if (!list) index.set(name, (list = []));
      list.push({ name, nameNode: b.nameNode, node, kind: b.kind, value: b.value, scope: scopeId(node, flow), start: node.startIndex });
    }
  }
  for (const list of index.values()) list.sort((a, b) => a.start - b.start);
  state.bindings = index;
  return index;
}

/** The base name a chain of appends is called on: `sb.append(a).append(b)` → sb. */
function appendBase(receiver: SyntaxNode | null, depth = 0): SyntaxNode | null {
  if (!receiver || depth > 16) return null;
  if (IDENTIFIER_TYPES.has(receiver.type)) return receiver;
  const call = callInfo(receiver);
  if (call && APPENDERS.has(call.name)) return appendBase(call.receiver, depth + 1);
  return null;
}

function mutationIndex(flow: FlowContext): Map<string, Mutation[]> {
  const state = flow.state;
  if (state.mutations) return state.mutations;
  const index = new Map<string, Mutation[]>();
  const add = (nameNode: SyntaxNode | null, node: SyntaxNode, args: SyntaxNode[]) => {
    if (!nameNode) return;
    const name = nameOf(nameNode);
    let list = index.get(name);
    if (!list) index.set(name, (list = []));
    list.push({ name, node, args, scope: scopeId(node, flow), start: node.startIndex });
  };
  for (const node of state.source.nodesOfType(...MUTATION_TYPES[flow.language])) {
    if (node.type === 'binary') { // Ruby s << x
      if (operatorOf(node) === '<<') { const left = node.childForFieldName('left'); if (left && IDENTIFIER_TYPES.has(left.type)) add(left, node, [node.childForFieldName('right')!].filter(Boolean)); }
      continue;
    }
    if (node.type === 'assignment_expression') { // PHP $parts[] = x
      const left = node.childForFieldName('left');
      const right = node.childForFieldName('right');
      if (left?.type === 'subscript_expression' && right) { const base = named(left)[0]; if (base && named(left).length === 1) add(base, node, [right]); }
      continue;
    }
    const call = callInfo(node);
    if (!call) continue;
    if (flow.language === 'php' && call.name === 'array_push' && call.args[0]) { add(call.args[0], node, call.args.slice(1)); continue; }
    if (flow.language === 'go' && /^fmt\.Fprint(f|ln)?$/.test(call.callee) && call.args[0]) { // fmt.Fprintf(&b, ...)
      const target = call.args[0].type === 'unary_expression' ? named(call.args[0])[0] ?? null : call.args[0];
      if (target && IDENTIFIER_TYPES.has(target.type)) add(target, node, call.args.slice(1));
      continue;
    }
    if (!APPENDERS.has(call.name)) continue;
    add(appendBase(call.receiver), node, call.args);
  }
  state.mutations = index;
  return index;
}

const ROUTE_DECORATOR = /\.(route|get|post|put|patch|delete|api_route|websocket)$/;
const NEST_REQUEST_DECORATOR = /^(Query|Param|Body|Headers|Header|Cookies|Req|Request|UploadedFile|UploadedFiles|Ip|HostParam)$/;
const PARSE_PIPE = /Parse(Int|Float|Bool|UUID|Enum)Pipe/;
/** Types a value of which cannot carry injected text. */
const SAFE_TYPE = /^(\??(u?int(8|16|32|64)?|uintptr|float(32|64)?|complex(64|128)?|byte|rune|bool|boolean|number|bigint|int|long|short|double|float|char|Integer|Long|Short|Double|Float|Boolean|Byte|Character|BigDecimal|BigInteger|UUID|uuid\.UUID|java\.util\.UUID|date|datetime|Date|LocalDate|LocalDateTime|Instant|time\.Time|time\.Duration|decimal\.Decimal|Decimal|\[\]int|\[\]int64)|(Optional|Set|List)\[(int|float|bool|UUID)\])$/;
/** Names of framework objects passed to handlers: their request fields are sources, the objects themselves are not. */
const FRAMEWORK_PARAMETER = /^\$?(req|request|res|response|ctx|context|c|r|w|next|event|self|cls|this|db|conn|tx|logger|log|app|server|env|args|kwargs|options|opts|config|cfg|settings)$/;
const FRAMEWORK_TYPE = /\b(Request|Response|ResponseWriter|Context|Writer|HttpServletRequest|HttpServletResponse|Model|DB|Tx|Conn|Logger|Session|Connection|EntityManager|Repository)\b/;

function isCallback(fn: SyntaxNode): boolean {
  if (fn.type === 'block' || fn.type === 'do_block' || fn.type === 'lambda_expression' || fn.type === 'lambda') return true;
  const p = fn.parent;
  return !!p && (p.type === 'arguments' || p.type === 'argument_list' || p.type === 'argument');
}

function typeText(param: SyntaxNode): string {
  const t = param.childForFieldName('type');
  return (t?.text ?? '').replace(/^:\s*/, '').trim();
}

function routeParameters(fn: SyntaxNode): boolean {
  // Python: @app.route("/x/<name>") / @router.get("/x/{name}") on the function
  const decorated = fn.parent?.type === 'decorated_definition' ? fn.parent : undefined;
  if (!decorated) return false;
  return named(decorated).some(d => {
    if (d.type !== 'decorator') return false;
    const call = named(d)[0];
    const callee = call?.type === 'call' ? call.childForFieldName('function')?.text ?? '' : '';
    return ROUTE_DECORATOR.test(callee);
  });
}

/** Parameters of a function with the origin each one carries. */
function parametersOf(fn: SyntaxNode, flow: FlowContext): Map<string, Parameter> {
  const cached = flow.state.params.get(fn.id);
  if (cached) return cached;
  const out = new Map<string, Parameter>();
  const requestOnly = flow.options.parameters === 'request';
  const callback = isCallback(fn);
  const route = flow.language === 'python' && routeParameters(fn);
  const list = fn.childForFieldName('parameters') ?? fn.childForFieldName('parameter');
  const items = list ? (IDENTIFIER_TYPES.has(list.type) ? [list] : named(list)) : [];
  for (const param of items) {
    if (param.type === 'decorator' || param.type === 'comment') continue;
    const names: SyntaxNode[] = [];
    if (IDENTIFIER_TYPES.has(param.type)) names.push(param);
    else if (param.type === 'parameter_declaration' || param.type === 'variadic_parameter_declaration') names.push(...param.childrenForFieldName('name').filter((n): n is SyntaxNode => !!n));
    else if (param.type === 'spread_parameter') { const d = named(param).find(c => c.type === 'variable_declarator'); const n = d?.childForFieldName('name'); if (n) names.push(n); }
    else if (param.type === 'typed_parameter') { const n = named(param).find(c => IDENTIFIER_TYPES.has(c.type) || c.type === 'list_splat_pattern' || c.type === 'dictionary_splat_pattern'); if (n) names.push(...patternNames(n.type === 'identifier' ? n : named(n)[0] ?? n)); }
    else {
      const n = param.childForFieldName('pattern') ?? param.childForFieldName('name') ?? param.childForFieldName('left') ?? named(param).find(c => IDENTIFIER_TYPES.has(c.type) || /pattern/.test(c.type));
      if (n) names.push(...patternNames(n));
    }
    const origin = parameterOrigin(param, fn, flow, { requestOnly, callback, route });
    for (const n of names) { const name = nameOf(n); out.set(name, { name, node: param, origin: origin(name) }); }
  }
  flow.state.params.set(fn.id, out);
  return out;
}

function parameterOrigin(param: SyntaxNode, fn: SyntaxNode, flow: FlowContext, how: { requestOnly: boolean; callback: boolean; route: boolean }): (name: string) => Origin {
  const type = typeText(param);
  const fallback = param.childForFieldName('value') ?? param.childForFieldName('default_value');
  const numericDefault = !!fallback && /^(number|integer|float|true|false|boolean|none|null|nil|decimal_integer_literal)$/.test(fallback.type);
  const tainted = (name: string, source: string, parameter = false): Origin => ({ kind: 'tainted', source, node: param, text: TAINT_MARK, via: [name], ...(parameter ? { parameter } : {}) });
  // Bound to request input by the framework.
  if (flow.language === 'java' && isAnnotatedRequestParameter(param)) {
    const annotation = named(named(param).find(c => c.type === 'modifiers')).map(m => m.childForFieldName('name')?.text ?? '')
      .find(n => /^(RequestParam|PathVariable|RequestBody|RequestHeader|CookieValue|QueryParam|PathParam|FormParam|HeaderParam|ModelAttribute)$/.test(n)) ?? 'RequestParam';
    return name => SAFE_TYPE.test(type) ? UNKNOWN : tainted(name, `@${annotation} parameter '${name}'`);
  }
  if (flow.language === 'typescript' || flow.language === 'tsx' || flow.language === 'javascript') {
    const decorator = named(param).find(c => c.type === 'decorator');
    const call = decorator ? named(decorator)[0] : undefined;
    const dname = call?.type === 'call_expression' ? call.childForFieldName('function')?.text : call?.text;
    if (dname && NEST_REQUEST_DECORATOR.test(dname)) {
      if (PARSE_PIPE.test(call?.text ?? '')) return () => UNKNOWN;
      if (/^(Req|Request)$/.test(dname)) return () => UNKNOWN; // its fields are the sources
      return name => tainted(name, `@${dname}() parameter '${name}'`); // the type is not checked at run time without a pipe
    }
  }
  if (how.route && fn.type === 'function_definition') {
    return name => FRAMEWORK_PARAMETER.test(name) || SAFE_TYPE.test(type) || /Depends\(/.test(fallback?.text ?? '') ? UNKNOWN : tainted(name, `route parameter '${name}'`);
  }
  if (how.requestOnly || how.callback) return () => UNKNOWN;
  if (SAFE_TYPE.test(type) || FRAMEWORK_TYPE.test(type) || numericDefault) return () => UNKNOWN;
  if (param.type === 'block_parameter' || param.type === 'dictionary_splat_pattern' || param.type === 'hash_splat_parameter') return () => UNKNOWN;
  return name => (FRAMEWORK_PARAMETER.test(name) ? UNKNOWN : tainted(name, `parameter '${name.replace(/^\$/, '')}'`, true));
}

// ---------------------------------------------------------------------------------------------------------------
// Origins

/** Literal node types that never carry interpolation. */
const SCALAR_TYPES = new Set([
  'number', 'integer', 'float', 'true', 'false', 'null', 'none', 'nil', 'undefined', 'boolean', 'int_literal', 'float_literal',
  'imaginary_literal', 'rune_literal', 'decimal_integer_literal', 'hex_integer_literal', 'octal_integer_literal', 'binary_integer_literal',
  'decimal_floating_point_literal', 'hex_floating_point_literal', 'character_literal', 'null_literal', 'iota', 'simple_symbol',
  'hash_key_symbol', 'regex', 'rational', 'complex', 'character', 'bare_symbol', 'bare_string',
]);
const STRING_NODE_TYPES = new Set([
  'string', 'template_string', 'string_literal', 'interpreted_string_literal', 'raw_string_literal', 'encapsed_string', 'heredoc',
  'nowdoc', 'heredoc_body', 'text_block', 'subshell', 'shell_command_expression', 'delimited_symbol', 'chained_string',
  'concatenated_string', 'string_value',
]);
const STRING_TEXT_TYPES = new Set([
  'string_fragment', 'string_content', 'escape_sequence', 'heredoc_content', 'interpreted_string_literal_content',
  'raw_string_literal_content', 'multiline_string_fragment', 'nowdoc_body', 'nowdoc_string', 'string_value',
]);
const STRING_DELIMITER_TYPES = new Set(['string_start', 'string_end', 'heredoc_start', 'heredoc_end', 'heredoc_beginning', 'format_specifier', 'type_conversion']);
const WRAPPER_TYPES = new Set([
  'parenthesized_expression', 'await_expression', 'as_expression', 'non_null_expression', 'satisfies_expression', 'type_assertion',
  'parenthesized_statements', 'type_assertion_expression', 'spread_element', 'list_splat', 'splat_argument', 'expression_statement',
  'argument', 'variadic_argument', 'literal_element', 'array_element_initializer', 'pair', 'keyed_element',
]);
const ARRAY_TYPES = new Set([
  'array', 'list', 'tuple', 'array_initializer', 'array_creation_expression', 'literal_value', 'composite_literal', 'set',
  'expression_list', 'string_array', 'element_list',
]);
/** Constants of the runtime that are not input. */
const RUNTIME_CONSTANTS = new Set(['__dirname', '__filename', '__DIR__', '__FILE__', '__file__', '__name__', 'undefined', 'NaN', 'Infinity', 'DIRECTORY_SEPARATOR', 'PHP_EOL']);

const SIZE_PROPERTIES = new Set(['length', 'size', 'count', 'byteLength', 'len']);

function memberName(node: SyntaxNode): string {
  return (node.childForFieldName('property') ?? node.childForFieldName('attribute') ?? node.childForFieldName('field') ?? node.childForFieldName('name'))?.text ?? '';
}

const MEMBER_TYPES = new Set(['member_expression', 'attribute', 'selector_expression', 'field_access', 'member_access_expression', 'nullsafe_member_access_expression', 'scoped_property_access_expression']);
const SUBSCRIPT_TYPES = new Set(['subscript_expression', 'subscript', 'index_expression', 'array_access', 'element_reference', 'slice_expression']);

/** Conversions whose result cannot carry injected text (numbers, booleans, ids, lengths). */
const CONVERSIONS = new Set([
  'to_i', 'to_f', 'to_d', 'to_r', 'to_c', 'parseInt', 'parseFloat', 'Number', 'Boolean', 'BigInt', 'int', 'float', 'bool', 'Integer',
  'Float', 'intval', 'floatval', 'boolval', 'abs', 'Atoi', 'ParseInt', 'ParseFloat', 'ParseBool', 'ParseUint', 'Integer.parseInt',
  'Integer.valueOf', 'Long.parseLong', 'Long.valueOf', 'Double.parseDouble', 'UUID.fromString', 'uuid.Parse', 'uuid.UUID', 'UUID',
  'len', 'length', 'size', 'count', 'hash', 'isdigit', 'isnumeric', 'id', 'uuid.MustParse', 'Number.parseInt', 'Number.parseFloat',
]);

/** Free functions (dotted callee) whose result is built from all their arguments. */
const BUILDER_FUNCTIONS: Record<'js' | 'python' | 'java' | 'go' | 'ruby' | 'php', ReadonlySet<string>> = {
  js: new Set(['String', 'util.format', 'format', 'path.join', 'path.resolve', 'path.normalize', 'path.posix.join', 'path.win32.join', 'Buffer.from', 'decodeURIComponent', 'decodeURI', 'Array.of', 'Object.values']),
  python: new Set(['str', 'bytes', 'format', 'os.path.join', 'os.path.abspath', 'os.path.normpath', 'os.path.realpath', 'os.path.expanduser', 'path.join', 'posixpath.join', 'Path', 'pathlib.Path', 'PurePath', 'PurePosixPath', 'text', 'sqlalchemy.text', 'sa.text', 'base64.b64decode', 'base64.urlsafe_b64decode', 'unquote', 'urllib.parse.unquote', 'parse.unquote', 'list', 'tuple']),
  java: new Set(['String.format', 'String.valueOf', 'String.join', 'MessageFormat.format', 'Paths.get', 'Path.of', 'File', 'java.io.File', 'String', 'StringBuilder', 'StringBuffer', 'URLDecoder.decode', 'Arrays.asList', 'List.of', 'FileSystems.getDefault.getPath']),
  go: new Set(['[]byte', '[]rune', 'fmt.Sprintf', 'fmt.Sprint', 'fmt.Sprintln', 'strings.Join', 'strings.Replace', 'strings.ReplaceAll', 'strings.ToLower', 'strings.ToUpper', 'strings.TrimSpace', 'strings.Trim', 'strings.TrimPrefix', 'strings.TrimSuffix', 'strings.Repeat', 'filepath.Join', 'filepath.Clean', 'filepath.FromSlash', 'filepath.ToSlash', 'path.Join', 'path.Clean', 'string', 'append', 'url.QueryUnescape', 'url.PathUnescape']),
  ruby: new Set(['format', 'sprintf', 'File.join', 'File.expand_path', 'Pathname.new', 'String.new', 'Base64.decode64', 'Base64.urlsafe_decode64', 'CGI.unescape', 'URI.decode_www_form_component', 'Array']),
  php: new Set(['sprintf', 'vsprintf', 'implode', 'join', 'strtolower', 'strtoupper', 'trim', 'ltrim', 'rtrim', 'str_replace', 'strval', 'urldecode', 'rawurldecode', 'base64_decode', 'stripslashes', 'substr', 'realpath', 'dirname', 'str_pad', 'ucfirst', 'lcfirst', 'array_merge', 'array_values']),
};
/** Methods whose result is built from their receiver and their arguments. */
const BUILDER_METHODS = new Set([
  'concat', 'join', 'format', 'formatted', 'replace', 'replaceAll', 'append', 'insert', 'resolve', 'resolveSibling', 'sub', 'gsub',
  'format_map', 'joinpath', 'with_name', 'with_suffix', 'Sprintf', 'prepend', 'push', 'padStart', 'padEnd', 'center', 'ljust', 'rjust',
]);
/** Methods whose result is (part of) their receiver: conversions, trimming, case, lookups in a tainted collection. */
const RECEIVER_METHODS = new Set([
  'toString', 'to_s', 'to_str', 'String', 'trim', 'trimStart', 'trimEnd', 'strip', 'lstrip', 'rstrip', 'chomp', 'squish',
  'toLowerCase', 'toUpperCase', 'toLocaleLowerCase', 'toLocaleUpperCase', 'lower', 'upper', 'casefold', 'title', 'capitalize',
  'downcase', 'upcase', 'slice', 'substring', 'substr', 'split', 'splitlines', 'repeat', 'normalize', 'toAbsolutePath',
  'toFile', 'toPath', 'getPath', 'getAbsolutePath', 'getCanonicalPath', 'getAbsoluteFile', 'getCanonicalFile', 'encode', 'decode',
  'get', 'getOrDefault', 'fetch', 'dig', 'first', 'last', 'values', 'items', 'getlist', 'Get', 'Values', 'read', 'readlines',
  'dup', 'clone', 'freeze', 'removeprefix', 'removesuffix', 'absolute', 'resolve_path', 'expanduser', 'realpath', 'absolute_path',
  'bytes', 'Bytes', 'Clean', 'at', 'flat', 'flatten', 'toArray', 'copy', 'deepcopy', 'read_text', 'require', 'permit', 'to_h',
  'to_unsafe_h', 'values_at', 'except', 'to_dict', 'to_a', 'getAll', 'getFirst', 'getValue', 'Query', 'FormValue', 'PostFormValue',
  'input', 'query', 'post', 'json', 'all', 'getParameter', 'getHeader', 'param', 'header', 'cookie', 'getString', 'getText',
]);

function builderKey(language: LanguageId): keyof typeof BUILDER_FUNCTIONS {
  return language === 'javascript' || language === 'typescript' || language === 'tsx' ? 'js' : language;
}

function isStringish(node: SyntaxNode): boolean {
  return STRING_NODE_TYPES.has(node.type);
}

function combine(parts: readonly Origin[]): Origin {
  let firstTainted: Extract<Origin, { kind: 'tainted' }> | undefined;
  let allConstant = true;
  let text = '';
  let valueKnown = true;
  for (const p of parts) {
    if (p.kind === 'tainted') {
      if (!firstTainted || (firstTainted.parameter && !p.parameter)) firstTainted = p; // request input names the finding best
      allConstant = false;
      text += p.text;
    } else if (p.kind === 'constant') {
      if (p.value === undefined) valueKnown = false; else text += p.value;
    } else { allConstant = false; valueKnown = false; text += TAINT_MARK; }
  }
  if (firstTainted) return { ...firstTainted, text };
  if (allConstant) return valueKnown ? { kind: 'constant', value: text } : CONSTANT;
  return UNKNOWN;
}

/** Interpolated pieces and text of a string literal node (nested bodies such as PHP heredocs included). */
function stringPieces(node: SyntaxNode, flow: FlowContext, depth: number): Origin[] {
  const parts: Origin[] = [];
  for (const child of named(node)) {
    if (STRING_TEXT_TYPES.has(child.type)) parts.push({ kind: 'constant', value: child.type === 'escape_sequence' ? unescapeSequence(child.text) : child.text });
    else if (STRING_DELIMITER_TYPES.has(child.type)) continue;
    else if (child.type === 'heredoc_body' || STRING_NODE_TYPES.has(child.type)) parts.push(...stringPieces(child, flow, depth));
    else if (child.type === 'interpolation' || child.type === 'template_substitution') {
      const inner = child.childForFieldName('expression') ?? named(child).filter(c => c.type !== 'format_specifier' && c.type !== 'type_conversion').at(-1);
      parts.push(inner ? trace(inner, flow, depth + 1) : CONSTANT);
    } else parts.push(trace(child, flow, depth + 1)); // PHP "$x", "{$x['k']}", "$o->p"
  }
  return parts;
}

function unescapeSequence(s: string): string {
  const simple: Record<string, string> = { n: '\n', t: '\t', r: '\r', '0': '\0' };
  const c = s.slice(1);
  return simple[c] ?? c;
}

function heredocBody(beginning: SyntaxNode, flow: FlowContext): SyntaxNode | undefined {
  flow.state.heredocBodies ??= flow.state.source.nodesOfType('heredoc_body');
  return flow.state.heredocBodies.find(b => b.startIndex >= beginning.endIndex);
}

/** Where the value of `expr` comes from. */
export function originOf(expr: SyntaxNode, flow: FlowContext): Origin {
  return trace(expr, flow, 0);
}

/** Whether `expr` is built from request input or a parameter; convenience for rules. */
export function taintOf(expr: SyntaxNode | null | undefined, flow: FlowContext): Tainted | undefined {
  if (!expr) return undefined;
  const o = originOf(expr, flow);
  return o.kind === 'tainted' ? o : undefined;
}

/**
 * A plain parameter handed on unchanged (`query(text, params) { return pool.query(text, params) }`): a wrapper,
 * whose callers are where the value is built. Injection rules report built values and request data, not these.
 */
export function passesThrough(taint: Tainted): boolean {
  return !!taint.parameter && taint.text === TAINT_MARK;
}

/** A related location for a finding: where the tainted data came from. */
export function relatedOf(origin: Tainted, file: string): RelatedLocation[] {
  const n = origin.node;
  return [{
    file,
    range: { start: { line: n.startPosition.row, column: n.startPosition.column }, end: { line: n.endPosition.row, column: n.endPosition.column } },
    message: `Untrusted data comes from ${origin.source} here.`,
  }];
}

function trace(expr: SyntaxNode, flow: FlowContext, depth: number): Origin {
  if (depth > MAX_DEPTH) { flow.state.truncated++; return UNKNOWN; }
  const cached = flow.state.cache.get(expr.id);
  if (cached) return cached;
  const before = flow.state.truncated;
  const result = compute(expr, flow, depth);
  if (flow.state.truncated === before) flow.state.cache.set(expr.id, result);
  return result;
}

function compute(expr: SyntaxNode, flow: FlowContext, depth: number): Origin {
  const language = flow.language;
  // A conversion to a number or a sanitiser ends the taint, even on request input (`params[:id].to_i`).
  const call = callInfo(expr);
  if (call && (CONVERSIONS.has(call.name) || CONVERSIONS.has(call.callee) || flow.options.sanitizer?.(call))) return UNKNOWN;
  // Request input, whatever its shape (req.body.x, request.args.get("x"), $_GET['x'], params[:x]).
  // Sizes and counts are numbers, even of request data (`req.body.items.length`).
  if (MEMBER_TYPES.has(expr.type) && SIZE_PROPERTIES.has(memberName(expr))) return UNKNOWN;
  const input = requestInput(expr, language);
  // A method called on request data (`req.body.ids.map(...)`, `request.args.get("q")`) is judged as a call: lookups
  // and string methods keep the taint, anything else (a callback, a count) does not.
  if (input && call?.receiver && !call.isNew && requestInput(call.receiver, language)) return callOrigin(call, flow, depth);
  if (input) {
    const source = language === 'php' ? input.replace(/^(\$\w+)\./, '$1->') : input; // $request->input(), as written
    return { kind: 'tainted', source, node: expr, text: TAINT_MARK, via: [] };
  }
  const type = expr.type;
  if (SCALAR_TYPES.has(type)) return { kind: 'constant', value: /^(true|false|null|none|nil|undefined)$/.test(type) ? undefined : expr.text };
  if (STRING_NODE_TYPES.has(type)) return combine(stringPieces(expr, flow, depth));
  if (type === 'heredoc_beginning') { const body = heredocBody(expr, flow); return body ? combine(stringPieces(body, flow, depth)) : UNKNOWN; }
  if (WRAPPER_TYPES.has(type)) { const inner = named(expr).at(-1); return inner ? trace(inner, flow, depth + 1) : UNKNOWN; }
  if (IDENTIFIER_TYPES.has(type) || (type === 'name' && language === 'php') || type === 'this' || type === 'self') return resolve(expr, flow, depth);
  if (ARRAY_TYPES.has(type)) return combine(named(expr).filter(c => c.type !== 'type_identifier' && c.type !== 'array_type' && c.type !== 'slice_type' && c.type !== 'dimensions').map(c => trace(c, flow, depth + 1)));
  if (MEMBER_TYPES.has(type)) {
    const object = expr.childForFieldName('object') ?? expr.childForFieldName('operand') ?? expr.childForFieldName('scope');
    if (!object) return UNKNOWN;
    const o = trace(object, flow, depth + 1);
    return o.kind === 'constant' ? CONSTANT : o;
  }
  if (SUBSCRIPT_TYPES.has(type)) {
    const object = expr.childForFieldName('object') ?? expr.childForFieldName('value') ?? expr.childForFieldName('operand') ?? expr.childForFieldName('array') ?? named(expr)[0];
    if (!object) return UNKNOWN;
    const o = trace(object, flow, depth + 1);
    return o.kind === 'constant' ? CONSTANT : o;
  }
  switch (type) {
    case 'binary_expression': case 'binary_operator': case 'binary': case 'boolean_operator': {
      const op = operatorOf(expr);
      const left = expr.childForFieldName('left');
      const right = expr.childForFieldName('right');
      if (!left || !right) return UNKNOWN;
      const concat = op === '+' || (op === '.' && language === 'php') || op === '||' || op === '??' || op === 'or' || op === '?:'
        || (op === '%' && (language === 'python' || language === 'ruby') && (isStringish(left) || trace(left, flow, depth + 1).kind !== 'unknown'))
        || (op === '/' && language === 'python') || (op === '<<' && language === 'ruby');
      return concat ? combine([trace(left, flow, depth + 1), trace(right, flow, depth + 1)]) : UNKNOWN;
    }
    case 'ternary_expression': case 'conditional_expression': case 'conditional': {
      const a = expr.childForFieldName('consequence') ?? expr.childForFieldName('body');
      const b = expr.childForFieldName('alternative');
      const parts = a && b ? [a, b] : language === 'python' ? [named(expr)[0], named(expr)[2]] : [];
      const origins = parts.filter((p): p is SyntaxNode => !!p).map(p => trace(p, flow, depth + 1));
      if (origins.length !== 2) return UNKNOWN;
      const t = origins.find(o => o.kind === 'tainted');
      return t ?? (origins.every(o => o.kind === 'constant') ? CONSTANT : UNKNOWN);
    }
    case 'cast_expression': { // Java (String) x keeps the value; PHP (int) $x does not
      if (language === 'php' && !/string/i.test(expr.childForFieldName('type')?.text ?? '')) return UNKNOWN;
      const value = expr.childForFieldName('value') ?? named(expr).at(-1);
      return value ? trace(value, flow, depth + 1) : UNKNOWN;
    }
    case 'assignment_expression': case 'assignment': {
      const right = expr.childForFieldName('right');
      return right ? trace(right, flow, depth + 1) : UNKNOWN;
    }
    case 'unary_expression': { // Go &x keeps the value; others (-x, !x) are numbers or booleans
      const op = operatorOf(expr);
      const arg = expr.childForFieldName('operand') ?? expr.childForFieldName('argument') ?? named(expr)[0];
      if (op === '&' || op === '*') return arg ? trace(arg, flow, depth + 1) : UNKNOWN;
      return arg && trace(arg, flow, depth + 1).kind === 'constant' ? CONSTANT : UNKNOWN;
    }
  }
  if (call) return callOrigin(call, flow, depth);
  return UNKNOWN;
}

function callOrigin(call: CallInfo, flow: FlowContext, depth: number): Origin {
  const args = [...call.args, ...call.keywords.values()];
  const builders = BUILDER_FUNCTIONS[builderKey(flow.language)];
  const plainCallee = call.callee.replace(/^new\s+/, '');
  if (builders.has(plainCallee) || (!call.receiver && builders.has(call.name)) || (call.isNew && builders.has(call.name))) {
    return args.length ? combine(args.map(a => trace(a, flow, depth + 1))) : CONSTANT;
  }
  if (call.receiver && !call.isNew) {
    if (BUILDER_METHODS.has(call.name)) return combine([trace(call.receiver, flow, depth + 1), ...args.map(a => trace(a, flow, depth + 1))]);
    if (RECEIVER_METHODS.has(call.name)) {
      const o = trace(call.receiver, flow, depth + 1);
      return o.kind === 'constant' ? CONSTANT : o;
    }
  }
  return UNKNOWN;
}

/** Resolve a name to the nearest preceding binding in its function, then in the enclosing functions and the file. */
/** The binding (or parameter) a name refers to at a position, and the function scope it was found in. */
function lookup(use: SyntaxNode, flow: FlowContext, at: number): { binding?: Binding; param?: Parameter; scope?: SyntaxNode; id: number } | undefined {
  const name = nameOf(use);
  const bindings = bindingIndex(flow).get(name) ?? [];
  let scope: SyntaxNode | undefined = enclosingFunction(use, flow);
  for (let level = 0; level < 16; level++) {
    const id = scope?.id ?? -1;
    let chosen: Binding | undefined;
    for (const b of bindings) { // sorted by position: the last candidate is the nearest
      if (b.scope !== id || b.start >= at) continue;
      // `q = q + x` reads the previous q; a loop variable is visible in the body but not in its own iterable
      if (b.kind === 'element' ? inside(use, b.value) : inside(use, b.node)) continue;
      chosen = b;
    }
    if (!chosen && level > 0) chosen = bindings.find(b => b.scope === id); // declared later in an outer scope (module constants)
    if (chosen) return { binding: chosen, scope, id };
    const param = scope ? parametersOf(scope, flow).get(name) : undefined;
    if (param) return { param, scope, id };
    if (!scope) break;
    scope = enclosingFunction(scope, flow);
  }
  return undefined;
}

/** Resolve a name to the nearest preceding binding in its function, then in the enclosing functions and the file. */
function resolve(use: SyntaxNode, flow: FlowContext, depth: number, at: number = use.startIndex): Origin {
  const name = nameOf(use);
  if (RUNTIME_CONSTANTS.has(name)) return { kind: 'constant' };
  if (name === 'this' || name === 'self' || name === '$this') return UNKNOWN;
  const found = lookup(use, flow, at);
  if (found?.binding) {
    // An assignment on a branch the use is not in may not have run: the binding before it may reach the use too.
    const origins = [withMutations(name, bindingOrigin(found.binding, flow, depth), found.binding.start, use, found.id, flow, depth)];
    const arms = new Map<SyntaxNode, Set<number>>();
    for (let b = found.binding, k = 0; k < 4 && onOtherBranch(b.node, use, found.scope); k++) {
      if (assignedOnEveryArm(b.node, use, found.scope, arms)) break; // `if … else …` both assign: nothing earlier gets through
      const earlier = lookup(use, flow, b.start);
      if (earlier?.id !== found.id) break;
      if (earlier.binding) {
        origins.push(withMutations(name, bindingOrigin(earlier.binding, flow, depth), earlier.binding.start, use, found.id, flow, depth));
        b = earlier.binding;
      } else {
        if (earlier.param) origins.push(withMutations(name, earlier.param.origin, earlier.scope!.startIndex, use, found.id, flow, depth));
        break;
      }
    }
    return withVia(name, origins.length === 1 ? origins[0]! : either(origins));
  }
  if (found?.param) return withVia(name, withMutations(name, found.param.origin, found.scope!.startIndex, use, found.id, flow, depth));
  // Unresolved: an imported or global name. ALL_CAPS names are constants by convention; PHP bare names are constants.
  if (/^[A-Z][A-Z0-9_]+$/.test(name) || (flow.language === 'php' && use.type === 'name')) return { kind: 'constant' };
  return UNKNOWN;
}

/** Branches that may not run: an `if`'s arms, a loop's body, a `case`, a `catch`, a conditional expression. */
const BRANCH_TYPES = new Set([
  'if_statement', 'else_clause', 'elif_clause', 'if', 'elsif', 'else', 'unless', 'if_modifier', 'unless_modifier',
  'switch_case', 'switch_default', 'case_clause', 'expression_case', 'default_case', 'when', 'case', 'switch_block_statement_group', 'match_arm', 'case_statement', 'default_statement',
  'catch_clause', 'except_clause', 'rescue', 'for_statement', 'for_in_statement', 'for_of_statement', 'while_statement', 'do_statement',
  'enhanced_for_statement', 'foreach_statement', 'for', 'while', 'until', 'ternary_expression', 'conditional_expression',
]);

/** Whether `node` sits on a branch (inside `scope`) that does not hold `use`: the branch may not have run before it. */
function onOtherBranch(node: SyntaxNode, use: SyntaxNode, scope: SyntaxNode | undefined): boolean {
  for (let p = node.parent; p && p !== scope; p = p.parent) if (BRANCH_TYPES.has(p.type) && !inside(use, p)) return true;
  return false;
}

const IF_TYPES = new Set(['if_statement', 'if', 'unless']);
const NOT_FINAL_ARMS = new Set(['if_statement', 'elif_clause', 'elsif', 'else_if_clause', 'if']);

/**
 * Records which arm of its nearest `if` (not holding `use`) an assignment is on; true once every arm of an `if` that
 * ends with a plain `else` has an assignment (so no value from before that `if` reaches the use).
 */
function assignedOnEveryArm(node: SyntaxNode, use: SyntaxNode, scope: SyntaxNode | undefined, arms: Map<SyntaxNode, Set<number>>): boolean {
  let ifNode: SyntaxNode | undefined;
  for (let p = node.parent; p && p !== scope; p = p.parent) if (IF_TYPES.has(p.type) && !inside(use, p)) { ifNode = p; break; }
  if (!ifNode) return false;
  const first = ifNode.childForFieldName('consequence') ?? ifNode.childForFieldName('body');
  const alternatives = ifNode.childrenForFieldName('alternative');
  const all = first ? [first, ...alternatives] : alternatives;
  const arm = all.findIndex(a => inside(node, a));
  if (arm < 0) return false;
  let seen = arms.get(ifNode);
  if (!seen) arms.set(ifNode, (seen = new Set()));
  seen.add(arm);
  const last = alternatives[alternatives.length - 1];
  return !!first && !!last && !NOT_FINAL_ARMS.has(last.type) && seen.size === all.length;
}

/** The origin of a value that comes from one of several assignments: input if any of them is. */
function either(parts: readonly Origin[]): Origin {
  const tainted = parts.filter((p): p is Tainted => p.kind === 'tainted');
  if (tainted.length) return tainted.find(t => !t.parameter) ?? tainted[0]!; // request input names the finding best
  if (parts.every(p => p.kind === 'constant')) return CONSTANT;
  return UNKNOWN;
}

/**
 * The expression a name stands for, when it was assigned exactly once before the use with nothing appended
 * (`const args = ['-c', cmd]; spawn('sh', args)` → the array); otherwise the node itself. For rules that need
 * the shape of a value (a list of arguments, an options object), not just its origin.
 */
export function valueNode(expr: SyntaxNode, flow: FlowContext): SyntaxNode {
  let node = expr;
  for (let i = 0; i < 4 && IDENTIFIER_TYPES.has(node.type); i++) {
    const found = lookup(node, flow, node.startIndex);
    const b = found?.binding;
    if (!b || b.kind !== 'value' || !b.value) break;
    const list = mutationIndex(flow).get(b.name);
    if (list?.some(m => m.scope === found.id && m.start > b.start && m.start < node.startIndex)) break;
    node = b.value;
  }
  return node;
}

/** Appends that only add at the end: what a list started with stays first. */
const TAIL_APPENDERS = new Set(['append', 'push', 'extend', 'addAll', 'array_push']);

/**
 * A list a name was assigned and that only grew at the end before the use (`cmd = ['openssl', 'req'];
 * cmd.extend(['-subj', subject])`): the literal, and the items added (an `extend`/`addAll` list's elements).
 * Undefined when nothing was added (see valueNode) or something may have changed its first items.
 */
export function listWithAppends(expr: SyntaxNode, flow: FlowContext): { literal: SyntaxNode; appended: SyntaxNode[] } | undefined {
  if (!IDENTIFIER_TYPES.has(expr.type)) return undefined;
  const found = lookup(expr, flow, expr.startIndex);
  const b = found?.binding;
  if (!b || b.kind !== 'value' || !b.value) return undefined;
  const mutations = (mutationIndex(flow).get(b.name) ?? []).filter(m => m.scope === found.id && m.start > b.start && m.start < expr.startIndex);
  if (!mutations.length) return undefined;
  const appended: SyntaxNode[] = [];
  for (const m of mutations) {
    const call = CALL_NODE_TYPES.has(m.node.type) ? callInfo(m.node) : undefined;
    if (call && !TAIL_APPENDERS.has(call.name)) return undefined; // insert, unshift, prepend...
    for (const arg of m.args) {
      const list = call && (call.name === 'extend' || call.name === 'addAll') && LIST_TYPES.has(arg.type) ? named(arg) : [arg];
      appended.push(...list);
    }
  }
  return { literal: b.value, appended };
}

const LIST_TYPES = new Set(['list', 'array', 'tuple']);

function inside(node: SyntaxNode, outer: SyntaxNode | null): boolean {
  return !!outer && node.startIndex >= outer.startIndex && node.endIndex <= outer.endIndex;
}

function withVia(name: string, origin: Origin): Origin {
  return origin.kind === 'tainted' ? { ...origin, via: [name, ...origin.via] } : origin;
}

function withMutations(name: string, origin: Origin, from: number, use: SyntaxNode, scope: number, flow: FlowContext, depth: number): Origin {
  const list = mutationIndex(flow).get(name);
  if (!list) return origin;
  const parts: Origin[] = [origin];
  for (const m of list) {
    if (m.scope !== scope || m.start <= from || m.start >= use.startIndex) continue;
    if (inside(use, m.node)) continue;
    for (const a of m.args) parts.push(trace(a, flow, depth + 1));
  }
  return parts.length === 1 ? origin : combine(parts);
}

function bindingOrigin(b: Binding, flow: FlowContext, depth: number): Origin {
  switch (b.kind) {
    case 'unknown': return UNKNOWN;
    case 'value': return b.value ? trace(b.value, flow, depth + 1) : UNKNOWN;
    case 'element': {
      if (!b.value) return UNKNOWN;
      const o = trace(b.value, flow, depth + 1);
      return o.kind === 'constant' ? CONSTANT : o;
    }
    case 'augment': {
      const previous = resolve(b.nameNode, flow, depth + 1, b.start);
      const value = b.value ? trace(b.value, flow, depth + 1) : UNKNOWN;
      return combine([previous, value]);
    }
  }
}

/** Every name a tainted value travelled through, plus identifiers used directly in `expr` (for guard checks). */
export function namesIn(expr: SyntaxNode, origin?: Origin): Set<string> {
  const names = new Set<string>(origin?.kind === 'tainted' ? origin.via : []);
  const stack = [expr];
  while (stack.length) {
    const n = stack.pop()!;
    if (IDENTIFIER_TYPES.has(n.type)) names.add(n.text);
    if (stack.length < 200) stack.push(...named(n));
  }
  return names;
}

// ---------------------------------------------------------------------------------------------------------------
// Module bindings: which local names stand for a module or one of its exports

export interface ModuleBindings {
  /** Local names bound to the module itself → its specifier: `cp` in `const cp = require('child_process')`, `import * as cp`, `import pickle as pk`. */
  namespaces: Map<string, string>;
  /** Local names bound to one export → the export's name: `run` → `exec` for `import { exec as run }`, `from pickle import loads`. */
  members: Map<string, string>;
  /** Local names bound to one export → the module's specifier. */
  from: Map<string, string>;
}

/** Names bound to modules whose specifier passes `matches` (JS/TS `import`/`require`, Python `import`/`from ... import`). */
export function moduleBindings(source: FlowSource, matches: (specifier: string) => boolean): ModuleBindings {
  const out: ModuleBindings = { namespaces: new Map(), members: new Map(), from: new Map() };
  const member = (local: string, imported: string, specifier: string) => { out.members.set(local, imported); out.from.set(local, specifier); };
  const language = source.language;
  if (language === 'python') {
    for (const node of source.nodesOfType('import_statement', 'import_from_statement')) {
      if (node.type === 'import_statement') {
        for (const name of node.childrenForFieldName('name')) {
          if (!name) continue;
          const dottedName = name.type === 'aliased_import' ? name.childForFieldName('name')?.text : name.text;
          if (!dottedName || !matches(dottedName)) continue;
          out.namespaces.set(name.type === 'aliased_import' ? name.childForFieldName('alias')?.text ?? dottedName : dottedName, dottedName);
        }
      } else {
        const module = node.childForFieldName('module_name')?.text;
        if (!module || !matches(module)) continue;
        for (const name of node.childrenForFieldName('name')) {
          if (!name) continue;
          const imported = name.type === 'aliased_import' ? name.childForFieldName('name')?.text : name.text;
          const local = name.type === 'aliased_import' ? name.childForFieldName('alias')?.text : name.text;
          if (imported && local) member(local, imported, module);
        }
      }
    }
    return out;
  }
  if (language !== 'javascript' && language !== 'typescript' && language !== 'tsx') return out;
  const specifierOf = (node: SyntaxNode | null | undefined): string | undefined => {
    if (!node) return undefined;
    if (node.type === 'await_expression') return specifierOf(named(node)[0]);
    if (node.type !== 'call_expression') return undefined;
    const fn = node.childForFieldName('function');
    if (fn?.text !== 'require' && fn?.type !== 'import') return undefined;
    const arg = named(node.childForFieldName('arguments'))[0];
    return arg && (arg.type === 'string') ? named(arg).map(c => c.text).join('') : undefined;
  };
  for (const node of source.nodesOfType('import_statement', 'variable_declarator')) {
    if (node.type === 'import_statement') {
      const spec = node.childForFieldName('source');
      const text = spec ? named(spec).map(c => c.text).join('') : '';
      if (!matches(text)) continue;
      const clause = named(node).find(c => c.type === 'import_clause');
      for (const part of named(clause)) {
        if (part.type === 'identifier') out.namespaces.set(part.text, text); // default import
        else if (part.type === 'namespace_import') { const id = named(part)[0]; if (id) out.namespaces.set(id.text, text); }
        else if (part.type === 'named_imports') {
          for (const s of named(part)) {
            const imported = s.childForFieldName('name')?.text;
            const local = s.childForFieldName('alias')?.text ?? imported;
            if (imported && local) member(local, imported, text);
          }
        }
      }
      continue;
    }
    const nameNode = node.childForFieldName('name');
    const value = node.childForFieldName('value');
    if (!nameNode || !value) continue;
    let spec = specifierOf(value);
    let property: string | undefined;
    if (!spec && value.type === 'member_expression') { // require('fs').promises
      spec = specifierOf(value.childForFieldName('object'));
      property = value.childForFieldName('property')?.text;
    }
    if (spec === undefined || !matches(spec)) continue;
    if (nameNode.type === 'identifier') {
      if (property) member(nameNode.text, property, spec); else out.namespaces.set(nameNode.text, spec);
    } else if (nameNode.type === 'object_pattern') {
      for (const p of named(nameNode)) {
        if (p.type === 'shorthand_property_identifier_pattern') member(p.text, p.text, spec);
        else if (p.type === 'pair_pattern') {
          const key = p.childForFieldName('key')?.text;
          const local = p.childForFieldName('value');
          if (key && local?.type === 'identifier') member(local.text, key, spec);
        }
      }
    }
  }
  return out;
}

/** The export a call reaches through module bindings: `cp.exec(...)`, `exec(...)`, `require('cp').exec(...)` → `exec`. */
export function moduleFunction(call: CallInfo, bindings: ModuleBindings, matches: (specifier: string) => boolean): string | undefined {
  if (!call.receiver) return bindings.members.get(call.name);
  const receiver = call.receiver;
  if (IDENTIFIER_TYPES.has(receiver.type)) {
    if (bindings.namespaces.has(receiver.text)) return call.name;
    return undefined;
  }
  // require('child_process').exec(...), fs.promises.readFile(...), nested module paths (os.path)
  const text = dotted(receiver);
  const m = /^require\((['"`])([^'"`]+)\1\)$/.exec(text);
  if (m && matches(m[2]!)) return call.name;
  const [head, ...rest] = text.split('.');
  if (head && bindings.namespaces.has(head) && rest.length <= 1) return rest.length ? `${rest[0]}.${call.name}` : call.name;
  return undefined;
}
