import type * as TreeSitter from '@vscode/tree-sitter-wasm';

/**
 * A copy of a tree-sitter tree in JavaScript arrays, read by every rule and fact.
 *
 * Reading a tree through web-tree-sitter costs a call into WASM and a new object for every `type`, `parent` or
 * `childForFieldName()`: with forty rules asking the same questions of the same nodes, that cost more than
 * parsing. Here the tree is walked once with a cursor, straight after the parse (about five calls per node), and
 * kept as typed arrays in document order; nodes are small objects made on first use, one per node, so the rules'
 * questions are array reads.
 *
 * Only what the rules use of the tree-sitter Node API is here, with the same meaning (positions and indices in
 * UTF-16 code units, as web-tree-sitter counts them).
 */
export class SyntaxTree {
  readonly rootNode: SyntaxNode;
  /** Number of nodes (named and anonymous). */
  readonly size: number;
  /** Per node, in document order (pre-order): its symbol, its text range, its field in its parent. */
  readonly typeIds: Uint16Array;
  readonly starts: Int32Array;
  readonly ends: Int32Array;
  readonly fieldIds: Uint16Array;
  /**
   * Per node: its parent (-1 for the root) and the index after its subtree. Siblings follow from these (the node
   * after a subtree is the next sibling while it is inside the parent's), so they are not stored.
   */
  readonly parents: Int32Array;
  readonly subtreeEnds: Int32Array;
  /** Node ids are unique across trees (ids are used as keys by caches that outlive a tree). */
  readonly idBase: number;
  /** Nodes made so far, by index (made at full length: filled out of order, a growing array would turn sparse and slow). */
  private readonly nodes: (SyntaxNode | undefined)[];
  private lineStarts: Int32Array | undefined;
  private byType: { offsets: Int32Array; order: Int32Array } | undefined;

  /** `walked`: the arrays (kept by an edited document's analysis to copy from after the next edit, see spliceTree). */
  constructor(readonly text: string, readonly grammar: GrammarTables, readonly walked: WalkedTree) {
    this.size = walked.size;
    this.typeIds = walked.typeIds;
    this.starts = walked.starts;
    this.ends = walked.ends;
    this.fieldIds = walked.fieldIds;
    this.parents = walked.parents;
    this.subtreeEnds = walked.subtreeEnds;
    this.nodes = new Array<SyntaxNode | undefined>(this.size);
    this.idBase = nextIdBase;
    nextIdBase += this.size + 1;
    this.rootNode = this.node(0)!;
  }

  /** The node at an index, or null for -1. */
  node(index: number): SyntaxNode | null {
    if (index < 0 || index >= this.size) return null;
    return (this.nodes[index] ??= new SyntaxNode(this, index));
  }

  /** The next sibling of a node (-1 when it is the last child, or the root). */
  nextSiblingOf(index: number): number {
    const parent = this.parents[index]!;
    if (parent === -1) return -1;
    const next = this.subtreeEnds[index]!;
    return next < this.subtreeEnds[parent]! ? next : -1;
  }

  /** The previous sibling of a node (-1 when it is the first child, or the root). */
  previousSiblingOf(index: number): number {
    const parent = this.parents[index]!;
    if (parent === -1 || index === parent + 1) return -1;
    let sibling = parent + 1;
    for (let next = this.subtreeEnds[sibling]!; next !== index; next = this.subtreeEnds[sibling]!) sibling = next;
    return sibling;
  }

  /** Row and column of a text index (rows end at `\n`, as tree-sitter counts them). */
  pointAt(index: number): Point {
    const starts = (this.lineStarts ??= lineStartsOf(this.text));
    let low = 0;
    let high = starts.length - 1;
    while (low < high) {
      const mid = (low + high + 1) >> 1;
      if (starts[mid]! <= index) low = mid; else high = mid - 1;
    }
    return { row: low, column: index - starts[low]! };
  }

