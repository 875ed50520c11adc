import type { Fix, LanguageId, RelatedLocation, ReportDescriptor, Range } from '../model';
import type { SyntaxNode, Tree } from '../languages/parser';
import { descendants } from '../analysis/syntax';

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

/** Index named nodes by type with one walk; rules then ask for the few types they care about. */
export class NodeIndex {
  private byType?: Map<string, SyntaxNode[]>;
  constructor(private readonly root: SyntaxNode) {}

  ofType(types: readonly string[]): SyntaxNode[] {
    if (!this.byType) {
      this.byType = new Map();
      for (const node of descendants(this.root)) {
        let list = this.byType.get(node.type);
        if (!list) this.byType.set(node.type, (list = []));
        list.push(node);
      }
    }
    if (types.length === 1) return this.byType.get(types[0]!) ?? [];
    const out: SyntaxNode[] = [];
    for (const t of types) out.push(...(this.byType.get(t) ?? []));
    return out.sort((a, b) => a.startIndex - b.startIndex);
  }
}

export function rangeOf(node: { startPosition: { row: number; column: number }; endPosition: { row: number; column: number } }): Range {
  return {
    start: { line: node.startPosition.row, column: node.startPosition.column },
    end: { line: node.endPosition.row, column: node.endPosition.column },
  };
}
