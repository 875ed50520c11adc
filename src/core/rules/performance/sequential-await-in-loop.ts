import type { Rule } from '../../model';
import type { SyntaxNode } from '../../languages/parser';
import { nameWords } from '../../analysis/syntax';
import { callParts, enclosingLoop, isFunctionNode, iteratesCollection, lastName, loopRegions } from '../../analysis/code-shapes';
import { isDbCall } from '../../analysis/db-calls';

/** Loops whose iterations are independent elements: for-of / for-in / C-style for, Python for and comprehensions. */
const ELEMENT_LOOPS = new Set(['for_in_statement', 'for_statement', 'list_comprehension', 'set_comprehension', 'dictionary_comprehension', 'generator_expression']);
/** Awaits that pace the loop on purpose (rate limiting, polling, UI automation). */
const PACING_WORDS = new Set(['sleep', 'delay', 'wait', 'pause', 'throttle', 'backoff', 'limiter', 'ratelimit', 'bottleneck']);
/** Methods whose order matters (stream writes, locks, iterators, transactions). */
const ORDERED_METHODS = new Set(['write', 'writeLine', 'writeln', 'end', 'pipe', 'acquire', 'release', 'lock', 'unlock', 'next', 'read', 'readLine', 'readline', 'commit', 'rollback', 'flush', 'drain',
  // shutting things down one by one is deliberate
  'close', 'aclose', '__aexit__', 'stop', 'shutdown', 'disconnect', 'dispose', 'destroy', 'terminate', 'kill']);
/** Collections whose elements must run in order: migrations, pipeline steps, plugins, middleware, hooks. */
const ORDERED_COLLECTIONS = new Set(['migration', 'migrations', 'step', 'steps', 'plugin', 'plugins', 'middleware', 'middlewares', 'hook', 'hooks', 'stage', 'stages', 'phase', 'phases', 'handler', 'handlers', 'listener', 'listeners', 'seed', 'seeds', 'seeder', 'seeders', 'chunk', 'chunks', 'batch', 'batches', 'page', 'pages', 'callback', 'callbacks', 'factory', 'factories', 'command', 'commands', 'fallback', 'fallbacks', 'retry', 'retries']);
/** Every finding is an `await`. */
const MENTIONS = /await/;
const LOOP_EXIT = new Set(['break_statement', 'return_statement']);
const ASSIGN = new Set(['assignment_expression', 'augmented_assignment_expression', 'assignment', 'augmented_assignment']);

export const sequentialAwaitInLoop: Rule = {
  id: 'performance/sequential-await-in-loop',
  locality: 'declaration',
  meta: {
    title: 'Independent awaits run one at a time in a loop',
    area: 'performance',
    defaultSeverity: 'info',
    languages: ['javascript', 'typescript', 'tsx', 'python'],
    description: 'Awaiting an independent call on each element of a loop serialises the work: the loop takes the sum of all latencies instead of the longest one. Run the calls concurrently with a bounded pool.',
    references: ['MDN: Promise.all', 'Python docs: asyncio.gather / TaskGroup', 'ESLint no-await-in-loop'],
    messages: {
      sequential: 'This await runs once per element, one after another ({{call}}): the loop takes the sum of every latency. If the iterations are independent, run them concurrently with bounded parallelism ({{alternative}}).',
    },
  },
  mentions: MENTIONS,
  check(ctx) {
    if (ctx.isTestFile) return;
    const python = ctx.language === 'python';
    const alternative = python ? 'asyncio.gather with a Semaphore, or a TaskGroup' : 'Promise.all over chunks, or p-limit / p-map with a concurrency limit';
    const verdicts = new Map<number, LoopFacts | null>();
    const reported = new Set<number>();
    const loops = loopRegions(ctx.nodesOfType, ctx.language, ELEMENT_LOOPS, false);
    if (loops.empty) return;
    for (const aw of ctx.nodesOfType(python ? 'await' : 'await_expression')) {
      if (!loops.covers(aw)) continue;
      const context = enclosingLoop(aw);
      if (!context || context.kind !== 'loop' || !ELEMENT_LOOPS.has(context.loop.type)) continue;
      const loop = context.loop;
      if (reported.has(loop.id)) continue;
      let facts = verdicts.get(loop.id);
      if (facts === undefined) verdicts.set(loop.id, (facts = loopFacts(loop)));
      if (!facts) continue;
      const awaited = aw.namedChild(0);
      if (!awaited || !dependsOn(awaited, facts.elementNames)) continue;
      if (awaited.type === 'call_expression' || awaited.type === 'call') {
        const parts = callParts(awaited);
        if (parts?.name && ORDERED_METHODS.has(parts.name)) continue;
        if (isDbCall(awaited, ctx.language)) continue; // performance/query-in-loop reports it with better advice
      }
      reported.add(loop.id);
      ctx.report({ node: aw, messageId: 'sequential', data: { call: callName(awaited), alternative } });
    }
  },
};

interface LoopFacts { elementNames: Set<string> }

