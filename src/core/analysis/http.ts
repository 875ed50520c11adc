import type { LanguageId } from '../model';
import type { SyntaxNode } from '../languages/parser';
import { sourceOf, stringValue } from './syntax';

/** An HTTP route registration found in code, with the function that handles it when it is written inline. */
export interface Route {
  /** Upper-case verb, or ANY for `app.use`, `@app.route` without methods, `HandleFunc`, `@RequestMapping`. */
  method: string;
  path: string;
  /** The registration: a call, a decorator or an annotation. */
  node: SyntaxNode;
  /** The handler function when it is defined at the registration (inline or decorated). */
  handler?: SyntaxNode;
}

const VERBS = new Set(['get', 'post', 'put', 'patch', 'delete', 'head', 'options', 'all', 'any']);
const FUNCTION_TYPES = new Set([
  'arrow_function', 'function_expression', 'function', 'func_literal', 'anonymous_function', 'arrow_function',
  'lambda', 'do_block', 'block', 'function_definition', 'method_declaration', 'method_definition',
]);

/** The node types `findRoutes` looks at, per language (so callers can use the shared node index). */
export const ROUTE_NODE_TYPES: Record<LanguageId, readonly string[]> = {
  javascript: ['call_expression', 'decorator'], typescript: ['call_expression', 'decorator'], tsx: ['call_expression', 'decorator'],
  python: ['decorator', 'call'],
  java: ['annotation', 'marker_annotation'],
  go: ['call_expression'],
  ruby: ['call'],
  php: ['scoped_call_expression', 'member_call_expression', 'attribute'],
};

function verbOf(name: string | undefined): string | undefined {
  if (!name) return undefined;
  const lower = name.toLowerCase();
  if (VERBS.has(lower)) return lower === 'all' || lower === 'any' ? 'ANY' : lower.toUpperCase();
  return undefined;
}

function firstStringArg(args: SyntaxNode | null): { value: string; index: number } | undefined {
  if (!args) return undefined;
  const list = args.namedChildren.filter((n): n is SyntaxNode => !!n && n.type !== 'comment');
  for (let i = 0; i < list.length; i++) {
    let arg = list[i]!;
    if (arg.type === 'argument') arg = arg.namedChild(0) ?? arg;
    const value = stringValue(arg);
    if (value !== undefined) return { value, index: i };
    return undefined; // the path is the first argument or there is none
  }
  return undefined;
}

function lastFunctionArg(args: SyntaxNode | null): SyntaxNode | undefined {
  const list = args?.namedChildren.filter((n): n is SyntaxNode => !!n) ?? [];
  for (let i = list.length - 1; i >= 0; i--) {
    const arg = list[i]!.type === 'argument' ? list[i]!.namedChild(0) : list[i]!;
    if (arg && FUNCTION_TYPES.has(arg.type)) return arg;
  }
  return undefined;
}

const looksLikePath = (p: string) => p.startsWith('/') || p === '*';

function annotationArgs(node: SyntaxNode): { name: string; path?: string } {
  const name = node.childForFieldName('name')?.text ?? '';
  const args = node.childForFieldName('arguments');
  let path: string | undefined;
  for (const arg of args?.namedChildren ?? []) {
    if (!arg) continue;
    if (arg.type === 'element_value_pair') {
      const key = arg.childForFieldName('key')?.text;
      const value = arg.childForFieldName('value');
      if ((key === 'value' || key === 'path') && value) path ??= stringValue(value) ?? stringValue(value.namedChild(0) ?? value);
    } else {
      path ??= stringValue(arg) ?? (arg.type === 'element_value_array_initializer' ? stringValue(arg.namedChild(0) ?? arg) : undefined);
    }
  }
  return { name, path };
}

