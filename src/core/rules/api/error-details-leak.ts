import type { LanguageId, Rule } from '../../model';
import type { SyntaxNode } from '../../languages/parser';
import type { CodeRuleContext } from '../../engine/rule-context';
import { descendants, phpFunctionName, stringValue } from '../../analysis/syntax';
import { findRoutes, ROUTE_NODE_TYPES } from '../../analysis/http';
import { Regions } from '../../analysis/code-shapes';

type Kind = 'stack' | 'message';
interface Leak { node: SyntaxNode; kind: Kind; /** The error variable the expression reads; undefined when none is needed (`traceback.format_exc()`). */ base?: string }

const FUNCTION_TYPES = new Set([
  'function_declaration', 'function_expression', 'arrow_function', 'method_definition', 'generator_function_declaration',
  'function', 'function_definition', 'lambda', 'method_declaration', 'constructor_declaration', 'func_literal', 'method',
  'singleton_method', 'anonymous_function', 'arrow_function', 'do_block', 'class_declaration', 'class_definition',
]);
/** Nodes whose children are statements: the climb from a leak to its sink stops below them. */
const CONTAINERS = new Set([
  'statement_block', 'block', 'compound_statement', 'body_statement', 'then', 'else', 'program', 'module', 'source_file',
  'statement_list', 'class_body', 'do_block', 'begin', 'rescue', 'ensure', 'switch_body', 'switch_case', 'switch_default',
  'expression_case', 'default_case', 'case_clause', 'if', 'unless', 'elsif', 'declaration_list',
]);
/** Calls that only test the message (`e.message.includes('timeout')`): the result is a boolean, not the text. */
const TESTING_METHODS = /^(includes|startsWith|endsWith|indexOf|match|test|search|contains|equals|equalsIgnoreCase|startswith|endswith|find|count|include\?|start_with\?|end_with\?|match\?|empty\?|nil\?|is_a\?|isEmpty|length|size|len|Contains|HasPrefix|HasSuffix|Is|As|str_contains|str_starts_with|preg_match|strpos|stripos|in_array|isinstance)$/;
const COMPARISONS = new Set(['==', '===', '!=', '!==', '<', '>', '<=', '>=', 'in', 'not in', 'is', 'is not', 'instanceof', '=~', '!~', '<=>']);
const LOGGER_ROOT = /^(console|logger|log|logging|LOG|LOGGER|Log|Logger|Rails|slog|zap|logrus|sentry|Sentry|errorLogger|winston|pino|syslog|error_log|trigger_error|warn|puts|print|p|pp)$/;
const LOGGER_METHOD = /^(log|debug|info|warn|warning|error|fatal|trace|exception|critical|notice|alert|emergency|captureException|captureMessage|Print|Printf|Println|Fatal|Fatalf|Fatalln|Panic|Panicf|Errorf|Sprintf|Sprint|Sprintln|Info|Infof|Warn|Warnf|Error|Debug|Debugf|Errorw|Infow|Warnw)$/;
/** Error-handler conditions that keep details to development (`NODE_ENV !== 'production'`, `app.debug`, `APP_DEBUG`). */
const DEV_ONLY = /^(NODE_ENV|APP_ENV|RAILS_ENV|FLASK_ENV|ENV|env|development|dev|DEBUG|debug|isDev|isDevelopment|isProduction|isProd|production|APP_DEBUG|app\.debug|local|development\?|production\?)$/;
const CLIENT_STATUS = /^(4\d\d)$|BAD_REQUEST|BadRequest|bad_request|badRequest|NOT_FOUND|NotFound|not_found|notFound|UNPROCESSABLE|Unprocessable|unprocessable|CONFLICT|Conflict|^conflict$|FORBIDDEN|Forbidden|^forbidden$|UNAUTHORIZED|Unauthorized|^unauthorized$|NOT_ACCEPTABLE|NotAcceptable|not_acceptable|HTTP_4\d\d|Status4\d\d|TOO_MANY_REQUESTS|TooManyRequests|too_many_requests|PRECONDITION|Precondition|precondition|METHOD_NOT_ALLOWED|MethodNotAllowed|method_not_allowed|PAYLOAD_TOO_LARGE|^GONE$|StatusGone|^gone$/;
const SERVER_STATUS = /^(5\d\d)$|INTERNAL_SERVER_ERROR|InternalServerError|internal_server_error|internalServerError|SERVICE_UNAVAILABLE|ServiceUnavailable|service_unavailable|BAD_GATEWAY|BadGateway|bad_gateway|HTTP_5\d\d|GATEWAY_TIMEOUT|GatewayTimeout/;

const JS = new Set<LanguageId>(['javascript', 'typescript', 'tsx']);

