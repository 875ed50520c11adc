import type { Rule } from '../../model';
import type { SyntaxNode } from '../../languages/parser';
import type { CodeRuleContext } from '../../engine/rule-context';
import { accessPath } from '../../analysis/request-input';
import { isStringLiteral, stringValue } from '../../analysis/syntax';
import {
  CALL_TYPES, FUNCTION_TYPES, type Entry, boolOf, callOf, enclosingFunction, entries, isJs, keywordArg,
  positionalArgs, stringOf, subtree, unwrap,
} from '../../analysis/security-shapes';

const ALLOW_ORIGIN = 'access-control-allow-origin';
const ALLOW_CREDENTIALS = 'access-control-allow-credentials';
const HEADER_SETTERS = /^(setHeader|header|set|add|addHeader|append|Set|Add|set_header|setHeaders)$/;
const HEADER_GETTERS = /^(get|Get|getHeader|header|get_header|fetch|getHeaderLine|input|server)$/;
/** Spring CORS calls that take the allowed origins / origin patterns. */
const SPRING_ORIGIN_CALLS = /^(allowedOrigins|allowedOriginPatterns|addAllowedOrigin|addAllowedOriginPattern|setAllowedOrigins|setAllowedOriginPatterns)$/;

/** Every shape names an origin (header, option, setting), except Flask-CORS's CORS(app, supports_credentials=True). */
const MENTIONS = /origin|cors/i;

export const corsWildcard: Rule = {
  id: 'security/cors-wildcard',
  meta: {
    title: 'CORS allows any origin with credentials',
    area: 'security',
    defaultSeverity: 'error',
    languages: ['javascript', 'typescript', 'tsx', 'python', 'java', 'go', 'ruby', 'php'],
    description: 'Allowing every origin (a wildcard, `origin: true`, or echoing the request Origin) together with credentials lets any website send cookie-authenticated requests and read the responses.',
    cwe: ['CWE-942', 'CWE-346'],
    references: ['OWASP ASVS v5 3.4.2', 'OWASP API Security Top 10 2023 API8', 'OWASP Top 10 2021 A05'],
    messages: {
      wildcard: '{{what}} allows any origin while credentials are allowed: list the trusted origins explicitly.',
      reflect: 'The request Origin is echoed into Access-Control-Allow-Origin together with Allow-Credentials: check it against an allow-list first.',
    },
  },
  mentions: MENTIONS,
  check(ctx) {
    if (ctx.isTestFile) return;
    checkHeaderWrites(ctx);
    if (isJs(ctx.language)) checkJs(ctx);
    else if (ctx.language === 'python') checkPython(ctx);
    else if (ctx.language === 'java') checkJava(ctx);
    else if (ctx.language === 'go') checkGo(ctx);
    else if (ctx.language === 'ruby') checkRuby(ctx);
    else if (ctx.language === 'php') checkPhp(ctx);
  },
};

/** A string literal '*', or a list / slice / array that contains one. */
function allowsAny(node: SyntaxNode | null | undefined): boolean {
  const n = unwrap(node);
  if (!n) return false;
  if (stringOf(n) === '*') return true;
  if (n.type === 'regex' && (n.text === '/.*/' || n.text === '/.+/')) return true;
  if (FUNCTION_TYPES.has(n.type)) return false;
  return subtree(n, 60).some(c => isStringLiteral(c) && !isStringLiteral(c.parent ?? c) && stringValue(c) === '*' && !!c.parent && c.parent.type !== 'pair');
}

/** A function that accepts every origin: `() => true`, `(o, cb) => cb(null, true)`, `func(string) bool { return true }`. */
function alwaysAllows(node: SyntaxNode | null | undefined): boolean {
  const fn = unwrap(node);
  if (!fn || !FUNCTION_TYPES.has(fn.type)) return false;
  let body = fn.childForFieldName('body');
  for (let i = 0; body && i < 4; i++) {
    if (boolOf(body) === true) return true;
    const call = callOf(body);
    if (call) { const args = positionalArgs(call); return args.length === 2 && args[0]!.type === 'null' && boolOf(args[1]) === true; }
    const statements = body.namedChildren.filter(c => c && !/comment/.test(c.type));
    if (statements.length !== 1) return false;
    body = statements[0]!;
    if (body.type === 'return_statement' || body.type === 'expression_statement' || body.type === 'expression_list') body = body.namedChild(0);
  }
  return false;
}

