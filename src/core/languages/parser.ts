import * as fs from 'node:fs';
import * as path from 'node:path';
import * as TreeSitter from '@vscode/tree-sitter-wasm';
import type { LanguageId } from '../model';
import { GRAMMAR_FILE } from './languages';
import { type CursorSteps, type GrammarTables, type RawCursorFunctions, type WalkedTree, SyntaxTree, grammarTables, spliceTree, walkTree } from './syntax-tree';

export type Tree = TreeSitter.Tree;
export type Language = TreeSitter.Language;
/** A node of web-tree-sitter's own tree (the engine's edit tracking reads those; rules read SyntaxNode). */
export type ParsedNode = TreeSitter.Node;
export { SyntaxNode, SyntaxTree, type WalkedTree } from './syntax-tree';

/**
 * Where the grammar .wasm files are: next to the bundle (`dist/grammars`, what the VSIX and the CLI ship)
 * or in node_modules when running from source (unit tests).
 */
function defaultGrammarDir(): string {
  const bundled = path.join(__dirname, 'grammars');
  if (fs.existsSync(path.join(bundled, 'tree-sitter.wasm'))) return bundled;
  return path.dirname(require.resolve('@vscode/tree-sitter-wasm'));
}

let initialised: Promise<void> | undefined;
let grammarDir = '';
const languages = new Map<LanguageId, Promise<Language>>();
const parsers = new Map<LanguageId, TreeSitter.Parser>();

/** Initialise the WASM runtime once per thread. */
function init(dir = defaultGrammarDir()): Promise<void> {
  if (!initialised) {
    grammarDir = dir;
    // Emscripten builds the runtime's Module on the options object we pass, so it stays reachable from here.
    const module = { locateFile: (file: string) => path.join(grammarDir, file) };
    initialised = TreeSitter.Parser.init(module).then(() => {
      fastInt32Access(module as unknown as Record<string, unknown>);
      memoizeNodeAccessors();
      runtime = rawCursorRuntime(module as unknown as Record<string, unknown>);
    });
  }
  return initialised;
}

/**
 * Every node handed between JavaScript and WASM goes through `setValue`/`getValue(ptr, 'i32')` five times, and the
 * runtime's generic versions dispatch on the type name and go through a DataView. On a little-endian host (every
 * platform Node runs on in practice, checked anyway) an Int32Array over the same memory reads and writes the same
 * bytes. The runtime replaces `HEAP32` when memory grows, so it is looked up on each call.
 */
function fastInt32Access(module: Record<string, unknown>): void {
  const littleEndian = new Uint8Array(new Uint32Array([1]).buffer)[0] === 1;
  const { setValue, getValue } = module as { setValue?: (ptr: number, value: number, type?: string) => void; getValue?: (ptr: number, type?: string) => number };
  if (!littleEndian || typeof setValue !== 'function' || typeof getValue !== 'function' || !(module.HEAP32 instanceof Int32Array)) return;
  module.setValue = (ptr: number, value: number, type?: string) => {
    if (type === 'i32') (module.HEAP32 as Int32Array)[ptr >> 2] = value;
    else setValue(ptr, value, type);
  };
  module.getValue = (ptr: number, type?: string) => (type === 'i32' ? (module.HEAP32 as Int32Array)[ptr >> 2]! : getValue(ptr, type));
}

/**
 * Every `node.parent`, `node.type` or `childForFieldName()` crosses into WASM and builds a new Node object; with
 * fifty rules asking the same questions of the same nodes, that dominated analysis time. A tree is only edited
 * (`tree.edit`, see DocumentTrees) when it is being replaced by an incremental re-parse, after which its nodes are
 * never read again; so each answer is kept on the Node instance that was asked, and the rules (which all start from
 * the shared node index) reuse one object graph per file.
 */