/** Candidate node types per language (asked once from the shared node index). */
const LEAK_TYPES: Record<LanguageId, readonly string[]> = {
  javascript: ['member_expression', 'call_expression', 'template_substitution', 'binary_expression'],
  typescript: ['member_expression', 'call_expression', 'template_substitution', 'binary_expression'],
  tsx: ['member_expression', 'call_expression', 'template_substitution', 'binary_expression'],
  python: ['call', 'attribute', 'interpolation', 'binary_operator'],
  java: ['method_invocation', 'binary_expression'],
  go: ['call_expression'], // `fmt.Fprintf(w, "%v", err)`: the error arguments are read from the call (see leaksOf)
  ruby: ['call', 'interpolation'],
  php: ['member_call_expression', 'cast_expression', 'encapsed_string', 'binary_expression', 'function_call_expression'],
};

/** Strip `(e as Error)`, `e!`, `(e)` down to the identifier. */
function unwrap(node: SyntaxNode | null | undefined): SyntaxNode | undefined {
  let n = node ?? undefined;
  while (n && (n.type === 'parenthesized_expression' || n.type === 'as_expression' || n.type === 'non_null_expression' || n.type === 'satisfies_expression' || n.type === 'type_assertion')) {
    n = n.namedChild(0) ?? undefined;
  }
  return n;
}

function identName(node: SyntaxNode | null | undefined): string | undefined {
  const n = unwrap(node);
  if (!n) return undefined;
  if (n.type === 'identifier') return n.text;
  if (n.type === 'variable_name') return n.text.replace(/^\$/, '');
  return undefined;
}

const ERR_NAME = /^(err|e|ex|exc|error|exception|\w+Err|\w+Error)$/;

