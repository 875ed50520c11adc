/** The HTTP surface of a project, from the `apiSurface` facts of its non-test files (shared by api project rules). */
import type { ProjectRuleContext } from '../engine/project-context';
import { apiSurfaceOf } from './api-surface';

export interface ProjectRoute { file: string; method: string; path: string; line: number }

/** Operational endpoints that are not part of an API's contract with its consumers. */
const INFRA_PATH = /^\/?(health|healthz|healthcheck|health-check|ready|readyz|readiness|live|livez|liveness|ping|metrics|status|favicon\.ico|robots\.txt|static|assets|public|docs|swagger|swagger-ui|openapi|openapi\.json|api-docs|redoc|_ah)(\/|$)/i;

export function isInfraPath(path: string): boolean {
  return path === '' || path === '*' || path === '/*' || INFRA_PATH.test(path);
}

export interface ApiSurface {
  /** Route registrations outside tests, minus health/metrics/static/docs endpoints. */
  routes: ProjectRoute[];
  /** Some file shows versioning (a `/v1` prefix, a version header, NestJS versioning). */
  versioned: boolean;
}

export function projectApiSurface(ctx: ProjectRuleContext): ApiSurface {
  const routes: ProjectRoute[] = [];
  let versioned = false;
  for (const { file } of ctx.sourceFiles) {
    if (ctx.isTestFile(file)) continue;
    const surface = apiSurfaceOf(ctx.facts(file));
    if (surface.versioned) versioned = true;
    for (const r of surface.routes) if (!isInfraPath(r.path)) routes.push({ file, ...r });
  }
  return { routes, versioned };
}
