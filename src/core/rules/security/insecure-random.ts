import type { Fix, LanguageId, Rule } from '../../model';
import type { SyntaxNode } from '../../languages/parser';
import { rangeOf, type CodeRuleContext } from '../../engine/rule-context';
import {
  CALL_TYPES, type Call, FUNCTION_TYPES, callOf, enclosingFunction, enclosingFunctionName, isJs, keywordArg,
  positionalArgs, stringOf, subtree, valueContext, within,
} from '../../analysis/security-shapes';
import { isDescriptiveName, secretNamed } from '../../analysis/security-names';

const CALL_TYPES_ALL = new Set(Object.values(CALL_TYPES).flat());
const PY_RANDOM = new Set(['random', 'randint', 'randrange', 'choice', 'choices', 'sample', 'getrandbits', 'uniform', 'randbytes', 'shuffle', 'triangular']);
const JAVA_RANDOM_METHODS = /^(next(Int|Long|Double|Float|Boolean|Bytes|Gaussian)?|ints|longs|doubles)$/;
const GO_NOT_VALUES = new Set(['New', 'NewSource', 'NewPCG', 'NewChaCha8', 'NewZipf', 'Seed']);
const PHP_RANDOM = new Set(['rand', 'mt_rand', 'uniqid', 'lcg_value', 'str_shuffle', 'array_rand', 'shuffle']);
/** Calls whose argument is a delay, a schedule or a log line, never a secret (`time.sleep(random.uniform(1, 2))`). */
const NOT_SECRET_SINKS = /^(sleep|usleep|wait|settimeout|setinterval|delay|after|tick|newtimer|newticker|schedule|backoff|jitter|retry|log|debug|info|warn|warning|error|print|println|printf|puts|logf|infof|debugf|warnf|errorf)$/i;

const SAFE_API: Record<LanguageId, string> = {
  javascript: 'crypto.randomBytes() or crypto.randomUUID()', typescript: 'crypto.randomBytes() or crypto.randomUUID()',
  tsx: 'crypto.getRandomValues() or crypto.randomUUID()', python: 'the secrets module (secrets.token_urlsafe, secrets.choice)',
  java: 'java.security.SecureRandom', go: 'crypto/rand', ruby: 'SecureRandom', php: 'random_bytes() or random_int()',
};

/** Every generator it reports is named in the file: rand/Random (Math.random, math/rand, mt_rand, array_rand), sample, shuffle, PHP uniqid and lcg_value. */
const MENTIONS = /rand|sample|shuffle|uniqid|lcg_value/i;

export const insecureRandom: Rule = {
  id: 'security/insecure-random',
  meta: {
    title: 'Predictable random numbers for secrets',
    area: 'security',
    defaultSeverity: 'error',
    languages: ['javascript', 'typescript', 'tsx', 'python', 'java', 'go', 'ruby', 'php'],
    description: 'Math.random, random, java.util.Random, math/rand, rand() and mt_rand are predictable: tokens, passwords, salts or session ids made from them can be guessed after observing a few outputs.',
    cwe: ['CWE-330', 'CWE-338'],
    references: ['OWASP ASVS v5 11.5.1', 'OWASP Top 10 2021 A02', 'CWE-338'],
    messages: {
      insecure: "{{source}} is not a cryptographically secure generator, but its output is used for '{{what}}' here: use {{safe}}.",
    },
  },
  mentions: MENTIONS,
  check(ctx) {
    // Test data does not need unpredictability.
    if (ctx.isTestFile) return;
    const sources = randomSources(ctx);
    for (const node of ctx.nodesOfType(...CALL_TYPES[ctx.language])) {
      const call = callOf(node);
      if (!call) continue;
      const source = insecureSource(call, ctx.language, sources);
      if (source) judge(ctx, node, source, call);
    }
    if (ctx.language === 'ruby' && ctx.text.includes('rand')) {
      // `rand` without parentheses is an identifier in the Ruby grammar.
      for (const node of ctx.nodesOfType('identifier')) {
        if (node.text !== 'rand' || !isBareRubyRand(node)) continue;
        judge(ctx, node, 'rand');
      }
    }
  },
};

interface Sources { pyNames: Map<string, string>; goRand: Set<string>; javaRandomVars: Set<string> }