/** Expressions that read an exception's message or stack. */
function leakOf(node: SyntaxNode, language: LanguageId): Leak | undefined {
  const base = (n: SyntaxNode | null | undefined) => identName(n);
  switch (language) {
    case 'javascript': case 'typescript': case 'tsx': {
      if (node.type === 'member_expression') {
        const prop = node.childForFieldName('property')?.text;
        const b = base(node.childForFieldName('object'));
        if (b && (prop === 'stack' || prop === 'message')) return { node, kind: prop === 'stack' ? 'stack' : 'message', base: b };
        return undefined;
      }
      if (node.type === 'call_expression') {
        const fn = node.childForFieldName('function');
        const args = node.childForFieldName('arguments')?.namedChildren ?? [];
        if (fn?.type === 'member_expression' && fn.childForFieldName('property')?.text === 'toString' && args.length === 0) {
          const b = base(fn.childForFieldName('object'));
          return b ? { node, kind: 'message', base: b } : undefined;
        }
        if ((fn?.text === 'String' || fn?.text === 'util.inspect' || fn?.text === 'inspect') && args.length >= 1) {
          const b = base(args[0]);
          return b ? { node, kind: fn.text === 'String' ? 'message' : 'stack', base: b } : undefined;
        }
        return undefined;
      }
      if (node.type === 'template_substitution') {
        const b = base(node.namedChild(0));
        return b ? { node, kind: 'message', base: b } : undefined;
      }
      if (node.type === 'binary_expression' && node.child(1)?.type === '+') {
        for (const side of [node.childForFieldName('left'), node.childForFieldName('right')]) {
          const b = base(side);
          if (b && side) return { node: side, kind: 'message', base: b };
        }
      }
      return undefined;
    }
    case 'python': {
      if (node.type === 'call') {
        const fn = node.childForFieldName('function')?.text ?? '';
        if (/^traceback\.(format_exc|format_exception|format_tb|format_stack)$|^(format_exc|format_exception)$/.test(fn)) return { node, kind: 'stack' };
        const args = node.childForFieldName('arguments')?.namedChildren ?? [];
        if ((fn === 'str' || fn === 'repr' || fn === 'format') && args.length === 1) {
          const b = base(args[0]);
          return b ? { node, kind: 'message', base: b } : undefined;
        }
        return undefined;
      }
      if (node.type === 'attribute') {
        const attr = node.childForFieldName('attribute')?.text ?? '';
        const b = base(node.childForFieldName('object'));
        if (b && /^(args|message|msg|strerror|__traceback__)$/.test(attr)) return { node, kind: attr === '__traceback__' ? 'stack' : 'message', base: b };
        return undefined;
      }
      if (node.type === 'interpolation') {
        const b = base(node.childForFieldName('expression') ?? node.namedChild(0));
        return b ? { node, kind: 'message', base: b } : undefined;
      }
      if (node.type === 'binary_operator' && node.child(1)?.type === '%') {
        const b = base(node.childForFieldName('right'));
        return b ? { node: node.childForFieldName('right')!, kind: 'message', base: b } : undefined;
      }
      return undefined;
    }
    case 'java': {
      if (node.type === 'method_invocation') {
        const name = node.childForFieldName('name')?.text ?? '';
        const object = node.childForFieldName('object');
        const args = node.childForFieldName('arguments')?.namedChildren ?? [];
        const b = base(object);
        if (b && /^(getMessage|getLocalizedMessage|toString)$/.test(name)) return { node, kind: 'message', base: b };
        if (b && name === 'getStackTrace') return { node, kind: 'stack', base: b };
        if (b && name === 'printStackTrace' && args.length === 1) return { node, kind: 'stack', base: b };
        const target = args.length === 1 ? base(args[0]) : undefined;
        if (target && /^(ExceptionUtils|Throwables)$/.test(object?.text ?? '') && /^(getStackTrace|getStackTraceAsString|getFullStackTrace)$/.test(name)) return { node, kind: 'stack', base: target };
        if (target && /^(ExceptionUtils|String)$/.test(object?.text ?? '') && /^(getMessage|getRootCauseMessage|valueOf)$/.test(name)) return { node, kind: 'message', base: target };
        return undefined;
      }
      if (node.type === 'binary_expression' && node.child(1)?.type === '+') {
        for (const side of [node.childForFieldName('left'), node.childForFieldName('right')]) {
          const b = base(side);
          if (b && side) return { node: side, kind: 'message', base: b };
        }
      }
      return undefined;
    }
    case 'go': {
      if (node.type === 'call_expression') {
        const fn = node.childForFieldName('function');
        const args = node.childForFieldName('arguments')?.namedChildren ?? [];
        if (fn?.text === 'debug.Stack') return { node, kind: 'stack' };
        // `x.Error()` with no arguments is the error interface.
        if (fn?.type === 'selector_expression' && fn.childForFieldName('field')?.text === 'Error' && args.length === 0 && fn.childForFieldName('operand')?.type === 'identifier') {
          return { node, kind: 'message' };
        }
        return undefined;
      }
      return undefined; // `fmt.Fprintf(w, "...%v", err)` is read by leaksOf
    }
    case 'ruby': {
      if (node.type === 'call') {
        const method = node.childForFieldName('method')?.text ?? '';
        const b = base(node.childForFieldName('receiver'));
        if (b && /^(message|to_s|inspect|detailed_message)$/.test(method)) return { node, kind: 'message', base: b };
        if (b && /^(backtrace|full_message|backtrace_locations)$/.test(method)) return { node, kind: 'stack', base: b };
        return undefined;
      }
      if (node.type === 'interpolation') {
        const b = base(node.namedChild(0));
        return b ? { node, kind: 'message', base: b } : undefined;
      }
      return undefined;
    }
    case 'php': {
      if (node.type === 'member_call_expression') {
        const name = node.childForFieldName('name')?.text ?? '';
        const b = base(node.childForFieldName('object'));
        if (b && /^(getMessage|__toString)$/.test(name)) return { node, kind: 'message', base: b };
        if (b && /^(getTraceAsString|getTrace|getFile|getLine)$/.test(name)) return { node, kind: 'stack', base: b };
        return undefined;
      }
      if (node.type === 'cast_expression') {
        const b = /string/i.test(node.childForFieldName('type')?.text ?? '') ? base(node.childForFieldName('value')) : undefined;
        return b ? { node, kind: 'stack', base: b } : undefined; // (string)$e is the full trace
      }
      if (node.type === 'encapsed_string') {
        const v = node.namedChildren.find(c => c?.type === 'variable_name');
        const b = v ? base(v) : undefined;
        return b && v ? { node: v, kind: 'stack', base: b } : undefined;
      }
      if (node.type === 'binary_expression' && node.child(1)?.type === '.') {
        for (const side of [node.childForFieldName('left'), node.childForFieldName('right')]) {
          const b = side?.type === 'variable_name' ? base(side) : undefined;
          if (b && side) return { node: side, kind: 'stack', base: b };
        }
        return undefined;
      }
      if (node.type === 'function_call_expression' && /^(var_dump|print_r)$/i.test(node.childForFieldName('function')?.text ?? '')) {
        const args = node.childForFieldName('arguments')?.namedChildren.filter(a => a?.type === 'argument') ?? [];
        const b = args.length === 1 ? base(args[0]!.namedChild(0)) : undefined;
        return b ? { node, kind: 'stack', base: b } : undefined;
      }
      return undefined;
    }
  }
  return undefined;
}

/** The leaks a candidate holds: one expression, or in Go each error argument of a `fmt.Sprint*`/`Fprint*` call. */
function leaksOf(node: SyntaxNode, language: LanguageId): Leak[] {
  const leak = leakOf(node, language);
  if (leak || language !== 'go' || !GO_FMT_PRINT.test(node.childForFieldName('function')?.text ?? '')) return leak ? [leak] : [];
  const args = node.childForFieldName('arguments')?.namedChildren ?? [];
  return args.filter((a): a is SyntaxNode => a?.type === 'identifier' && ERR_NAME.test(a.text)).map(a => ({ node: a, kind: 'message' as const }));
}

