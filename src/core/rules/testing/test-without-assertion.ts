import type { Rule } from '../../model';
import type { SyntaxNode } from '../../languages/parser';
import type { CodeRuleContext } from '../../engine/rule-context';
import { descendants, stringValue } from '../../analysis/syntax';
import { JS_FUNCTION_TYPES, callbackArgument, jsTestCallee } from '../../analysis/test-syntax';

/**
 * Names that assert: `assert*`, `expect*`, `verify*`, `check*`, `should*`, `fail`, `refute*`, `must_*`, `wont_*`,
 * in any case convention (`assertEqual`, `assert_called_once`, `ExpectOK`, `checkInvoice`), but not words that merely
 * start the same way (`expected`, `checkout`, `failover`).
 */
const ASSERT_NAME = /^(?:[aA]ssert|[eE]xpect|[vV]erify|[cC]heck|[sS]hould|[fF]ail|flunk|refute|must|wont)(?:$|[_A-Z0-9])/;
const EXTRA_ASSERTIONS: Readonly<Record<string, ReadonlySet<string>>> = {
  javascript: new Set(), typescript: new Set(), tsx: new Set(),
  python: new Set(['raises', 'warns', 'deprecated_call', 'benchmark']),
  java: new Set(['andExpect', 'andExpectAll', 'then', 'until', 'untilAsserted']),
  go: new Set(['Error', 'Errorf', 'Fatal', 'Fatalf', 'Fail', 'FailNow']),
  ruby: new Set(['is_expected']),
  php: new Set(['addToAssertionCount', 'setExpectedException', 'setExpectedExceptionRegExp']), // PHPUnit ≤ 5 spelled expectException so
};
/** Calls that mark a test as skipped at run time: not a test without assertions, a skipped one. */
const SKIP_NAMES = new Set(['skip', 'skipTest', 'markTestSkipped', 'markTestIncomplete', 'pending', 'Skip', 'SkipNow', 'Skipf', 'todo']);
/** `t.end()` and friends on an AVA/tap/node:test context are bookkeeping, not assertions. */
const JS_CONTEXT_BOOKKEEPING = new Set(['end', 'log', 'comment', 'teardown', 'timeout', 'diagnostic', 'test', 'mock', 'before', 'after', 'beforeEach', 'afterEach', 'signal', 'name', 'runOnly', 'context', 'title', 'skip', 'todo']);

const CALL_TYPES: Readonly<Record<string, readonly string[]>> = {
  javascript: ['call_expression'], typescript: ['call_expression'], tsx: ['call_expression'],
  python: ['call'], java: ['method_invocation'], go: ['call_expression'], ruby: ['call', 'identifier'],
  php: ['member_call_expression', 'scoped_call_expression', 'function_call_expression', 'nullsafe_member_call_expression'],
};

interface CallInfo {
  name?: string;
  root?: string;
  /** Member names between the root and the called name: `sinon.assert.calledOnce` → ['assert']. */
  middle?: string[];
}

/** The called name and the root object of a call, in any grammar. */
function callInfo(node: SyntaxNode, language: string): CallInfo {
  switch (language) {
    case 'java': {
      const object = node.childForFieldName('object');
      return { name: node.childForFieldName('name')?.text, root: object ? rootName(object) : undefined };
    }
    case 'ruby': {
      if (node.type === 'identifier') return { name: node.text };
      const receiver = node.childForFieldName('receiver');
      return { name: node.childForFieldName('method')?.text, root: receiver ? rootName(receiver) : undefined };
    }
    case 'php': {
      if (node.type === 'function_call_expression') return { name: node.childForFieldName('function')?.text.split('\\').pop() };
      return { name: node.childForFieldName('name')?.text };
    }
    default: {
      const fn = node.childForFieldName('function');
      if (!fn) return {};
      if (fn.type === 'identifier') return { name: fn.text };
      const last = fn.childForFieldName('property') ?? fn.childForFieldName('attribute') ?? fn.childForFieldName('field');
      const object = fn.childForFieldName('object') ?? fn.childForFieldName('operand');
      return { name: last?.text, root: object ? rootName(object) : undefined, middle: object ? memberNames(object) : undefined };
    }
  }
}

const MEMBER_TYPES = new Set(['member_expression', 'attribute', 'selector_expression']);