  /**
   * Indices of the nodes whose symbol is one of `typeIds`, inside [from, to), in document order. The first call
   * sorts every node by symbol once (a counting sort over the arrays), so each later call reads only its own nodes.
   */
  indicesOfTypes(typeIds: readonly number[], from = 0, to = this.size): number[] {
    const byType = (this.byType ??= sortBySymbol(this.typeIds, this.size, this.grammar.symbolCount));
    const out: number[] = [];
    if (typeIds.length > 1) {
      let count = 0;
      for (const symbol of typeIds) { const id = slotOf(symbol, this.grammar.symbolCount); count += byType.offsets[id + 1]! - byType.offsets[id]!; }
      // Many nodes of several types (calls and member accesses): one pass over the range is already in order.
      if (count > 64) {
        const wanted = new Set(typeIds);
        for (let i = from; i < to; i++) if (wanted.has(this.typeIds[i]!)) out.push(i);
        return out;
      }
    }
    for (const symbol of typeIds) {
      const id = slotOf(symbol, this.grammar.symbolCount);
      const end = byType.offsets[id + 1]!;
      for (let k = byType.offsets[id]!; k < end; k++) {
        const i = byType.order[k]!;
        if (i >= from && i < to) out.push(i);
      }
    }
    if (typeIds.length > 1) out.sort((a, b) => a - b);
    return out;
  }
}

let nextIdBase = 1;

export interface Point { row: number; column: number }

/** What a tree needs of its language, worked out once per grammar. */
export interface GrammarTables {
  /** Symbols in the grammar (the error symbol, 0xffff, aside). */
  readonly symbolCount: number;
  /** Type name per symbol (ERROR for the error symbol). */
  readonly typeNames: readonly string[];
  readonly named: Uint8Array;
  /** Symbols per type name: named symbols (what a node index wants) and all (what descendantsOfType matches). */
  readonly namedSymbols: ReadonlyMap<string, readonly number[]>;
  readonly allSymbols: ReadonlyMap<string, readonly number[]>;
  /** Field id per field name. */
  readonly fieldIds: ReadonlyMap<string, number>;
  readonly fieldNames: readonly (string | null)[];
}

const ERROR_SYMBOL = 0xffff;

export function grammarTables(language: TreeSitter.Language): GrammarTables {
  const typeNames: string[] = [];
  const named = new Uint8Array(ERROR_SYMBOL + 1);
  const namedSymbols = new Map<string, number[]>();
  const allSymbols = new Map<string, number[]>();
  const add = (map: Map<string, number[]>, name: string, id: number) => { const ids = map.get(name); if (ids) ids.push(id); else map.set(name, [id]); };
  for (let id = 0; id < language.nodeTypeCount; id++) {
    const name = language.nodeTypeForId(id) ?? '';
    typeNames[id] = name;
    if (!name) continue;
    add(allSymbols, name, id);
    if (language.nodeTypeIsNamed(id)) { named[id] = 1; add(namedSymbols, name, id); }
  }
  typeNames[ERROR_SYMBOL] = 'ERROR';
  named[ERROR_SYMBOL] = 1;
  add(allSymbols, 'ERROR', ERROR_SYMBOL);
  add(namedSymbols, 'ERROR', ERROR_SYMBOL);
  const fieldIds = new Map<string, number>();
  language.fields.forEach((name, id) => { if (name) fieldIds.set(name, id); });
  return { symbolCount: language.nodeTypeCount, typeNames, named, namedSymbols, allSymbols, fieldIds, fieldNames: language.fields };
}

function lineStartsOf(text: string): Int32Array {
  let count = 1;
  for (let nl = text.indexOf('\n'); nl !== -1; nl = text.indexOf('\n', nl + 1)) count++;
  const starts = new Int32Array(count);
  let row = 1;
  for (let nl = text.indexOf('\n'); nl !== -1; nl = text.indexOf('\n', nl + 1)) starts[row++] = nl + 1;
  return starts;
}

/** The error symbol (0xffff) sorts into the slot after the grammar's last symbol. */
const slotOf = (symbol: number, symbolCount: number) => (symbol === ERROR_SYMBOL ? symbolCount : symbol);

