import type { Fix, Rule } from '../../model';
import type { SyntaxNode } from '../../languages/parser';
import { rangeOf, type CodeRuleContext } from '../../engine/rule-context';
import {
  CALL_TYPES, boolOf, callOf, entryKey, guardedByDevelopment, isDevelopmentPath, isJs, numberOf, positionalArgs,
  stringOf, subtree, unwrap,
} from '../../analysis/security-shapes';

const DISPLAY_ON = /^(1|on|true|yes|stdout|stderr)$/i;
const DJANGO_SETTINGS = /(^|\/)(settings|[\w-]*settings[\w-]*)\.py$|(^|\/)settings\/[^/]+\.py$/;

/** Every switch it reports is spelled with one of these words (a debug flag, the errorhandler module, stack-trace options, pprof, Rails / Sinatra / PHP error display). */
const MENTIONS = /debug|errorhandler|stack_?trace|includeattribute|pprof|consider_all_requests_local|show_exceptions|display_(startup_)?errors/i;

export const debugInProduction: Rule = {
  id: 'security/debug-in-production',
  meta: {
    title: 'Debug mode or detailed error pages in production',
    area: 'security',
    defaultSeverity: 'error',
    languages: ['javascript', 'typescript', 'tsx', 'python', 'java', 'go', 'ruby', 'php'],
    description: 'Debug modes and detailed error pages left on in production reveal source, settings and sometimes an interactive console; attackers use them to map and exploit the application.',
    cwe: ['CWE-489', 'CWE-215'],
    references: ['OWASP ASVS v5 13.4.2', 'OWASP ASVS v5 16.5.1', 'OWASP Top 10 2021 A05'],
    messages: {
      debugMode: '{{what}} turns on debug mode outside a development-only file or branch: read it from the environment and keep it off in production.',
      errorPage: '{{what}} shows detailed errors (stack traces, settings) to every visitor: enable it only in development.',
    },
  },
  mentions: MENTIONS,
  check(ctx) {
    // Development and test configuration is where debug settings belong.
    if (ctx.isTestFile || isDevelopmentPath(ctx.file)) return;
    if (isJs(ctx.language)) checkJs(ctx);
    else if (ctx.language === 'python') checkPython(ctx);
    else if (ctx.language === 'java') checkJava(ctx);
    else if (ctx.language === 'go') checkGo(ctx);
    else if (ctx.language === 'ruby') checkRuby(ctx);
    else if (ctx.language === 'php') checkPhp(ctx);
  },
};

function report(ctx: CodeRuleContext, node: SyntaxNode, messageId: string, what?: string, fix?: Fix): void {
  if (guardedByDevelopment(node)) return;
  ctx.report({ node, messageId, data: what ? { what } : undefined, ...(fix ? { fix } : {}) });
}

/** Turn a literal `True`/`true` into its false form: the switch stays where it is, only off. */
function switchOff(value: SyntaxNode | null | undefined): Fix | undefined {
  if (!value || !/^(True|true)$/.test(value.text)) return undefined;
  return { title: 'Turn debugging off', edits: [{ range: rangeOf(value), newText: value.text === 'True' ? 'False' : 'false' }] };
}

function checkJs(ctx: CodeRuleContext): void {
  const errorhandlers = new Set<string>();
  for (const node of ctx.nodesOfType('variable_declarator')) {
    const value = node.childForFieldName('value');
    const call = value ? callOf(value) : undefined;
    const name = node.childForFieldName('name');
    if (call?.name === 'require' && stringOf(positionalArgs(call)[0]) === 'errorhandler' && name?.type === 'identifier') errorhandlers.add(name.text);
  }
  for (const node of ctx.nodesOfType('import_statement')) {
    if (stringOf(node.childForFieldName('source')) !== 'errorhandler') continue;
    const local = subtree(node, 20).find(n => n.type === 'identifier' && n.parent?.type === 'import_clause');
    if (local) errorhandlers.add(local.text);
  }
  for (const node of ctx.nodesOfType('call_expression')) {
    const call = callOf(node);
    if (call?.name !== 'use' || !call.receiver) continue;
    const handler = positionalArgs(call).map(a => callOf(a)).find(c => c && !c.receiver && errorhandlers.has(c.name));
    if (handler) report(ctx, handler.node, 'errorPage', 'errorhandler()');
  }
}

