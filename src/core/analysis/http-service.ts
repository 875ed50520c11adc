/**
 * Shared evidence for the operations rules: is this workspace a long-running HTTP service, where does it start,
 * and which dependencies, imports and files does it carry. Read from manifests and per-file facts only.
 */
import type { LanguageId } from '../model';
import type { ProjectRuleContext } from '../engine/project-context';
import type { Dependency, Manifest } from './manifests';
import { importsOf, routesOf } from './facts';
import { lifecycleOf } from './lifecycle';
import { languageOf } from '../languages/languages';

/**
 * Folders and files that hold tooling, not the service: scripts at any depth; examples, docs and benchmarks at the
 * root (deeper, `examples` or `tools` is as likely a package name: `com/example/`, `internal/tools/`); build configuration.
 */
const TOOLING_PATH = /(^|\/)(scripts?|e2e|\.devcontainer)\/|^(tools?|examples?|samples?|docs?|benchmarks?|bench)\/|(^|\/)[^/]*\.config\.[cm]?[jt]s$|(^|\/)(gulpfile|gruntfile|webpack\.[^/]*|rollup\.[^/]*|vite\.[^/]*)\.[cm]?[jt]s$/i;

export function isToolingPath(file: string): boolean {
  return TOOLING_PATH.test(file);
}

/** Frameworks whose routes are declared where the route facts cannot see them (urls.py, `resources :users`, annotations on controllers in other modules): the dependency alone makes the project a service. */
const CONVENTION_FRAMEWORK = /^(@adonisjs\/core|sails|@loopback\/core|loopback|django|djangorestframework|pyramid|spring-boot-starter-web|spring-boot-starter-webflux|spring-boot-starter-jersey|quarkus-resteasy(-reactive)?|quarkus-rest|micronaut-http-server(-netty)?|dropwizard-core|helidon-webserver|rails|railties|hanami|laravel\/framework|laravel\/lumen-framework|symfony\/framework-bundle|cakephp\/cakephp|yiisoft\/yii2|codeigniter4\/framework|laminas\/laminas-mvc|mezzio\/mezzio)$/;
/**
 * Files that show a convention framework is used by an application, not by a reusable package (a Django app, a
 * Rails engine, a Symfony bundle): without one, the dependency alone is not a service.
 */
const APP_MARKERS: [RegExp, string[]][] = [
  [/^(django|djangorestframework|pyramid)$/, ['**/manage.py', '**/wsgi.py', '**/asgi.py', '**/settings.py', '**/settings/*.py', '**/{development,production}.ini']],
  [/^(rails|railties|hanami)$/, ['**/config/routes.rb', '**/config.ru', '**/config/application.rb']],
  [/^laravel\/(framework|lumen-framework)$/, ['**/artisan', '**/routes/*.php', '**/bootstrap/app.php']],
  [/^(symfony\/framework-bundle|cakephp\/cakephp|yiisoft\/yii2|codeigniter4\/framework|laminas\/laminas-mvc|mezzio\/mezzio)$/, ['**/index.php', '**/config/routes.{yaml,yml,php}', '**/config/routes/*', '**/src/Kernel.php']],
];

/** Frameworks whose routes and server start are visible in code: a dependency on them alone could be a library's. */
const ROUTED_FRAMEWORK = /^(express|koa|@koa\/router|koa-router|fastify|@nestjs\/core|@hapi\/hapi|hapi|restify|hono|polka|@feathersjs\/express|flask|fastapi|starlette|aiohttp|tornado|sanic|falcon|bottle|quart|litestar|cherrypy|javalin|vertx-web|jersey-server|github\.com\/gin-gonic\/gin|github\.com\/labstack\/echo(\/v\d+)?|github\.com\/go-chi\/chi(\/v\d+)?|github\.com\/gorilla\/mux|github\.com\/gofiber\/fiber(\/v\d+)?|github\.com\/julienschmidt\/httprouter|sinatra|grape|roda|padrino|slim\/slim)$/;
const JS_FRAMEWORK_MODULE = /^(express|koa|@koa\/router|koa-router|fastify|@nestjs\/[a-z-]+|hono|@hono\/[a-z-]+|@hapi\/hapi|hapi|restify|polka|(node:)?(http|https|http2))$/;
/** Functions behind an API gateway have no long-running process to probe, drain or scrape. */
const SERVERLESS_DEP = /^(serverless-http|@vendia\/serverless-express|@codegenie\/serverless-express|aws-serverless-express|@fastify\/aws-lambda|aws-lambda-fastify|@netlify\/functions|@vercel\/node|firebase-functions|@google-cloud\/functions-framework|@azure\/functions|mangum|zappa|chalice|functions-framework|azure-functions|serverless-wsgi|apig-wsgi|github\.com\/aws\/aws-lambda-go|github\.com\/awslabs\/aws-lambda-go-api-proxy|aws-serverless-java-container-[a-z0-9-]+|spring-cloud-function-adapter-aws|aws-lambda-java-core|lamby|jets|bref\/bref)$/;
const SERVERLESS_FILE = ['**/serverless.{yml,yaml,ts,js,json}', '**/samconfig.toml'];
/** Desktop, editor and mobile apps: a local server they start (an OAuth callback) is not a service. */
const CLIENT_APP_DEP = /^(electron|@types\/vscode|react-native|expo|@tauri-apps\/api)$/;

const JS_LANGUAGES: readonly LanguageId[] = ['javascript', 'typescript', 'tsx'];

/** Manifest dependency names compared in lower case with `_` as `-` (PyPI, Go module paths). */
export function normalName(name: string): string {
  return name.toLowerCase().replace(/_/g, '-');
}

export interface FoundDependency { dep: Dependency; manifest: Manifest }