function sortBySymbol(typeIds: Uint16Array, size: number, symbolCount: number): { offsets: Int32Array; order: Int32Array } {
  const offsets = new Int32Array(symbolCount + 2);
  for (let i = 0; i < size; i++) offsets[slotOf(typeIds[i]!, symbolCount) + 1]!++;
  for (let s = 1; s < offsets.length; s++) offsets[s]! += offsets[s - 1]!;
  const fill = offsets.slice(0, symbolCount + 1);
  const order = new Int32Array(size);
  for (let i = 0; i < size; i++) order[fill[slotOf(typeIds[i]!, symbolCount)]!++] = i;
  return { offsets, order };
}

/** One node of a SyntaxTree: the subset of web-tree-sitter's Node that the rules use, with the same meaning. */
export class SyntaxNode {
  private childList: SyntaxNode[] | undefined;
  private namedChildList: SyntaxNode[] | undefined;

  /** Read by nearly every check of every node, so looked up once. */
  readonly type: string;

  constructor(readonly tree: SyntaxTree, readonly index: number) {
    this.type = tree.grammar.typeNames[tree.typeIds[index]!] ?? '';
  }

  get id(): number { return this.tree.idBase + this.index; }
  get typeId(): number { return this.tree.typeIds[this.index]!; }
  get isNamed(): boolean { return this.tree.grammar.named[this.tree.typeIds[this.index]!] === 1; }
  get startIndex(): number { return this.tree.starts[this.index]!; }
  get endIndex(): number { return this.tree.ends[this.index]!; }
  get startPosition(): Point { return this.tree.pointAt(this.tree.starts[this.index]!); }
  get endPosition(): Point { return this.tree.pointAt(this.tree.ends[this.index]!); }
  get text(): string { return this.tree.text.slice(this.tree.starts[this.index]!, this.tree.ends[this.index]!); }
  get parent(): SyntaxNode | null { return this.tree.node(this.tree.parents[this.index]!); }

  get children(): SyntaxNode[] {
    if (!this.childList) {
      const list: SyntaxNode[] = [];
      if (this.tree.subtreeEnds[this.index]! > this.index + 1) {
        const end = this.tree.subtreeEnds[this.index]!;
        for (let i = this.index + 1; i < end; i = this.tree.subtreeEnds[i]!) list.push(this.tree.node(i)!);
      }
      this.childList = list;
    }
    return this.childList;
  }

  get namedChildren(): SyntaxNode[] { return (this.namedChildList ??= this.children.filter(c => c.isNamed)); }
  get childCount(): number { return this.children.length; }
  get namedChildCount(): number { return this.namedChildren.length; }
  child(i: number): SyntaxNode | null { return this.children[i] ?? null; }
  namedChild(i: number): SyntaxNode | null { return this.namedChildren[i] ?? null; }
  get firstChild(): SyntaxNode | null { return this.child(0); }
  get lastChild(): SyntaxNode | null { return this.children[this.children.length - 1] ?? null; }
  get firstNamedChild(): SyntaxNode | null { return this.namedChild(0); }
  get lastNamedChild(): SyntaxNode | null { return this.namedChildren[this.namedChildren.length - 1] ?? null; }
  get nextSibling(): SyntaxNode | null { return this.tree.node(this.tree.nextSiblingOf(this.index)); }
  get previousSibling(): SyntaxNode | null { return this.tree.node(this.tree.previousSiblingOf(this.index)); }

  get nextNamedSibling(): SyntaxNode | null {
    for (let i = this.tree.nextSiblingOf(this.index); i !== -1; i = this.tree.nextSiblingOf(i)) if (this.tree.grammar.named[this.tree.typeIds[i]!]) return this.tree.node(i);
    return null;
  }

  get previousNamedSibling(): SyntaxNode | null {
    for (let i = this.tree.previousSiblingOf(this.index); i !== -1; i = this.tree.previousSiblingOf(i)) if (this.tree.grammar.named[this.tree.typeIds[i]!]) return this.tree.node(i);
    return null;
  }

