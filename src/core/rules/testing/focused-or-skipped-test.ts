import type { Fix, Rule } from '../../model';
import type { SyntaxNode } from '../../languages/parser';
import type { CodeRuleContext } from '../../engine/rule-context';
import { rangeOf } from '../../engine/rule-context';
import { stringValue } from '../../analysis/syntax';
import { JS_FUNCTION_TYPES, JS_TEST_FUNCTIONS, callbackArgument, insideConditional, isBlankString, standaloneCommentEndRows } from '../../analysis/test-syntax';

/** Focused forms and the plain name they stand for (Jasmine/Jest `fit`, RSpec `fdescribe`...). */
const JS_FOCUSED: Readonly<Record<string, string>> = { fit: 'it', fdescribe: 'describe' };
const JS_SKIPPED = new Set(['xit', 'xdescribe', 'xtest', 'xcontext', 'xspecify']);
const RUBY_FOCUSED: Readonly<Record<string, string>> = {
  fit: 'it', fdescribe: 'describe', fcontext: 'context', fspecify: 'specify', fexample: 'example', ffeature: 'feature', fscenario: 'scenario',
};
const RUBY_SKIPPED = new Set(['xit', 'xdescribe', 'xcontext', 'xspecify', 'xexample', 'xfeature', 'xscenario']);
const RUBY_EXAMPLES = new Set(['it', 'specify', 'example', 'scenario', 'describe', 'context', 'feature', 'its']);
const PEST_FUNCTIONS = new Set(['it', 'test', 'describe']);
const GO_TESTING_TYPE = /^\*?testing\.(T|B|F|TB)$/;

type Kind = 'focused' | 'skipped';

export const focusedOrSkippedTest: Rule = {
  id: 'testing/focused-or-skipped-test',
  locality: 'declaration',
  meta: {
    title: 'Focused test, or test skipped without a reason',
    area: 'testing',
    defaultSeverity: 'warning',
    languages: ['javascript', 'typescript', 'tsx', 'python', 'java', 'go', 'ruby', 'php'],
    description: 'A focused test (`.only`, `fit`, `fdescribe`, `focus: true`) silently disables the rest of the suite; a test skipped without a reason is forgotten and its code goes untested.',
    references: ['eslint-plugin-jest no-focused-tests / no-disabled-tests', 'RuboCop RSpec/Focus', 'Software Engineering at Google, ch. 11 "Testing Overview"'],
    messages: {
      focused: '`{{form}}` focuses this test: every other test in the run is silently skipped. Remove the focus before committing.',
      skipped: '`{{form}}` skips this test without saying why: give the reason ({{how}}) or delete the test.',
    },
  },
  check(ctx) {
    if (!ctx.isTestFile) return;
    let commentRows: Set<number> | undefined;
    // A comment on the line directly above explains a skip in every language.
    const explained = (node: Located) => (commentRows ??= standaloneCommentEndRows(ctx)).has(node.startPosition.row - 1);
    const report = (kind: Kind, node: Located, form: string, how = '', fix?: Fix) => {
      if (kind === 'skipped' && explained(node)) return;
      ctx.report({ node, messageId: kind, data: { form, how }, ...(fix ? { fix } : {}) });
    };
    switch (ctx.language) {
      case 'javascript': case 'typescript': case 'tsx': return checkJs(ctx, report);
      case 'python': return checkPython(ctx, report);
      case 'java': return checkJava(ctx, report);
      case 'go': return checkGo(ctx, report);
      case 'ruby': return checkRuby(ctx, report);
      case 'php': return checkPhp(ctx, report);
    }
  },
};

/** Anything with a position: a syntax node, or a span built from two positions. */
type Located = Pick<SyntaxNode, 'startPosition' | 'endPosition'>;
type Reporter = (kind: Kind, node: Located, form: string, how?: string, fix?: Fix) => void;

function replaceFix(node: SyntaxNode, newText: string, title: string): Fix {
  return { title, edits: [{ range: rangeOf(node), newText }] };
}

/** Playwright `test.describe`, Vitest `it.concurrent`: modifiers that may sit between the test function and `.only`. */
const JS_CHAIN_MODIFIERS = new Set(['describe', 'serial', 'parallel', 'concurrent', 'sequential']);

