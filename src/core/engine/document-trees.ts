import type { LanguageId } from '../model';
import { editBetween, parse, pointAt, type ParsedNode, type Tree } from '../languages/parser';

/** A point in a text: row and column in UTF-16 code units, as tree-sitter counts them. */
export interface Point { row: number; column: number }

/**
 * What an incremental re-parse changed, as whole top-level nodes (children of the syntax tree's root): the text
 * [start, oldEnd) of the previous version became [start, newEnd) of this one, and every top-level node outside it
 * is the same node with the same text. Positions are given in both versions so that findings outside can be moved
 * to their new place. `context`: this version's top-level nodes in the region and on the line on either side of it.
 */
export interface EditedRegion {
  start: number; oldEnd: number; newEnd: number;
  startPoint: Point; oldEndPoint: Point; newEndPoint: Point;
  context: ParsedNode[];
}

/** A re-parsed document: its tree, what changed since the previous version, and what the previous analysis left. */
export interface Reparsed { tree: Tree; region?: EditedRegion; memo?: unknown }

interface Entry { language: LanguageId; text: string; tree: Tree; memo?: unknown }

/**
 * The syntax trees of documents being edited, kept between analyses so that a keystroke re-parses only the edited
 * region (tree-sitter's incremental parsing) instead of the whole file. Least recently used trees are freed first.
 * Trees handed out belong to this cache: callers must not delete them. Beside each tree the cache keeps whatever
 * the analysis of that version left for the next one (`remember`), so re-analysis can be limited to the region.
 */
export class DocumentTrees {
  private readonly entries = new Map<string, Entry>(); // insertion order is recency
  /**
   * How many parses reused an earlier tree, how many started from nothing, and how many rule runs checked only the
   * edited region (tests and the bench read them).
   */
  readonly stats = { incremental: 0, full: 0, regional: 0 };

  /** At most `capacity` trees, and at most `maxChars` of text among them (a tree takes several times its text). */
  constructor(private readonly capacity = 8, private readonly maxChars = 4_000_000) {}

  /** The tree of `text`, re-using the tree of the document's previous text when there is one. */
  async parse(key: string, language: LanguageId, text: string): Promise<Tree> {
    return (await this.reparse(key, language, text)).tree;
  }

  /** Like `parse`, with the edited region and the memo the previous version's analysis left (if any). */
  async reparse(key: string, language: LanguageId, text: string): Promise<Reparsed> {
    const previous = this.entries.get(key);
    this.entries.delete(key);
    let result: Reparsed;
    if (previous && previous.language === language && previous.text === text) {
      result = { tree: previous.tree, memo: previous.memo, region: unchangedRegion };
    } else if (previous && previous.language === language) {
      const edit = editBetween(previous.text, text);
      previous.tree.edit(edit);
      try {
        const tree = await parse(language, text, previous.tree);
        result = { tree, memo: previous.memo, region: editedRegion(previous.tree, tree, edit, previous.text, text) };
      } finally {
        previous.tree.delete();
      }
      this.stats.incremental++;
    } else {
      previous?.tree.delete();
      result = { tree: await parse(language, text) };
      this.stats.full++;
    }
    // The memo belongs to the text it was made from: it moves to the caller, unless the text is the same.
    this.entries.set(key, { language, text, tree: result.tree, memo: result.region === unchangedRegion ? result.memo : undefined });
    let chars = 0;
    for (const entry of this.entries.values()) chars += entry.text.length;
    for (const [oldest, entry] of this.entries) {
      if (oldest === key || (this.entries.size <= this.capacity && chars <= this.maxChars)) break;
      chars -= entry.text.length;
      entry.tree.delete();
      this.entries.delete(oldest);
    }
    return result;
  }

  /** Keep what the analysis of the document's current version leaves for the next one. */
  remember(key: string, memo: unknown): void {
    const entry = this.entries.get(key);
    if (entry) entry.memo = memo;
  }

  /** Free every tree. */
  clear(): void {
    for (const entry of this.entries.values()) entry.tree.delete();
    this.entries.clear();
  }
}

