import type { Fix, LanguageId, RelatedLocation, ReportDescriptor, Range } from '../model';
import { compileQuery, type Language, type SyntaxNode, type Tree } from '../languages/parser';

/** A finding as a rule reports it, before severity, suppressions and fingerprints are applied. */
export interface RawFinding { ruleId: string; messageId: string; message: string; range: Range; related?: RelatedLocation[]; fix?: Fix }

/** What a code rule sees of one file. */
export interface CodeRuleContext {
  /** Path relative to the scanned root, forward slashes. */
  readonly file: string;
  readonly language: LanguageId;
  readonly text: string;
  readonly tree: Tree;
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
 * Leaf types that make up a large share of every tree: a rule that asks for them in one file must not make every
 * later file pay for capturing them, so they are queried on demand instead of joining the shared per-file query.
 */
const ON_DEMAND_TYPES = new Set(['identifier', 'property_identifier', 'field_identifier', 'type_identifier', 'shorthand_property_identifier', 'name', 'variable_name', 'constant']);

/** Per language, every node type any rule or extractor has asked for: one query per file finds them all. */
const typesWanted = new Map<LanguageId, Set<string>>();

/**
 * Named nodes by type, found with a tree-sitter query (run inside the WASM parser, far cheaper than walking every
 * node from JavaScript). The first request in a file runs one query for all the types rules asked for in earlier
 * files of the language and buckets the results, so each file is traversed once, not once per rule.
 */
export class NodeIndex {
  private readonly buckets = new Map<string, SyntaxNode[]>();
  private readonly memo = new Map<string, SyntaxNode[]>();
  constructor(private readonly root: SyntaxNode, private readonly language: Language, private readonly languageId: LanguageId) {}

  ofType(types: readonly string[]): SyntaxNode[] {
    const key = types.length === 1 ? types[0]! : [...types].sort().join(' ');
    const memoised = this.memo.get(key);
    if (memoised) return memoised;
    let wanted = typesWanted.get(this.languageId);
    if (!wanted) typesWanted.set(this.languageId, (wanted = new Set()));
    for (const t of types) {
      if (!ON_DEMAND_TYPES.has(t) || this.buckets.has(t)) continue;
      const bucket: SyntaxNode[] = [];
      if (this.language.idForNodeType(t, true)) {
        for (const { node } of compileQuery(this.language, this.languageId, `(${t}) @node`).captures(this.root)) bucket.push(node);
      }
      this.buckets.set(t, bucket);
    }
    const missing = types.filter(t => !this.buckets.has(t));
    if (missing.length) {
      // Learn the new types, then query for everything not bucketed yet (all wanted types on the first call).
      for (const t of missing) wanted.add(t);
      const toQuery = [...wanted].filter(t => !this.buckets.has(t));
      for (const t of toQuery) this.buckets.set(t, []);
      const known = toQuery.filter(t => this.language.idForNodeType(t, true)).sort();
      if (known.length) {
        const query = compileQuery(this.language, this.languageId, `[${known.map(t => `(${t})`).join(' ')}] @node`);
        for (const { node } of query.captures(this.root)) this.buckets.get(node.type)?.push(node);
      }
    }
    let nodes: SyntaxNode[];
    if (types.length === 1) nodes = this.buckets.get(types[0]!)!;
    else {
      nodes = [];
      for (const t of new Set(types)) nodes.push(...this.buckets.get(t)!);
      nodes.sort((a, b) => a.startIndex - b.startIndex);
    }
    this.memo.set(key, nodes);
    return nodes;
  }
}

export function rangeOf(node: { startPosition: { row: number; column: number }; endPosition: { row: number; column: number } }): Range {
  return {
    start: { line: node.startPosition.row, column: node.startPosition.column },
    end: { line: node.endPosition.row, column: node.endPosition.column },
  };
}
