import type { CodeRule, LanguageId } from '../../model';
import type { CodeRuleContext } from '../../engine/rule-context';
import type { SyntaxNode } from '../../languages/parser';
import { IMPORT_NODE_TYPES, findImports } from '../../analysis/imports';
import { ROUTE_NODE_TYPES, findRoutes } from '../../analysis/http';
import { isToolingPath } from '../../analysis/http-service';

/** Imports that make a file server code (frameworks, not HTTP clients or Node's `http`, which CLIs use too). */
const SERVER_IMPORT: Record<'js' | 'python' | 'java' | 'go' | 'ruby', RegExp> = {
  js: /^(express|koa|@koa\/router|koa-router|fastify|@fastify\/[a-z-]+|fastify-plugin|@nestjs\/[a-z-]+|hono|@hono\/[a-z-]+|@hapi\/hapi|hapi|restify|polka|next\/server|@apollo\/server|apollo-server(-[a-z]+)?|graphql-yoga|socket\.io)$/,
  python: /^(flask|fastapi|django|starlette|aiohttp|tornado|sanic|falcon|bottle|pyramid|quart|litestar|rest_framework|ninja|celery|werkzeug)(\.|$)/,
  java: /^(org\.springframework|jakarta\.(servlet|ws\.rs|enterprise|ejb)|javax\.(servlet|ws\.rs|enterprise|ejb)|io\.micronaut|io\.quarkus|io\.javalin|io\.vertx|io\.dropwizard|io\.helidon|org\.eclipse\.jetty|io\.grpc|com\.sun\.net\.httpserver)\./,
  go: /^(net\/http|github\.com\/gin-gonic\/gin|github\.com\/labstack\/echo(\/v\d+)?|github\.com\/go-chi\/chi(\/v\d+)?|github\.com\/gorilla\/mux|github\.com\/gofiber\/fiber(\/v\d+)?|github\.com\/julienschmidt\/httprouter|github\.com\/valyala\/fasthttp|google\.golang\.org\/grpc)$/,
  ruby: /^(sinatra|grape|roda|hanami|rails|rack)(\/|$)/,
};
/** Receivers whose route registrations show server code even without a framework import (`module.exports = router => router.get(...)`). */
const JS_ROUTE_RECEIVER = /^(app|server|fastify|routes?|\w*[Rr]outer)$/;
/** Superclasses of Rails / Sinatra / Grape application classes. */
const RUBY_APP_CLASS = /Controller\b|ApplicationRecord|ActiveRecord::Base|ApplicationJob|ActiveJob::Base|Sinatra::Base|Grape::API|Roda\b|ApplicationMailer|ActionMailer::Base|ApplicationCable|ActionCable::/;

/** Command-line, task and migration code that prints to a terminal by design, per language. */
const CLI_PATH: Partial<Record<LanguageId, RegExp>> = {
  python: /(^|\/)(management\/commands\/|migrations\/|manage\.py$|setup\.py$|conftest\.py$|__main__\.py$|cli\.py$)/,
  ruby: /(^|\/)(lib\/tasks\/|db\/|config\/|script\/)|\.rake$|(^|\/)(Rakefile|Gemfile|Capfile|Guardfile)$/,
  php: /(^|\/)(Console|Commands?|database|config)\//,
};

const LOGGER: Record<string, string> = {
  js: 'a structured logger (pino, winston, or the framework logger)',
  python: 'the `logging` module (or structlog) with a module-level logger',
  java: 'SLF4J (`LoggerFactory.getLogger(...)`)',
  go: '`log/slog`',
  ruby: '`Rails.logger` or a `Logger` instance',
  php: 'a PSR-3 logger (Monolog, Laravel `Log::`)',
};

const JS_CONSOLE = new Set(['log', 'info', 'warn', 'error', 'debug', 'trace']);
const JAVA_PRINT = new Set(['println', 'print', 'printf', 'format']);
const GO_FMT = new Set(['Print', 'Println', 'Printf']);
const RUBY_PRINT = new Set(['puts', 'print', 'p', 'pp']);
const RUBY_STREAMS = new Set(['$stdout', '$stderr', 'STDOUT', 'STDERR']);
/** Per language, the printing call it reports, as written (PHP function names in any case). */
const CONSOLE = /console/;
const MENTIONS: CodeRule['mentions'] = {
  javascript: CONSOLE, typescript: CONSOLE, tsx: CONSOLE,
  python: /print/,
  java: /System\.(out|err)|printStackTrace/,
  go: /[Pp]rint/,
  ruby: /puts|print|\bpp?\b/,
  php: /var_dump|print_r|var_export|debug_zval_dump/i,
};