/** Dependencies (runtime only unless `dev`) matching a pattern, across manifests; Go `// indirect` requirements are skipped. */
export function findDependencies(ctx: ProjectRuleContext, pattern: RegExp | ((name: string) => boolean), options: { dev?: boolean } = {}): FoundDependency[] {
  const test = typeof pattern === 'function' ? pattern : (name: string) => pattern.test(name);
  const out: FoundDependency[] = [];
  for (const manifest of ctx.manifests) {
    let lines: string[] | undefined;
    for (const dep of manifest.dependencies) {
      if (dep.dev && !options.dev) continue;
      const name = normalName(dep.name);
      if (!test(name) && !test(dep.name.toLowerCase())) continue;
      if (manifest.ecosystem === 'go') {
        lines ??= (ctx.readText(manifest.file) ?? '').split(/\r?\n/);
        if (/\/\/\s*indirect\b/.test(lines[dep.line] ?? '')) continue;
      }
      out.push({ dep, manifest });
    }
  }
  return out;
}

/** Source files that belong to the service: not tests, not tooling. */
export function serviceFiles(ctx: ProjectRuleContext): { file: string; language: LanguageId }[] {
  return ctx.sourceFiles.filter(s => !ctx.isTestFile(s.file) && !isToolingPath(s.file));
}

export function isServerless(ctx: ProjectRuleContext): boolean {
  if (findDependencies(ctx, SERVERLESS_DEP, { dev: true }).length) return true;
  return ctx.find(SERVERLESS_FILE).some(f => !ctx.isTestFile(f));
}

export interface RouteFile { file: string; count: number; line: number; serverImport: boolean }
export interface Listen { file: string; language: LanguageId; line: number; call: string; kind: 'server' | 'spring' }

export interface Service {
  /** Files that register routes, most routes first (files importing a server framework before others). */
  routeFiles: RouteFile[];
  /** Server start calls, in file order. */
  listens: Listen[];
  /** The first runtime dependency on a web framework, if any. */
  framework?: FoundDependency;
}

/**
 * The evidence that this workspace is a long-running HTTP service, or undefined when it is not one (a library,
 * a CLI, a serverless function). Routes and server starts in code count; a framework dependency alone counts
 * only for convention frameworks whose routes the facts cannot see (Django, Rails, Laravel, Spring Boot...).
 */
export function findService(ctx: ProjectRuleContext): Service | undefined {
  if (isServerless(ctx)) return undefined;
  const frameworks = findDependencies(ctx, name => CONVENTION_FRAMEWORK.test(name) || ROUTED_FRAMEWORK.test(name));
  const jsFramework = frameworks.some(f => f.manifest.ecosystem === 'npm');
  const routeFiles: RouteFile[] = [];
  const listens: Listen[] = [];
  for (const { file, language } of serviceFiles(ctx)) {
    const facts = ctx.facts(file);
    const routes = routesOf(facts);
    if (routes.length) {
      const serverImport = importsOf(facts).some(i => JS_FRAMEWORK_MODULE.test(i.specifier));
      // `api.get('/users')` in browser code is an HTTP client call: JS routes count with a server import or framework.
      if (!JS_LANGUAGES.includes(language) || serverImport || jsFramework) {
        routeFiles.push({ file, count: routes.length, line: Math.min(...routes.map(r => r.line)), serverImport: serverImport || !JS_LANGUAGES.includes(language) });
      }
    }
    const started = lifecycleOf(facts).listens ?? [];
    // `server.listen()` in a file without a server import counts when the project depends on a JS web framework
    // (`require('./app').listen(3000)`), not in a front-end project's dev-server script.
    if (started.length && JS_LANGUAGES.includes(language) && !jsFramework && !importsOf(facts).some(i => JS_FRAMEWORK_MODULE.test(i.specifier))) continue;
    for (const l of started) listens.push({ file, language, line: l.line, call: l.call, kind: l.kind });
  }
  const convention = frameworks.some(f => {
    const name = normalName(f.dep.name);
    if (!CONVENTION_FRAMEWORK.test(name)) return false;
    const markers = APP_MARKERS.find(([pattern]) => pattern.test(name))?.[1];
    return !markers || ctx.find(markers).some(file => !ctx.isTestFile(file));
  });
  if (!routeFiles.length && !listens.length && !convention) return undefined;
  if (!frameworks.length && findDependencies(ctx, CLIENT_APP_DEP, { dev: true }).length) return undefined;
  routeFiles.sort((a, b) => Number(b.serverImport) - Number(a.serverImport) || b.count - a.count || a.file.localeCompare(b.file));
  return { routeFiles, listens, framework: frameworks[0] };
}

/** Import specifiers of the non-test source files. */
export function* serviceImports(ctx: ProjectRuleContext): Generator<string> {
  for (const [file, facts] of ctx.allFacts) {
    if (ctx.isTestFile(file)) continue;
    for (const i of importsOf(facts)) yield i.specifier;
  }
}

/** `dockerfile.ts` is code and `Dockerfile.dockerignore` an ignore file, not Dockerfiles. */
const NOT_DOCKERFILE = /\.(dockerignore|md|markdown|rst|txt|json|ya?ml|sh|toml|lock|xml|html?|j2|tpl|erb)$/i;

/** Dockerfile-like files (`Dockerfile`, `Dockerfile.prod`, `api.Dockerfile`, `Containerfile`). */
export function dockerfiles(ctx: ProjectRuleContext): string[] {
  return ctx.find(['**/{Dockerfile,Containerfile}', '**/{Dockerfile,Containerfile}.*', '**/*.{Dockerfile,dockerfile}'], { nocase: true })
    .filter(f => !ctx.isTestFile(f) && !languageOf(f) && !NOT_DOCKERFILE.test(f));
}