/** Whether a loop's iterations can run concurrently; with the names that hold the element (or values derived from it). */
function loopFacts(loop: SyntaxNode): LoopFacts | null {
  if (isAsyncLoop(loop) || !iteratesCollection(loop)) return null;
  const body = loop.childForFieldName('body');
  if (!body) return null;
  const elementNames = new Set<string>();
  if (loop.type === 'for_statement' && loop.childForFieldName('initializer')) {
    const init = loop.childForFieldName('initializer')!;
    for (const d of init.namedChildren) { const name = d?.childForFieldName('name'); if (name) collectNames(name, elementNames); }
    if (!loop.childForFieldName('condition')) return null;
  } else if (loop.type === 'for_statement' || loop.type === 'for_in_statement') {
    const left = loop.childForFieldName('left');
    if (!left) return null;
    collectNames(left, elementNames);
    // for (const migration of migrations), for step in pipeline.steps: the order is the point.
    const iterable = loop.childForFieldName('right');
    if ([...nameWords(lastName(iterable) ?? ''), ...[...elementNames].flatMap(n => nameWords(n))].some(w => ORDERED_COLLECTIONS.has(w))) return null;
  } else { // comprehension: the variables of its for-clauses
    for (const clause of loop.namedChildren) if (clause?.type === 'for_in_clause') { const left = clause.childForFieldName('left'); if (left) collectNames(left, elementNames); }
    return elementNames.size ? { elementNames } : null;
  }
  if (!elementNames.size) return null;

  // Walk the body once (not into nested functions): exits, pacing awaits, loop-carried assignments, derived names.
  const reads: SyntaxNode[] = [];
  const writes: { name: string; node: SyntaxNode; augmented: boolean }[] = [];
  const declared = new Set<string>();
  let paced = false;
  let exits = false;
  const visit = (node: SyntaxNode, inNestedLoop: boolean): void => {
    if (isFunctionNode(node)) return;
    if (LOOP_EXIT.has(node.type) && !(inNestedLoop && node.type === 'break_statement')) exits = true;
    if (node.type === 'await_expression' || node.type === 'await') {
      const awaited = node.namedChild(0);
      if (awaited && isPacing(awaited)) paced = true;
    }
    if (node.type === 'variable_declarator') {
      const name = node.childForFieldName('name');
      const value = node.childForFieldName('value');
      if (name) {
        const names = new Set<string>();
        collectNames(name, names);
        names.forEach(n => declared.add(n));
        if (value && dependsOn(value, elementNames)) names.forEach(n => elementNames.add(n));
      }
    }
    if (ASSIGN.has(node.type)) {
      const left = node.childForFieldName('left');
      const right = node.childForFieldName('right');
      if (left?.type === 'identifier') {
        writes.push({ name: left.text, node, augmented: node.type.startsWith('augmented') });
        if (right && dependsOn(right, elementNames) && !node.type.startsWith('augmented')) elementNames.add(left.text);
      }
    }
    if (node.type === 'identifier') reads.push(node);
    const nested = inNestedLoop || (node !== body && ['for_statement', 'for_in_statement', 'while_statement', 'do_statement', 'switch_statement'].includes(node.type));
    for (const c of node.namedChildren) if (c) visit(c, nested);
  };
  visit(body, false);
  if (paced || exits) return null;
  for (const w of writes) {
    if (w.augmented) return null; // total += await price(x): each iteration builds on the last
    if (declared.has(w.name)) continue; // a let inside the body is fresh per iteration
    // Read before it is written in the body, or on its own right-hand side: the next iteration needs this one.
    if (reads.some(r => r.text === w.name && r.startIndex < w.node.endIndex && !w.node.childForFieldName('left')?.equals(r))) return null;
  }
  return { elementNames };
}

function isAsyncLoop(loop: SyntaxNode): boolean {
  for (let i = 0; i < loop.childCount; i++) {
    const c = loop.child(i);
    if (c && !c.isNamed && (c.type === 'await' || c.type === 'async')) return true;
  }
  return false;
}

function collectNames(node: SyntaxNode, out: Set<string>): void {
  if (node.type === 'identifier' || node.type === 'shorthand_property_identifier_pattern') { out.add(node.text); return; }
  for (const c of node.namedChildren) if (c && c.type !== 'property_identifier') collectNames(c, out);
}

function dependsOn(node: SyntaxNode, names: ReadonlySet<string>): boolean {
  if (node.type === 'identifier' || node.type === 'shorthand_property_identifier') return names.has(node.text);
  for (const c of node.namedChildren) if (c && !isFunctionNode(c) && dependsOn(c, names)) return true;
  return false;
}

/** `await sleep(200)`, `await asyncio.sleep(..)`, `await limiter.schedule(..)`, `await new Promise(r => setTimeout(r, 100))`. */
function isPacing(awaited: SyntaxNode): boolean {
  if (awaited.type === 'call_expression' || awaited.type === 'call') {
    const parts = callParts(awaited);
    const words = [...nameWords(parts?.name ?? ''), ...nameWords(lastName(parts?.receiver) ?? '')];
    return words.some(w => PACING_WORDS.has(w));
  }
  if (awaited.type === 'new_expression') {
    const stack = [awaited];
    while (stack.length) {
      const n = stack.pop()!;
      if (n.type === 'call_expression' && n.childForFieldName('function')?.text === 'setTimeout') return true;
      for (const c of n.namedChildren) if (c) stack.push(c);
    }
  }
  return false;
}

function callName(awaited: SyntaxNode): string {
  if (awaited.type === 'call_expression' || awaited.type === 'call') {
    const fn = awaited.childForFieldName('function');
    if (fn && fn.text.length <= 40 && !fn.text.includes('\n')) return `${fn.text}()`;
  }
  return 'await';
}
