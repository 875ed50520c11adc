import type { LanguageId } from '../model';
import { editBetween, parse, type Tree } from '../languages/parser';

interface Entry { language: LanguageId; text: string; tree: Tree }

/**
 * The syntax trees of documents being edited, kept between analyses so that a keystroke re-parses only the edited
 * region (tree-sitter's incremental parsing) instead of the whole file. Least recently used trees are freed first.
 * Trees handed out belong to this cache: callers must not delete them.
 */
export class DocumentTrees {
  private readonly entries = new Map<string, Entry>(); // insertion order is recency
  /** How many parses reused an earlier tree, and how many started from nothing (tests and the bench read it). */
  readonly stats = { incremental: 0, full: 0 };

  /** At most `capacity` trees, and at most `maxChars` of text among them (a tree takes several times its text). */
  constructor(private readonly capacity = 8, private readonly maxChars = 4_000_000) {}

  /** The tree of `text`, re-using the tree of the document's previous text when there is one. */
  async parse(key: string, language: LanguageId, text: string): Promise<Tree> {
    const previous = this.entries.get(key);
    this.entries.delete(key);
    let tree: Tree;
    if (previous && previous.language === language && previous.text === text) {
      tree = previous.tree;
    } else if (previous && previous.language === language) {
      previous.tree.edit(editBetween(previous.text, text));
      try {
        tree = await parse(language, text, previous.tree);
      } finally {
        previous.tree.delete();
      }
      this.stats.incremental++;
    } else {
      previous?.tree.delete();
      tree = await parse(language, text);
      this.stats.full++;
    }
    this.entries.set(key, { language, text, tree });
    let chars = 0;
    for (const entry of this.entries.values()) chars += entry.text.length;
    for (const [oldest, entry] of this.entries) {
      if (oldest === key || (this.entries.size <= this.capacity && chars <= this.maxChars)) break;
      chars -= entry.text.length;
      entry.tree.delete();
      this.entries.delete(oldest);
    }
    return tree;
  }

  /** Free every tree. */
  clear(): void {
    for (const entry of this.entries.values()) entry.tree.delete();
    this.entries.clear();
  }
}