/** `it`, `describe`, `test.describe`, `it.concurrent`: an object whose `.only` / `.skip` focuses or skips. */
function isJsTestObject(object: SyntaxNode): boolean {
  let n: SyntaxNode | null = object;
  for (let guard = 0; n?.type === 'member_expression' && guard < 4; guard++) {
    if (!JS_CHAIN_MODIFIERS.has(n.childForFieldName('property')?.text ?? '')) return false;
    n = n.childForFieldName('object');
  }
  return n?.type === 'identifier' && JS_TEST_FUNCTIONS.has(n.text);
}

function checkJs(ctx: CodeRuleContext, report: Reporter): void {
  for (const member of ctx.nodesOfType('member_expression')) {
    const object = member.childForFieldName('object');
    const property = member.childForFieldName('property')?.text;
    if (!object || (property !== 'only' && property !== 'skip') || !isJsTestObject(object)) continue;
    const parent = member.parent;
    const directCall = parent?.type === 'call_expression' && parent.childForFieldName('function')?.startIndex === member.startIndex ? parent : undefined;
    if (!directCall && parent?.type !== 'member_expression') continue; // `it.only` must be called (or chained: `.each`)
    const form = `${object.text}.${property}`.replace(/\s+/g, '');
    if (property === 'only') {
      report('focused', member, form, '', replaceFix(member, object.text, `Remove .only from ${form.slice(0, -'.only'.length)}`));
      continue;
    }
    // Playwright's in-test form `test.skip(condition, 'reason')` takes its reason as a string argument.
    if (directCall && !callbackArgument(directCall, JS_FUNCTION_TYPES)) {
      const args = directCall.childForFieldName('arguments')?.namedChildren ?? [];
      if (args.some(a => !!a && (a.type === 'string' || a.type === 'template_string') && !isBlankString(a, stringValue(a)))) continue;
      report('skipped', member, form, 'a reason string argument');
      continue;
    }
    report('skipped', member, form, 'a comment on the line above');
  }
  for (const call of ctx.nodesOfType('call_expression')) {
    const fn = call.childForFieldName('function');
    if (fn?.type !== 'identifier' || !(fn.text in JS_FOCUSED || JS_SKIPPED.has(fn.text))) continue;
    // `fit(name, fn)`: a description and a callback, so a local `fit(model)` is not mistaken for a test.
    const args = call.childForFieldName('arguments')?.namedChildren ?? [];
    if (args.length < 2 || !callbackArgument(call, JS_FUNCTION_TYPES)) continue;
    const plain = JS_FOCUSED[fn.text];
    if (plain) report('focused', fn, fn.text, '', replaceFix(fn, plain, `Replace ${fn.text} with ${plain}`));
    else report('skipped', fn, fn.text, 'a comment on the line above');
  }
}

/** `pytest.mark.skip`, `mark.skip`, `unittest.skip`, `skip` (imported from unittest). */
function dotted(node: SyntaxNode | null): string {
  return node ? node.text.replace(/\s+/g, '') : '';
}

function pythonReason(args: SyntaxNode | null, positional: boolean, keywords: readonly string[]): boolean {
  if (!args) return false;
  for (const arg of args.namedChildren) {
    if (!arg) continue;
    if (arg.type === 'keyword_argument') {
      if (!keywords.includes(arg.childForFieldName('name')?.text ?? '')) continue;
      const value = arg.childForFieldName('value');
      if (value && !(value.type === 'string' && isBlankString(value, stringValue(value))) && value.type !== 'none') return true;
    } else if (positional && arg.type !== 'comment') {
      if (!(arg.type === 'string' && isBlankString(arg, stringValue(arg)))) return true;
    }
  }
  return false;
}

const PY_FUNCTION = new Set(['function_definition']);