function memoizeNodeAccessors(): void {
  const proto = TreeSitter.Node.prototype as unknown as Record<string, unknown>;
  if (proto.__bpMemoized) return;
  proto.__bpMemoized = true;
  const getters = ['type', 'isNamed', 'isError', 'isMissing', 'hasError', 'endIndex', 'endPosition', 'text', 'childCount',
    'namedChildCount', 'firstChild', 'firstNamedChild', 'lastChild', 'lastNamedChild', 'namedChildren', 'nextSibling',
    'previousSibling', 'nextNamedSibling', 'previousNamedSibling', 'parent'];
  // One Map per accessor, kept in one property per node instance (a symbol-keyed property per accessor made every
  // node a dictionary-mode object; building string keys per call cost more than it saved).
  type Memo = Record<string, Map<unknown, unknown> | undefined>;
  const memo = (node: { __bp?: Memo }, name: string) => {
    const all = (node.__bp ??= {});
    return (all[name] ??= new Map());
  };
  for (const name of getters) {
    const descriptor = Object.getOwnPropertyDescriptor(proto, name);
    const get = descriptor?.get;
    if (!get) continue;
    Object.defineProperty(proto, name, {
      configurable: true, enumerable: descriptor.enumerable,
      get(this: { __bp?: Memo }) {
        const cache = memo(this, 'get');
        if (cache.has(name)) return cache.get(name);
        const value = get.call(this);
        cache.set(name, value);
        return value;
      },
    });
  }
  for (const name of ['child', 'namedChild', 'childForFieldName', 'childrenForFieldName', 'fieldNameForChild']) {
    const original = proto[name] as ((this: unknown, key: unknown) => unknown) | undefined;
    if (typeof original !== 'function') continue;
    proto[name] = function (this: { __bp?: Memo }, key: unknown) {
      const cache = memo(this, name);
      if (cache.has(key)) return cache.get(key);
      const value = original.call(this, key);
      cache.set(key, value);
      return value;
    };
  }
}

/** The runtime's own cursor functions, when this build of web-tree-sitter has them (see cursorSteps). */
interface CursorRuntime {
  heap: () => Int32Array;
  transferBuffer: number;
  /** The runtime's functions; Emscripten replaces each stub with the WASM export on its first call, so look them up each time. */
  functions: () => Record<'firstChild' | 'nextSibling' | 'parent' | 'typeId' | 'startIndex' | 'endIndex' | 'fieldId', (tree: number) => number>;
}

let runtime: CursorRuntime | undefined;

const CURSOR_FUNCTIONS = {
  firstChild: '_ts_tree_cursor_goto_first_child_wasm', nextSibling: '_ts_tree_cursor_goto_next_sibling_wasm', parent: '_ts_tree_cursor_goto_parent_wasm',
  typeId: '_ts_tree_cursor_current_node_type_id_wasm', startIndex: '_ts_tree_cursor_start_index_wasm', endIndex: '_ts_tree_cursor_end_index_wasm',
  fieldId: '_ts_tree_cursor_current_field_id_wasm',
} as const;

function rawCursorRuntime(module: Record<string, unknown>): CursorRuntime | undefined {
  const init = module._ts_init;
  if (typeof init !== 'function' || !(module.HEAP32 instanceof Int32Array)) return undefined;
  if (Object.values(CURSOR_FUNCTIONS).some(name => typeof module[name] !== 'function')) return undefined;
  // ts_init hands back the transfer buffer (and writes the language versions into it, which nothing reads again).
  const transferBuffer = (init as () => number)();
  const lookUp = () => Object.fromEntries(Object.entries(CURSOR_FUNCTIONS).map(([key, name]) => [key, module[name]])) as ReturnType<CursorRuntime['functions']>;
  const stubs = lookUp();
  let exports: ReturnType<CursorRuntime['functions']> | undefined;
  const functions = () => {
    if (exports) return exports;
    const current = lookUp();
    // Once every stub has been replaced by its export, the answer no longer changes.
    if (Object.keys(current).every(key => current[key as keyof typeof current] !== stubs[key as keyof typeof stubs])) exports = current;
    return current;
  };
  return { heap: () => module.HEAP32 as Int32Array, transferBuffer, functions };
}

