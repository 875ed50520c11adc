import type { SyntaxNode } from '../languages/parser';

/** String literal node types across the seven grammars. */
const STRING_TYPES = new Set([
  'string', 'template_string', 'string_literal', 'interpreted_string_literal', 'raw_string_literal',
  'encapsed_string', 'heredoc', 'nowdoc',
]);
/** Children that make a literal dynamic (its value is not known from the source). */
const INTERPOLATION_TYPES = new Set([
  'template_substitution', 'interpolation', 'variable_name', 'simple_variable', 'member_access_expression',
  'subscript_expression', 'dynamic_variable_name',
]);
/** Children that hold the literal's text. */
const CONTENT_TYPES = new Set([
  'string_fragment', 'string_content', 'interpreted_string_literal_content', 'raw_string_literal_content',
  'multiline_string_fragment', 'escape_sequence', 'heredoc_body', 'nowdoc_body',
]);

/**
 * A PHP function's name as the rules compare it: without a leading `\` and in lower case (PHP function names are
 * case-insensitive: `MD5()` is `md5()`). Every reader of PHP function calls goes through it.
 */
export function phpFunctionName(written: string): string {
  return written.replace(/^\\/, '').toLowerCase();
}

/** The whole source of the file a list of nodes comes from ('' for an empty list), indexed like the nodes. */
export function sourceOf(nodes: readonly SyntaxNode[]): string {
  return nodes[0]?.tree.text ?? '';
}

/** The source from `index` to the end of its line (at most `max` characters): a cheap look at what starts there. */
export function lineFrom(text: string, index: number, max = 120): string {
  const end = text.indexOf('\n', index);
  return text.slice(index, Math.min(end < 0 ? text.length : end, index + max));
}

export function isStringLiteral(node: SyntaxNode): boolean {
  return STRING_TYPES.has(node.type);
}

/**
 * The constant value of a string literal, or undefined when the node is not a string literal or its
 * value depends on interpolation (`${x}`, `#{x}`, f-strings, PHP "$x").
 */
export function stringValue(node: SyntaxNode): string | undefined {
  if (!STRING_TYPES.has(node.type)) return undefined;
  // Many rules read the same literals; the value is kept per node (a node's text never changes: an edited tree is
  // re-parsed into new nodes).
  if (node.tree !== valuesTree) { valuesTree = node.tree; stringValues = new Map(); }
  const known = stringValues.get(node.index);
  if (known !== undefined) return known ?? undefined;
  const value = readStringValue(node);
  stringValues.set(node.index, value ?? null);
  return value;
}

/** The values read in the tree being analysed, by node index (one tree is analysed at a time per thread). */
let valuesTree: unknown;
let stringValues = new Map<number, string | null>();

function readStringValue(node: SyntaxNode): string | undefined {
  let value = '';
  let sawContent = false;
  // A PHP heredoc keeps its parts one level down, in its body.
  const parts = node.namedChildren.flatMap(child => (child?.type === 'heredoc_body' ? child.namedChildren : [child]));
  for (const child of parts) {
    if (!child) continue;
    if (INTERPOLATION_TYPES.has(child.type)) return undefined;
    if (CONTENT_TYPES.has(child.type)) { value += child.type === 'escape_sequence' ? unescape(child.text) : child.text; sawContent = true; }
  }
  if (sawContent) return value;
  // An empty literal ("" or '') has no content child.
  return '';
}

function unescape(sequence: string): string {
  const simple: Record<string, string> = { n: '\n', t: '\t', r: '\r', '0': '\0' };
  const c = sequence.slice(1);
  return simple[c] ?? c;
}

/** Depth-first iteration over the node and its named descendants, without recursion (deeply nested input must not overflow). */
export function* descendants(root: SyntaxNode): Generator<SyntaxNode> {
  if (root.isNamed) yield root;
  for (const node of root.descendants()) if (node.isNamed) yield node;
}

/**
 * The nodes of `nodes` (in document order, as nodesOfType gives them) that lie inside `outer` or are it, by range:
 * found by a binary search on the start instead of a scan of the whole file's list.
 */
export function nodesWithin(nodes: readonly SyntaxNode[], outer: SyntaxNode): SyntaxNode[] {
  const { startIndex, endIndex } = outer;
  let low = 0;
  let high = nodes.length;
  while (low < high) {
    const mid = (low + high) >> 1;
    if (nodes[mid]!.startIndex < startIndex) low = mid + 1; else high = mid;
  }
  const inside: SyntaxNode[] = [];
  for (let i = low; i < nodes.length && nodes[i]!.startIndex <= endIndex; i++) if (nodes[i]!.endIndex <= endIndex) inside.push(nodes[i]!);
  return inside;
}

/** The nearest ancestor whose type is in `types`, or undefined. */
export function ancestor(node: SyntaxNode, types: ReadonlySet<string>): SyntaxNode | undefined {
  for (let p = node.parent; p; p = p.parent) if (types.has(p.type)) return p;
  return undefined;
}