function checkPython(ctx: CodeRuleContext, report: Reporter): void {
  for (const decorator of ctx.nodesOfType('decorator')) {
    const expr = decorator.namedChild(0);
    if (!expr) continue;
    const call = expr.type === 'call' ? expr : undefined;
    const name = dotted(call ? call.childForFieldName('function') : expr);
    const args = call?.childForFieldName('arguments') ?? null;
    if (/^(pytest\.)?mark\.skip$/.test(name)) {
      if (!pythonReason(args, true, ['reason'])) report('skipped', decorator, `@${name}`, '`reason="..."`');
    } else if (/^(pytest\.)?mark\.skipif$/.test(name)) {
      if (!pythonReason(args, false, ['reason'])) report('skipped', decorator, `@${name}`, '`reason="..."`');
    } else if (name === 'unittest.skip' || name === 'skip') {
      if (!pythonReason(args, true, ['reason'])) report('skipped', decorator, `@${name}`, 'a message: `@unittest.skip("why")`');
    }
  }
  for (const call of ctx.nodesOfType('call')) {
    const name = dotted(call.childForFieldName('function'));
    if (name !== 'pytest.skip') continue;
    // A skip under a condition (`if not has_s3(): pytest.skip()`) is explained by its condition.
    if (insideConditional(call, PY_FUNCTION)) continue;
    if (!pythonReason(call.childForFieldName('arguments'), true, ['reason', 'msg'])) report('skipped', call, 'pytest.skip()', 'a message: `pytest.skip("why")`');
  }
}

const JAVA_DISABLING = new Set(['Disabled', 'Ignore']);

function checkJava(ctx: CodeRuleContext, report: Reporter): void {
  for (const annotation of ctx.nodesOfType('marker_annotation', 'annotation')) {
    const name = annotation.childForFieldName('name')?.text.split('.').pop() ?? '';
    if (!JAVA_DISABLING.has(name)) continue;
    const owner = annotation.parent?.type === 'modifiers' ? annotation.parent.parent : undefined;
    if (!owner || !/^(method|class)_declaration$/.test(owner.type)) continue; // other libraries' @Ignore sit on fields
    const args = annotation.type === 'annotation' ? annotation.childForFieldName('arguments')?.namedChildren.filter(a => !!a && !/comment/.test(a.type)) ?? [] : [];
    const hasReason = args.some(a => {
      const value = a!.type === 'element_value_pair' ? a!.childForFieldName('value') : a!;
      return !!value && !(value.type === 'string_literal' && isBlankString(value, stringValue(value)));
    });
    if (!hasReason) report('skipped', annotation, `@${name}`, `a reason: \`@${name}("why")\``);
  }
}

/** Whether `name` is a `*testing.T` / `*testing.B` / `testing.TB` parameter of an enclosing function. */
function isGoTestingParam(node: SyntaxNode, name: string): boolean {
  for (let p = node.parent; p; p = p.parent) {
    if (p.type !== 'function_declaration' && p.type !== 'method_declaration' && p.type !== 'func_literal') continue;
    for (const param of p.childForFieldName('parameters')?.namedChildren ?? []) {
      if (param?.type !== 'parameter_declaration') continue;
      const type = param.childForFieldName('type')?.text.replace(/\s+/g, '') ?? '';
      const names = param.namedChildren.filter(c => c?.type === 'identifier').map(c => c!.text);
      if (names.includes(name)) return GO_TESTING_TYPE.test(type);
    }
  }
  return false;
}

const GO_FUNCTION = new Set(['function_declaration', 'method_declaration', 'func_literal']);

function checkGo(ctx: CodeRuleContext, report: Reporter): void {
  for (const call of ctx.nodesOfType('call_expression')) {
    const fn = call.childForFieldName('function');
    if (fn?.type !== 'selector_expression') continue;
    const method = fn.childForFieldName('field')?.text;
    if (method !== 'Skip' && method !== 'SkipNow') continue;
    const operand = fn.childForFieldName('operand');
    if (operand?.type !== 'identifier') continue;
    const args = call.childForFieldName('arguments')?.namedChildren.filter(a => !!a && a.type !== 'comment') ?? [];
    if (args.length > 0) continue;
    if (!isGoTestingParam(call, operand.text)) continue;
    // `if testing.Short() { t.Skip() }`: the condition says why.
    if (insideConditional(call, GO_FUNCTION)) continue;
    report('skipped', call, `${operand.text}.${method}()`, 'a message: `t.Skip("why")`');
  }
}

const RUBY_SCOPES = new Set(['method', 'singleton_method', 'do_block', 'block', 'program']);

function rubyMethod(call: SyntaxNode): string | undefined {
  const receiver = call.childForFieldName('receiver');
  if (receiver && receiver.text !== 'RSpec') return undefined;
  return call.childForFieldName('method')?.text;
}