export const unstructuredLogging: CodeRule = {
  id: 'operations/unstructured-logging',
  meta: {
    title: 'Unstructured logging in server code',
    area: 'operations',
    defaultSeverity: 'warning',
    languages: ['javascript', 'typescript', 'tsx', 'python', 'java', 'go', 'ruby', 'php'],
    description: 'Server code that prints to stdout/stderr (`console.log`, `print`, `System.out.println`, `fmt.Println`, `puts`, `var_dump`) produces lines with no level, timestamp or fields, which log platforms cannot filter, correlate or alert on.',
    cwe: ['CWE-778'],
    references: ['OWASP ASVS v5 16.2 (log format and content)', 'OWASP Logging Cheat Sheet', 'The Twelve-Factor App XI (Logs)'],
    messages: {
      print: '`{{call}}` writes an unstructured line from server code: use {{logger}} so entries carry a level, a timestamp and queryable fields.',
      stackTrace: '`printStackTrace()` dumps the trace to stderr without context: log it with SLF4J (`log.error("...", e)`) so it has a level, a message and the request context.',
      dump: '`{{call}}` dumps a value into the response or the server output: remove it, or log the value with {{logger}}.',
    },
  },
  mentions: MENTIONS,
  check(ctx) {
    if (ctx.isTestFile || isToolingPath(ctx.file) || ctx.text.startsWith('#!') || CLI_PATH[ctx.language]?.test(ctx.file)) return;
    switch (ctx.language) {
      case 'javascript': case 'typescript': case 'tsx': return checkJs(ctx);
      case 'python': return checkPython(ctx);
      case 'java': return checkJava(ctx);
      case 'go': return checkGo(ctx);
      case 'ruby': return checkRuby(ctx);
      case 'php': return checkPhp(ctx);
    }
  },
};

function imports(ctx: CodeRuleContext): string[] {
  return findImports(ctx.language, ctx.nodesOfType(...IMPORT_NODE_TYPES[ctx.language])).map(i => i.specifier);
}

function report(ctx: CodeRuleContext, node: SyntaxNode, call: string, group: string, messageId = 'print'): void {
  ctx.report({ node, messageId, data: { call, logger: LOGGER[group]! } });
}

function isServerJs(ctx: CodeRuleContext): boolean {
  if (imports(ctx).some(s => SERVER_IMPORT.js.test(s))) return true;
  return findRoutes(ctx.language, ctx.nodesOfType(...ROUTE_NODE_TYPES[ctx.language]), ctx.file).some(r => {
    const object = r.node.type === 'call_expression' ? r.node.childForFieldName('function')?.childForFieldName('object') : undefined;
    return object?.type === 'identifier' && JS_ROUTE_RECEIVER.test(object.text);
  });
}

/** Inside the arguments of `x.listen(...)`: the start-up banner, not request-time logging. */
function inListenCallback(node: SyntaxNode): boolean {
  for (let p = node.parent; p; p = p.parent) {
    if (p.type !== 'call_expression' || p === node) continue;
    const fn = p.childForFieldName('function');
    if (fn?.type === 'member_expression' && fn.childForFieldName('property')?.text === 'listen') return true;
  }
  return false;
}

function checkJs(ctx: CodeRuleContext): void {
  let server: boolean | undefined;
  for (const call of ctx.nodesOfType('call_expression')) {
    const fn = call.childForFieldName('function');
    if (fn?.type !== 'member_expression' || fn.childForFieldName('object')?.text !== 'console') continue;
    const method = fn.childForFieldName('property')?.text ?? '';
    if (!JS_CONSOLE.has(method)) continue;
    if (!(server ??= isServerJs(ctx))) return;
    if (inListenCallback(call)) continue;
    report(ctx, call, `console.${method}()`, 'js');
  }
}