/** Names bound to the insecure generators in this file: `from random import choice`, `math/rand` aliases, `Random r`. */
function randomSources(ctx: CodeRuleContext): Sources {
  const sources: Sources = { pyNames: new Map(), goRand: new Set(), javaRandomVars: new Set() };
  if (ctx.language === 'python') {
    for (const node of ctx.nodesOfType('import_from_statement')) {
      if (node.childForFieldName('module_name')?.text !== 'random') continue;
      for (const name of node.childrenForFieldName('name')) {
        const original = name?.type === 'aliased_import' ? name.childForFieldName('name')?.text : name?.text;
        const local = name?.type === 'aliased_import' ? name.childForFieldName('alias')?.text : name?.text;
        if (original && local && PY_RANDOM.has(original)) sources.pyNames.set(local, original);
      }
    }
  } else if (ctx.language === 'go') {
    for (const spec of ctx.nodesOfType('import_spec')) {
      const path = stringOf(spec.childForFieldName('path'));
      if (path !== 'math/rand' && path !== 'math/rand/v2') continue;
      sources.goRand.add(spec.childForFieldName('name')?.text ?? 'rand');
    }
  } else if (ctx.language === 'java') {
    for (const decl of ctx.nodesOfType('local_variable_declaration', 'field_declaration', 'formal_parameter')) {
      const type = decl.childForFieldName('type')?.text;
      if (type !== 'Random' && type !== 'java.util.Random') continue;
      if (decl.type === 'formal_parameter') { const n = decl.childForFieldName('name')?.text; if (n) sources.javaRandomVars.add(n); continue; }
      for (const d of decl.childrenForFieldName('declarator')) { const n = d?.childForFieldName('name')?.text; if (n) sources.javaRandomVars.add(n); }
    }
  }
  return sources;
}

/** The insecure generator a call uses (`Math.random()`, `random.choice`, `mt_rand`), or undefined. */
function insecureSource(call: Call, language: LanguageId, sources: Sources): string | undefined {
  const receiver = call.receiverText;
  if (isJs(language)) return receiver === 'Math' && call.name === 'random' ? 'Math.random()' : undefined;
  switch (language) {
    case 'python':
      if ((receiver === 'random' || receiver === 'np.random' || receiver === 'numpy.random') && PY_RANDOM.has(call.name)) return `${receiver}.${call.name}()`;
      if (!receiver && sources.pyNames.has(call.name)) return `random.${sources.pyNames.get(call.name)}()`;
      return undefined;
    case 'java':
      if (receiver === 'Math' && call.name === 'random') return 'Math.random()';
      if (receiver && /^(RandomStringUtils|RandomUtils)$/.test(receiver) && /^(random|next)/.test(call.name)) return `${receiver}.${call.name}()`;
      if (!JAVA_RANDOM_METHODS.test(call.name) || !call.receiver) return undefined;
      if (receiver === 'ThreadLocalRandom.current()') return 'ThreadLocalRandom';
      if (call.receiver.type === 'object_creation_expression' && /^(java\.util\.)?Random$/.test(call.receiver.childForFieldName('type')?.text ?? '')) return 'java.util.Random';
      if (receiver && sources.javaRandomVars.has(receiver.replace(/^this\./, ''))) return 'java.util.Random';
      return undefined;
    case 'go':
      return receiver && sources.goRand.has(receiver) && !GO_NOT_VALUES.has(call.name) ? `math/rand.${call.name}` : undefined;
    case 'ruby':
      if (call.name === 'rand' && (!receiver || receiver === 'Kernel' || receiver === 'Random' || receiver === 'Random.new()' || receiver === 'Random.new')) return 'rand';
      if (call.name === 'bytes' && (receiver === 'Random' || receiver === 'Random.new' || receiver === 'Random.new()')) return 'Random.bytes';
      // Array#sample / #shuffle use the same generator unless given `random: SecureRandom`.
      if ((call.name === 'sample' || call.name === 'shuffle') && receiver && !keywordArg(call, 'random') && positionalArgs(call).length <= 1) return `Array#${call.name}`;
      return undefined;
    case 'php':
      return !receiver && !call.isNew && PHP_RANDOM.has(call.name) ? `${call.name}()` : undefined;
    default:
      return undefined;
  }
}

function isBareRubyRand(node: SyntaxNode): boolean {
  const p = node.parent;
  if (!p) return false;
  if (p.type === 'assignment' && p.childForFieldName('left')?.startIndex === node.startIndex) return false;
  if (/parameter/.test(p.type) || p.type === 'call' || p.type === 'method') return false;
  return true;
}

