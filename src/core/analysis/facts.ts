import type { FactValue, FileFacts, LanguageId } from '../model';
import { LANGUAGES as ALL_LANGUAGES } from '../model';
import type { CodeRuleContext } from '../engine/rule-context';
import { IMPORT_NODE_TYPES, findImports } from './imports';
import { moduleEvidence, moduleShape, summarizeModule } from './module-shape';
import { lifecycleFact } from './lifecycle';
import { apiSurfaceFact, routeEvidence } from './api-surface';

/**
 * A fact extractor reads one file's syntax and returns JSON that project rules read later (`ctx.facts`).
 * Facts are cached with the file's findings, so project rules never re-parse an unchanged file.
 */
export interface FactExtractor {
  key: string;
  languages: readonly LanguageId[];
  extract(ctx: FactContext): FactValue;
  /**
   * For re-analysis of an edited region: `evidence` returns every piece of the fact among the nodes
   * `ctx.nodesOfType` gives, each with the row it is on; `summarize` makes the fact from the pieces of the whole file.
   * `extract(ctx)` must equal `summarize(evidence(ctx), ctx)`. After an edit the pieces outside the region are kept
   * (moved by rows) and only the region is read. Without it the fact is extracted from the whole file.
   */
  byRows?: { evidence(ctx: FactContext): Evidence[]; summarize(pieces: readonly Evidence[], ctx: FactContext): FactValue };
}

/** What a fact extractor sees of a file; `fileImports` are the whole file's import specifiers, whatever it reads. */
export type FactContext = Omit<CodeRuleContext, 'report'> & { fileImports(): string[] };

/** A piece of a fact and the 0-based row it was found on. */
export interface Evidence { row: number; value: FactValue }

/** Pieces per fact, kept between analyses of an edited document. */
export type FactPieces = Record<string, Evidence[]>;

/** Rows an edit replaced: [startRow, oldEndRow] of the previous text became [startRow, newEndRow]. */
export interface RowRegion { startRow: number; oldEndRow: number; newEndRow: number }

/**
 * An extractor made of its two halves (pieces in row order). `extract`, when given, reads the fact without making
 * pieces (for a file analysed once); it must equal the summary of the pieces, which the incremental tests check.
 */
export function byRowsExtractor(key: string, evidence: (ctx: FactContext) => Evidence[],
  summarize: (pieces: readonly Evidence[], ctx: FactContext) => FactValue, languages: readonly LanguageId[] = ALL_LANGUAGES,
  extract: (ctx: FactContext) => FactValue = ctx => summarize(inRowOrder(evidence(ctx)), ctx)): FactExtractor {
  return { key, languages, extract, byRows: { evidence, summarize } };
}

/** Pieces sorted by row, keeping the order they were found in on one row. */
const inRowOrder = (pieces: Evidence[]): Evidence[] => pieces.sort((a, b) => a.row - b.row);


/** Pieces that are list items with a `line`: the line is the piece's row. */
const lineItems = (items: readonly { line: number }[]): Evidence[] => items.map(({ line, ...rest }) => ({ row: line, value: rest as FactValue }));
const asLineItems = (pieces: readonly Evidence[]): FactValue => pieces.map(p => ({ ...(p.value as Record<string, FactValue>), line: p.row })) as FactValue;

/** `imports`: `[{ specifier, line, relative, typeOnly?, lazy? }]` per file (see analysis/imports.ts). */
export const importsFact = byRowsExtractor('imports',
  ctx => lineItems(findImports(ctx.language, ctx.nodesOfType(...IMPORT_NODE_TYPES[ctx.language]))), asLineItems);

/** `routes`: `[{ method, path, line }]` per file (see analysis/http.ts). */
export const routesFact = byRowsExtractor('routes', routeEvidence, asLineItems);

/** `module`: `{ codeLines, logicFunctions, generated, entry }` per file (see analysis/module-shape.ts). */
export const moduleFact = byRowsExtractor('module',
  ctx => moduleEvidence(ctx.language, ctx.text, ctx.nodesOfType),
  (pieces, ctx) => ({ ...summarizeModule(pieces, ctx.tree.rootNode) }), ALL_LANGUAGES,
  ctx => ({ ...moduleShape(ctx.language, ctx.text, ctx.nodesOfType, ctx.tree.rootNode) }));

/** Every extractor; a rule module that needs a new kind of fact adds its extractor here. */
export const FACT_EXTRACTORS: FactExtractor[] = [importsFact, routesFact, moduleFact, lifecycleFact, apiSurfaceFact];

/**
 * Every fact of a file, and the pieces they were made of. With `revision` (an edited document's previous pieces and
 * the rows the edit replaced) the facts that can be read by rows read only `regional` (the nodes of the edited region
 * and around it) and keep the previous pieces outside the region; the others read the whole file through `ctx`.
 * Without `keepPieces` (a file analysed once, whose pieces nobody keeps) each fact is read without its pieces.
 */
export function extractFacts(
  ctx: Omit<CodeRuleContext, 'report'>, revision?: { previous: FactPieces; rows: RowRegion; regional: CodeRuleContext['nodesOfType'] },
  keepPieces = true,
): { facts: FileFacts; pieces: FactPieces } {
  const facts: FileFacts = {};
  const pieces: FactPieces = {};
  const fileImports = () => importsOf(facts).map(i => i.specifier);
  const whole: FactContext = { ...ctx, fileImports };
  let region: FactContext | undefined = revision && { ...whole, nodesOfType: revision.regional };
  for (const extractor of FACT_EXTRACTORS) {
    // Facts may depend on the file's imports (a `listen` call counts when a server module is imported): once the
    // imports changed, the facts after them are read from the whole file.
    if (extractor !== importsFact && region && JSON.stringify(valuesOf(pieces.imports)) !== JSON.stringify(valuesOf(revision!.previous.imports))) region = undefined;
    if (!extractor.languages.includes(ctx.language)) continue;
    try {
      const byRows = extractor.byRows;
      if (!byRows || (!keepPieces && !revision)) { // nobody will ask for the pieces: the fact alone
        facts[extractor.key] = extractor.extract(whole);
        continue;
      }
      let found: Evidence[];
      const kept = revision?.previous[extractor.key];
      if (revision && region && kept) {
        const { startRow, oldEndRow, newEndRow } = revision.rows;
        found = [];
        for (const piece of kept) {
          if (piece.row < startRow) found.push(piece);
          else if (piece.row > oldEndRow) found.push({ row: piece.row + newEndRow - oldEndRow, value: piece.value });
        }
        for (const piece of byRows.evidence(region)) if (piece.row >= startRow && piece.row <= newEndRow) found.push(piece);
      } else {
        found = byRows.evidence(whole);
      }
      pieces[extractor.key] = inRowOrder(found);
      facts[extractor.key] = byRows.summarize(found, whole);
    } catch {
      // A broken extractor must not cost the file its findings; the fact is simply absent.
    }
  }
  return { facts, pieces };
}

const valuesOf = (pieces: readonly Evidence[] | undefined) => pieces?.map(p => p.value);

/** Typed readers for the built-in facts. */
export interface ImportFact { specifier: string; line: number; relative: boolean; typeOnly?: boolean; lazy?: boolean; names?: string[] }
export interface RouteFact { method: string; path: string; line: number }
export function importsOf(facts: FileFacts | undefined): ImportFact[] { return (facts?.imports as unknown as ImportFact[] | undefined) ?? []; }
export function routesOf(facts: FileFacts | undefined): RouteFact[] { return (facts?.routes as unknown as RouteFact[] | undefined) ?? []; }