function javaRoute(node: SyntaxNode): Route | undefined {
  const { name, path } = annotationArgs(node);
  const mapping = /^(Get|Post|Put|Patch|Delete|Request)Mapping$/.exec(name);
  const jaxrs = /^(GET|POST|PUT|PATCH|DELETE)$/.exec(name);
  const method = node.parent?.parent;
  if (method?.type !== 'method_declaration') return undefined;
  let verb: string | undefined;
  let routePath = path ?? '';
  if (mapping) verb = mapping[1] === 'Request' ? 'ANY' : mapping[1]!.toUpperCase();
  else if (jaxrs) {
    verb = jaxrs[1]!;
    const pathAnnotation = modifiersOf(method)?.namedChildren.find(m => m?.type === 'annotation' && m.childForFieldName('name')?.text === 'Path');
    routePath = pathAnnotation ? annotationArgs(pathAnnotation).path ?? '' : '';
  } else return undefined;
  // Class-level @RequestMapping / @Path prefix
  const cls = method.parent?.parent;
  const prefixAnnotation = cls?.type === 'class_declaration'
    ? modifiersOf(cls)?.namedChildren.find(m => m?.type === 'annotation' && /^(RequestMapping|Path)$/.test(m.childForFieldName('name')?.text ?? ''))
    : undefined;
  const prefix = prefixAnnotation ? annotationArgs(prefixAnnotation).path ?? '' : '';
  return { method: verb, path: joinPath(prefix, routePath), node, handler: method };
}

/** Django routes live in `urls.py` modules: `urlpatterns = [path('users/<int:pk>/', views.user), re_path(r'^v1/', ...)]`. */
const DJANGO_URLS = /(^|\/)urls\.py$/;

/** `path()`, `re_path()` or the old `url()` with a view (not `include()`, which mounts another urls module). */
function djangoRoute(call: SyntaxNode): Route | undefined {
  const fn = call.childForFieldName('function');
  const name = fn?.type === 'attribute' ? fn.childForFieldName('attribute')?.text : fn?.type === 'identifier' ? fn.text : undefined;
  if (name !== 'path' && name !== 're_path' && name !== 'url') return undefined;
  const args = call.childForFieldName('arguments');
  const route = firstStringArg(args);
  const view = args?.namedChildren.filter((a): a is SyntaxNode => !!a && a.type !== 'comment')[1];
  if (!route || !view || view.type === 'keyword_argument') return undefined;
  if (view.type === 'call' && /(^|\.)include$/.test(view.childForFieldName('function')?.text ?? '')) return undefined;
  const value = name === 'path' ? route.value : route.value.replace(/^\^/, '').replace(/\$$/, '');
  return { method: 'ANY', path: joinPath('', value), node: call };
}

function modifiersOf(node: SyntaxNode): SyntaxNode | undefined {
  return node.namedChildren.find(c => c?.type === 'modifiers') ?? undefined;
}

function joinPath(prefix: string, path: string): string {
  const joined = `${prefix.replace(/\/$/, '')}/${path.replace(/^\//, '')}`;
  return joined.startsWith('/') ? joined.replace(/\/$/, '') || '/' : `/${joined}`.replace(/\/$/, '') || '/';
}

/** Receivers that hold a router: `app`, `router`, `server`, `fastify`, `this.app`, `usersRouter`, `apiGroup`... */
const ROUTER_RECEIVER = /^(app|application|api|router|routes?|server|fastify|instance|hono|koa|r|e|g|group|mux|[a-z]\w*(App|Router|Routes|Route|Server|Api|API|Group))$/;
/** Arguments that are data, not a handler: an HTTP client call passes a config object or a body last. */
/** `api.post('/users', body)`: a client sending data, not a handler. */
const DATA_NAME = /^(body|data|payload|params|form|formData|values|input|json|options|opts|config|headers|user|item|record|entity|dto|request|req)$/;
const DATA_ARGUMENTS = new Set(['object', 'array', 'string', 'template_string', 'number', 'true', 'false', 'null', 'undefined']);

function lastSegment(node: SyntaxNode | null | undefined): string {
  if (!node) return '';
  if (node.type === 'call_expression') return '()';
  const property = node.childForFieldName('property') ?? node.childForFieldName('name');
  return (property ?? node).text.replace(/^\$/, '');
}

/**
 * `findRoutes` reads every `x.get('/path', ...)` as a route; an HTTP client call (`api.get('/users')`,
 * `cache.get('/k')`, Guzzle `$client->get('/x')`) looks the same. A registration has a router-like receiver and
 * a handler after the path.
 */