/**
 * A cursor over `tree` for walkTree. The public TreeCursor copies its four-word state into the runtime's transfer
 * buffer and back around every call; the walk makes five calls per node, so it leaves the state in the buffer and
 * calls the runtime's functions directly (they read the state from there, and the moves write it back).
 */
function cursorSteps(tree: Tree, publicApiOnly: boolean): CursorSteps {
  const cursor = tree.rootNode.walk();
  const handle = (tree as unknown as Record<number, number>)[0];
  if (publicApiOnly || !runtime || typeof handle !== 'number') return new PublicCursor(cursor);
  return new RawCursor(runtime, cursor, handle);
}

class PublicCursor implements CursorSteps {
  constructor(private readonly cursor: TreeSitter.TreeCursor) {}
  gotoFirstChild() { return this.cursor.gotoFirstChild(); }
  gotoNextSibling() { return this.cursor.gotoNextSibling(); }
  gotoParent() { return this.cursor.gotoParent(); }
  typeId() { return this.cursor.nodeTypeId; }
  startIndex() { return this.cursor.startIndex; }
  endIndex() { return this.cursor.endIndex; }
  fieldId() { return this.cursor.currentFieldId; }
  done() { this.cursor.delete(); }
}

class RawCursor implements CursorSteps {
  readonly raw: RawCursorFunctions;

  constructor(private readonly runtime: CursorRuntime, private readonly cursor: TreeSitter.TreeCursor, handle: number) {
    const state = cursor as unknown as Record<number, number>;
    const heap = runtime.heap();
    for (let k = 0; k < 4; k++) heap[(runtime.transferBuffer >> 2) + k] = state[k]!;
    this.raw = { handle, ...runtime.functions() };
  }

  gotoFirstChild() { return this.raw.firstChild(this.raw.handle) === 1; }
  gotoNextSibling() { return this.raw.nextSibling(this.raw.handle) === 1; }
  gotoParent() { return this.raw.parent(this.raw.handle) === 1; }
  typeId() { return this.raw.typeId(this.raw.handle); }
  startIndex() { return this.raw.startIndex(this.raw.handle); }
  endIndex() { return this.raw.endIndex(this.raw.handle); }
  fieldId() { return this.raw.fieldId(this.raw.handle); }

  done() {
    const heap = this.runtime.heap(); // the runtime replaces HEAP32 when memory grows
    const state = this.cursor as unknown as Record<number, number>;
    for (let k = 0; k < 4; k++) state[k] = heap[(this.runtime.transferBuffer >> 2) + k]!;
    this.cursor.delete();
  }
}

const tables = new Map<LanguageId, GrammarTables>();

/**
 * The JavaScript copy of a parsed tree that rules and facts read (see SyntaxTree). `publicApiOnly` walks with
 * web-tree-sitter's TreeCursor as published (what happens anyway on a runtime without the functions cursorSteps
 * uses); tests compare the two.
 */
export function syntaxTreeOf(tree: Tree, text: string, lang: LanguageId, publicApiOnly = false): SyntaxTree {
  // Counted before the cursor is made: any other call into the runtime overwrites the cursor's state (see cursorSteps).
  const size = tree.rootNode.descendantCount;
  return new SyntaxTree(text, tablesOf(tree, lang), walkTree(cursorSteps(tree, publicApiOnly), size));
}

/**
 * The copy of `tree`, an incremental re-parse, made from `before` (the copy of the tree before the edit): only the
 * top-level nodes in the edited region are walked (see spliceTree).
 */
export function revisedSyntaxTree(tree: Tree, text: string, lang: LanguageId, before: WalkedTree, region: { start: number; oldEnd: number; newEnd: number }, publicApiOnly = false): SyntaxTree {
  return new SyntaxTree(text, tablesOf(tree, lang), spliceTree(cursorSteps(tree, publicApiOnly), before, region));
}

function tablesOf(tree: Tree, lang: LanguageId): GrammarTables {
  let grammar = tables.get(lang);
  if (!grammar) tables.set(lang, (grammar = grammarTables(tree.language)));
  return grammar;
}

