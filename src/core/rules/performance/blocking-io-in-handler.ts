import type { CodeRule, LanguageId, Rule } from '../../model';
import type { SyntaxNode } from '../../languages/parser';
import type { CodeRuleContext } from '../../engine/rule-context';
import { ROUTE_NODE_TYPES, findRoutes } from '../../analysis/http';
import { IMPORT_NODE_TYPES, findImports } from '../../analysis/imports';
import { nameWords } from '../../analysis/syntax';
import { CALL_TYPES, callParts, enclosingFunction, isAsync, lastName } from '../../analysis/code-shapes';

/** Synchronous Node.js APIs that block the event loop, with the non-blocking replacement. */
const NODE_SYNC = new Map<string, { modules: readonly string[]; alternative: (name: string) => string }>();
const FS_SYNC = ['readFileSync', 'writeFileSync', 'appendFileSync', 'existsSync', 'readdirSync', 'statSync', 'lstatSync',
  'mkdirSync', 'rmSync', 'rmdirSync', 'unlinkSync', 'copyFileSync', 'renameSync', 'accessSync', 'openSync', 'readSync',
  'writeSync', 'closeSync', 'fstatSync', 'realpathSync', 'chmodSync', 'chownSync', 'opendirSync', 'readlinkSync',
  'symlinkSync', 'truncateSync', 'utimesSync', 'mkdtempSync', 'cpSync'];
for (const n of FS_SYNC) NODE_SYNC.set(n, { modules: ['fs', 'fsSync', 'fse', 'fsExtra'], alternative: name => `fs.promises.${name === 'existsSync' ? 'access' : name.replace(/Sync$/, '')}` });
for (const n of ['execSync', 'spawnSync', 'execFileSync']) NODE_SYNC.set(n, { modules: ['child_process', 'childProcess', 'cp'], alternative: name => (name === 'spawnSync' ? 'child_process.spawn (streaming, with its exit event)' : `util.promisify(child_process.${name.replace(/Sync$/, '')})`) });
for (const n of ['pbkdf2Sync', 'scryptSync', 'generateKeyPairSync']) NODE_SYNC.set(n, { modules: ['crypto'], alternative: name => `crypto.${name.replace(/Sync$/, '')} (callback, or util.promisify)` });
for (const n of ['hashSync', 'compareSync', 'genSaltSync']) NODE_SYNC.set(n, { modules: ['bcrypt', 'bcryptjs'], alternative: name => `await bcrypt.${name.replace(/Sync$/, '')}(...)` });
for (const n of ['gzipSync', 'gunzipSync', 'deflateSync', 'inflateSync', 'brotliCompressSync', 'brotliDecompressSync', 'unzipSync']) NODE_SYNC.set(n, { modules: ['zlib'], alternative: name => `zlib.${name.replace(/Sync$/, '')} (callback, or util.promisify)` });
/** Bare calls (`readFileSync(..)` after a destructuring import) count only for names that are unmistakably Node's. */
const BARE_OK = new Set([...FS_SYNC, 'execSync', 'spawnSync', 'execFileSync', 'pbkdf2Sync', 'scryptSync']);

const HTTP_MODULES = /^(node:)?(http|https|http2)$/;
/** Modules whose import makes a JS/TS file server code (its async functions run between requests). */
const SERVER_MODULES = /^(express|koa|fastify|@nestjs\/|@hapi\/hapi$|hapi$|restify$|@koa\/router$|koa-router$|next\/server$|hono$|@hono\/|polka$|micro$|@apollo\/server$|apollo-server)/;

const PY_BLOCKING: Record<string, { receiver: string; names: ReadonlySet<string>; alternative: string }> = {
  time: { receiver: 'time', names: new Set(['sleep']), alternative: 'await asyncio.sleep(...)' },
  requests: { receiver: 'requests', names: new Set(['get', 'post', 'put', 'patch', 'delete', 'head', 'options', 'request']), alternative: 'an async client (httpx.AsyncClient, aiohttp) or await asyncio.to_thread(...)' },
  urllib: { receiver: 'urllib.request', names: new Set(['urlopen']), alternative: 'an async client (httpx.AsyncClient, aiohttp) or await asyncio.to_thread(...)' },
  subprocess: { receiver: 'subprocess', names: new Set(['run', 'call', 'check_call', 'check_output']), alternative: 'await asyncio.create_subprocess_exec(...)' },
};