/** Whether `node` reads the Origin request header: `req.headers.origin`, `r.Header.Get("Origin")`, `$_SERVER['HTTP_ORIGIN']`. */
function readsOrigin(node: SyntaxNode | null | undefined): boolean {
  const n = unwrap(node);
  if (!n || n.type === 'identifier' || n.type === 'variable_name') return false;
  const call = callOf(n);
  if (call) return HEADER_GETTERS.test(call.name) && /^(origin|http_origin)$/i.test(stringOf(positionalArgs(call)[0]) ?? '');
  if (/subscript|element_reference|index_expression|array_access/.test(n.type)) {
    const key = n.childForFieldName('index') ?? n.childForFieldName('subscript') ?? n.namedChild(n.namedChildCount - 1);
    return /^(origin|http_origin)$/i.test(stringOf(key) ?? '');
  }
  const path = accessPath(n);
  return !!path && /\.(origin|Origin)$/.test(path) && /header/i.test(path);
}

interface HeaderWrite { node: SyntaxNode; header: string; value: SyntaxNode | undefined; text?: string }

/** Response header writes, in any of the shapes: `res.setHeader(name, v)`, `headers[name] = v`, `header("Name: v")`. */
function headerWrites(ctx: CodeRuleContext): HeaderWrite[] {
  const out: HeaderWrite[] = [];
  for (const node of ctx.nodesOfType(...CALL_TYPES[ctx.language])) {
    const call = callOf(node);
    if (!call || !HEADER_SETTERS.test(call.name)) continue;
    const args = positionalArgs(call);
    const name = stringOf(args[0])?.toLowerCase();
    if (name === ALLOW_ORIGIN || name === ALLOW_CREDENTIALS) { out.push({ node, header: name, value: args[1] }); continue; }
    // PHP header('Access-Control-Allow-Origin: ' . $_SERVER['HTTP_ORIGIN'])
    if (ctx.language === 'php' && call.name === 'header' && args[0]) {
      const arg = args[0];
      const constant = stringOf(arg);
      const prefix = constant ?? (arg.type === 'binary_expression' ? stringOf(arg.childForFieldName('left')) : undefined);
      const m = prefix ? /^\s*([\w-]+)\s*:\s*(.*)$/.exec(prefix) : null;
      if (!m) continue;
      const header = m[1]!.toLowerCase();
      if (header !== ALLOW_ORIGIN && header !== ALLOW_CREDENTIALS) continue;
      const value = constant === undefined ? arg.childForFieldName('right') ?? undefined : undefined;
      out.push({ node, header, value, text: constant === undefined ? undefined : m[2]!.trim() });
    }
  }
  for (const node of ctx.nodesOfType('assignment', 'assignment_expression')) {
    const left = node.childForFieldName('left');
    if (!left || !/subscript|element_reference/.test(left.type)) continue;
    const key = left.childForFieldName('subscript') ?? left.childForFieldName('index') ?? left.namedChild(left.namedChildCount - 1);
    const name = stringOf(key)?.toLowerCase();
    if (name === ALLOW_ORIGIN || name === ALLOW_CREDENTIALS) out.push({ node, header: name, value: node.childForFieldName('right') ?? undefined });
  }
  return out;
}

