import type { CodeRule, LanguageId, Rule } from '../../model';
import type { SyntaxNode } from '../../languages/parser';
import {
  CALL_TYPES, type CallInfo, type FlowContext, type ModuleBindings, type Tainted, callInfo, createFlow, dotted, moduleBindings,
  listWithAppends, moduleFunction, originOf, passesThrough, relatedOf, valueNode,
} from '../../analysis/dataflow';
interface Hit { node: SyntaxNode; taint: Tainted; messageId: 'shell' | 'program' | 'split' }

/** A shell binary and its "run this string" flag: sh -c, bash -lc, cmd /c, powershell -Command. */
const SHELL = /(^|[/\\])(ba|z|k|da|fi|a)?sh$|(^|[/\\])(cmd|powershell|pwsh)(\.exe)?$/i;
const SHELL_FLAG = /^(-[a-z]*c|\/c|-command)$/i;

const JS_CHILD_PROCESS = (s: string) => /^(node:)?child_process$/.test(s);
const JS_SHELLJS = (s: string) => s === 'shelljs';
const PY_SUBPROCESS = new Set(['run', 'call', 'check_call', 'check_output', 'Popen']);
const PY_ALWAYS_SHELL = new Set(['system', 'popen', 'getoutput', 'getstatusoutput', 'popen2', 'popen3', 'popen4', 'create_subprocess_shell']);
const RUBY_COMMANDS = new Set(['system', 'exec', 'spawn', 'popen', 'capture2', 'capture2e', 'capture3', 'popen2', 'popen2e', 'popen3', 'pipeline', 'pipeline_r', 'pipeline_w', 'pipeline_rw', 'pipeline_start']);
const RUBY_RECEIVERS = /^(Kernel|Process|IO|Open3)$/;
const PHP_COMMANDS = new Set(['exec', 'system', 'shell_exec', 'passthru', 'popen', 'proc_open', 'pcntl_exec', 'expect_popen']);

const taintOfNode = (node: SyntaxNode | undefined, flow: FlowContext): Tainted | undefined => {
  if (!node) return undefined;
  const o = originOf(node, flow);
  // a wrapper's parameter handed on unchanged: its callers build the command
  return o.kind === 'tainted' && !passesThrough(o) ? o : undefined;
};

/** The items of a literal argument list (seen through a variable assigned once: `const args = [...]`). */
function elementsOf(arg: SyntaxNode | undefined, flow: FlowContext): SyntaxNode[] | undefined {
  if (!arg) return undefined;
  const node = valueNode(arg, flow);
  switch (node.type) {
    case 'array': case 'list': case 'tuple': case 'array_initializer':
      return node.namedChildren.filter((c): c is SyntaxNode => !!c && c.type !== 'comment');
    case 'array_creation_expression': { // Java new String[] {...}; PHP [...]
      const init = node.childForFieldName('value');
      if (init) return elementsOf(init, flow);
      return node.namedChildren.filter((c): c is SyntaxNode => !!c && c.type === 'array_element_initializer').map(c => c.namedChildren.at(-1)!).filter(Boolean);
    }
    case 'binary_operator': { // Python ['prog', 'start'] + DEFAULT_OPTIONS: the program is still the left list's first item
      const left = node.childForFieldName('left');
      const right = node.childForFieldName('right');
      const head = node.childForFieldName('operator')?.text === '+' && left ? elementsOf(left, flow) : undefined;
      return head?.length && right ? [...head, ...(elementsOf(right, flow) ?? [right])] : undefined;
    }
    case 'method_invocation': { // Arrays.asList(...), List.of(...)
      const call = callInfo(node);
      return call && /^(Arrays\.asList|List\.of)$/.test(call.callee) ? call.args : undefined;
    }
  }
  return undefined;
}

/** An argument vector: `[program, ...args]`. Report a tainted program, or a tainted string after `sh -c`. */
function argv(items: SyntaxNode[], flow: FlowContext): Hit | undefined {
  const program = items[0];
  const first = taintOfNode(program, flow);
  if (program && first) return { node: program, taint: first, messageId: 'program' };
  const name = program ? originOf(program, flow) : undefined;
  if (name?.kind !== 'constant' || !name.value || !SHELL.test(name.value)) return undefined;
  for (let i = 1; i < items.length - 1; i++) {
    const flag = originOf(items[i]!, flow);
    if (flag.kind !== 'constant' || !flag.value || !SHELL_FLAG.test(flag.value)) continue;
    const script = items[i + 1]!;
    const t = taintOfNode(script, flow);
    if (t) return { node: script, taint: t, messageId: 'shell' };
  }
  return undefined;
}

/** A command that runs through a shell: report when its text is tainted. */
function shellString(node: SyntaxNode | undefined, flow: FlowContext): Hit | undefined {
  const t = taintOfNode(node, flow);
  return node && t ? { node, taint: t, messageId: 'shell' } : undefined;
}