const GO_FMT_PRINT = /^fmt\.(Sprint|Sprintf|Sprintln|Fprint|Fprintf|Fprintln)$/;

// ---------------------------------------------------------------------------------------------------------------
// Is the variable an exception? (bound by catch/except/rescue, or an error-handler parameter)

function paramName(p: SyntaxNode): string | undefined {
  if (p.type === 'identifier') return p.text;
  const pattern = p.childForFieldName('pattern') ?? p.childForFieldName('name');
  return pattern?.text.replace(/^\$/, '');
}

function paramsOf(fn: SyntaxNode): SyntaxNode[] {
  const single = fn.childForFieldName('parameter');
  if (single) return [single];
  return (fn.childForFieldName('parameters')?.namedChildren ?? []).filter((p): p is SyntaxNode => !!p && p.type !== 'comment');
}

const ERROR_TYPE = /(^|[.\\])(\w*Error|\w*Exception|Throwable)$/;

/** The names a catch/except/rescue clause or an error handler's parameters bind to an exception. */
function errorNamesBound(scope: SyntaxNode, language: LanguageId): string[] {
  const named = (text: string | undefined) => (text ? [text] : []);
  switch (scope.type) {
    case 'catch_clause': {
      if (JS.has(language)) return named(scope.childForFieldName('parameter')?.text);
      if (language === 'java') return named(scope.namedChildren.find(c => c?.type === 'catch_formal_parameter')?.childForFieldName('name')?.text);
      if (language === 'php') return named(scope.childForFieldName('name')?.text.replace(/^\$/, ''));
      return [];
    }
    case 'except_clause':
      return named(scope.namedChildren.find(c => c?.type === 'as_pattern')?.childForFieldName('alias')?.text);
    case 'rescue':
      return named(scope.childForFieldName('variable')?.namedChild(0)?.text);
  }
  if (!FUNCTION_TYPES.has(scope.type) || scope.type.startsWith('class')) return [];
  const params = paramsOf(scope);
  const names: string[] = [];
  params.forEach((param, index) => {
    const name = paramName(param);
    if (name !== undefined && isErrorParam(scope, param, index, params.length, language)) names.push(name);
  });
  return names;
}

function isErrorParam(scope: SyntaxNode, param: SyntaxNode, index: number, count: number, language: LanguageId): boolean {
  // Typed as an exception: `(err: Error)`, `Exception ex`, `Throwable $e`.
  const type = param.childForFieldName('type')?.text.replace(/^:\s*/, '');
  if (type && ERROR_TYPE.test(type.trim())) return true;
  if (JS.has(language)) {
    // Express error middleware `(err, req, res, next)`; promise `.catch(err => ...)`; `.on('error', err => ...)`.
    if (index === 0 && count === 4) return true;
    const call = scope.parent?.type === 'arguments' ? scope.parent.parent : undefined;
    const method = call?.childForFieldName('function')?.childForFieldName('property')?.text;
    return index === 0 && method === 'catch';
  }
  if (language === 'python') {
    // Flask `@app.errorhandler(...)`, FastAPI `@app.exception_handler(...)`.
    const decorated = scope.parent?.type === 'decorated_definition' ? scope.parent : undefined;
    return !!decorated?.namedChildren.some(d => d?.type === 'decorator' && /\.(errorhandler|exception_handler|register_error_handler)\b/.test(d.text));
  }
  return false;
}

function bindsError(scope: SyntaxNode, name: string, language: LanguageId): boolean {
  return errorNamesBound(scope, language).includes(name);
}

/** Where an error variable can be in scope: the clauses and handlers that bind one (a cheap pre-check per candidate). */
function errorScopes(ctx: CodeRuleContext): Regions {
  const { language, text } = ctx;
  const scopes = ctx.nodesOfType('catch_clause', 'except_clause', 'rescue').filter(clause => errorNamesBound(clause, language).length > 0);
  // Reading every function's parameters is costly: first rule out, from the text, the ways a function binds an error.
  const typed = /Error|Exception|Throwable/.test(text);
  const promiseCatch = JS.has(language) && text.includes('catch');
  const pythonHandler = language === 'python' && /errorhandler|exception_handler|register_error_handler/.test(text);
  for (const fn of ctx.nodesOfType(...FUNCTION_TYPES)) {
    const plausible = typed || pythonHandler || promiseCatch && fn.parent?.type === 'arguments'
      || JS.has(language) && (fn.childForFieldName('parameters')?.namedChildCount ?? 0) >= 4; // error middleware
    if (plausible && errorNamesBound(fn, language).length > 0) scopes.push(fn);
  }
  return new Regions(scopes);
}