  childForFieldName(name: string): SyntaxNode | null {
    const field = this.tree.grammar.fieldIds.get(name);
    if (field === undefined || this.tree.subtreeEnds[this.index]! === this.index + 1) return null;
    const end = this.tree.subtreeEnds[this.index]!;
    for (let i = this.index + 1; i < end; i = this.tree.subtreeEnds[i]!) if (this.tree.fieldIds[i] === field) return this.tree.node(i);
    return null;
  }

  childrenForFieldName(name: string): SyntaxNode[] {
    const field = this.tree.grammar.fieldIds.get(name);
    if (field === undefined) return [];
    return this.children.filter(c => this.tree.fieldIds[c.index] === field);
  }

  fieldNameForChild(i: number): string | null {
    const child = this.children[i];
    return child ? this.tree.grammar.fieldNames[this.tree.fieldIds[child.index]!] ?? null : null;
  }

  /**
   * Descendants (not this node) of the given types, named or not, in document order; with positions, only those that
   * end after `startPosition` and start before `endPosition`.
   */
  descendantsOfType(types: string | readonly string[], startPosition?: Point, endPosition?: Point): SyntaxNode[] {
    const ids = new Set<number>();
    for (const t of typeof types === 'string' ? [types] : types) for (const id of this.tree.grammar.allSymbols.get(t) ?? []) ids.add(id);
    const out: SyntaxNode[] = [];
    for (const i of this.tree.indicesOfTypes([...ids], this.index + 1, this.tree.subtreeEnds[this.index]!)) {
      if (startPosition && !after(this.tree.pointAt(this.tree.ends[i]!), startPosition)) continue;
      if (endPosition && !after(endPosition, this.tree.pointAt(this.tree.starts[i]!))) continue;
      out.push(this.tree.node(i)!);
    }
    return out;
  }

  /** Every descendant (not this node) in document order, named and anonymous. */
  *descendants(): Generator<SyntaxNode> {
    const end = this.tree.subtreeEnds[this.index]!;
    for (let i = this.index + 1; i < end; i++) yield this.tree.node(i)!;
  }

  equals(other: SyntaxNode | null | undefined): boolean { return !!other && other.tree === this.tree && other.index === this.index; }
  toString(): string { return `(${this.type})`; }
}

const after = (p: Point, q: Point) => p.row > q.row || (p.row === q.row && p.column > q.column);

/** The arrays a walk of a tree-sitter tree fills. */
export interface WalkedTree {
  size: number;
  typeIds: Uint16Array; starts: Int32Array; ends: Int32Array; fieldIds: Uint16Array;
  parents: Int32Array; subtreeEnds: Int32Array;
}

/** The moves and reads of a tree cursor that a walk needs (see parser.ts for the two implementations). */
export interface CursorSteps {
  /** The runtime's functions themselves, when the cursor's state stays in its transfer buffer (see parser.ts). */
  readonly raw?: RawCursorFunctions;
  gotoFirstChild(): boolean;
  gotoNextSibling(): boolean;
  gotoParent(): boolean;
  typeId(): number;
  startIndex(): number;
  endIndex(): number;
  fieldId(): number;
  done(): void;
}

/** The runtime's cursor functions, each called with the tree's handle; the moves answer 1 when they moved. */
export interface RawCursorFunctions {
  readonly handle: number;
  readonly firstChild: (tree: number) => number; readonly nextSibling: (tree: number) => number; readonly parent: (tree: number) => number;
  readonly typeId: (tree: number) => number; readonly startIndex: (tree: number) => number; readonly endIndex: (tree: number) => number;
  readonly fieldId: (tree: number) => number;
}

/**
 * Walk a tree with a cursor once, in pre-order, without recursion (a 10,000-deep expression must not overflow).
 * `size`: the tree's node count (tree-sitter's descendant count of the root), so the arrays are made at their size.
 */
export function walkTree(cursor: CursorSteps, size: number): WalkedTree {
  const builder = new TreeBuilder(size);
  try {
    builder.walk(cursor, -1);
  } finally {
    cursor.done();
  }
  return builder.finish();
}