const JAVA_REACTIVE = /^(Mono|Flux)\b/;

/** Per language, the blocking call's name (Node's all end in Sync) or, for Java, the Mono/Flux handler; Python needs async and a blocking module or name. */
const JS_MENTIONS = /Sync/;
const MENTIONS: CodeRule['mentions'] = {
  javascript: JS_MENTIONS, typescript: JS_MENTIONS, tsx: JS_MENTIONS,
  python: /^(?=[\s\S]*?\basync\b)(?=[\s\S]*?(?:sleep|requests|urlopen|subprocess))/,
  java: /Mono|Flux/,
  ruby: /sleep/,
  php: /sleep/i,
};

export const blockingIoInHandler: Rule = {
  id: 'performance/blocking-io-in-handler',
  meta: {
    title: 'Blocking call in a request handler or async function',
    area: 'performance',
    defaultSeverity: 'warning',
    languages: ['javascript', 'typescript', 'tsx', 'python', 'java', 'ruby', 'php'],
    description: 'Synchronous file, process, crypto or network calls (readFileSync, execSync, time.sleep in async def, block() in a WebFlux handler) stall the event loop or a request worker, so every other request waits.',
    references: ['CWE-1050 (excessive platform resource consumption within a loop)', 'Node.js guide: "Don\'t block the event loop"', 'Python asyncio docs: running blocking code'],
    messages: {
      node: '{{call}} blocks the Node.js event loop inside {{where}}: every other request waits until it returns. Use {{alternative}}.',
      python: '{{call}} blocks the event loop inside this async function: every other coroutine waits. Use {{alternative}}.',
      reactive: '{{call}} blocks a Reactor event-loop thread in this reactive handler. {{alternative}}',
      sleep: '{{call}} holds a request worker idle inside {{where}}: move the wait to a background job or a scheduled retry.',
    },
  },
  mentions: MENTIONS,
  check(ctx) {
    if (ctx.isTestFile) return;
    switch (ctx.language) {
      case 'javascript': case 'typescript': case 'tsx': return checkNode(ctx);
      case 'python': return checkPython(ctx);
      case 'java': return checkJava(ctx);
      case 'ruby': case 'php': return checkSleep(ctx);
    }
  },
};

function routeHandlers(ctx: CodeRuleContext): { handlers: Set<number>; registrations: SyntaxNode[] } {
  const routes = findRoutes(ctx.language, ctx.nodesOfType(...ROUTE_NODE_TYPES[ctx.language]), ctx.file);
  return { handlers: new Set(routes.flatMap(r => (r.handler ? [r.handler.id] : []))), registrations: routes.map(r => r.node) };
}

// ---- JavaScript / TypeScript ------------------------------------------------------------------------------
const JS_FUNCTIONS = new Set(['function_declaration', 'function_expression', 'function', 'arrow_function', 'method_definition', 'generator_function_declaration', 'generator_function']);

function paramNames(fn: SyntaxNode): string[] {
  const params = fn.childForFieldName('parameters') ?? fn.childForFieldName('parameter');
  if (!params) return [];
  if (params.type === 'identifier') return [params.text];
  return params.namedChildren.map(p => (p?.childForFieldName('pattern') ?? p?.childForFieldName('name') ?? p)?.text ?? '');
}

