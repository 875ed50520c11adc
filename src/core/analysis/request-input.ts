import type { LanguageId } from '../model';
import type { SyntaxNode } from '../languages/parser';
import { FUNCTION_TYPES } from './code-shapes';

/**
 * The access path of an expression built from its syntax: identifiers, property names, `()` for calls and `[]`
 * for subscripts — `req.body.name`, `request.args.get()`, `r.URL.Query().Get()`, `$_GET[]`, `params[]`,
 * `$request->input()` (PHP arrows read as dots). Undefined for anything that is not such a chain.
 */
export function accessPath(node: SyntaxNode, depth = 0): string | undefined {
  if (depth > 12) return undefined;
  switch (node.type) {
    case 'identifier': case 'property_identifier': case 'field_identifier': case 'constant': case 'this': case 'self':
    case 'shorthand_property_identifier':
      return node.text;
    case 'variable_name': // PHP $x
      return node.text;
    case 'member_expression': case 'attribute': case 'selector_expression': case 'field_access': case 'member_access_expression': {
      const object = node.childForFieldName('object') ?? node.childForFieldName('operand');
      const property = node.childForFieldName('property') ?? node.childForFieldName('attribute') ?? node.childForFieldName('field') ?? node.childForFieldName('name');
      if (!object || !property) return undefined;
      const base = accessPath(object, depth + 1);
      return base === undefined ? undefined : `${base}.${property.text}`;
    }
    case 'call_expression': case 'call': case 'method_invocation': case 'member_call_expression': case 'scoped_call_expression': {
      // JS/Go call_expression(function), Python call(function), Ruby call(receiver, method), Java method_invocation(object, name), PHP member_call_expression(object, name)
      const fn = node.childForFieldName('function');
      if (fn) { const base = accessPath(fn, depth + 1); return base === undefined ? undefined : `${base}()`; }
      const receiver = node.childForFieldName('receiver') ?? node.childForFieldName('object') ?? node.childForFieldName('scope');
      const name = node.childForFieldName('method') ?? node.childForFieldName('name');
      if (!name) return undefined;
      if (!receiver) return `${name.text}()`;
      const base = accessPath(receiver, depth + 1);
      return base === undefined ? undefined : `${base}.${name.text}()`;
    }
    case 'subscript_expression': case 'subscript': case 'element_reference': case 'index_expression': case 'array_access': {
      const object = node.childForFieldName('object') ?? node.childForFieldName('value') ?? node.childForFieldName('operand') ?? node.childForFieldName('array') ?? node.namedChild(0);
      if (!object) return undefined;
      const base = accessPath(object, depth + 1);
      return base === undefined ? undefined : `${base}[]`;
    }
    case 'await_expression': case 'parenthesized_expression': case 'non_null_expression': case 'as_expression': {
      const inner = node.namedChild(0);
      return inner ? accessPath(inner, depth + 1) : undefined;
    }
    default:
      return undefined;
  }
}

/** Access paths that read untrusted request input, per language (anchored at the start of the path). */
const SOURCES: Record<'js' | LanguageId, RegExp> = {
  js: /^(req|request|ctx\.request|c\.req|event)\.(body|query|params|headers|cookies|files|file|rawBody|queryStringParameters|pathParameters)\b|^ctx\.(query|querystring|params|headers|cookies)\b|^(req|request)\.(get|header|param)\(\)|^c\.req\.(param|query|json|header)\(\)/,
  javascript: /$^/, typescript: /$^/, tsx: /$^/,
  python: /^(request|self\.request|req)\.(args|form|json|values|data|files|cookies|headers|GET|POST|FILES|COOKIES|body|query_params|path_params|stream)\b|^(request|self\.request|req)\.get_json\(\)|^request\.(args|form|values|GET|POST|headers|cookies)\.get\(\)/,
  java: /^(request|req|httpRequest|servletRequest)\.(getParameter|getParameterValues|getParameterMap|getHeader|getHeaders|getQueryString|getInputStream|getReader|getCookies|getPathInfo|getRequestURI)\(\)/,
  go: /^(r|req|request)\.(URL\.Query\(\)|FormValue\(\)|PostFormValue\(\)|Form|PostForm|Body|Header|URL\.Path|URL\.RawQuery|Cookie\(\)|PathValue\(\))|^(c|ctx)\.(Param|Query|PostForm|DefaultQuery|DefaultPostForm|GetHeader|FormValue|QueryParam|Params|Body|GetRawData|Cookie)\(\)|^mux\.Vars\(\)/,
  ruby: /^(params|request\.(params|body|query_parameters|request_parameters|headers|cookies|env)|cookies)\b/,
  php: /^\$_(GET|POST|REQUEST|COOKIE|FILES|SERVER)\b|^\$(request|req)\.(input|get|query|post|all|json|cookie|header|file|getContent|getParsedBody|getQueryParams|getAttribute|route)\(\)|^\$request\.(request|query|attributes|cookies|headers|files)\b|^Input\.get\(\)|^request\(\)/,
};