/**
 * The copy of a re-parsed tree, made from the copy of the tree before the edit: the top-level nodes outside the
 * edited region are the same nodes as before (tree-sitter reports every range whose structure changed, and the
 * region holds them all), so their subtrees are copied from the old arrays, shifted by the edit's length after it;
 * only the region's top-level nodes are walked. A top-level node not found unchanged in the old copy is walked too.
 */
export function spliceTree(cursor: CursorSteps, old: WalkedTree, region: { start: number; oldEnd: number; newEnd: number }): WalkedTree {
  const builder = new TreeBuilder(old.size + (old.size >> 4) + 64);
  const delta = region.newEnd - region.oldEnd;
  // The old top-level nodes by where they start now: before the region unchanged, after it moved by delta.
  const unchanged = new Map<number, number>();
  for (let c = 1; c < old.size; c = old.subtreeEnds[c]!) {
    const start = old.starts[c]!;
    const end = old.ends[c]!;
    if (end <= region.start && start < region.start) unchanged.set(start, c);
    else if (start >= region.oldEnd && end > region.oldEnd) unchanged.set(start + delta, c);
  }
  const unchangedNode = (start: number, end: number, typeId: number): number | undefined => {
    const c = unchanged.get(start);
    return c !== undefined && old.ends[c]! + (start - old.starts[c]!) === end && old.typeIds[c] === typeId ? c : undefined;
  };
  try {
    const root = builder.visit(cursor, -1);
    if (cursor.gotoFirstChild()) {
      do {
        const start = cursor.startIndex();
        const end = cursor.endIndex();
        const oldNode = (end <= region.start && start < region.start) || (start >= region.newEnd && end > region.newEnd)
          ? unchangedNode(start, end, cursor.typeId()) : undefined;
        if (oldNode === undefined) builder.walk(cursor, root);
        else builder.copy(old, oldNode, root, start - old.starts[oldNode]!, cursor.fieldId());
      } while (cursor.gotoNextSibling());
      cursor.gotoParent();
    }
    builder.close(root);
  } finally {
    cursor.done();
  }
  return builder.finish();
}

/** to[j + offset] = from[j] + delta for j in [start, end). */
function moved(to: Int32Array, from: Int32Array, start: number, end: number, offset: number, delta: number): void {
  for (let j = start; j < end; j++) to[j + offset] = from[j]! + delta;
}

/** Appends nodes in pre-order to growing arrays. */
class TreeBuilder {
  private t: WalkedTree;
  private n = 0;

  /** `capacity`: the node count expected (the arrays grow past it if need be, and are trimmed to what was built). */
  constructor(capacity: number) {
    this.t = allocate(Math.max(1, capacity));
  }

  /** Append the cursor's node (its subtree end is set by close). */
  visit(cursor: CursorSteps, parent: number): number {
    const i = this.append(parent);
    const t = this.t;
    t.typeIds[i] = cursor.typeId();
    t.starts[i] = cursor.startIndex();
    t.ends[i] = cursor.endIndex();
    t.fieldIds[i] = cursor.fieldId();
    return i;
  }

  close(i: number): void { this.t.subtreeEnds[i] = this.n; }

  /** Append the cursor's node and its subtree; the cursor ends where it started. Returns the node's index. */
  walk(cursor: CursorSteps, parent: number): number {
    return cursor.raw ? this.walkRaw(cursor.raw, parent) : this.walkSteps(cursor, parent);
  }

  /**
   * `walk` with the runtime's functions called straight from one loop, the arrays in locals (this loop runs for
   * every node of every file: method calls and property loads here cost as much as the calls into WASM).
   */
  private walkRaw(raw: RawCursorFunctions, parent: number): number {
    const { handle: h, firstChild, nextSibling, parent: gotoParent, typeId, startIndex, endIndex, fieldId } = raw;
    let n = this.n;
    let { typeIds, starts, ends, fieldIds, parents, subtreeEnds } = this.t;
    const top = n;
    let up = parent;
    for (;;) {
      if (n === typeIds.length) {
        this.n = n;
        this.reserve(n + 1);
        ({ typeIds, starts, ends, fieldIds, parents, subtreeEnds } = this.t);
      }
      const i = n++;
      typeIds[i] = typeId(h);
      starts[i] = startIndex(h);
      ends[i] = endIndex(h);
      fieldIds[i] = fieldId(h);
      parents[i] = up;
      if (firstChild(h) === 1) { up = i; continue; }
      subtreeEnds[i] = n;
      let current = i;
      for (;;) {
        if (current === top) { this.n = n; return top; }
        if (nextSibling(h) === 1) { up = parents[current]!; break; }
        gotoParent(h);
        current = parents[current]!;
        subtreeEnds[current] = n;
      }
    }
  }

