import type { LanguageId } from '../model';
import type { SyntaxNode } from '../languages/parser';

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
  const pattern = language === 'javascript' || language === 'typescript' || language === 'tsx' ? SOURCES.js : SOURCES[language];
  const m = pattern.exec(normalised);
  return m ? m[0] : undefined;
}

/** Java handler parameters bound to request input by annotation (`@RequestParam String q`). */
export function isAnnotatedRequestParameter(parameter: SyntaxNode): boolean {
  const modifiers = parameter.namedChildren.find(c => c?.type === 'modifiers');
  return !!modifiers?.namedChildren.some(m => (m?.type === 'annotation' || m?.type === 'marker_annotation')
    && /^(RequestParam|PathVariable|RequestBody|RequestHeader|CookieValue|QueryParam|PathParam|FormParam|HeaderParam|ModelAttribute)$/.test(m.childForFieldName('name')?.text ?? ''));
}