function checkPython(ctx: CodeRuleContext): void {
  const settings = DJANGO_SETTINGS.test(ctx.file);
  for (const node of ctx.nodesOfType('assignment')) {
    const left = node.childForFieldName('left');
    const right = node.childForFieldName('right');
    if (!left || boolOf(right) !== true) continue;
    if (settings && left.type === 'identifier' && left.text === 'DEBUG' && node.parent?.parent?.type === 'module') {
      report(ctx, node, 'debugMode', 'DEBUG = True in the settings', switchOff(right));
    } else if (left.type === 'attribute' && left.childForFieldName('attribute')?.text === 'debug' && /(^|\.)app$/.test(left.childForFieldName('object')?.text ?? '')) {
      report(ctx, node, 'debugMode', 'app.debug = True', switchOff(right));
    } else if (left.type === 'subscript' && stringOf(left.childForFieldName('subscript')) === 'DEBUG' && /\.config$/.test(left.childForFieldName('value')?.text ?? '')) {
      report(ctx, node, 'debugMode', "config['DEBUG'] = True");
    }
  }
  for (const kw of ctx.nodesOfType('keyword_argument')) {
    const name = kw.childForFieldName('name')?.text;
    if ((name !== 'debug' && name !== 'DEBUG') || boolOf(kw.childForFieldName('value')) !== true) continue;
    const callNode = kw.parent?.parent;
    const call = callNode ? callOf(callNode) : undefined;
    if (!call) continue;
    // app.run(debug=True) (the Werkzeug debugger runs arbitrary code), FastAPI/Starlette(debug=True), config.update(DEBUG=True).
    if ((call.name === 'run' && name === 'debug') || /^(FastAPI|Starlette|Flask)$/.test(call.name) || ((call.name === 'update' || call.name === 'from_mapping') && name === 'DEBUG')) {
      report(ctx, kw, 'debugMode', call.name === 'run' ? 'app.run(debug=True)' : `${name}=True`, switchOff(kw.childForFieldName('value')));
    }
  }
}

function checkJava(ctx: CodeRuleContext): void {
  // @EnableWebSecurity(debug = true): Spring Security's debug filter logs requests, headers and sessions.
  for (const node of ctx.nodesOfType('annotation')) {
    if (node.childForFieldName('name')?.text !== 'EnableWebSecurity') continue;
    const debug = node.childForFieldName('arguments')?.namedChildren.find(p => p?.type === 'element_value_pair' && p.childForFieldName('key')?.text === 'debug');
    if (boolOf(debug?.childForFieldName('value')) === true) report(ctx, node, 'debugMode', '@EnableWebSecurity(debug = true)');
  }
  // Spring Boot error pages with stack traces: ErrorAttributeOptions Include.STACK_TRACE, IncludeAttribute.ALWAYS.
  for (const node of ctx.nodesOfType('field_access')) {
    const field = node.childForFieldName('field')?.text;
    const object = node.childForFieldName('object')?.text ?? '';
    if (field === 'STACK_TRACE' && /(^|\.)Include$/.test(object)) {
      report(ctx, node, 'errorPage', 'Include.STACK_TRACE');
    } else if (field === 'ALWAYS' && /(^|\.)(IncludeAttribute|IncludeStacktrace)$/.test(object)) {
      const call = node.parent?.parent ? callOf(node.parent.parent) : undefined;
      if (call?.name === 'setIncludeStacktrace') report(ctx, node, 'errorPage', 'setIncludeStacktrace(ALWAYS)');
    }
  }
}