/** Before the first row: nothing is in the region, everything is after it and stays where it is. */
const origin: Point = { row: -1, column: 0 };
/** Same text again: nothing to re-check. */
const unchangedRegion: EditedRegion = { start: 0, oldEnd: 0, newEnd: 0, startPoint: origin, oldEndPoint: origin, newEndPoint: origin, context: [] };

/**
 * The edited region (see EditedRegion) after `edit`, read from the edited old tree (whose positions `tree.edit` has
 * moved to the new text's) and the new tree. Undefined when it is most of the file, where checking only the region
 * would save nothing.
 *
 * The region is the run of whole top-level nodes holding the edit and every range whose structure changed, grown by
 * the top-level nodes on the line above and below: a finding may depend on its neighbours there (the comment above
 * a skipped test, a comment after a `catch {}` on its line), so those are checked again too. `context` grows it by
 * one more line each way: the nodes a check of the region may read but whose own findings are kept.
 */
function editedRegion(old: Tree, tree: Tree, edit: ReturnType<typeof editBetween>, oldText: string, text: string): EditedRegion | undefined {
  let lo = edit.startIndex;
  let hi = edit.newEndIndex;
  for (const range of old.getChangedRanges(tree)) {
    lo = Math.min(lo, range.startIndex);
    hi = Math.max(hi, range.endIndex);
  }
  const roots = [old.rootNode, tree.rootNode];
  [lo, hi] = widen(roots, text, lo, hi);
  [lo, hi] = widen(roots, text, lineBefore(text, lo), lineAfter(text, hi));
  if (hi - lo > text.length / 2) return undefined;
  const [contextLo, contextHi] = widen([tree.rootNode], text, lineBefore(text, lo), lineAfter(text, hi));
  const delta = text.length - oldText.length;
  return {
    start: lo, oldEnd: hi - delta, newEnd: hi,
    startPoint: pointAt(text, lo), oldEndPoint: pointAt(oldText, hi - delta), newEndPoint: pointAt(text, hi),
    context: topLevelNodes(tree.rootNode, contextLo, contextHi),
  };
}

/**
 * Grow [lo, hi) to whole lines (from a line's start to the end of a line, its newline excluded) until no top-level
 * node of any of the trees crosses its ends: a region of whole lines lets positions outside it move by rows alone.
 */
function widen(roots: readonly ParsedNode[], text: string, lo: number, hi: number): [number, number] {
  for (let changed = true; changed;) {
    changed = false;
    if (lo > 0) lo = text.lastIndexOf('\n', lo - 1) + 1;
    const lineEnd = text.indexOf('\n', hi);
    hi = lineEnd === -1 ? text.length : lineEnd;
    for (const root of roots) {
      const first = root.child(firstEndingAfter(root, lo));
      if (first && first.startIndex < lo) { lo = first.startIndex; changed = true; }
      const last = hi > lo ? root.child(firstEndingAfter(root, hi - 1)) : null;
      if (last && last.startIndex < hi && last.endIndex > hi) { hi = last.endIndex; changed = true; }
    }
  }
  return [lo, hi];
}

/** The start of the line before the one starting at `lineStart` (or of the text). */
function lineBefore(text: string, lineStart: number): number {
  return lineStart <= 1 ? 0 : text.lastIndexOf('\n', lineStart - 2) + 1;
}

/** The end of the line after the one ending at `lineEnd` (or of the text). */
function lineAfter(text: string, lineEnd: number): number {
  if (lineEnd >= text.length) return text.length;
  const next = text.indexOf('\n', lineEnd + 1);
  return next === -1 ? text.length : next;
}

/**
 * The position among the root's children of the first one ending after `index` (childCount when none), by binary
 * search. Not `firstChildForIndex`: on a tree from an incremental parse it answers null for an index between two
 * children.
 */
function firstEndingAfter(root: ParsedNode, index: number): number {
  let low = 0;
  let high = root.childCount;
  while (low < high) {
    const middle = (low + high) >> 1;
    if (root.child(middle)!.endIndex > index) high = middle;
    else low = middle + 1;
  }
  return low;
}

function topLevelNodes(root: ParsedNode, lo: number, hi: number): ParsedNode[] {
  const nodes: ParsedNode[] = [];
  for (let i = firstEndingAfter(root, lo), node = root.child(i); node && node.startIndex < hi; node = root.child(++i)) nodes.push(node);
  return nodes;
}
