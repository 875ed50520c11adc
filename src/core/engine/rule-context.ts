import type { Fix, LanguageId, RelatedLocation, ReportDescriptor, Range } from '../model';
import { type Language, type SyntaxNode, type Tree } from '../languages/parser';

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
 * later file pay for collecting them, so they are collected on demand instead of joining the shared per-file walk.
 */
const ON_DEMAND_TYPES = new Set(['identifier', 'property_identifier', 'field_identifier', 'type_identifier', 'shorthand_property_identifier', 'name', 'variable_name', 'constant']);

/** Who asks for nodes: a rule id, or a fixed name for the engine's own readers (facts, suppressions). */
type Requester = string;

/** Per language and requester, every node type it has asked for in earlier files. */
const typesWanted = new Map<LanguageId, Map<Requester, Set<string>>>();

/** Per language, the symbol ids of the named node types (aliases included) with each type's name. */
const namedSymbols = new Map<LanguageId, Map<string, number[]>>();

function symbolsOf(language: Language, languageId: LanguageId, type: string): number[] {
  let byName = namedSymbols.get(languageId);
  if (!byName) {
    byName = new Map();
    for (let id = 0; id < language.nodeTypeCount; id++) {
      const name = language.nodeTypeForId(id);
      if (!name || !language.nodeTypeIsNamed(id)) continue;
      const ids = byName.get(name);
      if (ids) ids.push(id); else byName.set(name, [id]);
    }
    namedSymbols.set(languageId, byName);
  }
  return byName.get(type) ?? [];
}

/**
 * Named nodes by type. The first request in a file collects, in one walk inside the WASM parser (far cheaper than
 * walking from JavaScript), every type that the file's active requesters asked for in earlier files, and buckets
 * the results; each file is traversed once, not once per rule. A rule skipped in this file (its text gate failed)
 * adds nothing to the walk.
 */
export class NodeIndex {
  private readonly buckets = new Map<string, SyntaxNode[]>();
  private readonly memo = new Map<string, SyntaxNode[]>();
  private readonly wanted: Map<Requester, Set<string>>;
  /** The requester whose types are being asked for now; its later files get them in the first walk. */
  requester: Requester = 'engine';
  /** Walks of the tree so far (one per file is the aim; tests read it). */
  walks = 0;

  /**
   * `active`: the requesters that will run on this file; by default every one seen so far.
   * `within`: index only these subtrees (top-level declarations being re-checked after an edit), not the whole tree.
   */
  constructor(
    private readonly root: SyntaxNode, private readonly language: Language, private readonly languageId: LanguageId,
    private readonly active?: readonly Requester[], private readonly within?: readonly SyntaxNode[],
  ) {
    let wanted = typesWanted.get(languageId);
    if (!wanted) typesWanted.set(languageId, (wanted = new Map()));
    this.wanted = wanted;
  }

  ofType(types: readonly string[]): SyntaxNode[] {
    const key = types.length === 1 ? types[0]! : [...types].sort().join(' ');
    const memoised = this.memo.get(key);
    if (memoised) return memoised;
    let mine = this.wanted.get(this.requester);
    if (!mine) this.wanted.set(this.requester, (mine = new Set()));
    const missing = types.filter(t => !this.buckets.has(t));
    if (missing.length) {
      const onDemand = missing.filter(t => ON_DEMAND_TYPES.has(t));
      if (onDemand.length) this.collect(onDemand); // one walk for this request's leaf types, learnt by nobody
      const toCollect = new Set<string>();
      for (const t of missing) {
        if (ON_DEMAND_TYPES.has(t)) continue;
        mine.add(t);
        toCollect.add(t);
      }
      if (toCollect.size) {
        // Whatever the active requesters asked for in earlier files and this file has not collected yet.
        for (const [requester, wantedTypes] of this.wanted) {
          if (this.active && requester !== this.requester && !this.active.includes(requester)) continue;
          for (const t of wantedTypes) if (!this.buckets.has(t)) toCollect.add(t);
        }
        this.collect([...toCollect]);
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

  /** One walk for all the types; every type gets a bucket, empty when the grammar has no such node. */
  private collect(types: readonly string[]): void {
    const bySymbol = new Map<number, SyntaxNode[]>();
    const names: string[] = [];
    for (const t of types) {
      const bucket: SyntaxNode[] = [];
      this.buckets.set(t, bucket);
      const ids = symbolsOf(this.language, this.languageId, t);
      if (!ids.length) continue;
      names.push(t);
      for (const id of ids) bySymbol.set(id, bucket);
    }
    if (!names.length) return;
    this.walks++;
    // descendantsOfType matches anonymous tokens of the same name too (`"string"` beside `string`): the symbol
    // table keeps only named ones.
    for (const top of this.within ?? [this.root]) {
      for (const node of top.descendantsOfType(names)) if (node) bySymbol.get(node.typeId)?.push(node);
    }
  }
}

export function rangeOf(node: { startPosition: { row: number; column: number }; endPosition: { row: number; column: number } }): Range {
  return {
    start: { line: node.startPosition.row, column: node.startPosition.column },
    end: { line: node.endPosition.row, column: node.endPosition.column },
  };
}