function checkNode(ctx: CodeRuleContext): void {
  const calls = ctx.nodesOfType(...CALL_TYPES[ctx.language]).filter(c => {
    const parts = callParts(c);
    return !!parts?.name && NODE_SYNC.has(parts.name);
  });
  if (!calls.length) return;
  const { handlers, registrations } = routeHandlers(ctx);
  // Named handlers registered by reference: app.get('/x', download)
  const referenced = new Set<string>();
  for (const reg of registrations) for (const arg of callParts(reg)?.args ?? []) if (arg.type === 'identifier') referenced.add(arg.text);
  // `http` / `https` are imported by clients too: only http.createServer(..) makes the file a server (not
  // `net.createServer()`, which scripts use to find a free port).
  const imports = findImports(ctx.language, ctx.nodesOfType(...IMPORT_NODE_TYPES[ctx.language]));
  const httpImported = imports.some(i => HTTP_MODULES.test(i.specifier));
  const server = imports.some(i => SERVER_MODULES.test(i.specifier))
    || ctx.nodesOfType('call_expression').some(c => {
      const parts = callParts(c);
      if (parts?.name !== 'createServer' && parts?.name !== 'createSecureServer') return false;
      return parts.receiver ? HTTP_MODULES.test(lastName(parts.receiver) ?? '') : httpImported;
    });

  for (const call of calls) {
    const parts = callParts(call)!;
    const spec = NODE_SYNC.get(parts.name!)!;
    if (parts.receiver) {
      const recv = lastName(parts.receiver);
      if (!recv || !spec.modules.includes(recv)) continue;
    } else if (!BARE_OK.has(parts.name!)) continue;
    const where = handlerContext(call, handlers, referenced, server);
    if (!where) continue;
    ctx.report({ node: call, messageId: 'node', data: { call: parts.receiver ? `${lastName(parts.receiver)}.${parts.name}` : parts.name!, where, alternative: spec.alternative(parts.name!) } });
  }
}

/** 'a request handler' / 'an async function' when the call runs while a request is served, else undefined. */
function handlerContext(call: SyntaxNode, handlers: Set<number>, referenced: Set<string>, server: boolean): string | undefined {
  for (let fn = enclosingFunction(call); fn; fn = enclosingFunction(fn)) {
    if (!JS_FUNCTIONS.has(fn.type)) return undefined;
    if (handlers.has(fn.id)) return 'a request handler';
    const name = fn.childForFieldName('name')?.text ?? (fn.parent?.type === 'variable_declarator' ? fn.parent.childForFieldName('name')?.text : undefined);
    if (name && referenced.has(name)) return 'a request handler';
    const params = paramNames(fn);
    if ((params[0] === 'req' || params[0] === 'request') && (params[1] === 'res' || params[1] === 'reply' || params[1] === 'response')) return 'a request handler';
    if (server && isAsync(fn)) return 'an async function';
    // An inline callback (`names.map(n => ..)`) runs inside its caller: keep looking outwards.
    const holder = fn.parent;
    if (holder?.type !== 'arguments') return undefined;
  }
  return undefined;
}

// ---- Python ------------------------------------------------------------------------------------------------
function checkPython(ctx: CodeRuleContext): void {
  // `from time import sleep`, `from urllib.request import urlopen`: bare names bound to blocking functions.
  const bare = new Map<string, { label: string; alternative: string }>();
  for (const imp of ctx.nodesOfType('import_from_statement')) {
    const module = imp.childForFieldName('module_name')?.text;
    const spec = Object.values(PY_BLOCKING).find(s => s.receiver === module);
    if (!spec) continue;
    for (const name of imp.childrenForFieldName('name')) {
      const imported = name?.type === 'aliased_import' ? name.childForFieldName('name')?.text : name?.text;
      const local = name?.type === 'aliased_import' ? name.childForFieldName('alias')?.text : imported;
      if (imported && local && spec.names.has(imported)) bare.set(local, { label: `${module}.${imported}`, alternative: spec.alternative });
    }
  }
  for (const call of ctx.nodesOfType('call')) {
    const parts = callParts(call);
    if (!parts?.name) continue;
    let hit: { label: string; alternative: string } | undefined;
    if (parts.receiver) {
      const recv = parts.receiver.text;
      const spec = Object.values(PY_BLOCKING).find(s => s.receiver === recv && s.names.has(parts.name!));
      if (spec) hit = { label: `${recv}.${parts.name}`, alternative: spec.alternative };
    } else hit = bare.get(parts.name);
    if (!hit) continue;
    // The nearest function must be `async def` (a nested sync def or lambda is typically run in a thread).
    const fn = enclosingFunction(call);
    if (fn?.type !== 'function_definition' || !isAsync(fn)) continue;
    ctx.report({ node: call, messageId: 'python', data: { call: hit.label, alternative: hit.alternative } });
  }
}

