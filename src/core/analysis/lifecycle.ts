import type { FactValue, FileFacts, LanguageId } from '../model';
import type { SyntaxNode } from '../languages/parser';
import type { Evidence, FactContext, FactExtractor } from './facts';
import { lineFrom, stringValue } from './syntax';

/**
 * `lifecycle`: how a file starts and stops a long-running server, and whether it declares a health path.
 * Read by the operations rules (graceful shutdown, health endpoint) through `lifecycleOf`.
 */
export interface LifecycleFact {
  /** Calls that start a server and keep the process alive: `app.listen`, `http.ListenAndServe`, `serve_forever`, `SpringApplication.run`. */
  listens?: { line: number; call: string; kind: 'server' | 'spring' }[];
  /** The file refers to SIGTERM (a handler for the signal orchestrators send) or enables framework shutdown hooks. */
  sigterm?: boolean;
  /** The file calls a draining shutdown: Go `Server.Shutdown(ctx)`, gRPC `GracefulStop()`. */
  shutdown?: boolean;
  /** 0-based line of the first string literal that is a health/readiness/liveness path (`/healthz`, `health/`, `rails/health#show`). */
  health?: number;
}

export function lifecycleOf(facts: FileFacts | undefined): LifecycleFact {
  return (facts?.lifecycle as LifecycleFact | undefined) ?? {};
}

const STRING_TYPES: Record<LanguageId, readonly string[]> = {
  javascript: ['string', 'template_string'], typescript: ['string', 'template_string'], tsx: ['string', 'template_string'],
  python: ['string'], java: ['string_literal'], go: ['interpreted_string_literal', 'raw_string_literal'],
  ruby: ['string'], php: ['string', 'encapsed_string'],
};

/** Path segments that name a probe endpoint when the path starts with `/` (`/status`, `/ping`, `/up` are probes only as paths). */
const PROBE_SEGMENT = /^_{0,2}(health|healthz|healthcheck|health[-_]check|healthy|ready|readyz|readiness|live|livez|liveness|alive|ping|status|up|heartbeat|hc)$/i;
/** Segments distinctive enough to count without a leading slash (Django `path("healthz/")`, Flask blueprints...). */
const DISTINCT_SEGMENT = /^_{0,2}(health|healthz|healthcheck|health[-_]check|healthy|readyz|readiness|livez|liveness|heartbeat)$/i;
/** Prefixes a probe path may sit under: `/api/v1/health`, `/actuator/health`, `/-/ready`. */
const PREFIX_SEGMENT = /^(api|v\d+|internal|private|admin|management|actuator|system|sys|ops|monitoring|probes?|-|_+)$/i;

/** Cheap pre-check before splitting a literal into segments. */
const PROBE_WORD = /health|ready|live|alive|ping|status|up|heartbeat|hc/i;

/** Whether a route path or string literal names a health, readiness or liveness endpoint. */
export function isHealthPath(raw: string): boolean {
  const value = raw.trim().replace(/^\^/, '').replace(/\$$/, '');
  if (value === 'rails/health#show') return true; // Rails 7.1 `get "up" => "rails/health#show"`
  if (value.length === 0 || value.length > 64 || /\s/.test(value) || !PROBE_WORD.test(value)) return false;
  // `/status` and Django's `status/` are paths; a bare `status` is just a word.
  const rooted = value.startsWith('/') || value.endsWith('/');
  const segments = value.split('/').filter(Boolean);
  if (segments.length === 0 || segments.length > 4) return false;
  const probe = rooted ? PROBE_SEGMENT : DISTINCT_SEGMENT;
  let sawProbe = false;
  for (const segment of segments) {
    if (probe.test(segment) || PROBE_SEGMENT.test(segment) && sawProbe) sawProbe = true;
    else if (!PREFIX_SEGMENT.test(segment)) return false;
  }
  return sawProbe;
}

/** JS modules whose import shows the file runs a server (frameworks and Node's own servers). */
const JS_SERVER_MODULE = /^(express|koa|@koa\/router|koa-router|fastify|@nestjs\/(core|common|platform-[a-z-]+)|hono|@hono\/node-server|@hapi\/hapi|hapi|restify|polka|@apollo\/server|apollo-server(-[a-z]+)?|graphql-yoga|(node:)?(http|https|http2|net))$/;
const JS_SERVER_RECEIVER = /^(app|application|server|httpServer|httpsServer|srv|fastify|api|instance|nestApp)$/;