function isMainGuard(node: SyntaxNode): boolean {
  const condition = node.childForFieldName('condition');
  return !!condition && /^__name__\s*==\s*["']__main__["']$|^["']__main__["']\s*==\s*__name__$/.test(condition.text);
}

function checkPython(ctx: CodeRuleContext): void {
  let server: boolean | undefined;
  for (const call of ctx.nodesOfType('call')) {
    if (call.childForFieldName('function')?.text !== 'print' || call.childForFieldName('function')?.type !== 'identifier') continue;
    server ??= imports(ctx).some(s => SERVER_IMPORT.python.test(s)) || findRoutes('python', ctx.nodesOfType(...ROUTE_NODE_TYPES.python), ctx.file).length > 0;
    if (!server) return;
    // print(row, file=out) writes a file; only stdout/stderr are logging.
    const file = call.childForFieldName('arguments')?.namedChildren.find(a => a?.type === 'keyword_argument' && a.childForFieldName('name')?.text === 'file');
    const target = file?.childForFieldName('value')?.text;
    if (target !== undefined && !/^sys\.(stdout|stderr)$/.test(target)) continue;
    let guarded = false;
    for (let p = call.parent; p && !guarded; p = p.parent) guarded = p.type === 'if_statement' && isMainGuard(p);
    if (!guarded) report(ctx, call, 'print()', 'python');
  }
}

function checkJava(ctx: CodeRuleContext): void {
  let server: boolean | undefined;
  for (const call of ctx.nodesOfType('method_invocation')) {
    const name = call.childForFieldName('name')?.text ?? '';
    const object = call.childForFieldName('object');
    const argCount = call.childForFieldName('arguments')?.namedChildCount ?? 0;
    const isPrint = JAVA_PRINT.has(name) && (object?.text === 'System.out' || object?.text === 'System.err');
    const isTrace = name === 'printStackTrace' && argCount === 0;
    if (!isPrint && !isTrace) continue;
    if (!(server ??= imports(ctx).some(s => SERVER_IMPORT.java.test(s)))) return;
    if (inMainMethod(call)) continue;
    if (isTrace) ctx.report({ node: call, messageId: 'stackTrace' });
    else report(ctx, call, `${object!.text}.${name}()`, 'java');
  }
}

function inMainMethod(node: SyntaxNode): boolean {
  for (let p = node.parent; p; p = p.parent) {
    if (p.type === 'method_declaration') {
      const modifiers = p.namedChildren.find(c => c?.type === 'modifiers')?.text ?? '';
      return p.childForFieldName('name')?.text === 'main' && /\bstatic\b/.test(modifiers);
    }
  }
  return false;
}

function checkGo(ctx: CodeRuleContext): void {
  // The main package prints its start-up banner and flags; request handling lives in the other packages.
  const pkg = ctx.nodesOfType('package_clause')[0]?.namedChild(0)?.text;
  if (!pkg || pkg === 'main') return;
  let server: boolean | undefined;
  for (const call of ctx.nodesOfType('call_expression')) {
    const fn = call.childForFieldName('function');
    let name: string | undefined;
    if (fn?.type === 'selector_expression' && fn.childForFieldName('operand')?.text === 'fmt' && GO_FMT.has(fn.childForFieldName('field')?.text ?? '')) name = fn.text;
    else if (fn?.type === 'identifier' && (fn.text === 'println' || fn.text === 'print')) name = fn.text;
    if (!name) continue;
    if (!(server ??= imports(ctx).some(s => SERVER_IMPORT.go.test(s)))) return;
    report(ctx, call, `${name}()`, 'go');
  }
}

function isServerRuby(ctx: CodeRuleContext): boolean {
  if (/(^|\/)app\//.test(ctx.file)) return true; // Rails and Hanami application code
  if (imports(ctx).some(s => SERVER_IMPORT.ruby.test(s))) return true;
  return ctx.nodesOfType('superclass').some(s => RUBY_APP_CLASS.test(s.text));
}

function checkRuby(ctx: CodeRuleContext): void {
  let server: boolean | undefined;
  for (const call of ctx.nodesOfType('call')) {
    const method = call.childForFieldName('method')?.text ?? '';
    if (!RUBY_PRINT.has(method) || !call.childForFieldName('arguments')) continue;
    const receiver = call.childForFieldName('receiver');
    if (receiver && !(RUBY_STREAMS.has(receiver.text) && (method === 'puts' || method === 'print'))) continue;
    if (!(server ??= isServerRuby(ctx))) return;
    report(ctx, call, receiver ? `${receiver.text}.${method}` : method, 'ruby');
  }
}

function checkPhp(ctx: CodeRuleContext): void {
  for (const call of ctx.nodesOfType('function_call_expression')) {
    const name = (call.childForFieldName('function')?.text ?? '').replace(/^\\/, '').toLowerCase();
    if (name !== 'var_dump' && name !== 'print_r' && name !== 'var_export' && name !== 'debug_zval_dump') continue;
    const args = call.childForFieldName('arguments')?.namedChildren.filter(a => a?.type === 'argument') ?? [];
    // print_r($x, true) / var_export($x, true) return the text (often to pass it to a logger): only the printing form counts.
    if ((name === 'print_r' || name === 'var_export') && args.length > 1 && args[1]!.text.toLowerCase().replace(/^return\s*:\s*/, '') !== 'false') continue;
    report(ctx, call, `${name}()`, 'php', 'dump');
  }
}