function isErrorVariable(leak: Leak, language: LanguageId): boolean {
  if (language === 'go' || leak.base === undefined) return true; // Go: `.Error()` is the error interface; no binder to find
  for (let p = leak.node.parent; p; p = p.parent) {
    if (bindsError(p, leak.base, language)) return true;
    // A class body or file ends the search.
    if (p.type === 'class_body' || p.type === 'program' || p.type === 'module') break;
  }
  return false;
}

// ---------------------------------------------------------------------------------------------------------------
// Does the expression reach the client? Climb from the leak to a response sink.

interface CallParts { name: string; root?: string; receiver?: SyntaxNode; callee?: SyntaxNode; args?: SyntaxNode }

function rootName(node: SyntaxNode | null | undefined): string | undefined {
  let n = unwrap(node);
  for (let i = 0; n && i < 10; i++) {
    if (n.type === 'identifier' || n.type === 'constant' || n.type === 'name' || n.type === 'this' || n.type === 'type_identifier') return n.text;
    if (n.type === 'variable_name') return n.text.replace(/^\$/, '');
    const next: SyntaxNode | null | undefined = n.childForFieldName('object') ?? n.childForFieldName('operand') ?? n.childForFieldName('function') ?? n.childForFieldName('receiver') ?? n.childForFieldName('value');
    n = unwrap(next);
  }
  return undefined;
}

function callParts(node: SyntaxNode): CallParts | undefined {
  switch (node.type) {
    case 'call_expression': { // JS, Go
      const fn = node.childForFieldName('function');
      const args = node.childForFieldName('arguments') ?? undefined;
      if (fn?.type === 'member_expression' || fn?.type === 'selector_expression') {
        const receiver = fn.childForFieldName('object') ?? fn.childForFieldName('operand') ?? undefined;
        return { name: (fn.childForFieldName('property') ?? fn.childForFieldName('field'))?.text ?? '', root: rootName(receiver), receiver, callee: fn, args };
      }
      return { name: fn?.text ?? '', callee: fn ?? undefined, args };
    }
    case 'new_expression': case 'object_creation_expression': {
      const type = node.childForFieldName('constructor') ?? node.childForFieldName('type') ?? node.namedChildren.find(c => c?.type === 'name' || c?.type === 'qualified_name');
      const args = node.childForFieldName('arguments') ?? node.namedChildren.find(c => c?.type === 'arguments') ?? undefined;
      return { name: `new ${(type?.text ?? '').replace(/<.*$/, '').replace(/^.*[.\\]/, '')}`, callee: type ?? undefined, args };
    }
    case 'call': { // Python call(function, arguments) / Ruby call(receiver, method, arguments)
      const fn = node.childForFieldName('function');
      const args = node.childForFieldName('arguments') ?? undefined;
      if (fn) {
        const last = fn.type === 'attribute' ? fn.childForFieldName('attribute')?.text : fn.text;
        return { name: last ?? '', root: rootName(fn.type === 'attribute' ? fn.childForFieldName('object') : undefined), receiver: fn.type === 'attribute' ? fn.childForFieldName('object') ?? undefined : undefined, callee: fn, args };
      }
      const receiver = node.childForFieldName('receiver') ?? undefined;
      return { name: node.childForFieldName('method')?.text ?? '', root: rootName(receiver), receiver, callee: receiver, args };
    }
    case 'method_invocation': case 'member_call_expression': case 'nullsafe_member_call_expression': case 'scoped_call_expression': {
      const receiver = node.childForFieldName('object') ?? node.childForFieldName('scope') ?? undefined;
      return { name: node.childForFieldName('name')?.text ?? '', root: rootName(receiver), receiver, callee: receiver, args: node.childForFieldName('arguments') ?? undefined };
    }
    case 'function_call_expression':
      return { name: phpFunctionName(node.childForFieldName('function')?.text ?? ''), callee: node.childForFieldName('function') ?? undefined, args: node.childForFieldName('arguments') ?? undefined };
  }
  return undefined;
}

const JS_RESPONSE_ROOT = /^(res|response|resp|reply|rep|ctx|c|context|h|NextResponse|Response)$/;
const JS_RESPONSE_METHOD = /^(send|json|jsonp|end|write|render|text|html|body)$/;
const PY_RESPONSE = /^(jsonify|make_response|Response|JSONResponse|JsonResponse|HttpResponse|HttpResponseServerError|StreamingHttpResponse|PlainTextResponse|HTMLResponse|ORJSONResponse|UJSONResponse|abort|HTTPException|APIException|render_template_string)$/;
const GO_CTX_METHOD = /^(JSON|String|IndentedJSON|PureJSON|SecureJSON|AbortWithStatusJSON|XML|YAML|HTML|SendString|Send|JSONP|Data|Blob|JSONBlob|HTMLBlob)$/;