/** The property names of a plain member chain (`sinon.assert` → ['assert']), innermost last. */
function memberNames(node: SyntaxNode): string[] {
  const out: string[] = [];
  for (let n: SyntaxNode | null = node, guard = 0; n && MEMBER_TYPES.has(n.type) && guard < 16; guard++) {
    const property = n.childForFieldName('property') ?? n.childForFieldName('attribute') ?? n.childForFieldName('field');
    if (property) out.push(property.text);
    n = n.childForFieldName('object') ?? n.childForFieldName('operand');
  }
  return out;
}

/** `assert.deep.equal` → `assert`, `expect(x).to` → `expect`, `self.client.get` → `self`. */
function rootName(node: SyntaxNode): string | undefined {
  let n: SyntaxNode | null = node;
  for (let guard = 0; n && guard < 32; guard++) {
    if (n.type === 'identifier' || n.type === 'constant' || n.type === 'name') return n.text;
    n = n.childForFieldName('object') ?? n.childForFieldName('operand') ?? n.childForFieldName('function') ?? n.childForFieldName('receiver')
      ?? n.childForFieldName('value');
  }
  return undefined;
}

type Verdict = 'asserts' | 'skipped' | 'none';

interface Scan {
  /** Extra evidence for one language, checked on every node of the body. */
  node?: (node: SyntaxNode) => Verdict | undefined;
  /** Extra evidence for a call. */
  call?: (node: SyntaxNode, info: CallInfo) => Verdict | undefined;
}

/** Walk a test body once: any assertion wins; a run-time skip means "not a test without assertions". */
function verdict(body: SyntaxNode, language: string, scan: Scan = {}): Verdict {
  const calls = new Set(CALL_TYPES[language]);
  const extra = EXTRA_ASSERTIONS[language]!;
  let skipped = false;
  for (const node of descendants(body)) {
    const special = scan.node?.(node);
    if (special === 'asserts') return 'asserts';
    if (special === 'skipped') skipped = true;
    if (!calls.has(node.type)) continue;
    const info = callInfo(node, language);
    const byCall = scan.call?.(node, info);
    if (byCall === 'asserts') return 'asserts';
    if (byCall === 'skipped') { skipped = true; continue; }
    const { name, root, middle } = info;
    if (name && SKIP_NAMES.has(name)) { skipped = true; continue; }
    if ((name && (ASSERT_NAME.test(name.replace(/^_+/, '')) || extra.has(name))) || (root && ASSERT_NAME.test(root)) || middle?.some(m => ASSERT_NAME.test(m))) {
      if (language === 'ruby' && node.type === 'identifier' && !isRubyCallLike(node)) continue;
      return 'asserts';
    }
  }
  return skipped ? 'skipped' : 'none';
}

/** A Ruby identifier that is a method call (`is_expected.to`, `should`), not a local variable definition. */
function isRubyCallLike(id: SyntaxNode): boolean {
  const parent = id.parent;
  return !(parent?.type === 'assignment' && parent.childForFieldName('left')?.startIndex === id.startIndex) && parent?.type !== 'parameters';
}

export const testWithoutAssertion: Rule = {
  id: 'testing/test-without-assertion',
  meta: {
    title: 'Test without an assertion',
    area: 'testing',
    defaultSeverity: 'warning',
    languages: ['javascript', 'typescript', 'tsx', 'python', 'java', 'go', 'ruby', 'php'],
    description: 'A test that never asserts or expects anything passes whatever the code does: it adds coverage but catches no regression.',
    references: ['eslint-plugin-jest expect-expect', 'SonarSource S2699 (tests should include assertions)', 'Software Engineering at Google, ch. 12 "Unit Testing"'],
    messages: {
      noAssertion: "Test '{{name}}' asserts nothing, so it passes whatever the code does: add an assertion or expectation on the result.",
    },
  },
  check(ctx) {
    if (!ctx.isTestFile) return;
    const assertNames = Array.isArray(ctx.options.assertFunctionNames)
      ? new Set(ctx.options.assertFunctionNames.filter((n): n is string => typeof n === 'string')) : undefined;
    const withOptions = (scan: Scan = {}): Scan => (assertNames?.size
      ? { ...scan, call: (n, info) => (info.name && assertNames.has(info.name) ? 'asserts' : scan.call?.(n, info)) } : scan);
    const report = (node: SyntaxNode, name: string) => ctx.report({ node, messageId: 'noAssertion', data: { name } });
    switch (ctx.language) {
      case 'javascript': case 'typescript': case 'tsx': return checkJs(ctx, withOptions, report);
      case 'python': return checkPython(ctx, withOptions, report);
      case 'java': return checkJava(ctx, withOptions, report);
      case 'go': return checkGo(ctx, withOptions, report);
      case 'ruby': return checkRuby(ctx, withOptions, report);
      case 'php': return checkPhp(ctx, withOptions, report);
    }
  },
};

