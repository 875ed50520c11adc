import type { CodeRule, LanguageId, Rule } from '../../model';
import type { SyntaxNode } from '../../languages/parser';
import {
  CALL_TYPES, type CallInfo, type FlowContext, type ModuleBindings, callInfo, createFlow, moduleBindings, moduleFunction, originOf,
  passesThrough, relatedOf,
} from '../../analysis/dataflow';

const JS_VM = (s: string) => /^(node:)?vm$/.test(s);
const JS_VM_FUNCTIONS = new Set(['runInNewContext', 'runInThisContext', 'runInContext', 'compileFunction', 'Script', 'SourceTextModule']);
const JS_TIMERS = new Set(['setTimeout', 'setInterval', 'setImmediate', 'execScript']);
const JS_GLOBALS = /^(window|global|globalThis|self)$/;
const RUBY_EVAL = new Set(['eval', 'instance_eval', 'class_eval', 'module_eval']);
const RUBY_SEND = new Set(['send', 'public_send', '__send__', 'try']);
/** A PCRE pattern with the /e (evaluate replacement) modifier: `/x/e`, `#x#ie`. */
const PHP_E_MODIFIER = /^([^\w\s\\])[\s\S]*\1[a-zA-Z]*e[a-zA-Z]*$/;

/** The arguments of a call that are evaluated as code, with the message to use. */
interface Sink { args: SyntaxNode[]; messageId: 'eval' | 'dispatch' }

function isJs(language: LanguageId): boolean {
  return language === 'javascript' || language === 'typescript' || language === 'tsx';
}

const ALL_NAMES = new Set([
  'eval', 'Function', ...JS_TIMERS, ...JS_VM_FUNCTIONS, 'exec', 'compile', 'evaluate', 'parseExpression', ...RUBY_EVAL, ...RUBY_SEND,
  'assert', 'create_function', 'call_user_func', 'call_user_func_array', 'preg_replace', 'mb_ereg_replace',
]);

/** The sinks' names, per language: each is called by name, or (vm) imported under its own name. */
const JS_MENTIONS = /eval|Function|setTimeout|setInterval|setImmediate|Script|runIn|SourceTextModule/;
const MENTIONS: CodeRule['mentions'] = {
  javascript: JS_MENTIONS, typescript: JS_MENTIONS, tsx: JS_MENTIONS,
  // A bare compile() is never written after a dot (re.compile is not a sink).
  python: /\b(eval|exec)\b|(?<![.\w])compile\b/,
  java: /eval|parseExpression/,
  ruby: /eval|send|\btry\b/,
  // PHP function names are case-insensitive.
  php: /eval|assert|create_function|call_user_func|reg_replace/i,
};

function sinkOf(call: CallInfo, language: LanguageId, flow: FlowContext, vm: ModuleBindings | undefined): Sink | undefined {
  if (!ALL_NAMES.has(call.name) && !(language === 'php' && ALL_NAMES.has(call.name.toLowerCase())) && !(vm?.members.has(call.name))) return undefined;
  const first = call.args[0];
  if (!first) return undefined;
  const bare = !call.receiver || JS_GLOBALS.test(call.receiver.text);
  if (isJs(language)) {
    if (call.name === 'eval' && bare) return { args: [first], messageId: 'eval' };
    if (call.name === 'Function' && bare) return { args: call.args, messageId: 'eval' }; // every argument is source text
    if (JS_TIMERS.has(call.name) && bare) return { args: [first], messageId: 'eval' }; // only a string is evaluated; a function is unknown, not tainted
    const fn = vm && moduleFunction(call, vm, JS_VM);
    if (fn && JS_VM_FUNCTIONS.has(fn)) return { args: [first], messageId: 'eval' };
    return undefined;
  }
  switch (language) {
    case 'python':
      if (!call.receiver && (call.name === 'eval' || call.name === 'exec' || call.name === 'compile')) return { args: [first], messageId: 'eval' };
      if (call.receiver?.text === 'builtins' && (call.name === 'eval' || call.name === 'exec')) return { args: [first], messageId: 'eval' };
      return undefined;
    case 'java':
      // ScriptEngine.eval, GroovyShell.evaluate, SpEL ExpressionParser.parseExpression
      if (call.receiver && !call.isNew && (call.name === 'eval' || call.name === 'evaluate' || call.name === 'parseExpression')) return { args: [first], messageId: 'eval' };
      return undefined;
    case 'ruby':
      if (RUBY_EVAL.has(call.name) && (!call.receiver || call.name !== 'eval' || /^(Kernel|binding)$/.test(call.receiver.text))) return { args: [first], messageId: 'eval' };
      if (RUBY_SEND.has(call.name) && call.receiver) return { args: [first], messageId: 'dispatch' };
      if (RUBY_SEND.has(call.name) && !call.receiver && call.name !== 'try') return { args: [first], messageId: 'dispatch' };
      return undefined;
    case 'php': {
      if (call.node.type !== 'function_call_expression') return undefined;
      const name = call.name.toLowerCase();
      if (name === 'eval' || name === 'assert') return { args: [first], messageId: 'eval' };
      if (name === 'create_function') return { args: call.args, messageId: 'eval' };
      if (name === 'call_user_func' || name === 'call_user_func_array') return { args: [first], messageId: 'dispatch' };
      if (name === 'preg_replace' || name === 'mb_ereg_replace') {
        const pattern = originOf(first, flow);
        const patterns = pattern.kind === 'constant' && pattern.value !== undefined ? [pattern.value] : [];
        if (patterns.some(p => PHP_E_MODIFIER.test(p))) return { args: call.args.slice(1, 3), messageId: 'eval' };
        return undefined;
      }
      return undefined;
    }
  }
  return undefined;
}

export const codeInjection: Rule = {
  id: 'security/code-injection',
  meta: {
    title: 'Code evaluated from untrusted input',
    area: 'security',
    defaultSeverity: 'error',
    languages: ['javascript', 'typescript', 'tsx', 'python', 'java', 'ruby', 'php'],
    description: 'eval, new Function, vm, exec, instance_eval, ScriptEngine.eval and friends run request input or a function parameter as code, which hands the caller the process.',
    cwe: ['CWE-94', 'CWE-95'],
    references: ['OWASP ASVS v5 1.3.2', 'OWASP Top 10 2021 A03', 'CWE-95'],
    messages: {
      eval: 'This evaluates {{source}} as code: parse the data instead (JSON, a safe expression evaluator) or choose from fixed functions.',
      dispatch: 'The method or function to call comes from {{source}}: map the value to a fixed allow-list of methods.',
    },
  },
  mentions: MENTIONS,
  check(ctx) {
    if (ctx.isTestFile) return; // test code does not serve requests
    const flow = createFlow(ctx);
    const vm = isJs(ctx.language) ? moduleBindings(ctx, JS_VM) : undefined;
    for (const node of ctx.nodesOfType(...CALL_TYPES[ctx.language])) {
      const call = callInfo(node);
      if (!call) continue;
      const sink = sinkOf(call, ctx.language, flow, vm);
      if (!sink) continue;
      // A constant is not an injection (style linters such as ESLint no-eval cover it); neither is an unknown value.
      for (const arg of sink.args) {
        const origin = originOf(arg, flow);
        if (origin.kind !== 'tainted' || passesThrough(origin)) continue; // a wrapper's parameter: its callers build the code
        ctx.report({ node: arg, messageId: sink.messageId, data: { source: origin.source }, related: relatedOf(origin, ctx.file) });
        break;
      }
    }
  },
};
