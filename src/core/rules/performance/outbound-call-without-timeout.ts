import type { CodeRule, Fix, Rule } from '../../model';
import type { SyntaxNode } from '../../languages/parser';
import type { CodeRuleContext } from '../../engine/rule-context';
import { IMPORT_NODE_TYPES, findImports } from '../../analysis/imports';
import { plainName, stringValue } from '../../analysis/syntax';
import { callParts } from '../../analysis/code-shapes';

const AXIOS_VERBS = new Set(['get', 'delete', 'head', 'options', 'post', 'put', 'patch', 'request']);
/** Position of the config argument per axios method. */
const AXIOS_CONFIG_INDEX: Record<string, number> = { get: 1, delete: 1, head: 1, options: 1, post: 2, put: 2, patch: 2, request: 0 };
const REQUESTS_VERBS = new Set(['get', 'post', 'put', 'patch', 'delete', 'head', 'options', 'request']);
const HTTPX_CALLS = new Set(['get', 'post', 'put', 'patch', 'delete', 'head', 'options', 'request', 'stream', 'Client', 'AsyncClient']);
const GO_HTTP_FUNCS = new Set(['Get', 'Post', 'PostForm', 'Head']);
const NET_HTTP_CONVENIENCE = new Set(['get', 'get_response', 'post', 'post_form', 'get_print']);
const HTTPARTY_VERBS = new Set(['get', 'post', 'put', 'patch', 'delete', 'head', 'options']);
const RUBY_TIMEOUT_KEYS = new Set(['timeout', 'read_timeout', 'open_timeout']);

/** Per language, the client it reports, as written: the function, the module, the class or the receiver (Go's http. and its call may be on two lines). */
const JS_MENTIONS = /fetch|axios/;
const MENTIONS: CodeRule['mentions'] = {
  javascript: JS_MENTIONS, typescript: JS_MENTIONS, tsx: JS_MENTIONS,
  python: /requests|httpx|urlopen/,
  go: /\bhttp\s*\.\s*(Get|Post|PostForm|Head|DefaultClient|Client)\b/,
  java: /HttpClient|openConnection|RestTemplate/,
  ruby: /Net::HTTP|HTTParty/,
  php: /GuzzleHttp|file_get_contents|curl_init/i,
};

export const outboundCallWithoutTimeout: Rule = {
  id: 'performance/outbound-call-without-timeout',
  meta: {
    title: 'Outbound HTTP call without a timeout',
    area: 'performance',
    defaultSeverity: 'warning',
    languages: ['javascript', 'typescript', 'tsx', 'python', 'java', 'go', 'ruby', 'php'],
    description: 'An HTTP client with no timeout waits for a slow or dead dependency indefinitely (or for minutes), holding a worker, a connection and the caller\'s request; under load that turns one slow partner into an outage.',
    cwe: ['CWE-400', 'CWE-1088'],
    references: ['CWE-1088 (synchronous access of remote resource without timeout)', 'CWE-400 (uncontrolled resource consumption)', 'OWASP ASVS v5 15.2 (dependency failures)', 'Release It! — "Timeouts" stability pattern'],
    messages: {
      missing: '{{call}} has no timeout: {{detail}} Set one so a slow dependency cannot hold this request (and its worker) indefinitely.',
      disabled: '{{call}} switches the timeout off (timeout=None): a slow dependency can hold this request indefinitely. Set a finite timeout.',
    },
  },
  mentions: MENTIONS,
  check(ctx) {
    if (ctx.isTestFile) return;
    switch (ctx.language) {
      case 'javascript': case 'typescript': case 'tsx': return checkJs(ctx);
      case 'python': return checkPython(ctx);
      case 'go': return checkGo(ctx);
      case 'java': return checkJava(ctx);
      case 'ruby': return checkRuby(ctx);
      case 'php': return checkPhp(ctx);
    }
  },
};