/** Echoed Origin (or '*') plus Allow-Credentials: true, written in the same function. */
function checkHeaderWrites(ctx: CodeRuleContext): void {
  const writes = headerWrites(ctx);
  if (writes.length < 2) return;
  const scopeOf = (w: HeaderWrite) => enclosingFunction(w.node)?.startIndex ?? -1;
  const credentialScopes = new Set(writes.filter(w => w.header === ALLOW_CREDENTIALS
    && ((w.text ?? stringOf(w.value) ?? '').toLowerCase() === 'true' || boolOf(w.value) === true)).map(scopeOf));
  for (const w of writes) {
    if (w.header !== ALLOW_ORIGIN || !credentialScopes.has(scopeOf(w))) continue;
    if (readsOrigin(w.value)) ctx.report({ node: w.node, messageId: 'reflect' });
    else if ((w.text ?? stringOf(w.value)) === '*') ctx.report({ node: w.node, messageId: 'wildcard', data: { what: 'Access-Control-Allow-Origin: *' } });
  }
}

const credentialsOn = (e: Entry | undefined) => !!e && boolOf(e.value) === true;

function checkJs(ctx: CodeRuleContext): void {
  // cors({ origin: '*', credentials: true }), enableCors({...}), socket.io / Nest `cors: {...}`.
  for (const object of ctx.nodesOfType('object')) {
    const list = entries(object);
    const origin = list.find(e => e.key === 'origin');
    if (!origin || !credentialsOn(list.find(e => e.key === 'credentials'))) continue;
    if (allowsAny(origin.value) || boolOf(origin.value) === true || alwaysAllows(origin.value)) {
      ctx.report({ node: origin.node, messageId: 'wildcard', data: { what: `origin: ${boolOf(origin.value) === true ? 'true' : FUNCTION_TYPES.has(origin.value.type) ? 'a function that accepts every origin' : "'*'"}` } });
    }
  }
}

function checkPython(ctx: CodeRuleContext): void {
  for (const node of ctx.nodesOfType('call')) {
    const call = callOf(node);
    if (!call) continue;
    if (call.name === 'CORS' || call.name === 'cross_origin') {
      // Flask-CORS: origins defaults to '*', and with supports_credentials it echoes the request Origin.
      if (boolOf(keywordArg(call, 'supports_credentials')) !== true) continue;
      const origins = keywordArg(call, 'origins');
      const resources = keywordArg(call, 'resources');
      if (origins ? allowsAny(origins) : !resources) ctx.report({ node: origins?.parent ?? node, messageId: 'wildcard', data: { what: origins ? "origins='*'" : 'Flask-CORS without origins (all origins)' } });
    } else if (call.name === 'add_middleware' || call.name === 'CORSMiddleware') {
      if (call.name === 'add_middleware' && positionalArgs(call)[0]?.text !== 'CORSMiddleware') continue;
      if (boolOf(keywordArg(call, 'allow_credentials')) !== true) continue;
      const origins = keywordArg(call, 'allow_origins');
      const regex = keywordArg(call, 'allow_origin_regex');
      if (origins && allowsAny(origins)) ctx.report({ node: origins.parent ?? node, messageId: 'wildcard', data: { what: 'allow_origins=["*"]' } });
      else if (regex && /^(\.\*|\.\+|\^\.\*\$?)$/.test(stringOf(regex) ?? '')) ctx.report({ node: regex.parent ?? node, messageId: 'wildcard', data: { what: 'allow_origin_regex' } });
    }
  }
  // django-cors-headers settings at module level.
  let allowAll: SyntaxNode | undefined;
  let credentials = false;
  for (const node of ctx.nodesOfType('assignment')) {
    if (node.parent?.parent?.type !== 'module') continue;
    const name = node.childForFieldName('left')?.text;
    const on = boolOf(node.childForFieldName('right')) === true;
    if ((name === 'CORS_ALLOW_ALL_ORIGINS' || name === 'CORS_ORIGIN_ALLOW_ALL') && on) allowAll = node;
    if (name === 'CORS_ALLOW_CREDENTIALS' && on) credentials = true;
  }
  if (allowAll && credentials) ctx.report({ node: allowAll, messageId: 'wildcard', data: { what: allowAll.childForFieldName('left')!.text } });
}