function checkGo(ctx: CodeRuleContext): void {
  for (const spec of ctx.nodesOfType('import_spec')) {
    // A blank import of net/http/pprof registers /debug/pprof/ handlers on the default mux.
    if (stringOf(spec.childForFieldName('path')) === 'net/http/pprof' && spec.childForFieldName('name')?.text === '_') {
      ctx.report({ node: spec, messageId: 'debugMode', data: { what: 'Importing net/http/pprof (profiling endpoints on the default mux)' } });
    }
  }
  const echoes = new Set<string>();
  for (const node of ctx.nodesOfType('short_var_declaration', 'assignment_statement')) {
    const left = node.childForFieldName('left')?.namedChild(0);
    const right = node.childForFieldName('right')?.namedChild(0);
    const call = right ? callOf(right) : undefined;
    if (left?.type === 'identifier' && call?.name === 'New' && call.receiverText === 'echo') echoes.add(left.text);
    if (node.type === 'assignment_statement' && left?.type === 'selector_expression' && left.childForFieldName('field')?.text === 'Debug'
      && echoes.has(left.childForFieldName('operand')?.text ?? '') && boolOf(right) === true) {
      report(ctx, node, 'debugMode', 'Echo Debug = true');
    }
  }
  for (const node of ctx.nodesOfType('call_expression')) {
    const call = callOf(node);
    if (call?.name !== 'SetMode' || call.receiverText !== 'gin') continue;
    const mode = positionalArgs(call)[0];
    const field = mode?.type === 'selector_expression' ? mode.childForFieldName('field')?.text : undefined;
    if (field === 'DebugMode' || stringOf(mode) === 'debug') report(ctx, node, 'debugMode', 'gin.SetMode(gin.DebugMode)');
  }
}

function checkRuby(ctx: CodeRuleContext): void {
  const envFile = /(^|\/)config\/environments\/([\w-]+)\.rb$/.exec(ctx.file);
  for (const node of ctx.nodesOfType('assignment')) {
    const left = node.childForFieldName('left');
    if (left?.type !== 'call' || left.childForFieldName('method')?.text !== 'consider_all_requests_local') continue;
    if (envFile && boolOf(node.childForFieldName('right')) === true) report(ctx, node, 'errorPage', 'config.consider_all_requests_local = true');
  }
  for (const node of ctx.nodesOfType('call')) {
    const call = callOf(node);
    if (!call || call.receiver) continue;
    const args = positionalArgs(call);
    const option = args[0]?.type === 'simple_symbol' ? args[0].text.slice(1) : undefined;
    if (option !== 'show_exceptions') continue;
    if ((call.name === 'set' && boolOf(args[1]) === true) || call.name === 'enable') report(ctx, node, 'errorPage', 'Sinatra show_exceptions');
  }
}

function checkPhp(ctx: CodeRuleContext): void {
  for (const node of ctx.nodesOfType(...CALL_TYPES.php)) {
    const call = callOf(node);
    if (call?.name !== 'ini_set' || call.receiver) continue;
    const [option, value] = positionalArgs(call);
    const name = stringOf(option);
    if (name !== 'display_errors' && name !== 'display_startup_errors') continue;
    const on = boolOf(value) === true || numberOf(value) === 1 || DISPLAY_ON.test(stringOf(value) ?? '');
    if (on) report(ctx, node, 'debugMode', `ini_set('${name}', on)`);
  }
  // Laravel config/app.php: 'debug' => true (instead of env('APP_DEBUG', false)).
  if (/(^|\/)config\/app\.php$/.test(ctx.file)) {
    for (const element of ctx.nodesOfType('array_element_initializer')) {
      if (entryKey(element) === 'debug' && boolOf(unwrap(element.namedChild(1))) === true) report(ctx, element, 'debugMode', "'debug' => true", switchOff(unwrap(element.namedChild(1))));
    }
  }
}