// ---- JavaScript / TypeScript ------------------------------------------------------------------------------
/** 'yes' when an object literal has one of the keys, 'no' when it has none, 'unknown' with a spread. */
function objectHasKey(obj: SyntaxNode, keys: ReadonlySet<string>): 'yes' | 'no' | 'unknown' {
  let unknown = false;
  for (const p of obj.namedChildren) {
    if (!p) continue;
    if (p.type === 'spread_element') unknown = true;
    const key = p.type === 'pair' ? p.childForFieldName('key') : p.type === 'shorthand_property_identifier' ? p : p.type === 'method_definition' ? p.childForFieldName('name') : null;
    if (key && keys.has(plainName(key))) return 'yes';
  }
  return unknown ? 'unknown' : 'no';
}

const TIMEOUT_OR_SIGNAL = new Set(['timeout', 'signal']);
const FETCH_DETAIL = 'Node\'s fetch waits up to five minutes for response headers and has no overall deadline; pass signal: AbortSignal.timeout(ms).';

function checkJs(ctx: CodeRuleContext): void {
  const calls = ctx.nodesOfType('call_expression');
  // `axios.defaults.timeout = ...` anywhere in the file covers plain axios calls and later instances.
  const axiosDefaults = ctx.nodesOfType('assignment_expression').some(a => /^axios\.defaults\.timeout$/.test(a.childForFieldName('left')?.text ?? ''));
  // Browser code (TSX / JSX components, files importing a UI framework, 'use client' modules) calls from the
  // user's page, not from a server worker.
  const browser = ctx.language === 'tsx' || /\.jsx$/.test(ctx.file) || isBrowserModule(ctx);
  for (const call of calls) {
    const parts = callParts(call);
    if (!parts) continue;
    const fnText = call.childForFieldName('function')?.text;
    if (fnText === 'fetch' && !browser) {
      if (parts.args.length === 0) continue;
      const init = parts.args[1];
      if (!init || (init.type === 'object' && objectHasKey(init, TIMEOUT_OR_SIGNAL) === 'no')) report(ctx, call, 'fetch()', FETCH_DETAIL);
      continue;
    }
    if (axiosDefaults || browser) continue;
    if (fnText === 'axios') { // axios(config)
      const config = parts.args[0];
      if (config?.type === 'object' && objectHasKey(config, TIMEOUT_OR_SIGNAL) === 'no') report(ctx, call, 'axios()', 'axios waits forever by default (timeout: 0).');
      continue;
    }
    if (parts.receiver?.type !== 'identifier' || parts.receiver.text !== 'axios' || !parts.name) continue;
    if (parts.name === 'create') {
      const config = parts.args[0];
      if (!config || (config.type === 'object' && objectHasKey(config, TIMEOUT_OR_SIGNAL) === 'no')) report(ctx, call, 'axios.create()', 'every request of this instance waits forever by default (timeout: 0).');
      continue;
    }
    if (!AXIOS_VERBS.has(parts.name)) continue;
    const index = AXIOS_CONFIG_INDEX[parts.name]!;
    if (parts.args.some(a => a.type === 'spread_element')) continue;
    const config = parts.args[index];
    if (!config) { if (parts.args.length >= index) report(ctx, call, `axios.${parts.name}()`, 'axios waits forever by default (timeout: 0).'); continue; }
    if (config.type === 'object' && objectHasKey(config, TIMEOUT_OR_SIGNAL) === 'no') report(ctx, call, `axios.${parts.name}()`, 'axios waits forever by default (timeout: 0).');
  }
}

const UI_MODULES = /^(react|react-dom|react-native|vue|svelte|solid-js|preact|@angular\/core|jquery)(\/|$)/;

