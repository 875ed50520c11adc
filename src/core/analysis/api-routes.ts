/** Route helpers shared by the api rules (not a rule). */
import type { CodeRuleContext } from '../engine/rule-context';
import { type Route, ROUTE_NODE_TYPES, findRoutes, mayHaveRoutes } from './http';
import { isRouteRegistration } from './api-surface';

/** The route registrations of the file being checked (HTTP client calls that look like routes filtered out). */
export function routeRegistrations(ctx: CodeRuleContext): Route[] {
  if (!mayHaveRoutes(ctx.language, ctx.text, ctx.file)) return []; // before collecting any node
  return findRoutes(ctx.language, ctx.nodesOfType(...ROUTE_NODE_TYPES[ctx.language]), ctx.file)
    .filter(r => isRouteRegistration(r, ctx.language));
}