export function isRouteRegistration(route: Route, language: LanguageId): boolean {
  const node = route.node;
  if (language === 'javascript' || language === 'typescript' || language === 'tsx') {
    if (node.type !== 'call_expression') return true; // NestJS decorators
    const args = node.childForFieldName('arguments')?.namedChildren.filter((a): a is SyntaxNode => !!a && a.type !== 'comment') ?? [];
    const last = args[args.length - 1];
    if (args.length < 2 || !last || DATA_ARGUMENTS.has(last.type) || (last.type === 'identifier' && DATA_NAME.test(last.text))) return false;
    const name = lastSegment(node.childForFieldName('function')?.childForFieldName('object'));
    return name === '()' || ROUTER_RECEIVER.test(name);
  }
  if (language === 'php' && node.type === 'member_call_expression') {
    const args = node.childForFieldName('arguments')?.namedChildren.filter(a => a?.type === 'argument') ?? [];
    return args.length >= 2 && ROUTER_RECEIVER.test(lastSegment(node.childForFieldName('object')));
  }
  return true;
}

/** Route registrations in one file: Express/Koa/Fastify/NestJS, Flask/FastAPI, Spring/JAX-RS, net/http/Gin/Echo/Chi, Sinatra/Rails routes, Laravel/Slim. */
/**
 * Two facts and several rules ask for the same file's routes with the same (memoised) node list from the node
 * index; the answer is kept per list so the registrations are read once per file.
 */
const routesByNodes = new WeakMap<readonly SyntaxNode[], Route[]>();

export function findRoutes(language: LanguageId, nodes: readonly SyntaxNode[], file = ''): Route[] {
  let routes = routesByNodes.get(nodes);
  if (!routes) {
    routes = findRouteCandidates(language, nodes, file).filter(r => isRouteRegistration(r, language));
    routesByNodes.set(nodes, routes);
  }
  return routes;
}

const VERB_WORDS = 'get|post|put|patch|delete|head|options|all|any';
/**
 * What a file's text must hold for any branch below to find a route (verbs are read without case): most modules of a
 * backend register none, and reading every call's callee costs far more than this test.
 */
const JS_ROUTE_MENTIONS = new RegExp(`\\.\\s*(${VERB_WORDS}|use)\\b|@\\s*(Get|Post|Put|Patch|Delete|All)\\b`, 'i');
const ROUTE_MENTIONS: Record<LanguageId, RegExp> = {
  javascript: JS_ROUTE_MENTIONS, typescript: JS_ROUTE_MENTIONS, tsx: JS_ROUTE_MENTIONS,
  python: new RegExp(`\\.\\s*(${VERB_WORDS}|route|api_route)\\b`, 'i'),
  java: /Mapping\b|\b(GET|POST|PUT|PATCH|DELETE)\b/,
  go: new RegExp(`Handle|\\.\\s*(${VERB_WORDS})\\b`, 'i'),
  ruby: new RegExp(`\\b(${VERB_WORDS})\\b`, 'i'),
  php: new RegExp(`Route|(->|::)\\s*(${VERB_WORDS})\\b`, 'i'),
};

/** Whether a file with this text can register a route at all (a cheap test before any node is collected). */
export function mayHaveRoutes(language: LanguageId, text: string, file: string): boolean {
  return ROUTE_MENTIONS[language].test(text) || (language === 'python' && DJANGO_URLS.test(file));
}