function isBrowserModule(ctx: CodeRuleContext): boolean {
  const first = ctx.tree.rootNode.namedChildren.find(c => c && c.type !== 'comment');
  if (first?.type === 'expression_statement' && /^['"]use client['"]/.test(first.text)) return true;
  return findImports(ctx.language, ctx.nodesOfType(...IMPORT_NODE_TYPES[ctx.language])).some(i => UI_MODULES.test(i.specifier));
}

function report(ctx: CodeRuleContext, node: SyntaxNode, call: string, detail: string, fix?: Fix): void {
  ctx.report({ node, messageId: 'missing', data: { call, detail }, ...(fix ? { fix } : {}) });
}

// ---- Python ------------------------------------------------------------------------------------------------
function keywordArg(args: SyntaxNode[], name: string): SyntaxNode | undefined {
  return args.find(a => a.type === 'keyword_argument' && a.childForFieldName('name')?.text === name);
}

function checkPython(ctx: CodeRuleContext): void {
  const bareUrlopen = new Set<string>();
  for (const imp of ctx.nodesOfType('import_from_statement')) {
    if (imp.childForFieldName('module_name')?.text !== 'urllib.request') continue;
    for (const n of imp.childrenForFieldName('name')) {
      if (n?.type === 'dotted_name' && n.text === 'urlopen') bareUrlopen.add('urlopen');
      if (n?.type === 'aliased_import' && n.childForFieldName('name')?.text === 'urlopen') bareUrlopen.add(n.childForFieldName('alias')?.text ?? 'urlopen');
    }
  }
  for (const call of ctx.nodesOfType('call')) {
    const parts = callParts(call);
    if (!parts?.name) continue;
    const { args } = parts;
    if (args.some(a => a.type === 'dictionary_splat')) continue; // **kwargs may carry the timeout
    const recv = parts.receiver?.text;
    const timeout = keywordArg(args, 'timeout');
    const label = `${recv ? `${recv}.` : ''}${parts.name}()`;
    if (recv === 'requests' && REQUESTS_VERBS.has(parts.name)) {
      if (timeout) { if (timeout.childForFieldName('value')?.type === 'none') ctx.report({ node: call, messageId: 'disabled', data: { call: label } }); continue; }
      report(ctx, call, label, 'requests waits forever by default.', requestsFix(parts.argList));
    } else if (recv === 'httpx' && HTTPX_CALLS.has(parts.name)) {
      // httpx defaults to 5 seconds; only an explicit timeout=None is a finding.
      if (timeout?.childForFieldName('value')?.type === 'none') ctx.report({ node: call, messageId: 'disabled', data: { call: label } });
    } else if ((recv === 'urllib.request' && parts.name === 'urlopen') || (!recv && bareUrlopen.has(parts.name))) {
      const positional = args.filter(a => a.type !== 'keyword_argument');
      if (!timeout && positional.length < 3) report(ctx, call, label, 'urlopen uses the global socket timeout, which is none unless set.');
    }
  }
}

/** Insert `timeout=10` after the last argument: a starting point to tune, not a recommendation for every call. */
function requestsFix(argList: SyntaxNode | undefined): Fix | undefined {
  if (!argList) return undefined;
  const last = [...argList.namedChildren].reverse().find(c => c && c.type !== 'comment');
  if (!last) return undefined;
  const at = { line: last.endPosition.row, column: last.endPosition.column };
  return { title: 'Add timeout=10 (seconds; tune it to the dependency)', edits: [{ range: { start: at, end: at }, newText: ', timeout=10' }] };
}

// ---- Go ----------------------------------------------------------------------------------------------------
function checkGo(ctx: CodeRuleContext): void {
  for (const call of ctx.nodesOfType('call_expression')) {
    const parts = callParts(call);
    if (!parts?.name || !GO_HTTP_FUNCS.has(parts.name)) continue;
    const recv = parts.receiver?.text;
    if (recv === 'http' || recv === 'http.DefaultClient') report(ctx, call, `${recv}.${parts.name}()`, 'Go\'s default HTTP client has no timeout at all.');
  }
  // `client.Timeout = ...` set after construction anywhere in the file: do not guess which client it is.
  const assignsTimeout = ctx.nodesOfType('assignment_statement').some(a => /\.Timeout$/.test(a.childForFieldName('left')?.text ?? ''));
  if (assignsTimeout) return;
  for (const lit of ctx.nodesOfType('composite_literal')) {
    if (lit.childForFieldName('type')?.text !== 'http.Client') continue;
    const body = lit.childForFieldName('body');
    const keys = (body?.namedChildren ?? []).filter(e => e?.type === 'keyed_element').map(e => e!.childForFieldName('key')?.text ?? e!.namedChild(0)?.text);
    if (keys.includes('Timeout') || keys.includes('Transport')) continue;
    report(ctx, lit, 'http.Client{}', 'a client without Timeout waits forever for a response.');
  }
}

// ---- Java --------------------------------------------------------------------------------------------------
function checkJava(ctx: CodeRuleContext): void {
  const invocations = ctx.nodesOfType('method_invocation');
  const names = new Set(invocations.map(i => i.childForFieldName('name')?.text ?? ''));
  const httpClientTimeouts = names.has('timeout') || names.has('connectTimeout');
  const restTemplateTimeouts = ['setConnectTimeout', 'setReadTimeout', 'connectTimeout', 'readTimeout', 'setConnectionRequestTimeout', 'setResponseTimeout'].some(n => names.has(n));
  for (const call of invocations) {
    const parts = callParts(call);
    if (!parts?.name) continue;
    if (parts.receiver?.text === 'HttpClient' && (parts.name === 'newHttpClient' || parts.name === 'newBuilder') && !httpClientTimeouts) {
      report(ctx, call, `HttpClient.${parts.name}()`, 'java.net.http has no connect timeout and no request timeout by default (set connectTimeout on the client and timeout on each HttpRequest).');
    } else if (parts.name === 'openConnection') {
      const missing = urlConnectionMissing(call);
      if (missing) report(ctx, call, 'openConnection()', `${missing} on this connection: HttpURLConnection waits forever by default.`);
    }
  }
  if (restTemplateTimeouts) return;
  for (const creation of ctx.nodesOfType('object_creation_expression')) {
    if (creation.childForFieldName('type')?.text !== 'RestTemplate') continue;
    const args = creation.childForFieldName('arguments');
    if (args && args.namedChildCount > 0) continue; // a request factory: configured elsewhere
    report(ctx, creation, 'new RestTemplate()', 'its default request factory has no connect or read timeout.');
  }
}

/** 'setConnectTimeout and setReadTimeout are not called' etc. for an HttpURLConnection, or undefined. */
function urlConnectionMissing(call: SyntaxNode): string | undefined {
  let typed = false;
  for (let p = call.parent, depth = 0; p && depth < 4; p = p.parent, depth++) {
    const type = p.type === 'cast_expression' ? p.childForFieldName('type')?.text
      : p.type === 'local_variable_declaration' || p.type === 'field_declaration' ? p.childForFieldName('type')?.text : undefined;
    if (type && /^(Https?URLConnection|URLConnection)$/.test(type)) { typed = true; break; }
  }
  if (!typed) return undefined;
  let method: SyntaxNode | null = call.parent;
  while (method && method.type !== 'method_declaration' && method.type !== 'constructor_declaration') method = method.parent;
  if (!method) return undefined;
  // Which setters the method calls (names only).
  const calls = new Set<string>();
  const stack: SyntaxNode[] = [method];
  while (stack.length) {
    const n = stack.pop()!;
    if (n.type === 'method_invocation') calls.add(n.childForFieldName('name')?.text ?? '');
    for (const c of n.namedChildren) if (c) stack.push(c);
  }
  const missing = ['setConnectTimeout', 'setReadTimeout'].filter(n => !calls.has(n));
  if (!missing.length) return undefined;
  return `${missing.join(' and ')} ${missing.length > 1 ? 'are' : 'is'} not called`;
}

// ---- Ruby --------------------------------------------------------------------------------------------------
function checkRuby(ctx: CodeRuleContext): void {
  for (const call of ctx.nodesOfType('call')) {
    const parts = callParts(call);
    if (!parts?.name || !parts.receiver) continue;
    const recv = parts.receiver.text;
    if (recv === 'Net::HTTP' && NET_HTTP_CONVENIENCE.has(parts.name)) {
      report(ctx, call, `Net::HTTP.${parts.name}`, 'the convenience methods cannot take a timeout and wait 60 seconds to connect and 60 more per read; use Net::HTTP.start with open_timeout and read_timeout.');
    } else if (recv === 'HTTParty' && HTTPARTY_VERBS.has(parts.name)) {
      const options = parts.args.slice(1);
      if (options.some(o => o.type !== 'pair')) continue; // an options hash built elsewhere
      const keys = options.map(o => plainName(o.childForFieldName('key') ?? o));
      if (!keys.some(k => RUBY_TIMEOUT_KEYS.has(k))) report(ctx, call, `HTTParty.${parts.name}`, 'HTTParty falls back to Net::HTTP\'s 60-second waits; pass timeout: seconds.');
    }
  }
}

// ---- PHP ---------------------------------------------------------------------------------------------------
function arrayKeys(array: SyntaxNode): string[] | undefined {
  const keys: string[] = [];
  for (const el of array.namedChildren) {
    if (el?.type !== 'array_element_initializer') continue;
    if (el.namedChildCount !== 2) { if (el.namedChild(0)?.type === 'variadic_unpacking') return undefined; continue; }
    const key = stringValue(el.namedChild(0)!);
    if (key !== undefined) keys.push(key);
  }
  return keys;
}

const GUZZLE_TIMEOUT_KEYS = ['timeout', 'read_timeout'];

function checkPhp(ctx: CodeRuleContext): void {
  const guzzleImported = ctx.nodesOfType('namespace_use_clause').some(c => /^\\?GuzzleHttp\\Client$/.test(c.namedChild(0)?.text ?? ''));
  const calls = ctx.nodesOfType('function_call_expression', 'member_call_expression');
  // Timeouts passed per request (`$client->get($url, ['timeout' => 5])`) or set on curl handles anywhere in the file.
  let perRequestTimeout = false;
  let curlTimeout = false;
  for (const call of calls) {
    const parts = callParts(call);
    if (call.type === 'member_call_expression' && parts?.args.some(a => a.type === 'array_creation_expression' && (arrayKeys(a) ?? []).some(k => GUZZLE_TIMEOUT_KEYS.includes(k)))) perRequestTimeout = true;
  }
  for (const name of ctx.nodesOfType('name')) if (name.text === 'CURLOPT_TIMEOUT' || name.text === 'CURLOPT_TIMEOUT_MS') { curlTimeout = true; break; }

  for (const creation of ctx.nodesOfType('object_creation_expression')) {
    const cls = creation.namedChildren.find(c => c?.type === 'name' || c?.type === 'qualified_name');
    if (!cls) continue;
    const isGuzzle = cls.type === 'qualified_name' ? /^\\?GuzzleHttp\\Client$/.test(cls.text) : cls.text === 'Client' && guzzleImported;
    if (!isGuzzle || perRequestTimeout) continue;
    const args = creation.namedChildren.find(c => c?.type === 'arguments');
    const first = args?.namedChildren.find(a => a?.type === 'argument')?.namedChild(0);
    if (first && first.type !== 'array_creation_expression') continue; // config built elsewhere
    const keys = first ? arrayKeys(first) : [];
    if (!keys || keys.some(k => GUZZLE_TIMEOUT_KEYS.includes(k))) continue;
    report(ctx, creation, 'new GuzzleHttp\\Client()', 'Guzzle waits forever by default (timeout 0); pass [\'timeout\' => seconds, \'connect_timeout\' => seconds].');
  }
  for (const call of calls) {
    if (call.type !== 'function_call_expression') continue;
    const parts = callParts(call);
    if (parts?.name === 'file_get_contents') {
      const url = parts.args[0];
      if (!url || parts.args.length >= 3) continue; // a stream context may set the timeout
      const head = url.type === 'encapsed_string' || url.type === 'string' ? url.namedChildren.find(c => c?.type === 'string_content')?.text ?? '' : '';
      if (/^https?:\/\//i.test(head) && url.namedChildren[0]?.type === 'string_content') report(ctx, call, 'file_get_contents()', 'reading a URL waits default_socket_timeout (60 s) per read; use an HTTP client with a timeout or a stream context with \'timeout\'.');
    } else if (parts?.name === 'curl_init' && !curlTimeout) {
      report(ctx, call, 'curl_init()', 'no CURLOPT_TIMEOUT is set in this file and curl waits forever by default.');
    }
  }
}