function textOf(node: SyntaxNode | null | undefined): string | undefined {
  return node ? node.text : undefined;
}

/** A receiver as it reads in a message: `app`, `http.createServer(app)`, or `…` when long. */
function label(node: SyntaxNode | null | undefined): string {
  const text = node?.text ?? '';
  return text && text.length <= 40 && !text.includes('\n') ? text : '…';
}

/** Arguments of a call, without comments. */
function argsOf(call: SyntaxNode): SyntaxNode[] {
  const args = call.childForFieldName('arguments');
  return args ? args.namedChildren.filter((a): a is SyntaxNode => !!a && a.type !== 'comment') : [];
}

type LifecyclePiece = 'sigterm' | 'shutdown' | 'health' | { call: string; kind: 'server' | 'spring' };

/** Every piece of the lifecycle fact in the nodes at hand, each on its row (see `FactExtractor.byRows`). */
function lifecycleEvidence(ctx: FactContext): Evidence[] {
  const { language } = ctx;
  const pieces: Evidence[] = [];
  const mark = (node: SyntaxNode, piece: LifecyclePiece) => pieces.push({ row: node.startPosition.row, value: piece });
  const listen = (node: SyntaxNode, call: string, kind: 'server' | 'spring' = 'server') => mark(node, { call, kind });
  const imports = () => ctx.fileImports();

  for (const node of ctx.nodesOfType(...STRING_TYPES[language])) {
    // A health path or 'SIGTERM' is a short one-line literal: look at the source from the literal's start to the end
    // of its line (no WASM call) before reading its value.
    const source = lineFrom(ctx.text, node.startIndex);
    if (!PROBE_WORD.test(source) && !source.includes('SIGTERM')) continue;
    const value = stringValue(node);
    if (value === undefined) continue;
    if (value === 'SIGTERM') mark(node, 'sigterm'); // process.on('SIGTERM'), ['SIGINT', 'SIGTERM'].forEach(...)
    if (isHealthPath(value)) mark(node, 'health');
  }

  switch (language) {
    case 'javascript': case 'typescript': case 'tsx': {
      let serverImport: boolean | undefined;
      // Each call below is named listen, serve or enableShutdownHooks: without those words there is nothing to read.
      for (const call of /listen|serve|enableShutdownHooks/.test(ctx.text) ? ctx.nodesOfType('call_expression') : []) {
        const fn = call.childForFieldName('function');
        if (fn?.type === 'member_expression') {
          const property = textOf(fn.childForFieldName('property'));
          const object = fn.childForFieldName('object');
          if (property === 'enableShutdownHooks') mark(call, 'sigterm'); // NestJS registers SIGTERM/SIGINT listeners
          else if (property === 'listen' && object) {
            serverImport ??= imports().some(s => JS_SERVER_MODULE.test(s));
            if (serverImport || object.type === 'call_expression' || (object.type === 'identifier' && JS_SERVER_RECEIVER.test(object.text))) listen(call, `${label(object)}.listen()`);
          } else if (property === 'serve' && object?.text === 'Bun') listen(call, 'Bun.serve()');
        } else if (fn?.type === 'identifier' && fn.text === 'serve' && imports().includes('@hono/node-server')) {
          listen(call, 'serve()');
        }
      }
      for (const member of ctx.text.includes('SIGTERM') ? ctx.nodesOfType('member_expression') : []) {
        if (textOf(member.childForFieldName('property')) === 'SIGTERM') mark(member, 'sigterm'); // os.constants.signals.SIGTERM
      }
      break;
    }
    case 'python': {
      let tornado: boolean | undefined;
      for (const call of /serve_forever|listen/.test(ctx.text) ? ctx.nodesOfType('call') : []) {
        const fn = call.childForFieldName('function');
        if (fn?.type !== 'attribute') continue;
        const attr = textOf(fn.childForFieldName('attribute'));
        // Stdlib servers (http.server, socketserver, wsgiref) die on SIGTERM unless the code handles it.
        if (attr === 'serve_forever') listen(call, `${label(fn.childForFieldName('object'))}.serve_forever()`);
        else if (attr === 'listen') {
          tornado ??= imports().some(s => s === 'tornado' || s.startsWith('tornado.'));
          if (tornado) listen(call, `${label(fn.childForFieldName('object'))}.listen()`);
        }
      }
      for (const id of ctx.text.includes('SIGTERM') ? ctx.nodesOfType('identifier') : []) {
        if (id.text === 'SIGTERM') mark(id, 'sigterm'); // signal.SIGTERM, from signal import SIGTERM
      }
      break;
    }
    case 'go': {
      let specs: string[] | undefined;
      const imported = (test: (s: string) => boolean) => (specs ??= imports()).some(test);
      for (const call of /Serve|Run|Start|Listen|Shutdown|GracefulStop/.test(ctx.text) ? ctx.nodesOfType('call_expression') : []) {
        const fn = call.childForFieldName('function');
        if (fn?.type !== 'selector_expression') continue;
        const field = textOf(fn.childForFieldName('field')) ?? '';
        const operand = fn.childForFieldName('operand');
        const name = `${label(operand)}.${field}()`;
        const args = argsOf(call);
        switch (field) {
          case 'ListenAndServe': case 'ListenAndServeTLS': listen(call, name); break;
          case 'Serve': case 'ServeTLS':
            if (imported(s => s === 'net/http' || s === 'google.golang.org/grpc')) listen(call, name);
            break;
          case 'Run': case 'RunTLS': // gin: r.Run(":8080") — not exec.Cmd.Run()
            if (imported(s => s === 'github.com/gin-gonic/gin') && (args.length > 0 || /^(r|router|engine|app|server|srv|g|api)$/.test(operand?.text ?? ''))) listen(call, name);
            break;
          case 'Start': case 'StartTLS': // echo: e.Start(":8080")
            if (args.length > 0 && imported(s => s.startsWith('github.com/labstack/echo'))) listen(call, name);
            break;
          case 'Listen': case 'ListenTLS': // fiber: app.Listen(":3000")
            if (imported(s => s.startsWith('github.com/gofiber/fiber'))) listen(call, name);
            break;
          case 'Shutdown': case 'ShutdownWithContext': case 'ShutdownWithTimeout': case 'GracefulStop':
            mark(call, 'shutdown');
            break;
        }
      }
      for (const selector of ctx.text.includes('SIGTERM') ? ctx.nodesOfType('selector_expression') : []) {
        if (textOf(selector.childForFieldName('field')) === 'SIGTERM') mark(selector, 'sigterm'); // syscall.SIGTERM, unix.SIGTERM
      }
      break;
    }
    case 'java': {
      for (const call of ctx.text.includes('SpringApplication') ? ctx.nodesOfType('method_invocation') : []) {
        if (textOf(call.childForFieldName('name')) !== 'run') continue;
        const object = call.childForFieldName('object');
        // SpringApplication.run(App.class, args), new SpringApplicationBuilder(App.class).run(args)
        if (object && (object.text === 'SpringApplication' || /^new\s+SpringApplication(Builder)?\b/.test(object.text))) listen(call, 'SpringApplication.run()', 'spring');
      }
      break;
    }
    default:
      break;
  }
  return pieces;
}

/** The fact from the pieces of the whole file. */
function summarizeLifecycle(pieces: readonly Evidence[]): FactValue {
  const out: LifecycleFact = {};
  const listens: NonNullable<LifecycleFact['listens']> = [];
  for (const { row, value } of pieces) {
    const piece = value as LifecyclePiece;
    if (piece === 'sigterm') out.sigterm = true;
    else if (piece === 'shutdown') out.shutdown = true;
    else if (piece === 'health') out.health = Math.min(out.health ?? row, row);
    else listens.push({ line: row, call: piece.call, kind: piece.kind });
  }
  if (listens.length) out.listens = listens.sort((a, b) => a.line - b.line);
  return out as unknown as FactValue;
}

/** The `lifecycle` fact extractor (registered in `FACT_EXTRACTORS`). */
export const lifecycleFact: FactExtractor = {
  key: 'lifecycle',
  languages: ['javascript', 'typescript', 'tsx', 'python', 'java', 'go', 'ruby', 'php'],
  extract: ctx => summarizeLifecycle(lifecycleEvidence(ctx)),
  byRows: { evidence: lifecycleEvidence, summarize: summarizeLifecycle },
};