function findRouteCandidates(language: LanguageId, nodes: readonly SyntaxNode[], file: string): Route[] {
  const routes: Route[] = [];
  if (!nodes.length || !mayHaveRoutes(language, sourceOf(nodes), file)) return routes;
  for (const node of nodes) {
    switch (language) {
      case 'javascript': case 'typescript': case 'tsx': {
        if (node.type === 'decorator') { // NestJS: @Get('path') on a method
          const call = node.namedChild(0);
          const fn = call?.type === 'call_expression' ? call.childForFieldName('function')?.text : call?.text;
          const verb = fn && /^(Get|Post|Put|Patch|Delete|All)$/.test(fn) ? verbOf(fn) : undefined;
          let next = node.nextNamedSibling;
          while (next && (next.type === 'comment' || next.type === 'decorator')) next = next.nextNamedSibling; // `@Get('x') // note`
          const method = node.parent?.type === 'method_definition' ? node.parent : next?.type === 'method_definition' ? next : undefined;
          if (verb && method) {
            const arg = call?.type === 'call_expression' ? firstStringArg(call.childForFieldName('arguments')) : undefined;
            routes.push({ method: verb, path: joinPath('', arg?.value ?? ''), node, handler: method });
          }
          break;
        }
        const fn = node.childForFieldName('function');
        if (fn?.type !== 'member_expression') break;
        const property = fn.childForFieldName('property')?.text;
        const verb = verbOf(property) ?? (property === 'use' ? 'ANY' : undefined);
        if (!verb) break; // most calls: read no arguments
        const args = node.childForFieldName('arguments');
        const path = firstStringArg(args);
        if (path && looksLikePath(path.value)) routes.push({ method: verb, path: path.value, node, handler: lastFunctionArg(args) });
        break;
      }
      case 'python': {
        if (node.type === 'call') {
          if (DJANGO_URLS.test(file)) { const route = djangoRoute(node); if (route) routes.push(route); }
          break;
        }
        const call = node.namedChild(0);
        if (call?.type !== 'call') break;
        const fn = call.childForFieldName('function');
        if (fn?.type !== 'attribute') break;
        const attr = fn.childForFieldName('attribute')?.text;
        let verb = verbOf(attr);
        const args = call.childForFieldName('arguments');
        if (attr === 'route' || attr === 'api_route') {
          const methods = args?.namedChildren.find(a => a?.type === 'keyword_argument' && a.childForFieldName('name')?.text === 'methods');
          const list = methods?.childForFieldName('value')?.namedChildren.map(m => (m ? stringValue(m) : undefined)).filter(Boolean) ?? [];
          verb = list.length === 1 ? list[0]!.toUpperCase() : list.length ? list.map(m => m!.toUpperCase()).join('|') : attr === 'route' ? 'GET' : 'ANY';
        }
        const path = firstStringArg(args);
        const definition = node.parent?.type === 'decorated_definition' ? node.parent.childForFieldName('definition') ?? undefined : undefined;
        if (verb && path && looksLikePath(path.value)) routes.push({ method: verb, path: path.value, node, handler: definition });
        break;
      }
      case 'java': {
        const route = javaRoute(node);
        if (route) routes.push(route);
        break;
      }
      case 'go': {
        const fn = node.childForFieldName('function');
        if (fn?.type !== 'selector_expression') break;
        const field = fn.childForFieldName('field')?.text ?? '';
        const handles = field === 'HandleFunc' || field === 'Handle';
        if (!handles && !verbOf(field)) break; // most calls: read no arguments
        const args = node.childForFieldName('arguments');
        const path = firstStringArg(args);
        if (!path) break;
        if (handles) {
          const m = /^(GET|POST|PUT|PATCH|DELETE|HEAD|OPTIONS)\s+(\/.*)$/.exec(path.value); // Go 1.22 patterns
          if (m) routes.push({ method: m[1]!, path: m[2]!, node, handler: lastFunctionArg(args) });
          else if (looksLikePath(path.value)) routes.push({ method: 'ANY', path: path.value, node, handler: lastFunctionArg(args) });
        } else {
          const verb = verbOf(field);
          if (verb && looksLikePath(path.value)) routes.push({ method: verb, path: path.value, node, handler: lastFunctionArg(args) });
        }
        break;
      }
      case 'ruby': {
        if (node.childForFieldName('receiver')) break;
        const verb = verbOf(node.childForFieldName('method')?.text);
        if (!verb) break;
        const path = firstStringArg(node.childForFieldName('arguments'));
        const inRoutesFile = /(^|\/)routes\.rb$/.test(file);
        if (verb && path && (looksLikePath(path.value) || inRoutesFile)) {
          routes.push({ method: verb, path: joinPath('', path.value), node, handler: node.childForFieldName('block') ?? undefined });
        }
        break;
      }
      case 'php': {
        if (node.type === 'attribute') { // Symfony #[Route('/path', methods: ['GET'])]
          if (node.namedChild(0)?.text !== 'Route') break;
          const path = firstStringArg(node.childForFieldName('parameters') ?? node.namedChild(1));
          const method = node.parent?.parent?.parent;
          if (path && looksLikePath(path.value)) routes.push({ method: 'ANY', path: path.value, node, handler: method?.type === 'method_declaration' ? method : undefined });
          break;
        }
        const name = node.childForFieldName('name')?.text;
        if (node.type === 'scoped_call_expression' && node.childForFieldName('scope')?.text !== 'Route') break;
        const verb = verbOf(name);
        if (!verb) break;
        const args = node.childForFieldName('arguments');
        const path = firstStringArg(args);
        if (path && looksLikePath(path.value)) routes.push({ method: verb, path: path.value, node, handler: lastFunctionArg(args) });
        break;
      }
    }
  }
  return routes;
}