function checkJava(ctx: CodeRuleContext): void {
  for (const node of ctx.nodesOfType('annotation')) {
    if (node.childForFieldName('name')?.text !== 'CrossOrigin') continue;
    const pairs = node.childForFieldName('arguments')?.namedChildren.filter(c => c?.type === 'element_value_pair') ?? [];
    const value = (key: string) => pairs.find(p => p!.childForFieldName('key')?.text === key)?.childForFieldName('value');
    const credentials = stringOf(value('allowCredentials'));
    const origins = value('origins') ?? value('value') ?? value('originPatterns');
    if (credentials === 'true' && origins && allowsAny(origins)) ctx.report({ node, messageId: 'wildcard', data: { what: '@CrossOrigin(origins = "*")' } });
  }
  // CorsRegistry / CorsConfiguration: an origin wildcard and allowCredentials(true) in the same method.
  const byMethod = new Map<number, { origins: SyntaxNode[]; credentials: boolean }>();
  for (const node of ctx.nodesOfType('method_invocation')) {
    const call = callOf(node);
    if (!call) continue;
    const scope = enclosingFunction(node)?.startIndex ?? -1;
    let entry = byMethod.get(scope);
    if (!entry) byMethod.set(scope, (entry = { origins: [], credentials: false }));
    if (SPRING_ORIGIN_CALLS.test(call.name) && positionalArgs(call).some(a => allowsAny(a))) entry.origins.push(node);
    if ((call.name === 'allowCredentials' || call.name === 'setAllowCredentials') && boolOf(positionalArgs(call)[0]) === true) entry.credentials = true;
  }
  for (const { origins, credentials } of byMethod.values()) {
    if (!credentials) continue;
    for (const node of origins) {
      // Report on the call's name: in a builder chain the invocation node starts at the chain's first line.
      const name = node.childForFieldName('name') ?? node;
      ctx.report({ node: name, messageId: 'wildcard', data: { what: `${name.text}("*")` } });
    }
  }
}

function checkGo(ctx: CodeRuleContext): void {
  // rs/cors Options, gin-contrib/cors Config.
  for (const literal of ctx.nodesOfType('literal_value')) {
    const list = entries(literal);
    if (!credentialsOn(list.find(e => e.key === 'AllowCredentials'))) continue;
    for (const e of list) {
      const any = ((e.key === 'AllowedOrigins' || e.key === 'AllowOrigins') && allowsAny(e.value))
        || (e.key === 'AllowAllOrigins' && boolOf(e.value) === true)
        || ((e.key === 'AllowOriginFunc' || e.key === 'AllowOriginRequestFunc' || e.key === 'AllowOriginVaryRequestFunc') && alwaysAllows(e.value));
      if (any) ctx.report({ node: e.node, messageId: 'wildcard', data: { what: e.key } });
    }
  }
}

function checkRuby(ctx: CodeRuleContext): void {
  // rack-cors: `origins '*'` and a `resource ..., credentials: true` in the same `allow do ... end` block.
  for (const node of ctx.nodesOfType('call')) {
    const call = callOf(node);
    if (call?.name !== 'origins' || call.receiver || !positionalArgs(call).some(a => allowsAny(a))) continue;
    const block = node.parent;
    const credentials = block?.namedChildren.some(sibling => {
      const s = sibling ? callOf(sibling) : undefined;
      return s?.name === 'resource' && boolOf(keywordArg(s, 'credentials')) === true;
    });
    if (credentials) ctx.report({ node, messageId: 'wildcard', data: { what: "origins '*'" } });
  }
}

function checkPhp(ctx: CodeRuleContext): void {
  // Laravel config/cors.php (fruitcake/laravel-cors): 'allowed_origins' => ['*'] with 'supports_credentials' => true.
  for (const array of ctx.nodesOfType('array_creation_expression')) {
    const list = entries(array);
    const origins = list.find(e => e.key === 'allowed_origins');
    if (origins && allowsAny(origins.value) && credentialsOn(list.find(e => e.key === 'supports_credentials'))) {
      ctx.report({ node: origins.node, messageId: 'wildcard', data: { what: "'allowed_origins' => ['*']" } });
    }
  }
}