type WithOptions = (scan?: Scan) => Scan;
type Report = (node: SyntaxNode, name: string) => void;

function testTitle(call: SyntaxNode): string {
  const first = call.childForFieldName('arguments')?.namedChildren.find(a => !!a && a.type !== 'comment');
  const value = first && (first.type === 'argument' ? first.namedChild(0) : first);
  const text = value && /string/.test(value.type) ? value.text.replace(/^['"`]|['"`]$/g, '') : '(unnamed)';
  return text.length > 60 ? `${text.slice(0, 57)}...` : text;
}

const JS_TESTS = new Set(['it', 'test', 'specify', 'fit']);
const JS_SKIP_MODIFIERS = new Set(['skip', 'todo', 'skipIf', 'runIf', 'fixme']);
/** Modifiers that still declare one test (`it.only.each(t)`, `test.concurrent`); anything else (`test.describe`, `test.step`, `test.beforeEach`) is not a test. */
const JS_TEST_MODIFIERS = new Set(['only', 'each', 'concurrent', 'failing', 'fails', 'sequential', 'serial', 'skip', 'todo', 'skipIf', 'runIf', 'fixme', 'slow']);

/** The name a test callback gives its context (`t` in `test('x', t => ...)`), or undefined. */
function contextParameter(callback: SyntaxNode): string | undefined {
  const params = callback.childForFieldName('parameters') ?? callback.childForFieldName('parameter');
  const first = params?.type === 'identifier' ? params : params?.namedChildren.find(p => !!p);
  if (first?.type === 'identifier') return first.text;
  return first?.type === 'required_parameter' && first.childForFieldName('pattern')?.type === 'identifier' ? first.childForFieldName('pattern')!.text : undefined;
}

/** tape / tap / node:test subtests: `t.test(name, st => ...)` on the context of the test around it. */
function isSubtest(call: SyntaxNode, callee: { base: string; modifiers: string[] }): boolean {
  if (callee.modifiers.length !== 1 || callee.modifiers[0] !== 'test') return false;
  for (let p = call.parent; p; p = p.parent) if (JS_FUNCTION_TYPES.has(p.type)) return contextParameter(p) === callee.base;
  return false;
}

/** Runners whose tests receive a context object that asserts (`t.is`, `t.equal`): AVA, tape, tap, node:test. */
const CONTEXT_RUNNERS = /['"](ava|tape|tap|node:test)['"]/;

function checkJs(ctx: CodeRuleContext, withOptions: WithOptions, report: Report): void {
  const contextRunner = CONTEXT_RUNNERS.test(ctx.text);
  for (const call of ctx.nodesOfType('call_expression')) {
    const callee = jsTestCallee(call);
    if (!callee) continue;
    const subtest = !JS_TESTS.has(callee.base) && isSubtest(call, callee);
    if (!subtest && (!JS_TESTS.has(callee.base) || callee.modifiers.some(m => JS_SKIP_MODIFIERS.has(m) || !JS_TEST_MODIFIERS.has(m)))) continue;
    // `it.each(table)` is the inner call of `it.each(table)(name, fn)`: only the outer one carries the callback.
    const callback = callbackArgument(call, JS_FUNCTION_TYPES);
    if (!callback) continue;
    const body = callback.childForFieldName('body');
    if (!body) continue;
    // AVA, tap and node:test pass a context (`t`) whose methods are the assertions: `t.is`, `t.deepEqual`, `t.ok`.
    const contextName = contextParameter(callback);
    let context: boolean | undefined;
    // A subtest's parameter, or any test's in a file that loads a context-passing runner, is a context for sure.
    const isContext = () => (context ??= !!contextName && (subtest || contextRunner
      || new RegExp(`(^|[^\\w$.])${contextName.replace(/\$/g, '\\$')}\\s*(\\.|\\[)`).test(body.text)));
    const scan = withOptions({
      node: n => (n.type === 'member_expression' && n.childForFieldName('property')?.text === 'should' ? 'asserts' : undefined),
      call: (n, info) => {
        const fn = n.childForFieldName('function');
        // Handing the context to a helper (`check(t, input, expected)`) delegates the assertions to it; only a
        // parameter the body also calls methods on (`t.end()`) is a test context, not a table value or `done`.
        if (isContext() && n.childForFieldName('arguments')?.namedChildren.some(a => a?.type === 'identifier' && a.text === contextName)) return 'asserts';
        // `t['throws'](...)`: tape's own tests write methods named after reserved words this way.
        const name = fn?.type === 'subscript_expression' ? stringValue(fn.childForFieldName('index') ?? fn) : info.name;
        if (fn?.type !== 'member_expression' && fn?.type !== 'subscript_expression') return undefined;
        const object = fn.childForFieldName('object');
        if (object?.type === 'this' && name === 'skip') return 'skipped'; // Mocha's this.skip()
        if (contextName && object?.type === 'identifier' && object.text === contextName && name) {
          if (name === 'skip' || name === 'todo') return 'skipped';
          if (name === 'test') return 'asserts'; // its checks are in its subtests, which are checked on their own
          if (!JS_CONTEXT_BOOKKEEPING.has(name)) return 'asserts';
        }
        return undefined;
      },
    });
    if (verdict(body, ctx.language, scan) === 'none') report(call, testTitle(call));
  }
}

function decoratorNames(def: SyntaxNode): string[] {
  const decorated = def.parent?.type === 'decorated_definition' ? def.parent : undefined;
  if (!decorated) return [];
  return decorated.namedChildren.filter(c => c?.type === 'decorator').map(d => d!.text.replace(/^@/, '').replace(/\(.*$/s, '').replace(/\s+/g, ''));
}

/**
 * Whether a Python function returns a value (outside nested functions): pytest and unittest warn about a test that
 * does, so such a `test_*` is something else, such as Jinja's `test_odd(value) -> bool` template tests.
 */
function returnsValue(body: SyntaxNode): boolean {
  const pending = [body];
  while (pending.length) {
    const node = pending.pop()!;
    if (node.type === 'return_statement' && node.namedChildren.some(c => !!c && c.type !== 'comment')) return true;
    for (const child of node.namedChildren) {
      if (child && child.type !== 'function_definition' && child.type !== 'lambda' && child.type !== 'class_definition') pending.push(child);
    }
  }
  return false;
}

function insideFunction(node: SyntaxNode): boolean {
  for (let p = node.parent; p; p = p.parent) if (p.type === 'function_definition') return true;
  return false;
}

function checkPython(ctx: CodeRuleContext, withOptions: WithOptions, report: Report): void {
  const pythonScan = () => withOptions({
    node: n => {
      if (n.type === 'assert_statement') return 'asserts';
      if (n.type === 'raise_statement' && /^(raise\s+)?(AssertionError|pytest\.fail)\b/.test(n.text.replace(/^raise\s+/, ''))) return 'asserts';
      return undefined;
    },
  });
  const helpers = classHelpers('python', extra => withCalls(pythonScan(), extra));
  for (const def of ctx.nodesOfType('function_definition')) {
    const name = def.childForFieldName('name');
    if (!name || !/^test/.test(name.text)) continue;
    // Tests are module-level functions or methods; `def test_x` nested in a function is a local helper.
    const container = def.parent?.type === 'decorated_definition' ? def.parent.parent : def.parent;
    const owner = container?.type === 'block' ? container.parent : container;
    if (owner?.type !== 'module' && owner?.type !== 'class_definition') continue;
    // pytest collects methods of `Test*` classes; unittest those of TestCase subclasses.
    if (owner.type === 'class_definition' && !/^Test|Tests?$/.test(owner.childForFieldName('name')?.text ?? '')
      && !/Test/.test(owner.childForFieldName('superclasses')?.text ?? '')) continue;
    // A TestCase class written inside a test is that test's data (unittest's own tests do this): not collected.
    if (owner.type === 'class_definition' && insideFunction(owner)) continue;
    const decorators = decoratorNames(def);
    if (decorators.some(d => /(^|\.)(skip|skipif|fixture)$/.test(d))) continue;
    const body = def.childForFieldName('body');
    if (!body || (body.text.includes('return') && returnsValue(body))) continue;
    if (verdict(body, 'python', withCalls(pythonScan(), helpers(def))) === 'none') report(name, name.text);
  }
}

const JAVA_TEST_ANNOTATIONS = new Set(['Test', 'ParameterizedTest', 'RepeatedTest']);

function checkJava(ctx: CodeRuleContext, withOptions: WithOptions, report: Report): void {
  const javaScan = () => withOptions({
    node: n => (n.type === 'assert_statement' || (n.type === 'throw_statement' && /\bAssertionError\b/.test(n.text)) ? 'asserts' : undefined),
  });
  const helpers = classHelpers('java', extra => withCalls(javaScan(), extra));
  for (const method of ctx.nodesOfType('method_declaration')) {
    const name = method.childForFieldName('name');
    const body = method.childForFieldName('body');
    if (!name || !body) continue;
    const modifiers = method.namedChildren.find(c => c?.type === 'modifiers');
    const annotations = modifiers?.namedChildren.filter(c => c?.type === 'marker_annotation' || c?.type === 'annotation') ?? [];
    const annotationName = (a: SyntaxNode) => a.childForFieldName('name')?.text.split('.').pop() ?? '';
    const test = annotations.find(a => JAVA_TEST_ANNOTATIONS.has(annotationName(a!)));
    // JUnit 3: public void testX() in a TestCase subclass.
    const junit3 = !test && /^test[A-Z_]/.test(name.text) && /\bpublic\b/.test(modifiers?.text ?? '')
      && /\bextends\s+(\w+\.)*TestCase\b/.test(ancestorClassHeader(method));
    if (!test && !junit3) continue;
    if (annotations.some(a => /^(Disabled|Ignore)$/.test(annotationName(a!)))) continue;
    // @Test(expected = X.class) / TestNG expectedExceptions: the annotation is the assertion.
    if (test?.type === 'annotation' && /\bexpected(Exceptions)?\s*=/.test(test.childForFieldName('arguments')?.text ?? '')) continue;
    if (verdict(body, 'java', withCalls(javaScan(), helpers(method))) === 'none') report(name, name.text);
  }
}

function ancestorClassHeader(node: SyntaxNode): string {
  for (let p = node.parent; p; p = p.parent) {
    if (p.type === 'class_declaration') return p.text.slice(0, (p.childForFieldName('body')?.startIndex ?? p.startIndex) - p.startIndex);
  }
  return '';
}

const GO_TEST_NAME = /^Test([A-Z0-9_]|$)/;

function checkGo(ctx: CodeRuleContext, withOptions: WithOptions, report: Report): void {
  for (const fn of ctx.nodesOfType('function_declaration')) {
    const name = fn.childForFieldName('name');
    const body = fn.childForFieldName('body');
    if (!name || !body || !GO_TEST_NAME.test(name.text)) continue;
    const params = fn.childForFieldName('parameters')?.namedChildren.filter(p => p?.type === 'parameter_declaration') ?? [];
    if (params.length !== 1 || params[0]!.childForFieldName('type')?.text.replace(/\s+/g, '') !== '*testing.T') continue;
    // Every *testing.T in scope (subtests shadow `t`): its Error/Fatal methods fail the test.
    const testingNames = new Set<string>();
    const collect = (decl: SyntaxNode) => {
      if (decl.childForFieldName('type')?.text.replace(/\s+/g, '') !== '*testing.T') return;
      for (const c of decl.namedChildren) if (c?.type === 'identifier') testingNames.add(c.text);
    };
    collect(params[0]!);
    for (const lit of descendants(body)) {
      if (lit.type === 'func_literal') for (const p of lit.childForFieldName('parameters')?.namedChildren ?? []) if (p?.type === 'parameter_declaration') collect(p);
    }
    const scan = withOptions({
      call: (n, info) => {
        // Handing `t` to a helper (testify's assert.Equal(t, ...), a checkX(t, ...) helper) delegates the failing.
        const args = n.childForFieldName('arguments')?.namedChildren ?? [];
        if (args.some(a => a?.type === 'identifier' && testingNames.has(a.text))) return 'asserts';
        if (info.root && testingNames.has(info.root)) {
          if (info.name === 'Run' && args[1] && args[1].type !== 'func_literal') return 'asserts';
          if (info.name && /^(Error|Errorf|Fatal|Fatalf|Fail|FailNow)$/.test(info.name)) return 'asserts';
          if (info.name && /^Skip/.test(info.name)) return 'skipped';
          return 'none';
        }
        return undefined;
      },
    });
    // Methods of t other than the failing ones (Log, Parallel, Helper) are not assertions, whatever their name.
    const result = verdictGo(body, scan);
    if (result === 'none') report(name, name.text);
  }
}

/** Go: like `verdict`, but a call on `t` that `scan` judged 'none' must not count through the name patterns. */
function verdictGo(body: SyntaxNode, scan: Scan): Verdict {
  let skipped = false;
  for (const node of descendants(body)) {
    if (node.type !== 'call_expression') continue;
    const info = callInfo(node, 'go');
    const byCall = scan.call?.(node, info);
    if (byCall === 'asserts') return 'asserts';
    if (byCall === 'skipped') { skipped = true; continue; }
    if (byCall === 'none') continue;
    if ((info.name && ASSERT_NAME.test(info.name)) || (info.root && ASSERT_NAME.test(info.root))) return 'asserts';
  }
  return skipped ? 'skipped' : 'none';
}

const RUBY_EXAMPLES = new Set(['it', 'specify', 'example', 'scenario', 'its']);

function checkRuby(ctx: CodeRuleContext, withOptions: WithOptions, report: Report): void {
  for (const call of ctx.nodesOfType('call')) {
    if (call.childForFieldName('receiver')) continue;
    const method = call.childForFieldName('method')?.text;
    const block = call.childForFieldName('block');
    if (!method || !block) continue;
    const isExample = RUBY_EXAMPLES.has(method);
    // Rails/ActiveSupport `test "name" do ... end`.
    const isRailsTest = method === 'test' && call.childForFieldName('arguments')?.namedChild(0)?.type === 'string';
    if (!isExample && !isRailsTest) continue;
    const args = call.childForFieldName('arguments')?.namedChildren ?? [];
    if (args.some(a => a?.type === 'pair' && /^:?(skip|pending):?$/.test(a.childForFieldName('key')?.text ?? ''))) continue;
    if (verdict(block, 'ruby', withOptions()) === 'none') report(call, testTitle(call));
  }
  for (const method of ctx.nodesOfType('method')) {
    const name = method.childForFieldName('name');
    if (!name || !/^test_/.test(name.text)) continue;
    if (verdict(method, 'ruby', withOptions()) === 'none') report(name, name.text);
  }
}

/** Per language: the class around a test method, its methods by name, and the name a call on the instance invokes. */
const CLASS_SHAPES: Record<string, { classOf(method: SyntaxNode): SyntaxNode | undefined; method(cls: SyntaxNode, name: string): SyntaxNode | undefined; selfCall(call: SyntaxNode, info: CallInfo): string | undefined }> = {
  php: {
    classOf: m => (m.parent?.type === 'declaration_list' ? m.parent.parent ?? undefined : undefined),
    method: (cls, name) => cls.childForFieldName('body')?.namedChildren.find(m => m?.type === 'method_declaration' && m.childForFieldName('name')?.text === name)?.childForFieldName('body') ?? undefined,
    selfCall: (call, info) => (call.type === 'member_call_expression' && call.childForFieldName('object')?.text === '$this' ? info.name : undefined),
  },
  python: {
    classOf: def => { const c = def.parent?.type === 'decorated_definition' ? def.parent.parent : def.parent; return c?.type === 'block' && c.parent?.type === 'class_definition' ? c.parent : undefined; },
    method: (cls, name) => pythonMethod(cls, name, 0),
    selfCall: (_call, info) => (info.root === 'self' || info.root === 'cls' ? info.name : undefined),
  },
  java: {
    classOf: m => (m.parent?.type === 'class_body' ? m.parent.parent ?? undefined : undefined),
    method: (cls, name) => cls.childForFieldName('body')?.namedChildren.find(m => m?.type === 'method_declaration' && m.childForFieldName('name')?.text === name)?.childForFieldName('body') ?? undefined,
    selfCall: (call, info) => { const o = call.childForFieldName('object'); return !o || o.type === 'this' ? info.name : undefined; },
  },
};

/** A method of a Python class, or of a base class written in the same module (`class T(BaseCase)`), by name. */
function pythonMethod(cls: SyntaxNode, name: string, depth: number): SyntaxNode | undefined {
  for (const item of cls.childForFieldName('body')?.namedChildren ?? []) {
    const def = item?.type === 'decorated_definition' ? item.childForFieldName('definition') : item;
    if (def?.type === 'function_definition' && def.childForFieldName('name')?.text === name) return def.childForFieldName('body') ?? undefined;
  }
  if (depth > 4) return undefined;
  const module = cls.parent;
  for (const base of cls.childForFieldName('superclasses')?.namedChildren ?? []) {
    if (base?.type !== 'identifier') continue;
    const parent = module?.namedChildren.find(c => c?.type === 'class_definition' && c.childForFieldName('name')?.text === base.text);
    const found = parent && pythonMethod(parent, name, depth + 1);
    if (found) return found;
  }
  return undefined;
}

/**
 * Helper methods of a test class that assert (`self._test_log('info')`, `$this->runErrorCase(...)`): a test that
 * calls one asserts through it. Helpers are checked with the same scan, one call deep at a time, and memoised.
 */
function classHelpers(language: string, scanOf: (extra: Scan['call']) => Scan): (test: SyntaxNode) => Scan['call'] {
  const shape = CLASS_SHAPES[language]!;
  const asserting = new Map<string, boolean>(); // "<class start>:<method>"
  const helperAsserts = (cls: SyntaxNode, name: string): boolean => {
    const key = `${cls.startIndex}:${name}`;
    let known = asserting.get(key);
    if (known !== undefined) return known;
    asserting.set(key, false); // a helper that calls itself does not assert by that
    const body = shape.method(cls, name);
    known = !!body && verdict(body, language, scanOf(callOnSelf(cls))) === 'asserts';
    asserting.set(key, known);
    return known;
  };
  const callOnSelf = (cls: SyntaxNode): Scan['call'] => (call, info) => {
    const name = shape.selfCall(call, info);
    return name && helperAsserts(cls, name) ? 'asserts' : undefined;
  };
  return test => { const cls = shape.classOf(test); return cls ? callOnSelf(cls) : undefined; };
}

/** A scan whose calls are also checked by `extra` (an earlier verdict wins). */
function withCalls(scan: Scan, extra: Scan['call']): Scan {
  if (!extra) return scan;
  return { ...scan, call: (n, info) => scan.call?.(n, info) ?? extra(n, info) };
}

/** Whether a PHP method is a PHPUnit test: `test*`, `#[Test]` or `@test`. */
function isPhpTest(method: SyntaxNode, name: string): boolean {
  const attributes = method.childForFieldName('attributes')?.text ?? '';
  const doc = method.previousNamedSibling?.type === 'comment' ? method.previousNamedSibling.text : '';
  return /^test/.test(name) || /#\[\s*(\\?PHPUnit\\Framework\\Attributes\\)?Test\b/.test(attributes) || /@test\b/.test(doc);
}

function checkPhp(ctx: CodeRuleContext, withOptions: WithOptions, report: Report): void {
  const helpers = classHelpers('php', extra => withCalls(withOptions(), extra));
  for (const method of ctx.nodesOfType('method_declaration')) {
    const name = method.childForFieldName('name');
    const body = method.childForFieldName('body');
    if (!name || !body || !isPhpTest(method, name.text)) continue;
    if (/\b(private|protected)\b/.test(method.namedChildren.find(c => c?.type === 'visibility_modifier')?.text ?? '')) continue;
    const doc = method.previousNamedSibling?.type === 'comment' ? method.previousNamedSibling.text : '';
    if (/@expectedException\b/.test(doc)) continue; // PHPUnit ≤ 8: the annotation is the assertion
    if (verdict(body, 'php', withCalls(withOptions(), helpers(method))) === 'none') report(name, name.text);
  }
  // Pest: test('name', function () { ... }) / it(...), unless chained with ->skip() / ->todo().
  for (const call of ctx.nodesOfType('function_call_expression')) {
    const fn = call.childForFieldName('function')?.text.toLowerCase();
    if (fn !== 'it' && fn !== 'test') continue;
    const callback = callbackArgument(call, new Set(['anonymous_function', 'arrow_function']));
    const body = callback?.childForFieldName('body');
    if (!body) continue;
    let chained = false;
    for (let p = call.parent; p?.type === 'member_call_expression'; p = p.parent) {
      if (/^(skip|todo)$/.test(p.childForFieldName('name')?.text ?? '')) chained = true;
    }
    if (chained) continue;
    if (verdict(body, 'php', withOptions()) === 'none') report(call, testTitle(call));
  }
}
