import type { FactValue, FileFacts, LanguageId } from '../model';
import type { CodeRuleContext } from '../engine/rule-context';
import { IMPORT_NODE_TYPES, findImports } from './imports';
import { ROUTE_NODE_TYPES, findRoutes } from './http';
import { moduleShape } from './module-shape';
import { lifecycleFact } from './lifecycle';
import { apiSurfaceFact } from './api-surface';

/**
 * A fact extractor reads one file's syntax and returns JSON that project rules read later (`ctx.facts`).
 * Facts are cached with the file's findings, so project rules never re-parse an unchanged file.
 */
export interface FactExtractor {
  key: string;
  languages: readonly LanguageId[];
  extract(ctx: Omit<CodeRuleContext, 'report'>): FactValue;
}

const ALL: readonly LanguageId[] = ['javascript', 'typescript', 'tsx', 'python', 'java', 'go', 'ruby', 'php'];

/** `imports`: `[{ specifier, line, relative, typeOnly?, lazy? }]` per file (see analysis/imports.ts). */
export const importsFact: FactExtractor = {
  key: 'imports', languages: ALL,
  extract: ctx => findImports(ctx.language, ctx.nodesOfType(...IMPORT_NODE_TYPES[ctx.language])).map(i => ({ ...i })),
};

/** `routes`: `[{ method, path, line }]` per file (see analysis/http.ts). */
export const routesFact: FactExtractor = {
  key: 'routes', languages: ALL,
  extract: ctx => findRoutes(ctx.language, ctx.nodesOfType(...ROUTE_NODE_TYPES[ctx.language]), ctx.file)
    .map(r => ({ method: r.method, path: r.path, line: r.node.startPosition.row })),
};

/** `module`: `{ codeLines, logicFunctions, generated, entry }` per file (see analysis/module-shape.ts). */
export const moduleFact: FactExtractor = {
  key: 'module', languages: ALL,
  extract: ctx => ({ ...moduleShape(ctx.language, ctx.text, ctx.nodesOfType, ctx.tree.rootNode) }),
};

/** Every extractor; a rule module that needs a new kind of fact adds its extractor here. */
export const FACT_EXTRACTORS: FactExtractor[] = [importsFact, routesFact, moduleFact, lifecycleFact, apiSurfaceFact];

export function extractFacts(ctx: Omit<CodeRuleContext, 'report'>): FileFacts {
  const facts: FileFacts = {};
  for (const extractor of FACT_EXTRACTORS) {
    if (!extractor.languages.includes(ctx.language)) continue;
    try {
      facts[extractor.key] = extractor.extract(ctx);
    } catch {
      // A broken extractor must not cost the file its findings; the fact is simply absent.
    }
  }
  return facts;
}

/** Typed readers for the built-in facts. */
export interface ImportFact { specifier: string; line: number; relative: boolean; typeOnly?: boolean; lazy?: boolean }
export interface RouteFact { method: string; path: string; line: number }
export function importsOf(facts: FileFacts | undefined): ImportFact[] { return (facts?.imports as unknown as ImportFact[] | undefined) ?? []; }
export function routesOf(facts: FileFacts | undefined): RouteFact[] { return (facts?.routes as unknown as RouteFact[] | undefined) ?? []; }
