import type { Rule } from '../../model';
import { VERSION_SEGMENT } from '../../analysis/api-surface';
import { type ProjectRoute, projectApiSurface } from '../../analysis/api-project-routes';

/** Fewer routes than this is a tiny service or a single webhook: versioning is not worth a finding yet. */
const MIN_ROUTES = 3;

export const missingApiVersioning: Rule = {
  id: 'api/missing-api-versioning',
  kind: 'project',
  meta: {
    title: 'HTTP API without versioning',
    area: 'api',
    defaultSeverity: 'info',
    languages: [],
    description: 'The project exposes several HTTP routes and none carries a version (`/v1/...`, a versioned router prefix or a version header): the first breaking change will break every client at once.',
    references: ['Microsoft REST API Guidelines (versioning)', 'Google API Design Guide: versioning', 'OWASP API Security Top 10 2023 API9 (Improper Inventory Management)'],
    messages: {
      unversioned: 'This project exposes {{count}} HTTP routes and none is versioned (e.g. `{{example}}`): put them under a version prefix such as `/v1` (or version by header) so breaking changes can ship side by side.',
    },
  },
  checkProject(ctx) {
    const { routes, versioned } = projectApiSurface(ctx);
    if (versioned || routes.some(r => VERSION_SEGMENT.test(r.path))) return;
    const distinct = new Set(routes.map(r => `${r.method} ${r.path}`));
    if (distinct.size < MIN_ROUTES) return;
    // One finding, on the file that registers the most routes, at its first route.
    const byFile = new Map<string, ProjectRoute[]>();
    for (const r of routes) byFile.set(r.file, [...(byFile.get(r.file) ?? []), r]);
    const [file, list] = [...byFile].sort(([a, x], [b, y]) => y.length - x.length || a.localeCompare(b))[0]!;
    const first = [...list].sort((a, b) => a.line - b.line)[0]!;
    ctx.report({ file, line: first.line, messageId: 'unversioned', data: { count: distinct.size, example: `${first.method === 'ANY' ? 'GET' : first.method.split('|')[0]} ${first.path}` } });
  },
};