/** A name bound to a value: `x = v`, `const x = v`, `{ x: v }`, `f(x=v)`, `Struct{X: v}`, `define('X', v)`. */
export interface Binding { name: string; nameNode: SyntaxNode; value: SyntaxNode; binding: SyntaxNode }

/** Strip sigils and quotes so `$password`, `@token`, `:secret`, `'api_key'` all read as plain names. */
export function plainName(node: SyntaxNode): string {
  const literal = stringValue(node);
  if (literal !== undefined) return literal;
  // member access: take the last segment (obj.apiKey, self.api_key, $this->token, c.Secret)
  const last = node.childForFieldName('property') ?? node.childForFieldName('attribute') ?? node.childForFieldName('field')
    ?? (node.type === 'member_access_expression' ? node.childForFieldName('name') : null);
  const text = last ? last.text : node.text;
  return text.replace(/^[$@:]+/, '').replace(/:$/, '');
}

function single(list: SyntaxNode | null): SyntaxNode | null {
  if (!list) return null;
  if (list.type === 'expression_list' || list.type === 'pattern_list' || list.type === 'expression_statement') {
    return list.namedChildCount === 1 ? list.namedChild(0) : null;
  }
  return list;
}

/** The binding a node introduces, if it is one of the binding shapes of any grammar. */
export function bindingOf(node: SyntaxNode): Binding | undefined {
  let nameNode: SyntaxNode | null = null;
  let value: SyntaxNode | null = null;
  switch (node.type) {
    case 'variable_declarator': // JS/TS, Java
    case 'const_spec': case 'var_spec': // Go
      nameNode = node.childForFieldName('name');
      value = single(node.childForFieldName('value'));
      break;
    case 'assignment_expression': case 'assignment': case 'augmented_assignment': // JS/TS, Java, PHP, Python, Ruby
    case 'assignment_statement': case 'short_var_declaration': // Go
      nameNode = single(node.childForFieldName('left'));
      value = single(node.childForFieldName('right'));
      break;
    case 'pair': case 'keyed_element': // JS/Python/Ruby objects, Go composite literals
      nameNode = node.childForFieldName('key');
      value = node.childForFieldName('value');
      if (nameNode?.type === 'literal_element') nameNode = nameNode.namedChild(0);
      if (value?.type === 'literal_element') value = value.namedChild(0);
      break;
    case 'keyword_argument': // Python f(x=v)
      nameNode = node.childForFieldName('name');
      value = node.childForFieldName('value');
      break;
    case 'public_field_definition': case 'field_definition': // JS/TS class fields
      nameNode = node.childForFieldName('name') ?? node.childForFieldName('property');
      value = node.childForFieldName('value');
      break;
    case 'property_element': // PHP class property
      nameNode = node.childForFieldName('name');
      value = node.childForFieldName('default_value');
      break;
    case 'const_element': // PHP const X = v
      nameNode = node.namedChild(0);
      value = node.namedChild(1);
      break;
    case 'array_element_initializer': // PHP ['k' => v]
      if (node.namedChildCount === 2) { nameNode = node.namedChild(0); value = node.namedChild(1); }
      break;
    case 'function_call_expression': { // PHP define('X', v)
      if (node.childForFieldName('function')?.text.toLowerCase() !== 'define') break;
      const args = node.childForFieldName('arguments')?.namedChildren.filter(a => a?.type === 'argument') ?? [];
      if (args.length >= 2) { nameNode = args[0]!.namedChild(0); value = args[1]!.namedChild(0); }
      break;
    }
  }
  if (!nameNode || !value) return undefined;
  return { name: plainName(nameNode), nameNode, value, binding: node };
}

/** Split an identifier into lower-case words: `dbPassword`, `DB_PASSWORD`, `db-password` → [db, password]. */
export function nameWords(name: string): string[] {
  return name
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .replace(/([A-Z]+)([A-Z][a-z])/g, '$1 $2')
    .split(/[^A-Za-z0-9]+/)
    .filter(Boolean)
    .map(w => w.toLowerCase());
}

const TEST_PATH = /(^|\/)(tests?|__tests__|spec|specs|testdata|fixtures?|[\w-]+[_-]tests?)\/|(^|\/)(tests|conftest)\.py$|[a-z0-9]IT\.java$|\.e2e-spec\.[cm]?[jt]sx?$|(^|\/)test_[^/]*\.py$|_test\.(py|go|rb)$|_spec\.rb$|\.(test|spec)\.[cm]?[jt]sx?$|Tests?\.(java|php)$|(^|\/)src\/test\//;

/** Whether a relative path is a test file by the conventions of the seven ecosystems. */
export function isTestPath(relPath: string): boolean {
  return TEST_PATH.test(relPath);
}
