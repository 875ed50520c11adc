import type { Rule } from '../../model';
import { importsOf } from '../../analysis/facts';
import { projectApiSurface } from '../../analysis/api-project-routes';

/** Contract documents by name: OpenAPI/Swagger, GraphQL SDL, RAML, API Blueprint, TypeSpec. */
const CONTRACT_FILES = [
  '**/*{openapi,swagger}*.{yaml,yml,json}', '**/{openapi,swagger}/**/*.{yaml,yml,json}',
  '**/*.{graphql,graphqls,gql}', '**/*.raml', '**/*.apib', '**/*.tsp',
];
/** Other YAML/JSON files are opened (first lines only) to look for an `openapi:` / `swagger:` declaration. */
const DATA_FILES = '**/*.{yaml,yml,json}';
const NOT_CONTRACTS = /(^|\/)(package(-lock)?\.json|composer\.(json|lock)|tsconfig[^/]*\.json|jsconfig\.json|\.eslintrc[^/]*|\.prettierrc[^/]*|[^/]*lock[^/]*|\.github\/.*|\.gitlab-ci\.yml|docker-compose[^/]*|compose\.ya?ml|\.vscode\/.*|renovate\.json|\.babelrc|angular\.json|nx\.json|turbo\.json|vercel\.json|app\.json|\.?pre-commit[^/]*|mkdocs\.yml|codecov\.yml|\.backend-practices\.(json|yaml))$/;
const MAX_DATA_FILES = 400;
const DECLARES_CONTRACT = /^\s*["']?(openapi|swagger)["']?\s*:/m;

/** Libraries that generate or serve a contract from the code (FastAPI publishes OpenAPI by itself). */
const GENERATORS: readonly RegExp[] = [
  // npm
  /^(swagger-jsdoc|swagger-autogen|@nestjs\/swagger|@fastify\/swagger|fastify-swagger|tsoa|express-openapi|openapi-backend|@hono\/zod-openapi|@asteasolutions\/zod-to-openapi|hapi-swagger|@ts-rest\/open-api|@elysiajs\/swagger|feathers-swagger|@loopback\/rest|@nestjs\/graphql|apollo-server[\w-]*|@apollo\/server|type-graphql|graphql-yoga|mercurius|express-graphql|graphql-http)$/,
  // PyPI
  /^(fastapi|flasgger|flask-restx|flask-restplus|flask-smorest|apispec|drf-spectacular|drf-yasg|connexion|flask-openapi3|django-ninja|litestar|starlite|spectree|graphene[\w-]*|strawberry-graphql|ariadne)$/i,
  // Maven / Gradle
  /^(springdoc-openapi[\w-]*|springfox[\w-]*|swagger-annotations|swagger-core[\w-]*|smallrye-open-api[\w-]*|quarkus-smallrye-openapi|microprofile-openapi-api|graphql-java[\w-]*|spring-boot-starter-graphql|dgs-framework|graphql-dgs[\w-]*)$/,
  // Go modules
  /^github\.com\/(swaggo\/[\w-]+|go-swagger\/go-swagger|99designs\/gqlgen|graph-gophers\/graphql-go|danielgtaylor\/huma(\/v\d)?|deepmap\/oapi-codegen|oapi-codegen\/[\w-]+|ogen-go\/ogen|getkin\/kin-openapi)\b|^goa\.design\/goa/,
  // RubyGems
  /^(rswag|rswag-specs|rswag-api|rswag-ui|grape-swagger|apipie-rails|swagger-blocks|oas_rails|graphql)$/,
  // Composer
  /^(darkaonline\/l5-swagger|zircote\/swagger-php|nelmio\/api-doc-bundle|api-platform\/[\w-]+|dedoc\/scramble|vyuldashev\/laravel-openapi|nuwave\/lighthouse|rebing\/graphql-laravel|knuckleswtf\/scribe|webonyx\/graphql-php)$/,
];
/** The same generators seen from imports (for projects whose manifest is elsewhere). */
const GENERATOR_IMPORT = /^(swagger-jsdoc|swagger-autogen|@nestjs\/swagger|@fastify\/swagger|tsoa|@hono\/zod-openapi|@nestjs\/graphql|graphql|graphql-yoga|@apollo\/server|apollo-server[\w-]*|type-graphql)$|^(fastapi|flasgger|flask_restx|flask_smorest|apispec|drf_spectacular|drf_yasg|connexion|ninja|strawberry|graphene|ariadne)(\.|$)|^(io\.swagger|org\.springdoc|springfox|com\.netflix\.graphql)\b|^github\.com\/(swaggo|99designs\/gqlgen|danielgtaylor\/huma|ogen-go\/ogen)\b|^OpenApi\\/;

export const apiContractMissing: Rule = {
  id: 'api/api-contract-missing',
  kind: 'project',
  meta: {
    title: 'HTTP API without a contract',
    area: 'api',
    defaultSeverity: 'info',
    languages: [],
    description: 'The project exposes HTTP routes but has no machine-readable contract (OpenAPI/Swagger, GraphQL schema) and no library that generates one; consumers must read the code to integrate and breaking changes go unnoticed.',
    references: ['OpenAPI Specification 3.1', 'OWASP API Security Top 10 2023 API9 (Improper Inventory Management)', 'Microsoft REST API Guidelines'],
    messages: {
      missing: 'This project exposes {{count}} HTTP routes (e.g. `{{example}}` in {{file}}) but has no API contract: add an OpenAPI document or generate one ({{generators}}).',
    },
  },
  checkProject(ctx) {
    const { routes } = projectApiSurface(ctx);
    if (routes.length === 0) return;
    if (ctx.exists(CONTRACT_FILES, { nocase: true })) return;
    if (ctx.dependency(GENERATORS)) return;
    for (const { file } of ctx.sourceFiles) {
      if (importsOf(ctx.facts(file)).some(i => GENERATOR_IMPORT.test(i.specifier))) return;
    }
    // Any YAML/JSON document that declares itself an OpenAPI/Swagger contract, whatever its name.
    const candidates = ctx.find(DATA_FILES).filter(f => !NOT_CONTRACTS.test(f) && !ctx.isTestFile(f));
    const ranked = [...candidates.filter(f => /api|spec|doc|contract|schema/i.test(f)), ...candidates.filter(f => !/api|spec|doc|contract|schema/i.test(f))];
    for (const file of ranked.slice(0, MAX_DATA_FILES)) {
      const head = ctx.readText(file)?.slice(0, 2000);
      if (head && DECLARES_CONTRACT.test(head)) return;
    }
    const manifest = ctx.manifests.map(m => m.file).sort((a, b) => a.split('/').length - b.split('/').length || a.localeCompare(b))[0];
    const target = manifest ?? ctx.primaryFile() ?? routes[0]!.file;
    const ecosystem = ctx.manifests.find(m => m.file === manifest)?.ecosystem;
    const generators: Record<string, string> = {
      npm: 'swagger-jsdoc, @nestjs/swagger, @fastify/swagger, tsoa', pypi: 'FastAPI, drf-spectacular, flask-smorest, apispec',
      maven: 'springdoc-openapi', go: 'swaggo/swag, huma, oapi-codegen', rubygems: 'rswag, grape-swagger', composer: 'l5-swagger, zircote/swagger-php, scramble',
    };
    const first = routes[0]!;
    ctx.report({
      file: target, line: 0, messageId: 'missing',
      data: { count: new Set(routes.map(r => `${r.method} ${r.path}`)).size, example: `${first.method === 'ANY' ? 'GET' : first.method.split('|')[0]} ${first.path}`, file: first.file, generators: generators[ecosystem ?? ''] ?? 'an OpenAPI generator for your framework' },
    });
  },
};