/** Parse text into a SyntaxTree, freeing tree-sitter's own tree at once. */
export async function parseSyntaxTree(lang: LanguageId, text: string): Promise<SyntaxTree> {
  const tree = await parse(lang, text);
  try {
    return syntaxTreeOf(tree, text, lang);
  } finally {
    tree.delete();
  }
}

export async function loadLanguage(lang: LanguageId): Promise<Language> {
  let loaded = languages.get(lang);
  if (!loaded) {
    loaded = init().then(() => TreeSitter.Language.load(fs.readFileSync(path.join(grammarDir, GRAMMAR_FILE[lang]))));
    languages.set(lang, loaded);
  }
  return loaded;
}

/**
 * Parse text; tree-sitter recovers from syntax errors, so a tree always comes back. With `previous` (a tree of an
 * earlier text, already told of the edit with `tree.edit`) only the edited region is re-parsed.
 */
export async function parse(lang: LanguageId, text: string, previous?: Tree): Promise<Tree> {
  const language = await loadLanguage(lang);
  let parser = parsers.get(lang);
  if (!parser) {
    parser = new TreeSitter.Parser();
    parser.setLanguage(language);
    parsers.set(lang, parser);
  }
  const tree = parser.parse(text, previous);
  if (!tree) throw new Error(`tree-sitter returned no tree for a ${lang} file`);
  return tree;
}

/**
 * The single edit that turns `before` into `after`, bounded by their common prefix and suffix (typing, pasting and
 * deleting all make one contiguous change between two analyses). Indices and columns are UTF-16 code units, as
 * web-tree-sitter counts them; a boundary never splits a surrogate pair.
 */
export function editBetween(before: string, after: string): TreeSitter.Edit {
  const max = Math.min(before.length, after.length);
  // Whole chunks first (a native comparison each), then characters: a keystroke in a large file changes one place.
  let start = 0;
  while (start + CHUNK <= max && before.startsWith(after.slice(start, start + CHUNK), start)) start += CHUNK;
  while (start < max && before.charCodeAt(start) === after.charCodeAt(start)) start++;
  if (start > 0 && isHighSurrogate(before.charCodeAt(start - 1))) start--;
  let suffix = 0;
  while (suffix + CHUNK <= max - start && before.endsWith(after.slice(after.length - suffix - CHUNK, after.length - suffix), before.length - suffix)) suffix += CHUNK;
  while (suffix < max - start && before.charCodeAt(before.length - 1 - suffix) === after.charCodeAt(after.length - 1 - suffix)) suffix++;
  if (suffix > 0 && isLowSurrogate(after.charCodeAt(after.length - suffix))) suffix--;
  const oldEndIndex = before.length - suffix;
  const newEndIndex = after.length - suffix;
  return {
    startIndex: start, oldEndIndex, newEndIndex,
    startPosition: pointAt(before, start), oldEndPosition: pointAt(before, oldEndIndex), newEndPosition: pointAt(after, newEndIndex),
  };
}

const CHUNK = 256;
const isHighSurrogate = (c: number) => c >= 0xd800 && c <= 0xdbff;
const isLowSurrogate = (c: number) => c >= 0xdc00 && c <= 0xdfff;

/** Row and column (UTF-16 code units) of a character index, as tree-sitter counts them. */
export function pointAt(text: string, index: number): TreeSitter.Point {
  let row = 0;
  let lineStart = 0;
  for (let nl = text.indexOf('\n'); nl !== -1 && nl < index; nl = text.indexOf('\n', nl + 1)) { row++; lineStart = nl + 1; }
  return { row, column: index - lineStart };
}

const queries = new Map<string, TreeSitter.Query>();

/** A compiled query, cached per language and source (compiling is far slower than running). */
export function compileQuery(language: Language, lang: LanguageId, source: string): TreeSitter.Query {
  const key = lang + '\0' + source;
  let query = queries.get(key);
  if (!query) {
    query = new TreeSitter.Query(language, source);
    queries.set(key, query);
  }
  return query;
}
