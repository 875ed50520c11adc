import type { FactValue } from '../model';
import type { Evidence, FactContext, FactExtractor } from './facts';
import type { SyntaxNode } from '../languages/parser';
import { ROUTE_NODE_TYPES, findRoutes } from './http';
import { lineFrom, stringValue } from './syntax';

export { isRouteRegistration } from './http';

/** A version segment in a path: `/v1`, `/api/v2/`, `v3beta1`, `/v1.2`. */
export const VERSION_SEGMENT = /(^|\/)v\d+(\.\d+)?([a-z]+\d*)?(\/|$)/i;
/** Version in a header or media type: `application/vnd.acme.v2+json`, `Accept-Version`, `api-version=2024-01-01`. */
const VERSION_HEADER = /vnd\.[\w.-]*v\d|;\s*version=\d|\bapi-version\b|\baccept-version\b|\bx-api-version\b|\bapi_version\b/i;
const VERSION_WORD = /v\d|version/i;
/** Calls that take a bare version as a router prefix: Laravel `Route::prefix('v1')`, Rails `namespace :v1`, `scope 'v1'`. */
const PREFIX_CALL = /^(prefix|namespace|scope|group|Group|Route|mount|version|Version|url_prefix|include_router|register_blueprint|api_version)$/;
const STRING_TYPES = ['string', 'template_string', 'string_literal', 'interpreted_string_literal', 'raw_string_literal', 'encapsed_string', 'simple_symbol'];

function callName(node: SyntaxNode | null): string | undefined {
  for (let n = node, i = 0; n && i < 4; n = n.parent, i++) {
    if (/call|invocation|decorator|annotation/.test(n.type)) {
      const fn = n.childForFieldName('function') ?? n.childForFieldName('method') ?? n.childForFieldName('name');
      const last = fn ? (fn.childForFieldName('property') ?? fn.childForFieldName('attribute') ?? fn.childForFieldName('field') ?? fn) : undefined;
      return last?.text;
    }
    if (n.type === 'keyword_argument' || n.type === 'pair' || n.type === 'element_value_pair') {
      const key = (n.childForFieldName('name') ?? n.childForFieldName('key'))?.text.replace(/^["':]|["':]$/g, '');
      if (key) return key;
    }
  }
  return undefined;
}

/** Whether the file shows any kind of API versioning: a version path segment, prefix, header or NestJS versioning. */
export function showsApiVersioning(nodesOfType: (...types: string[]) => SyntaxNode[], text?: string): boolean {
  return versioningEvidence(nodesOfType, text, true).length > 0;
}

/** The nodes that show API versioning (all of them, or the first with `first`). */
function versioningEvidence(nodesOfType: (...types: string[]) => SyntaxNode[], text: string | undefined, first: boolean): SyntaxNode[] {
  const found: SyntaxNode[] = [];
  // Every literal that counts holds `v<digit>` or "version": without either on its line (or in the file), its value is
  // not read (that costs calls into the parser).
  const strings = text === undefined || VERSION_WORD.test(text) ? nodesOfType(...STRING_TYPES) : [];
  for (const node of strings) {
    if (text !== undefined && !VERSION_WORD.test(lineFrom(text, node.startIndex, 220))) continue;
    const value = node.type === 'simple_symbol' ? node.text.slice(1) : stringValue(node);
    if (value === undefined || value.length > 200 || value.includes('://')) continue;
    if ((value.includes('/') && VERSION_SEGMENT.test(value)) || VERSION_HEADER.test(value)
      || (/^v\d+(\.\d+)?$/i.test(value) && PREFIX_CALL.test(callName(node.parent) ?? ''))) {
      found.push(node);
      if (first) return found;
    }
  }
  // NestJS `app.enableVersioning(...)`, `@Version('2')`, `@Controller({ version: '1' })`; Spring `version = "1"`.
  // The text test only skips files that cannot match; the syntax below decides.
  if (text !== undefined && !/version/i.test(text)) return found;
  for (const node of nodesOfType('property_identifier', 'identifier')) {
    let shows = node.text === 'enableVersioning' || node.text === 'VersioningType' || (node.text === 'Version' && node.parent?.parent?.type === 'decorator');
    if (!shows && node.text === 'version' && (node.parent?.type === 'pair' || node.parent?.type === 'element_value_pair')) {
      for (let p = node.parent.parent; p && !shows; p = p.parent) shows = p.type === 'decorator' || p.type === 'annotation';
    }
    if (shows) {
      found.push(node);
      if (first) return found;
    }
  }
  return found;
}

/** `apiSurface`: `{ routes: [{ method, path, line }], versioned }` — route registrations (client calls filtered out). */
export const apiSurfaceFact: FactExtractor = {
  key: 'apiSurface',
  languages: ['javascript', 'typescript', 'tsx', 'python', 'java', 'go', 'ruby', 'php'],
  extract: ctx => summarizeApiSurface(apiSurfaceEvidence(ctx).sort((a, b) => a.row - b.row)),
  byRows: { evidence: apiSurfaceEvidence, summarize: summarizeApiSurface },
};

/** Routes as pieces, each on its row (the routes fact reads them too). */
export function routeEvidence(ctx: FactContext): Evidence[] {
  return findRoutes(ctx.language, ctx.nodesOfType(...ROUTE_NODE_TYPES[ctx.language]), ctx.file)
    .map(r => ({ row: r.node.startPosition.row, value: { method: r.method, path: r.path } }));
}

function apiSurfaceEvidence(ctx: FactContext): Evidence[] {
  return [...routeEvidence(ctx), ...versioningEvidence(ctx.nodesOfType, ctx.text, false).map(n => ({ row: n.startPosition.row, value: 'versioned' }))];
}

function summarizeApiSurface(pieces: readonly Evidence[]): FactValue {
  const routes = pieces.filter(p => p.value !== 'versioned').map(p => ({ ...(p.value as { method: string; path: string }), line: p.row }));
  return { routes, versioned: pieces.some(p => p.value === 'versioned') };
}

export interface ApiSurfaceFact { routes: { method: string; path: string; line: number }[]; versioned: boolean }

/** Typed reader for `apiSurface`. */
export function apiSurfaceOf(facts: Readonly<Record<string, FactValue>> | undefined): ApiSurfaceFact {
  const value = facts?.apiSurface as unknown as ApiSurfaceFact | undefined;
  return value ?? { routes: [], versioned: false };
}
