import type { ProjectRule } from '../../model';
import type { Ecosystem } from '../../analysis/manifests';
import { routesOf } from '../../analysis/facts';
import { isHealthPath, lifecycleOf } from '../../analysis/lifecycle';
import { findDependencies, findService, serviceImports } from '../../analysis/http-service';

/** Libraries that serve health endpoints: Actuator, @godaddy/terminus, @nestjs/terminus, lightship, django-health-check, laravel-health, health_check... */
const HEALTH_DEP = /health|terminus|^lightship$|under-pressure|^express-actuator$|^spring-boot-starter-actuator$|^micronaut-management$|^okcomputer$/;
/** Imports of health modules: gRPC health (`google.golang.org/grpc/health`), terminus, a project `./health` module. */
const HEALTH_IMPORT = /health|terminus|lightship|actuator/i;

export const healthEndpointMissing: ProjectRule = {
  id: 'operations/health-endpoint-missing',
  kind: 'project',
  meta: {
    title: 'HTTP service without a health endpoint',
    area: 'operations',
    defaultSeverity: 'warning',
    languages: [], // a project rule; the languages it reads are listed in its docs
    description: 'An HTTP service needs a cheap health/readiness endpoint (`/healthz`, `/readyz`, Actuator, `/up`) so load balancers and orchestrators stop sending traffic to an instance that cannot serve it and restart one that hangs.',
    references: ['Kubernetes: liveness, readiness and startup probes', 'The Twelve-Factor App IX (Disposability)', 'Microsoft Azure Architecture: Health Endpoint Monitoring pattern'],
    messages: {
      routes: 'This service registers {{count}} route(s) here but has no health or readiness endpoint anywhere: add `/healthz` (process is alive) and `/readyz` (dependencies reachable) for load balancers and orchestrator probes.',
      framework: 'This {{framework}} service has no health or readiness endpoint: add one ({{hint}}) so load balancers and orchestrator probes can take a broken instance out of rotation.',
      server: 'The server started here has no health or readiness endpoint: add `/healthz` and `/readyz` so load balancers and orchestrator probes can take a broken instance out of rotation.',
    },
  },
  checkProject(ctx) {
    const service = findService(ctx);
    if (!service || hasHealthEndpoint(ctx)) return;
    const [routes] = service.routeFiles;
    if (routes) {
      ctx.report({ file: routes.file, line: routes.line, messageId: 'routes', data: { count: routes.count } });
    } else if (service.framework) {
      const { dep, manifest } = service.framework;
      ctx.report({ file: manifest.file, line: dep.line, messageId: 'framework', data: { framework: dep.name, hint: HINTS[manifest.ecosystem] } });
    } else if (service.listens[0]) {
      ctx.report({ file: service.listens[0].file, line: service.listens[0].line, messageId: 'server' });
    }
  },
};

const HINTS: Record<Ecosystem, string> = {
  npm: '`/healthz` and `/readyz` routes, or @godaddy/terminus / lightship',
  pypi: 'a `/healthz` view, or django-health-check',
  maven: 'spring-boot-starter-actuator exposes `/actuator/health` with liveness and readiness groups',
  go: '`/healthz` and `/readyz` handlers',
  rubygems: 'Rails 7.1+ generates `get "up" => "rails/health#show"`',
  composer: "Laravel 11 `->withRouting(health: '/up')`, or a `/healthz` route",
};

/** A health route or path literal in the code, a health library, or an import of a health module. */
function hasHealthEndpoint(ctx: Parameters<ProjectRule['checkProject']>[0]): boolean {
  for (const [file, facts] of ctx.allFacts) {
    if (ctx.isTestFile(file)) continue;
    if (lifecycleOf(facts).health !== undefined) return true;
    if (routesOf(facts).some(r => isHealthPath(r.path))) return true;
  }
  if (findDependencies(ctx, HEALTH_DEP, { dev: true }).length) return true;
  for (const specifier of serviceImports(ctx)) if (HEALTH_IMPORT.test(specifier)) return true;
  return false;
}