// ---- Java (Spring WebFlux) ---------------------------------------------------------------------------------
function isReactiveHandler(method: SyntaxNode, handlers: Set<number>): boolean {
  const type = method.childForFieldName('type')?.text ?? '';
  if (!JAVA_REACTIVE.test(type)) return false;
  if (handlers.has(method.id)) return true;
  // Functional endpoints: Mono<ServerResponse> handle(ServerRequest request)
  return (method.childForFieldName('parameters')?.namedChildren ?? []).some(p => p?.childForFieldName('type')?.text === 'ServerRequest');
}

function checkJava(ctx: CodeRuleContext): void {
  const { handlers } = routeHandlers(ctx);
  const offloads = new Map<number, boolean>();
  for (const call of ctx.nodesOfType('method_invocation')) {
    const parts = callParts(call);
    if (!parts?.name) continue;
    const recv = parts.receiver;
    let label: string | undefined;
    let alternative = '';
    if (parts.name === 'sleep' && recv?.text === 'Thread') { label = 'Thread.sleep'; alternative = 'Delay with Mono.delay(...) / delayElements(...) instead.'; }
    else if (/^block(First|Last|Optional)?$/.test(parts.name) && recv && parts.args.length <= 1) { label = `.${parts.name}()`; alternative = 'Compose the publisher (flatMap / zip) and return it instead of blocking on it.'; }
    else if (recv && nameWords(lastName(recv) ?? '').join(' ') === 'rest template') { label = `restTemplate.${parts.name}`; alternative = 'Use WebClient, or wrap the call in Mono.fromCallable(...).subscribeOn(Schedulers.boundedElastic()).'; }
    else if (recv?.text === 'Files' && /^(readAllBytes|readString|readAllLines|write|writeString)$/.test(parts.name)) { label = `Files.${parts.name}`; alternative = 'Wrap it in Mono.fromCallable(...).subscribeOn(Schedulers.boundedElastic()).'; }
    if (!label) continue;
    let method: SyntaxNode | undefined = enclosingFunction(call);
    while (method?.type === 'lambda_expression') method = enclosingFunction(method);
    if (method?.type !== 'method_declaration' || !isReactiveHandler(method, handlers)) continue;
    // Work already moved to another scheduler (subscribeOn / publishOn) is the documented pattern.
    let offloaded = offloads.get(method.id);
    if (offloaded === undefined) {
      offloaded = false;
      for (const inv of ctx.nodesOfType('method_invocation')) {
        if (inv.startIndex >= method.startIndex && inv.endIndex <= method.endIndex && /^(subscribeOn|publishOn)$/.test(callParts(inv)?.name ?? '')) { offloaded = true; break; }
      }
      offloads.set(method.id, offloaded);
    }
    if (offloaded) continue;
    ctx.report({ node: call, messageId: 'reactive', data: { call: label, alternative } });
  }
}

// ---- Ruby and PHP: sleeping in a handler -------------------------------------------------------------------
const SLEEPS: Partial<Record<LanguageId, ReadonlySet<string>>> = {
  ruby: new Set(['sleep']),
  php: new Set(['sleep', 'usleep', 'time_nanosleep', 'time_sleep_until']),
};

function controllerClassOf(node: SyntaxNode): boolean {
  for (let p = node.parent; p; p = p.parent) {
    if (p.type === 'class' || p.type === 'class_declaration') return /Controller$/.test(p.childForFieldName('name')?.text ?? '');
  }
  return false;
}

function checkSleep(ctx: CodeRuleContext): void {
  const names = SLEEPS[ctx.language]!;
  const calls = ctx.nodesOfType(ctx.language === 'ruby' ? 'call' : 'function_call_expression').filter(c => {
    const parts = callParts(c);
    if (!parts?.name || !names.has(parts.name)) return false;
    return !parts.receiver || parts.receiver.text === 'Kernel';
  });
  if (!calls.length) return;
  const { handlers } = routeHandlers(ctx);
  for (const call of calls) {
    let where: string | undefined;
    for (let fn = enclosingFunction(call); fn && !where; fn = enclosingFunction(fn)) {
      if (handlers.has(fn.id)) where = 'a route handler';
      else if ((fn.type === 'method' || fn.type === 'method_declaration') && controllerClassOf(fn)) where = 'a controller action';
      else if (fn.type === 'method' || fn.type === 'method_declaration') break;
    }
    if (!where) continue;
    const name = callParts(call)!.name!;
    ctx.report({ node: call, messageId: 'sleep', data: { call: `${name}()`, where } });
  }
}

