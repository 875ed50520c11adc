import type { Fix, LanguageId, RelatedLocation, ReportDescriptor, Range } from '../model';
import type { SyntaxNode, SyntaxTree } from '../languages/parser';

/** A finding as a rule reports it, before severity, suppressions and fingerprints are applied. */
export interface RawFinding { ruleId: string; messageId: string; message: string; range: Range; related?: RelatedLocation[]; fix?: Fix }

/** What a code rule sees of one file. */
export interface CodeRuleContext {
  /** Path relative to the scanned root, forward slashes. */
  readonly file: string;
  readonly language: LanguageId;
  readonly text: string;
  readonly tree: SyntaxTree;
  readonly isTestFile: boolean;
  readonly options: Readonly<Record<string, unknown>>;
  /** Named nodes of the given types, in document order (indexed once per file, shared by all rules). */
  nodesOfType(...types: string[]): SyntaxNode[];
  report(descriptor: ReportDescriptor): void;
}

export function formatMessage(template: string, data: Record<string, string | number> = {}): string {
  return template.replace(/\{\{\s*(\w+)\s*\}\}/g, (whole, key: string) => (key in data ? String(data[key]) : whole));
}

/**
 * Named nodes by type, from the file's SyntaxTree: the tree sorts its nodes by symbol once, so each request reads
 * only the nodes it asks for, and a rule skipped in this file (its text gate failed) costs nothing.
 */
export class NodeIndex {
  private readonly memo = new Map<string, SyntaxNode[]>();
  private readonly asWritten = new Map<string, SyntaxNode[]>();
  private readonly ranges: readonly [number, number][];

  /** `within`: index only these subtrees (top-level declarations being re-checked after an edit), not the whole tree. */
  constructor(private readonly tree: SyntaxTree, within?: readonly SyntaxNode[]) {
    this.ranges = within ? within.map(n => [n.index, tree.subtreeEnds[n.index]!]) : [[0, tree.size]];
  }

  ofType(types: readonly string[]): SyntaxNode[] {
    if (types.length === 1) return this.lookUp(types[0]!, types);
    // A caller asks with the same list each time: its spelling finds the answer without sorting the types again.
    const asWritten = types.join(' ');
    let nodes = this.asWritten.get(asWritten);
    if (!nodes) this.asWritten.set(asWritten, (nodes = this.lookUp([...types].sort().join(' '), types)));
    return nodes;
  }

  /** Order-insensitive: readers that memoise by the returned array (imports, routes) must get the same one. */
  private lookUp(key: string, types: readonly string[]): SyntaxNode[] {
    let nodes = this.memo.get(key);
    if (!nodes) {
      const symbols: number[] = [];
      for (const t of new Set(types)) symbols.push(...(this.tree.grammar.namedSymbols.get(t) ?? []));
      nodes = [];
      for (const [from, to] of this.ranges) for (const i of this.tree.indicesOfTypes(symbols, from, to)) nodes.push(this.tree.node(i)!);
      this.memo.set(key, nodes);
    }
    return nodes;
  }
}

export function rangeOf(node: { startPosition: { row: number; column: number }; endPosition: { row: number; column: number } }): Range {
  return {
    start: { line: node.startPosition.row, column: node.startPosition.column },
    end: { line: node.endPosition.row, column: node.endPosition.column },
  };
}