interface SinkContext { language: LanguageId; /** Start offsets of functions whose return value is the response. */ handlers: Set<number>; goWriters: Set<string>; goContexts: Set<string> }

function isSinkCall(call: SyntaxNode, parts: CallParts, ctx: SinkContext): boolean {
  const { name, root } = parts;
  switch (ctx.language) {
    case 'javascript': case 'typescript': case 'tsx':
      if (name === 'new Response' || name === 'new NextResponse') return true;
      return JS_RESPONSE_METHOD.test(name) && !!root && JS_RESPONSE_ROOT.test(root);
    case 'python':
      // Flask's `abort(...)` is called bare (or as `flask.abort`); `self.abort(...)` is somebody else's method.
      if (!PY_RESPONSE.test(name) || !(!parts.receiver || /^(flask|fastapi|starlette\.responses|django\.http|responses|web|status)$/.test(parts.receiver.text) || /Response$/.test(name))) return false;
      // FastAPI/Starlette `HTTPException(status_code=…)`; http.client's and urllib3's HTTPException(msg) are plain errors.
      if (name === 'HTTPException') return /status_code\s*=|^\(\s*(\d{3}|status\.|HTTPStatus\.)/.test(parts.args?.text ?? '');
      return true;
    case 'java': {
      if (/^(body|entity|sendError|forStatusAndDetail)$/.test(name)) return true;
      if (name === 'ok') return /^(ResponseEntity|Response)$/.test(root ?? '');
      if (name === 'new ResponseEntity') return true;
      if (/^(write|print|println|printf|append|format)$/.test(name)) {
        const receiver = parts.receiver?.text ?? '';
        return /getWriter|getOutputStream/.test(receiver) || /^(writer|out|pw|printWriter)$/.test(receiver);
      }
      return false;
    }
    case 'go': {
      const fn = call.childForFieldName('function')?.text ?? '';
      if (fn === 'http.Error' || fn === 'echo.NewHTTPError') return true;
      const first = parts.args?.namedChild(0)?.text ?? '';
      if (/^(fmt\.(Fprint|Fprintf|Fprintln)|io\.WriteString)$/.test(fn)) return ctx.goWriters.has(first);
      if ((name === 'Write' || name === 'WriteString') && parts.receiver?.type === 'identifier') return ctx.goWriters.has(parts.receiver.text);
      if (name === 'Encode' && /^json\.NewEncoder$/.test(parts.receiver?.childForFieldName('function')?.text ?? '')) {
        return ctx.goWriters.has(parts.receiver?.childForFieldName('arguments')?.namedChild(0)?.text ?? '');
      }
      return GO_CTX_METHOD.test(name) && !!root && ctx.goContexts.has(root);
    }
    case 'ruby':
      return !parts.receiver && /^(render|halt|json|body|send_data|error!)$/.test(name);
    case 'php':
      if (/^(die|exit|response|printf|vprintf)$/.test(name)) return true;
      if (/^new \w*Response$/.test(name)) return true;
      if (/^(json|withJson|setContent)$/.test(name)) return true;
      if (name === 'write') return /getBody\(\)$/.test(parts.receiver?.text ?? '');
      return false;
  }
  return false;
}

function isLoggerCall(parts: CallParts): boolean {
  if (parts.root && LOGGER_ROOT.test(parts.root)) return true;
  if (!parts.receiver && LOGGER_ROOT.test(parts.name)) return true;
  return !!parts.root && /log/i.test(parts.root) && LOGGER_METHOD.test(parts.name);
}

const CALL_TYPES = new Set(['call_expression', 'new_expression', 'object_creation_expression', 'call', 'method_invocation', 'member_call_expression', 'nullsafe_member_call_expression', 'scoped_call_expression', 'function_call_expression']);

/** The sink the leak flows into, or undefined (logged, compared, thrown, or returned from a plain function). */
function sinkOf(leak: SyntaxNode, ctx: SinkContext): SyntaxNode | undefined {
  let cur = leak;
  for (let depth = 0; depth < 16; depth++) {
    const parent = cur.parent;
    if (!parent || FUNCTION_TYPES.has(parent.type) || CONTAINERS.has(parent.type)) return undefined;
    if (CALL_TYPES.has(parent.type)) {
      const parts = callParts(parent);
      if (!parts) return undefined;
      const inArgs = !!parts.args && cur.startIndex >= parts.args.startIndex && cur.endIndex <= parts.args.endIndex;
      if (!inArgs && cur === leak && isSinkCall(parent, parts, ctx) && ctx.language === 'ruby') return parent; // Ruby: `halt e.message` parses without parens
      if (!inArgs) {
        // `e.message.includes('x')`: a test on the text, not the text.
        if (TESTING_METHODS.test(parts.name)) return undefined;
      } else {
        if (isSinkCall(parent, parts, ctx)) return parent;
        if (isLoggerCall(parts) || TESTING_METHODS.test(parts.name)) return undefined;
      }
      cur = parent;
      continue;
    }
    switch (parent.type) {
      case 'binary_expression': case 'binary_operator': case 'comparison_operator': case 'boolean_operator': {
        const op = parent.children.find(c => c && !c.isNamed)?.type ?? '';
        if (parent.type === 'comparison_operator' || COMPARISONS.has(op)) return undefined;
        break;
      }
      case 'ternary_expression': case 'conditional_expression': case 'conditional':
        if (parent.childForFieldName('condition')?.equals(cur) || (parent.type !== 'ternary_expression' && parent.namedChild(0)?.equals(cur))) return undefined;
        break;
      case 'assignment_expression': case 'augmented_assignment_expression': {
        // Koa: `ctx.body = ...`, `ctx.response.body = ...`
        if (!parent.childForFieldName('right')?.equals(cur)) return undefined;
        const left = parent.childForFieldName('left')?.text ?? '';
        return JS.has(ctx.language) && /^(ctx|this|context)(\.response)?\.(body|message)$/.test(left) ? parent : undefined;
      }
      case 'return_statement': case 'return': {
        if (!(ctx.language === 'python' || ctx.language === 'java')) return undefined;
        const fn = enclosingFunction(parent);
        return fn && ctx.handlers.has(fn.startIndex) ? parent : undefined;
      }
      case 'echo_statement': case 'print_intrinsic': case 'exit_statement':
        return parent;
      case 'raise_statement': case 'throw_statement': case 'throw_expression':
        return undefined;
      case 'variable_declarator': case 'assignment': case 'short_var_declaration': case 'assignment_statement': case 'lexical_declaration': case 'local_variable_declaration':
        return undefined;
    }
    cur = parent;
  }
  return undefined;
}

function enclosingFunction(node: SyntaxNode): SyntaxNode | undefined {
  for (let p = node.parent; p; p = p.parent) if (FUNCTION_TYPES.has(p.type) && !p.type.startsWith('class')) return p;
  return undefined;
}

/** The statement that holds the sink: where the status code of the response is written. */
function statementOf(node: SyntaxNode): SyntaxNode {
  let n = node;
  while (n.parent && !CONTAINERS.has(n.parent.type) && !FUNCTION_TYPES.has(n.parent.type)) n = n.parent;
  return n;
}

const LEAF_STATUS_TYPES = new Set([
  'number', 'integer', 'decimal_integer_literal', 'int_literal', 'identifier', 'property_identifier', 'field_identifier',
  'constant', 'simple_symbol', 'name', 'type_identifier', 'hash_key_symbol',
]);

/** A response that explicitly answers 4xx (and not 5xx): the message explains the client's own mistake. */
function isClientErrorResponse(statement: SyntaxNode): boolean {
  let client = false;
  for (const n of descendants(statement)) {
    if (!LEAF_STATUS_TYPES.has(n.type)) continue;
    const text = n.text.replace(/^:/, '');
    if (SERVER_STATUS.test(text)) return false;
    if (CLIENT_STATUS.test(text)) client = true;
  }
  return client;
}

/** Details guarded by `NODE_ENV !== 'production'`, `app.debug`, `Rails.env.development?`... are for developers. */
function devOnly(leak: SyntaxNode): boolean {
  for (let p = leak.parent, child: SyntaxNode = leak; p && !FUNCTION_TYPES.has(p.type); child = p, p = p.parent) {
    const condition = p.childForFieldName('condition');
    if (!condition || condition.equals(child)) continue;
    for (const n of descendants(condition)) {
      const value = stringValue(n) ?? (n.namedChildCount === 0 ? n.text : undefined);
      if (value !== undefined && DEV_ONLY.test(value)) return true;
    }
  }
  return false;
}

function goHandlerParams(leak: SyntaxNode): { writers: Set<string>; contexts: Set<string> } {
  const writers = new Set<string>();
  const contexts = new Set<string>();
  for (let p = leak.parent; p; p = p.parent) {
    if (p.type !== 'function_declaration' && p.type !== 'method_declaration' && p.type !== 'func_literal') continue;
    for (const param of p.childForFieldName('parameters')?.namedChildren ?? []) {
      if (param?.type !== 'parameter_declaration') continue;
      const type = param.childForFieldName('type')?.text ?? '';
      const names = param.namedChildren.filter(c => c?.type === 'identifier').map(c => c!.text);
      if (type === 'http.ResponseWriter') names.forEach(n => writers.add(n));
      if (/^\*?(gin\.Context|echo\.Context|fiber\.Ctx)$/.test(type)) names.forEach(n => contexts.add(n));
    }
  }
  return { writers, contexts };
}

/** Functions whose return value is the response: route handlers and exception handlers. */
function responseFunctions(ctx: CodeRuleContext): Set<number> {
  const out = new Set<number>();
  if (ctx.language !== 'python' && ctx.language !== 'java') return out;
  for (const route of findRoutes(ctx.language, ctx.nodesOfType(...ROUTE_NODE_TYPES[ctx.language]), ctx.file)) if (route.handler) out.add(route.handler.startIndex);
  if (ctx.language === 'python') {
    for (const d of ctx.nodesOfType('decorator')) {
      if (!/\.(errorhandler|exception_handler)\b/.test(d.text)) continue;
      const def = d.parent?.type === 'decorated_definition' ? d.parent.childForFieldName('definition') : undefined;
      if (def) out.add(def.startIndex);
    }
  } else {
    for (const a of ctx.nodesOfType('annotation', 'marker_annotation')) {
      if (a.childForFieldName('name')?.text !== 'ExceptionHandler') continue;
      const method = a.parent?.parent;
      if (method?.type === 'method_declaration') out.add(method.startIndex);
    }
  }
  return out;
}

export const errorDetailsLeak: Rule = {
  id: 'api/error-details-leak',
  // Python and Java handlers are found through route registrations, which may be other declarations.
  locality: { declaration: ['javascript', 'typescript', 'tsx', 'go', 'ruby'] },
  meta: {
    title: 'Exception details sent to the client',
    area: 'api',
    defaultSeverity: 'warning',
    languages: ['javascript', 'typescript', 'tsx', 'python', 'java', 'go', 'ruby', 'php'],
    description: 'Stack traces and exception messages in HTTP responses reveal file paths, SQL, library versions and hostnames to attackers; log them server-side and answer with a generic message.',
    cwe: ['CWE-209', 'CWE-497'],
    references: ['OWASP ASVS v5 16.5.1', 'OWASP API Security Top 10 2023 API8 (Security Misconfiguration)', 'OWASP Top 10 2021 A05'],
    messages: {
      stack: 'The stack trace of this exception is sent to the client: log it server-side and return a generic error with a correlation id.',
      message: "`{{expression}}` puts the exception's message in an error response: internal details (SQL, paths, hosts) reach the client. Log it and return a generic message.",
    },
  },
  check(ctx) {
    if (ctx.isTestFile) return;
    // Outside Go, a leak reads a variable that a catch clause or an error handler binds (or, in Python, calls
    // traceback.format_exc() anywhere): candidates elsewhere are dropped before reading them.
    const scopes = ctx.language === 'go' ? undefined : errorScopes(ctx);
    if (scopes?.empty && ctx.language !== 'python') return;
    let handlers: ReturnType<typeof responseFunctions> | undefined;
    const reported = new Set<number>();
    for (const node of ctx.nodesOfType(...LEAK_TYPES[ctx.language])) {
      if (scopes && !scopes.covers(node) && !(ctx.language === 'python' && node.type === 'call')) continue;
      for (const leak of leaksOf(node, ctx.language)) {
        if (reported.has(leak.node.startIndex)) continue;
        if (!isErrorVariable(leak, ctx.language)) continue;
        const go = ctx.language === 'go' ? goHandlerParams(leak.node) : { writers: new Set<string>(), contexts: new Set<string>() };
        handlers ??= responseFunctions(ctx);
        const sinkContext: SinkContext = { language: ctx.language, handlers, goWriters: go.writers, goContexts: go.contexts };
        // `var_dump($e)`, `e.printStackTrace(response.getWriter())` print by themselves.
        const selfSink = (ctx.language === 'php' && leak.node.type === 'function_call_expression')
          || (ctx.language === 'java' && leak.node.childForFieldName('name')?.text === 'printStackTrace' && /getWriter|getOutputStream|writer/i.test(leak.node.childForFieldName('arguments')?.text ?? ''));
        if (ctx.language === 'java' && leak.node.childForFieldName('name')?.text === 'printStackTrace' && !selfSink) continue;
        const sink = selfSink ? leak.node : sinkOf(leak.node, sinkContext);
        if (!sink) continue;
        if (leak.kind === 'message' && isClientErrorResponse(statementOf(sink))) continue;
        if (devOnly(leak.node)) continue;
        reported.add(leak.node.startIndex);
        ctx.report({ node: leak.node, messageId: leak.kind, data: { expression: leak.node.text.length > 60 ? `${leak.node.text.slice(0, 57)}...` : leak.node.text } });
      }
    }
  },
};