/**
 * Report when the value goes somewhere secret-named: the variable, field, key or setter it is assigned to, the
 * buffer it fills (`nextBytes(salt)`, `rand.Read(nonce)`), or else the function it is made in (`generateToken`).
 */
function judge(ctx: CodeRuleContext, node: SyntaxNode, source: string, call?: Call): void {
  let name: string | undefined;
  if (call && (call.name === 'nextBytes' || (ctx.language === 'go' && call.name === 'Read'))) {
    const buffer = positionalArgs(call)[0];
    if (buffer?.type === 'identifier') name = buffer.text;
  }
  const context = valueContext(node, ctx.language);
  if (context.compared) return; // `Math.random() < 0.1` is a coin flip, not a value
  if (feedsNonSecret(node)) return;
  name ??= context.name;
  let what = secretNamed(name);
  if (what && name && onlyUsedAsBoundary(node, name)) return; // `token` made only to separate multipart parts
  // Otherwise the function's name, when the value is what the function returns: returned directly, or kept in a
  // variable that a `return` mentions (`out += chars[...]; return out`).
  if (!what && !isDescriptiveName(name) && !selectsElement(node, call) && (context.returned || (name !== undefined && returnedLater(node, name)))) {
    const fn = enclosingFunctionName(node);
    if (!isDescriptiveName(fn)) what = secretNamed(fn);
  }
  if (!what) return;
  const fix = call && ctx.language === 'python' ? secretsFix(ctx, call) : undefined;
  ctx.report({ node, messageId: 'insecure', data: { source, what, safe: SAFE_API[ctx.language] }, ...(fix ? { fix } : {}) });
}

/** Same call, same semantics, from the CSPRNG: Python's `random.choice(x)` → `secrets.choice(x)`, `getrandbits` → `randbits`. */
const PY_SECRETS_EQUIVALENT: Record<string, string> = { choice: 'choice', getrandbits: 'randbits' };

function secretsFix(ctx: CodeRuleContext, call: Call): Fix | undefined {
  const replacement = PY_SECRETS_EQUIVALENT[call.name];
  const fn = call.node.childForFieldName('function');
  if (!replacement || call.receiverText !== 'random' || fn?.type !== 'attribute') return undefined;
  const edits: Fix['edits'] = [{ range: rangeOf(fn), newText: `secrets.${replacement}` }];
  const imported = ctx.nodesOfType('import_statement').some(n => n.childrenForFieldName('name').some(m => m?.text === 'secrets'));
  if (!imported) {
    // Add `import secrets` on the line after `import random`, so the module docstring stays first.
    const randomImport = ctx.nodesOfType('import_statement').find(n => n.childrenForFieldName('name').some(m => m?.text === 'random'));
    if (!randomImport) return undefined;
    const at = { line: randomImport.endPosition.row + 1, column: 0 };
    edits.unshift({ range: { start: at, end: at }, newText: 'import secrets\n' });
  }
  return { title: `Use secrets.${replacement}()`, edits };
}

/** Whether the value is an argument (at any depth of the same expression) of a sleep/timer/log call. */
function feedsNonSecret(node: SyntaxNode): boolean {
  for (let p = node.parent, depth = 0; p && depth < 12; p = p.parent, depth++) {
    if (p.type === 'jsx_expression' || p.type === 'jsx_attribute') return true; // key={Math.random()}, style values
    if (FUNCTION_TYPES.has(p.type) || /statement|^block$|body/.test(p.type)) return false;
    const call = CALL_TYPES_ALL.has(p.type) ? callOf(p) : undefined;
    if (call && NOT_SECRET_SINKS.test(call.name) && call.argumentList && within(node, call.argumentList)) return true;
  }
  return false;
}

/** Collections that are alphabets for building a string (`CHARS`, `string.ascii_letters`, `'abc…'`). */
const CHARSET = /char|alphabet|letter|digit|symbol|alnum|charset|ascii|hex|base(32|36|58|62|64)|lower|upper|punctuation|printable/i;
const SELECTORS = new Set(['choice', 'choices', 'sample', 'array_rand', 'shuffle']);

/**
 * Whether the random value only picks an element of a collection that is not an alphabet: `servers[rand.Intn(n)]`,
 * `random.choice(tokens)`, `servers.sample` — load balancing or sampling, not generating a secret.
 */