/** The request-input expression `node` reads (`req.body.name` → "req.body"), or undefined. */
export function requestInput(node: SyntaxNode, language: LanguageId): string | undefined {
  const path = accessPath(node);
  if (!path) return undefined;
  const normalised = language === 'php' ? path.replace(/->/g, '.') : path;
  const family = language === 'javascript' || language === 'typescript' || language === 'tsx' ? 'js' : language;
  const pattern = SOURCES[family];
  const m = pattern.exec(normalised);
  if (m) return m[0];
  // Any name typed as a request: `(incoming: FastifyRequest)`, `HttpServletRequest in`, `in *http.Request`.
  const root = /^[^.[(]+/.exec(normalised)?.[0];
  if (!root) return undefined;
  let declared: string | undefined | null = null; // read once, and only for a path that would be a source
  for (const [type, receivers] of REQUEST_TYPES[family] ?? []) {
    for (const receiver of receivers) {
      const as = pattern.exec(receiver + normalised.slice(root.length));
      if (!as) continue;
      if (declared === null) declared = parameterType(node, root, language);
      if (declared !== undefined && type.test(declared)) return root + as[0].slice(receiver.length);
    }
  }
  return undefined;
}

/** Parameter types that make a name a request, with the receiver names the patterns above use for it. */
const REQUEST_TYPES: Partial<Record<'js' | LanguageId, [RegExp, string[]][]>> = {
  js: [
    [/^((express|e|http)\.)?(Request|FastifyRequest|NextRequest|NextApiRequest|IncomingMessage)\b/, ['req']],
    [/^((Koa|koa)\.)?(Context|ParameterizedContext|RouterContext)\b/, ['ctx', 'c']],
  ],
  python: [[/^(Request|HttpRequest|WSGIRequest|ASGIRequest|(starlette|fastapi|django)(\.\w+)*\.(Request|HttpRequest))$/, ['request']]],
  java: [[/^((jakarta|javax)\.servlet\.http\.)?HttpServletRequest$/, ['request']]],
  go: [[/^\*http\.Request$/, ['r']], [/^(\*gin\.Context|echo\.Context|\*fiber\.Ctx)$/, ['c']]],
  php: [[/^\\?(Illuminate\\Http\\)?Request$|(^|\\)ServerRequestInterface$/, ['$request']]],
};

/** The type written for parameter `name` of the nearest enclosing function that declares it, or undefined. */
function parameterType(node: SyntaxNode, name: string, language: LanguageId): string | undefined {
  for (let p = node.parent; p; p = p.parent) {
    if (!FUNCTION_TYPES.has(p.type)) continue;
    const type = parameterTypes(p, language).get(name);
    if (type !== undefined) return type;
  }
  return undefined;
}

const typesByFunction = new WeakMap<object, Map<number, Map<string, string>>>();

function parameterTypes(fn: SyntaxNode, language: LanguageId): Map<string, string> {
  let byStart = typesByFunction.get(fn.tree);
  if (!byStart) typesByFunction.set(fn.tree, (byStart = new Map()));
  let types = byStart.get(fn.startIndex);
  if (types) return types;
  types = new Map();
  const list = fn.childForFieldName('parameters');
  for (const param of list?.namedChildren ?? []) {
    if (!param) continue;
    const type = param.childForFieldName('type')?.text.replace(/^:\s*/, '').trim();
    if (!type) continue;
    // JS/TS `pattern`, Java/PHP/Go `name` (Go may declare several names for one type), Python's first identifier.
    const names = param.childrenForFieldName('name').filter((n): n is SyntaxNode => !!n);
    const pattern = param.childForFieldName('pattern');
    if (pattern) names.push(pattern);
    if (!names.length && language === 'python') { const id = param.namedChildren.find(c => c?.type === 'identifier'); if (id) names.push(id); }
    for (const n of names) types.set(n.text, type);
  }
  byStart.set(fn.startIndex, types);
  return types;
}

/** Java handler parameters bound to request input by annotation (`@RequestParam String q`). */
export function isAnnotatedRequestParameter(parameter: SyntaxNode): boolean {
  const modifiers = parameter.namedChildren.find(c => c?.type === 'modifiers');
  return !!modifiers?.namedChildren.some(m => (m?.type === 'annotation' || m?.type === 'marker_annotation')
    && /^(RequestParam|PathVariable|RequestBody|RequestHeader|CookieValue|QueryParam|PathParam|FormParam|HeaderParam|ModelAttribute)$/.test(m.childForFieldName('name')?.text ?? ''));
}