function checkRuby(ctx: CodeRuleContext, report: Reporter): void {
  for (const call of ctx.nodesOfType('call')) {
    const method = rubyMethod(call);
    if (!method) continue;
    const args = call.childForFieldName('arguments');
    const block = call.childForFieldName('block');
    const methodNode = call.childForFieldName('method')!;
    if (method in RUBY_FOCUSED && (block || args)) {
      const plain = RUBY_FOCUSED[method]!;
      report('focused', methodNode, method, '', replaceFix(methodNode, plain, `Replace ${method} with ${plain}`));
      continue;
    }
    if (RUBY_SKIPPED.has(method) && (block || args)) {
      report('skipped', methodNode, method, 'a comment on the line above, or `skip "why"` inside the example');
      continue;
    }
    if (RUBY_EXAMPLES.has(method) && args) {
      for (const arg of args.namedChildren) {
        if (!arg) continue;
        if (arg.type === 'simple_symbol' && arg.text === ':focus') report('focused', arg, ':focus');
        if (arg.type !== 'pair') continue;
        const key = arg.childForFieldName('key')?.text.replace(/^:|:$/g, '');
        const value = arg.childForFieldName('value');
        if (key === 'focus' && value?.type === 'true') report('focused', arg, 'focus: true');
        if (key === 'skip' && value?.type === 'true') report('skipped', arg, 'skip: true', 'a reason: `skip: "why"`');
      }
      continue;
    }
    if (method === 'skip' && !args && !block && !call.childForFieldName('receiver')) rubySkip(call, report);
  }
  // A bare `skip` statement parses as an identifier.
  for (const id of ctx.text.includes('skip') ? ctx.nodesOfType('identifier') : []) {
    if (id.text !== 'skip' || !id.parent || !/^(body_statement|block_body|then|begin|do_block|block)$/.test(id.parent.type)) continue;
    rubySkip(id, report);
  }
}

function rubySkip(node: SyntaxNode, report: Reporter): void {
  if (insideConditional(node, RUBY_SCOPES)) return;
  report('skipped', node, 'skip', 'a message: `skip "why"`');
}

/** The Pest test call at the root of a `test(...)->with(...)->only()` chain. */
function pestRoot(node: SyntaxNode | null): SyntaxNode | undefined {
  for (let n = node, guard = 0; n && guard < 8; guard++) {
    if (n.type === 'function_call_expression') return PEST_FUNCTIONS.has(n.childForFieldName('function')?.text.toLowerCase() ?? '') ? n : undefined;
    if (n.type !== 'member_call_expression') return undefined;
    n = n.childForFieldName('object');
  }
  return undefined;
}

const PHP_FUNCTION = new Set(['method_declaration', 'function_definition', 'anonymous_function', 'arrow_function']);

function checkPhp(ctx: CodeRuleContext, report: Reporter): void {
  for (const call of ctx.nodesOfType('member_call_expression', 'scoped_call_expression')) {
    const name = call.childForFieldName('name');
    const args = call.childForFieldName('arguments')?.namedChildren.filter(a => a?.type === 'argument') ?? [];
    const hasMessage = args.some(a => {
      const v = a!.namedChild(0);
      return !!v && !((v.type === 'string' || v.type === 'encapsed_string') && isBlankString(v, stringValue(v)));
    });
    if (name?.text === 'markTestSkipped') {
      if (hasMessage || insideConditional(call, PHP_FUNCTION)) continue;
      report('skipped', call, 'markTestSkipped()', "a message: `markTestSkipped('why')`");
      continue;
    }
    if (call.type !== 'member_call_expression' || !name || (name.text !== 'only' && name.text !== 'skip')) continue;
    const root = pestRoot(call.childForFieldName('object'));
    if (!root) continue;
    // Report from the `->` so the finding sits on the line that carries the modifier.
    const object = call.childForFieldName('object')!;
    const range = { start: { line: object.endPosition.row, column: object.endPosition.column }, end: { line: call.endPosition.row, column: call.endPosition.column } };
    const at: Located = { startPosition: object.endPosition, endPosition: call.endPosition };
    if (name.text === 'only') {
      report('focused', at, '->only()', '', { title: 'Remove ->only()', edits: [{ range, newText: '' }] });
    } else if (!args.some(a => {
      const v = a!.namedChild(0);
      return !!v && (v.type === 'string' || v.type === 'encapsed_string') && !isBlankString(v, stringValue(v));
    })) {
      report('skipped', at, '->skip()', "a message: `->skip('why')`");
    }
  }
}