function selectsElement(node: SyntaxNode, call: Call | undefined): boolean {
  const isCharset = (n: SyntaxNode | undefined) => !!n && (stringOf(n) !== undefined || CHARSET.test(n.text.length <= 120 ? n.text : ''));
  if (call && SELECTORS.has(call.name)) {
    const collection = call.receiver && !/^(random|np\.random|numpy\.random)$/.test(call.receiverText ?? '') ? call.receiver : positionalArgs(call)[0];
    return !isCharset(collection);
  }
  for (let cur = node, p = node.parent, depth = 0; p && depth < 8; cur = p, p = p.parent, depth++) {
    if (/^(subscript|subscript_expression|element_reference|index_expression|array_access)$/.test(p.type)) {
      const object = p.childForFieldName('object') ?? p.childForFieldName('value') ?? p.childForFieldName('operand') ?? p.namedChild(0) ?? undefined;
      if (object && object.startIndex !== cur.startIndex) return !isCharset(object);
    }
    if (FUNCTION_TYPES.has(p.type) || /statement|^block$|body/.test(p.type)) break;
  }
  return false;
}

const BOUNDARY = /boundary/i;
/** The Content-Type parameter: `boundary=`. */
const BOUNDARY_PARAMETER = /boundary\s*=/i;
const PAIR_TYPES = new Set(['pair', 'keyword_argument', 'keyed_element', 'element_value_pair']);
const NAME_TYPES = new Set(['identifier', 'variable_name', 'instance_variable']);

/**
 * Whether the variable `name`, besides being assigned, is only used as a multipart boundary in the function the value
 * is made in: in a string that says so (`boundary=${token}`), passed to a boundary setter (`setBoundary('--' +
 * token)`), or under a boundary key (`{ boundary: token }`).
 */
function onlyUsedAsBoundary(node: SyntaxNode, name: string): boolean {
  const bare = name.replace(/^[$@]/, '');
  let scope: SyntaxNode = node;
  while (scope.parent) scope = scope.parent;
  scope = enclosingFunction(node) ?? scope;
  let boundary = false;
  for (const use of subtree(scope)) {
    if (!NAME_TYPES.has(use.type) || use.text.replace(/^[$@]/, '') !== bare || isAssigned(use)) continue;
    if (!isBoundaryUse(use)) return false;
    boundary = true;
  }
  return boundary;
}

function isBoundaryUse(use: SyntaxNode): boolean {
  for (let p = use.parent, depth = 0; p && depth < 4; p = p.parent, depth++) {
    if (FUNCTION_TYPES.has(p.type) || /statement|^block$|body|assignment|declarator/.test(p.type)) return false;
    if (CALL_TYPES_ALL.has(p.type)) { if (BOUNDARY.test(callOf(p)?.name ?? '')) return true; continue; }
    if (PAIR_TYPES.has(p.type)) return BOUNDARY.test(p.childForFieldName('key')?.text ?? p.childForFieldName('name')?.text ?? '');
    if (p.endIndex - p.startIndex <= 200 && BOUNDARY_PARAMETER.test(p.text)) return true; // a string built with it
  }
  return false;
}

/** Whether a name is the target of its assignment or declaration (`token = …`, `token := …`, `let token = …`). */
function isAssigned(use: SyntaxNode): boolean {
  for (let p = use.parent, depth = 0; p && depth < 3; p = p.parent, depth++) {
    if (!/assignment|declarator|short_var_declaration|var_spec/.test(p.type)) continue;
    const value = p.childForFieldName('value') ?? p.childForFieldName('right');
    return !!value && use.endIndex <= value.startIndex;
  }
  return false;
}

/** Whether a `return` of the enclosing function (or a Ruby method's last expression) mentions the variable `name`. */
function returnedLater(node: SyntaxNode, name: string): boolean {
  const fn = enclosingFunction(node);
  if (!fn) return false;
  const bare = name.replace(/^[$@]/, '');
  const mentions = (n: SyntaxNode) => subtree(n, 200).some(c => (c.type === 'identifier' || c.type === 'variable_name' || c.type === 'instance_variable') && c.text.replace(/^[$@]/, '') === bare);
  for (const n of subtree(fn)) {
    if ((n.type === 'return_statement' || n.type === 'return') && mentions(n)) return true;
  }
  const body = fn.childForFieldName('body');
  const last = body?.type === 'body_statement' ? body.namedChildren.filter(c => c && c.type !== 'comment').pop() : undefined;
  return !!last && mentions(last);
}