  private walkSteps(cursor: CursorSteps, parent: number): number {
    const top = this.visit(cursor, parent);
    const stack: number[] = [];
    let current = top;
    for (;;) {
      if (cursor.gotoFirstChild()) { stack.push(current); current = this.visit(cursor, current); continue; }
      this.close(current);
      for (;;) {
        if (!stack.length) return top;
        if (cursor.gotoNextSibling()) { current = this.visit(cursor, stack[stack.length - 1]!); break; }
        cursor.gotoParent();
        current = stack.pop()!;
        this.close(current);
      }
    }
  }

  /** Append the subtree of `from` in `old`, its text `shift` code units later, with the field it has in its new parent. */
  copy(old: WalkedTree, from: number, parent: number, shift: number, fieldId: number): number {
    const top = this.append(parent);
    const end = old.subtreeEnds[from]!;
    this.reserve(top + end - from);
    const t = this.t;
    const offset = top - from;
    // Array by array (a bulk copy, then one simple loop each): an edit of a large file copies most of its tree.
    t.typeIds.set(old.typeIds.subarray(from, end), top);
    t.fieldIds.set(old.fieldIds.subarray(from, end), top);
    t.fieldIds[top] = fieldId;
    moved(t.starts, old.starts, from, end, offset, shift);
    moved(t.ends, old.ends, from, end, offset, shift);
    moved(t.subtreeEnds, old.subtreeEnds, from, end, offset, offset);
    moved(t.parents, old.parents, from + 1, end, offset, offset); // the top node's parent is its new one
    this.n = top + end - from;
    return top;
  }

  /** The arrays built, trimmed to the nodes appended. */
  finish(): WalkedTree {
    const t = this.t;
    const n = this.n;
    return {
      size: n, typeIds: t.typeIds.subarray(0, n), starts: t.starts.subarray(0, n), ends: t.ends.subarray(0, n),
      fieldIds: t.fieldIds.subarray(0, n), parents: t.parents.subarray(0, n), subtreeEnds: t.subtreeEnds.subarray(0, n),
    };
  }

  private append(parent: number): number {
    this.reserve(this.n + 1);
    const i = this.n++;
    this.t.parents[i] = parent;
    return i;
  }

  private reserve(size: number): void {
    let capacity = this.t.typeIds.length;
    if (size <= capacity) return;
    while (capacity < size) capacity *= 2;
    this.t = grow(this.t, capacity);
  }
}

const INT32_ARRAYS = ['starts', 'ends', 'parents', 'subtreeEnds'] as const;
const UINT16_ARRAYS = ['typeIds', 'fieldIds'] as const;

/** Arrays for `capacity` nodes, as views of one buffer (one allocation per tree). */
function allocate(capacity: number): WalkedTree {
  const buffer = new ArrayBuffer(capacity * (4 * INT32_ARRAYS.length + 2 * UINT16_ARRAYS.length));
  const t = { size: 0 } as WalkedTree;
  let offset = 0;
  for (const key of INT32_ARRAYS) { t[key] = new Int32Array(buffer, offset, capacity); offset += 4 * capacity; }
  for (const key of UINT16_ARRAYS) { t[key] = new Uint16Array(buffer, offset, capacity); offset += 2 * capacity; }
  return t;
}

function grow(t: WalkedTree, capacity: number): WalkedTree {
  const g = allocate(capacity);
  for (const key of INT32_ARRAYS) g[key].set(t[key]);
  for (const key of UINT16_ARRAYS) g[key].set(t[key]);
  return g;
}