function truthy(node: SyntaxNode | undefined): boolean {
  return !!node && !/^(false|False|nil|null|undefined|0|None)$/.test(node.text) && !/^['"]{2}$/.test(node.text);
}

function jsOption(args: SyntaxNode[], key: string): SyntaxNode | undefined {
  for (const arg of args) {
    if (arg.type !== 'object') continue;
    for (const pair of arg.namedChildren) {
      if (pair?.type === 'pair' && pair.childForFieldName('key')?.text.replace(/['"]/g, '') === key) return pair.childForFieldName('value') ?? undefined;
      if (pair?.type === 'shorthand_property_identifier' && pair.text === key) return pair;
    }
  }
  return undefined;
}

function jsSink(call: CallInfo, flow: FlowContext, cp: ModuleBindings, shelljs: ModuleBindings): Hit | undefined {
  const fn = moduleFunction(call, cp, JS_CHILD_PROCESS);
  if (fn === 'exec' || fn === 'execSync') return shellString(call.args[0], flow);
  if (fn === 'spawn' || fn === 'spawnSync' || fn === 'execFile' || fn === 'execFileSync') {
    const list = elementsOf(call.args[1], flow);
    if (truthy(jsOption(call.args.slice(1), 'shell'))) { // the program and its arguments are joined into one shell command
      for (const item of [call.args[0], ...(list ?? [])]) { const hit = shellString(item, flow); if (hit) return hit; }
      return undefined;
    }
    return argv([call.args[0]!, ...(list ?? [])].filter(Boolean), flow);
  }
  if (moduleFunction(call, shelljs, JS_SHELLJS) === 'exec') return shellString(call.args[0], flow);
  return undefined;
}

function pythonSink(call: CallInfo, flow: FlowContext, os: ModuleBindings, subprocess: ModuleBindings, asyncio: ModuleBindings): Hit | undefined {
  const osFn = moduleFunction(call, os, s => s === 'os' || s === 'commands');
  if (osFn && PY_ALWAYS_SHELL.has(osFn)) return shellString(call.args[0], flow);
  const asyncFn = moduleFunction(call, asyncio, s => s === 'asyncio');
  if (asyncFn === 'create_subprocess_shell') return shellString(call.args[0], flow);
  if (asyncFn === 'create_subprocess_exec') return argv(call.args, flow);
  const fn = moduleFunction(call, subprocess, s => s === 'subprocess');
  if (!fn) return undefined;
  if (fn === 'getoutput' || fn === 'getstatusoutput') return shellString(call.args[0], flow);
  if (!PY_SUBPROCESS.has(fn)) return undefined;
  const command = call.args[0] ?? call.keywords.get('args');
  if (!command) return undefined;
  const list = elementsOf(command, flow);
  if (call.keywords.get('shell')?.text === 'True') {
    for (const item of list ?? [command]) { const hit = shellString(item, flow); if (hit) return hit; }
    return undefined;
  }
  if (list) return argv(list, flow);
  // `cmd = ['openssl', 'req']; cmd.extend([...])`: the program is still the literal's first item
  const grown = listWithAppends(command, flow);
  const start = grown && elementsOf(grown.literal, flow);
  if (start?.length) return argv([...start, ...grown!.appended], flow);
  // a single string without a shell is the program to run
  const t = taintOfNode(command, flow);
  return t ? { node: command, taint: t, messageId: 'program' } : undefined;
}

function javaSink(call: CallInfo, flow: FlowContext): Hit | undefined {
  if (call.isNew && call.name === 'ProcessBuilder') {
    const list = call.args.length === 1 ? elementsOf(call.args[0], flow) : undefined;
    return argv(list ?? call.args, flow);
  }
  if (call.name !== 'exec' || !call.receiver) return undefined;
  const receiver = dotted(call.receiver);
  if (!/(^|\.)getRuntime\(\)$|^(runtime|rt)$/i.test(receiver)) return undefined;
  const list = elementsOf(call.args[0], flow);
  if (list) return argv(list, flow);
  // Runtime.exec(String) splits on spaces without a shell: the value picks the program or adds arguments
  const t = taintOfNode(call.args[0], flow);
  return t ? { node: call.args[0]!, taint: t, messageId: t.text.startsWith('?') ? 'program' : 'split' } : undefined;
}

function goSink(call: CallInfo, flow: FlowContext): Hit | undefined {
  if (call.receiver?.text !== 'exec') return undefined;
  if (call.name === 'Command') return argv(call.args, flow);
  if (call.name === 'CommandContext') return argv(call.args.slice(1), flow);
  return undefined;
}

function rubySink(call: CallInfo, flow: FlowContext): Hit | undefined {
  if (!RUBY_COMMANDS.has(call.name)) return undefined;
  if (call.receiver ? !RUBY_RECEIVERS.test(call.receiver.text) : !/^(system|exec|spawn)$/.test(call.name)) return undefined;
  if (call.receiver?.text === 'IO' && call.name !== 'popen') return undefined;
  // an environment hash may come first
  const args = call.args.filter((a, i) => !(i === 0 && (a.type === 'hash' || a.type === 'pair')));
  if (args.length === 1) {
    const list = elementsOf(args[0], flow);
    return list ? argv(list, flow) : shellString(args[0], flow);
  }
  return argv(args, flow);
}

function phpSink(call: CallInfo, flow: FlowContext): Hit | undefined {
  if (call.node.type !== 'function_call_expression' || !PHP_COMMANDS.has(call.name.toLowerCase())) return undefined;
  const list = elementsOf(call.args[0], flow);
  if (list) return argv(list, flow); // proc_open([...]) runs without a shell
  if (call.name.toLowerCase() === 'pcntl_exec') { const t = taintOfNode(call.args[0], flow); return t ? { node: call.args[0]!, taint: t, messageId: 'program' } : undefined; }
  return shellString(call.args[0], flow);
}

/** Per language, the sinks' names or modules (always written out: an alias still imports them by name), and Ruby/PHP backticks. */
const JS_MENTIONS = /child_process|shelljs/;
const MENTIONS: CodeRule['mentions'] = {
  javascript: JS_MENTIONS, typescript: JS_MENTIONS, tsx: JS_MENTIONS,
  python: /subprocess|system|popen|getoutput|getstatusoutput/,
  java: /ProcessBuilder|\bexec\b/,
  go: /\bexec\b/,
  ruby: /`|%x|system|exec|spawn|popen|capture|pipeline/,
  // PHP function names are case-insensitive.
  php: /`|exec|system|passthru|popen|proc_open/i,
};

function isJs(language: LanguageId): boolean {
  return language === 'javascript' || language === 'typescript' || language === 'tsx';
}

export const commandInjection: Rule = {
  id: 'security/command-injection',
  meta: {
    title: 'OS command built from untrusted input',
    area: 'security',
    defaultSeverity: 'error',
    languages: ['javascript', 'typescript', 'tsx', 'python', 'java', 'go', 'ruby', 'php'],
    description: 'A shell command (or the program to run) built from request input or a function parameter lets the caller run their own commands; pass arguments as a list without a shell.',
    cwe: ['CWE-78'],
    references: ['OWASP ASVS v5 1.2.5', 'OWASP Top 10 2021 A03', 'OWASP OS Command Injection Defense Cheat Sheet'],
    messages: {
      shell: 'This shell command is built from {{source}}: run the program with an argument list and no shell, or validate the value against an allow-list.',
      program: 'The program to run comes from {{source}}: choose it from a fixed allow-list.',
      split: 'This command line is built from {{source}} and split on spaces, so the value can add its own options and arguments: pass a String[] with a fixed program and validate the value.',
    },
  },
  mentions: MENTIONS,
  check(ctx) {
    if (ctx.isTestFile) return; // test code does not serve requests
    const language = ctx.language;
    const flow = createFlow(ctx);
    const report = (hit: Hit | undefined) => {
      if (hit) ctx.report({ node: hit.node, messageId: hit.messageId, data: { source: hit.taint.source }, related: relatedOf(hit.taint, ctx.file) });
    };
    // Backticks and %x() in Ruby, backticks in PHP: always a shell.
    if (language === 'ruby' || language === 'php') {
      for (const node of ctx.nodesOfType(language === 'ruby' ? 'subshell' : 'shell_command_expression')) report(shellString(node, flow));
    }
    const cp = isJs(language) ? moduleBindings(ctx, JS_CHILD_PROCESS) : undefined;
    const shelljs = isJs(language) ? moduleBindings(ctx, JS_SHELLJS) : undefined;
    const os = language === 'python' ? moduleBindings(ctx, s => s === 'os' || s === 'commands') : undefined;
    const subprocess = language === 'python' ? moduleBindings(ctx, s => s === 'subprocess') : undefined;
    const asyncio = language === 'python' ? moduleBindings(ctx, s => s === 'asyncio') : undefined;
    for (const node of ctx.nodesOfType(...CALL_TYPES[language])) {
      const call = callInfo(node);
      if (!call) continue;
      if (cp && shelljs) report(jsSink(call, flow, cp, shelljs));
      else if (os && subprocess && asyncio) report(pythonSink(call, flow, os, subprocess, asyncio));
      else if (language === 'java') report(javaSink(call, flow));
      else if (language === 'go') report(goSink(call, flow));
      else if (language === 'ruby') report(rubySink(call, flow));
      else if (language === 'php') report(phpSink(call, flow));
    }
  },
};
