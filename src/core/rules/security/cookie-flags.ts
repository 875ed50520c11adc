import type { CodeRule, Fix, Rule } from '../../model';
import type { SyntaxNode } from '../../languages/parser';
import { rangeOf, type CodeRuleContext } from '../../engine/rule-context';
import { accessPath } from '../../analysis/request-input';
import {
  CALL_TYPES, type Call, boolOf, callOf, enclosingFunction, entries, entry, hasSplat, hasSpread, isContainer, isJs,
  keywordArg, numberOf, positionalArgs, stringOf, subtree, unwrap,
} from '../../analysis/security-shapes';

/** Cookies page scripts must read (double-submit CSRF tokens): HttpOnly would break them. */
const SCRIPT_READABLE = /csrf|xsrf/i;
const RESPONSE_ROOTS = /^(res|response|reply|resp|ctx\.res|ctx\.response)$/;
const COOKIE_SETTINGS: Record<string, 'secure' | 'httponly'> = {
  SESSION_COOKIE_SECURE: 'secure', CSRF_COOKIE_SECURE: 'secure', REMEMBER_COOKIE_SECURE: 'secure', LANGUAGE_COOKIE_SECURE: 'secure',
  SESSION_COOKIE_HTTPONLY: 'httponly', REMEMBER_COOKIE_HTTPONLY: 'httponly',
};
const FLAG_TEXT = { secure: 'Secure', httponly: 'HttpOnly' } as const;

/** Every shape names a cookie, except express-session's session() and Laravel config/session.php's 'secure' / 'http_only' keys. */
const COOKIE = /cookie/i;
const JS_MENTIONS = /cookie|session/i;
const MENTIONS: CodeRule['mentions'] = {
  javascript: JS_MENTIONS, typescript: JS_MENTIONS, tsx: JS_MENTIONS,
  python: COOKIE, java: COOKIE, go: COOKIE, ruby: COOKIE,
  php: /cookie|secure|http_only/i,
};

export const cookieFlags: Rule = {
  id: 'security/cookie-flags',
  locality: 'declaration',
  meta: {
    title: 'Cookie without Secure or HttpOnly',
    area: 'security',
    defaultSeverity: 'warning',
    languages: ['javascript', 'typescript', 'tsx', 'python', 'java', 'go', 'ruby', 'php'],
    description: 'A cookie without Secure can travel over plain HTTP, and one without HttpOnly can be read by any script injected into the page; session and auth cookies need both.',
    cwe: ['CWE-614', 'CWE-1004'],
    references: ['OWASP ASVS v5 3.3.1', 'OWASP ASVS v5 3.3.4', 'OWASP Session Management Cheat Sheet'],
    messages: {
      missing: '{{cookie}} is set without {{flags}}: add {{flags}} ({{why}}).',
      setting: '{{setting}} turns off the {{flag}} flag of the framework\'s cookies: set it to True/on in production.',
    },
  },
  mentions: MENTIONS,
  check(ctx) {
    if (ctx.isTestFile) return;
    if (isJs(ctx.language)) checkJs(ctx);
    else if (ctx.language === 'python') checkPython(ctx);
    else if (ctx.language === 'java') checkJava(ctx);
    else if (ctx.language === 'go') checkGo(ctx);
    else if (ctx.language === 'ruby') checkRuby(ctx);
    else if (ctx.language === 'php') checkPhp(ctx);
  },
};

type Flag = 'secure' | 'httponly';

/** A flag counts as set unless it is missing or the literal false (a variable or expression is trusted). */
const isOff = (value: SyntaxNode | null | undefined): boolean => !value || boolOf(value) === false || numberOf(value) === 0;

/** Cookie names that identify or authenticate someone; a constant name outside this list (theme, lang) is not sensitive. */
const SENSITIVE_NAME = /sess|sid|token|auth|jwt|remember|refresh|access|login|user|uid|account|identity|secret|key|csrf|xsrf|credential|bearer|member|admin|cart|checkout|(^|[_.-])id$/i;

function reportMissing(ctx: CodeRuleContext, node: SyntaxNode, name: string | undefined, missing: Flag[]): void {
  if (name !== undefined && !SENSITIVE_NAME.test(name)) return;
  const flags = missing.filter(f => f !== 'httponly' || !SCRIPT_READABLE.test(name ?? ''));
  if (flags.length === 0) return;
  const why = flags.map(f => (f === 'secure' ? 'Secure keeps it off plain HTTP' : 'HttpOnly hides it from page scripts')).join('; ');
  ctx.report({ node, messageId: 'missing', data: { cookie: name ? `The '${name}' cookie` : 'This cookie', flags: flags.map(f => FLAG_TEXT[f]).join(' and '), why } });
}

/** Missing flags in an options object/dict/hash/array, or undefined when it cannot be known (not a literal, spread). */
function missingIn(options: SyntaxNode | undefined, keys: Record<Flag, string[]>, defaults: Partial<Record<Flag, boolean>> = {}): Flag[] | undefined {
  if (!options) return (['secure', 'httponly'] as Flag[]).filter(f => !defaults[f]);
  if ((!isContainer(options) && options.type !== 'argument_list') || hasSpread(options)) return undefined;
  const list = entries(options);
  const out: Flag[] = [];
  for (const flag of ['secure', 'httponly'] as Flag[]) {
    const e = list.find(x => keys[flag].includes(x.key));
    if (e ? isOff(e.value) : !defaults[flag]) out.push(flag);
  }
  return out;
}

const JS_KEYS = { secure: ['secure'], httponly: ['httpOnly', 'httponly'] };

function checkJs(ctx: CodeRuleContext): void {
  for (const node of ctx.nodesOfType('call_expression')) {
    const call = callOf(node);
    if (!call) continue;
    const args = positionalArgs(call);
    const receiver = call.receiverText ?? '';
    if ((call.name === 'cookie' || call.name === 'setCookie') && RESPONSE_ROOTS.test(receiver)) {
      const missing = missingIn(args[2], JS_KEYS);
      if (missing) reportMissing(ctx, node, stringOf(args[0]), missing);
    } else if (call.name === 'set' && /(^|\.)cookies$/.test(receiver)) {
      // Koa cookies: HttpOnly is on by default, Secure is not.
      const missing = missingIn(args[2], JS_KEYS, { httponly: true });
      if (missing) reportMissing(ctx, node, stringOf(args[0]), missing);
    } else if ((call.name === 'session' || call.name === 'expressSession') && !call.receiver && args[0] && entry(args[0], 'secret')) {
      // express-session: cookie.httpOnly defaults to true, cookie.secure to false.
      if (hasSpread(args[0])) continue;
      const cookie = entry(args[0], 'cookie');
      const missing = missingIn(cookie?.value, JS_KEYS, { httponly: true });
      if (missing) reportMissing(ctx, cookie?.node ?? node, 'session', missing);
    } else if (call.name === 'cookieSession' && !call.receiver && args[0]) {
      const missing = missingIn(args[0], JS_KEYS, { httponly: true });
      if (missing) reportMissing(ctx, node, 'session', missing);
    } else if ((call.name === 'setHeader' || call.name === 'header' || call.name === 'set' || call.name === 'append') && RESPONSE_ROOTS.test(receiver)
      && stringOf(args[0])?.toLowerCase() === 'set-cookie' && args[1]) {
      const values = args[1].type === 'array' ? args[1].namedChildren : [args[1]];
      for (const v of values) {
        if (!v) continue;
        const text = stringOf(v);
        if (text === undefined) continue; // built at run time: cannot tell
        const missing: Flag[] = [];
        if (!/;\s*secure\s*(;|$)/i.test(text)) missing.push('secure');
        if (!/;\s*httponly\s*(;|$)/i.test(text)) missing.push('httponly');
        reportMissing(ctx, v, /^\s*([^=;\s]+)=/.exec(text)?.[1], missing);
      }
    }
  }
}

function checkPython(ctx: CodeRuleContext): void {
  for (const node of ctx.nodesOfType('call')) {
    const call = callOf(node);
    if (!call) continue;
    if (call.name === 'set_cookie' || call.name === 'set_signed_cookie') {
      if (hasSplat(call)) continue;
      const args = positionalArgs(call);
      // CookieJar.set_cookie(cookie) takes a Cookie object; deleting (value None/'', max_age=0) needs no flags.
      const value = args[1] ?? keywordArg(call, 'value');
      if (!value || value.type === 'none' || stringOf(value) === '' || numberOf(keywordArg(call, 'max_age')) === 0) continue;
      const name = stringOf(args[0] ?? keywordArg(call, 'key'));
      const secure = keywordArg(call, 'secure') ?? args[6];
      const httponly = keywordArg(call, 'httponly') ?? args[7];
      const missing: Flag[] = [];
      if (isOff(secure)) missing.push('secure');
      if (isOff(httponly)) missing.push('httponly');
      reportMissing(ctx, node, name, missing);
    } else if (call.name === 'update' || call.name === 'from_mapping') {
      for (const [setting, flag] of Object.entries(COOKIE_SETTINGS)) {
        const value = keywordArg(call, setting);
        if (value && boolOf(value) === false) ctx.report({ node: value.parent ?? node, messageId: 'setting', data: { setting: `${setting}=False`, flag: FLAG_TEXT[flag] }, fix: turnOn(value) });
      }
    }
  }
  for (const node of ctx.nodesOfType('assignment')) {
    const left = node.childForFieldName('left');
    if (!left || boolOf(node.childForFieldName('right')) !== false) continue;
    // Django settings (module level) or Flask app.config['SESSION_COOKIE_SECURE'] = False.
    const setting = left.type === 'identifier' && node.parent?.parent?.type === 'module' ? left.text
      : left.type === 'subscript' && /config$/.test(left.childForFieldName('value')?.text ?? '') ? stringOf(left.childForFieldName('subscript')) : undefined;
    const flag = setting ? COOKIE_SETTINGS[setting] : undefined;
    if (flag) ctx.report({ node, messageId: 'setting', data: { setting: `${setting} = False`, flag: FLAG_TEXT[flag] }, fix: turnOn(node.childForFieldName('right')) });
  }
}

function checkJava(ctx: CodeRuleContext): void {
  for (const node of ctx.nodesOfType('object_creation_expression')) {
    const call = callOf(node);
    if (call?.name !== 'Cookie' || !/^((javax|jakarta)\.servlet\.http\.)?Cookie$/.test(node.childForFieldName('type')?.text ?? '')) continue;
    const name = stringOf(positionalArgs(call)[0]);
    const declarator = node.parent?.type === 'variable_declarator' ? node.parent : undefined;
    const assigned = node.parent?.type === 'assignment_expression' ? node.parent.childForFieldName('left') : undefined;
    const variable = declarator?.childForFieldName('name')?.text ?? (assigned?.type === 'identifier' ? assigned.text : undefined);
    const set = new Set<Flag>();
    const scope = enclosingFunction(node);
    if (variable && scope) {
      // c.setSecure(x) / c.setHttpOnly(x) in the same method, with anything but the literal false.
      for (const n of subtree(scope)) {
        if (n.type !== 'method_invocation') continue;
        const c = callOf(n);
        if (c?.receiverText !== variable || isOff(positionalArgs(c)[0])) continue;
        if (c.name === 'setSecure') set.add('secure');
        if (c.name === 'setHttpOnly') set.add('httponly');
      }
    }
    reportMissing(ctx, node, name, (['secure', 'httponly'] as Flag[]).filter(f => !set.has(f)));
  }
  // Spring ResponseCookie.from(name, value)....build(): the builder chain must call secure(true) and httpOnly(true).
  for (const node of ctx.nodesOfType('method_invocation')) {
    const call = callOf(node);
    if (call?.name !== 'build' || !/^ResponseCookie\.from\(\)/.test(call.receiverText ?? '')) continue;
    const set = new Set<Flag>();
    let name: string | undefined;
    for (let link: SyntaxNode | undefined = call.receiver; link?.type === 'method_invocation'; link = link.childForFieldName('object') ?? undefined) {
      const c: Call | undefined = callOf(link);
      if (!c) break;
      if (c.name === 'secure' && !isOff(positionalArgs(c)[0])) set.add('secure');
      if (c.name === 'httpOnly' && !isOff(positionalArgs(c)[0])) set.add('httponly');
      if (c.name === 'from') name = stringOf(positionalArgs(c)[0]);
    }
    reportMissing(ctx, node, name, (['secure', 'httponly'] as Flag[]).filter(f => !set.has(f)));
  }
}

function checkGo(ctx: CodeRuleContext): void {
  for (const node of ctx.nodesOfType('composite_literal')) {
    if (node.childForFieldName('type')?.text !== 'http.Cookie') continue;
    const body = node.childForFieldName('body');
    const list = entries(body);
    if (body?.namedChildren.some(c => c?.type === 'literal_element')) continue; // positional fields: unusual, skip
    const set = new Set<Flag>();
    for (const e of list) {
      if (e.key === 'Secure' && !isOff(e.value)) set.add('secure');
      if (e.key === 'HttpOnly' && !isOff(e.value)) set.add('httponly');
    }
    // c := &http.Cookie{...}; c.Secure = true
    const holder = node.parent?.type === 'unary_expression' ? node.parent : node;
    const decl = holder.parent?.type === 'expression_list' ? holder.parent.parent : undefined;
    const variable = decl && (decl.type === 'short_var_declaration' || decl.type === 'assignment_statement') ? decl.childForFieldName('left')?.namedChild(0)?.text : undefined;
    const scope = enclosingFunction(node);
    if (variable && scope) {
      for (const n of subtree(scope)) {
        if (n.type !== 'assignment_statement') continue;
        const left = n.childForFieldName('left')?.namedChild(0);
        if (left?.type !== 'selector_expression' || left.childForFieldName('operand')?.text !== variable) continue;
        if (isOff(n.childForFieldName('right')?.namedChild(0))) continue;
        const field = left.childForFieldName('field')?.text;
        if (field === 'Secure') set.add('secure');
        if (field === 'HttpOnly') set.add('httponly');
      }
    }
    const name = stringOf(list.find(e => e.key === 'Name')?.value);
    reportMissing(ctx, node, name, (['secure', 'httponly'] as Flag[]).filter(f => !set.has(f)));
  }
  for (const node of ctx.nodesOfType('call_expression')) {
    const call = callOf(node);
    if (call?.name !== 'SetCookie' || !call.receiver) continue;
    const args = positionalArgs(call);
    if (args.length !== 7) continue; // gin: (name, value, maxAge, path, domain, secure, httpOnly)
    const missing: Flag[] = [];
    if (boolOf(args[5]) === false) missing.push('secure');
    if (boolOf(args[6]) === false) missing.push('httponly');
    reportMissing(ctx, node, stringOf(args[0]), missing);
  }
}

const RUBY_KEYS = { secure: ['secure'], httponly: ['httponly', 'http_only'] };

function checkRuby(ctx: CodeRuleContext): void {
  for (const node of ctx.nodesOfType('assignment')) {
    const left = node.childForFieldName('left');
    if (left?.type !== 'element_reference') continue;
    const jar = accessPath(left.childForFieldName('object') ?? left);
    if (!jar || !/^cookies(\.(signed|encrypted|permanent)\(\))*$/.test(jar)) continue;
    const key = left.namedChild(1);
    const name = key?.type === 'simple_symbol' ? key.text.slice(1) : stringOf(key);
    const value = unwrap(node.childForFieldName('right'));
    if (!value || !plainCookieValue(value)) continue;
    const missing = missingIn(value.type === 'hash' ? value : undefined, RUBY_KEYS);
    if (missing) reportMissing(ctx, node, name, missing);
  }
  for (const node of ctx.nodesOfType('call')) {
    const call = callOf(node);
    if (call?.name !== 'set_cookie' || !call.receiver) continue;
    // Rack: set_cookie(name, value_or_options) or set_cookie(name, value: v, httponly: true)
    const [nameArg, value] = positionalArgs(call);
    let options: SyntaxNode | undefined;
    if (value?.type === 'hash') options = value;
    else if (!value && call.argumentList?.namedChildren.some(c => c?.type === 'pair')) options = call.argumentList;
    else if (value && !plainCookieValue(value)) continue;
    const missing = options ? missingIn(options, RUBY_KEYS) : ['secure', 'httponly'] as Flag[];
    if (missing) reportMissing(ctx, node, stringOf(nameArg), missing);
  }
}

/** A Rails cookie value that is the value itself (not an options hash built elsewhere). */
function plainCookieValue(value: SyntaxNode): boolean {
  if (value.type === 'hash') return true;
  const call = callOf(value);
  if (call && /^(merge|merge!|reverse_merge|with_defaults|to_h|deep_merge)$/.test(call.name)) return false;
  if ((value.type === 'identifier' || value.type === 'constant') && /opt|option|cookie/i.test(value.text)) return false;
  return true;
}

const PHP_KEYS = { secure: ['secure'], httponly: ['httponly'] };

function checkPhp(ctx: CodeRuleContext): void {
  for (const node of ctx.nodesOfType(...CALL_TYPES.php)) {
    const call = callOf(node);
    if (!call || call.receiver) continue;
    if (call.name === 'setcookie' || call.name === 'setrawcookie') {
      const args = positionalArgs(call);
      const name = stringOf(args[0]);
      const namedSecure = keywordArg(call, 'secure');
      const namedHttpOnly = keywordArg(call, 'httponly');
      // setcookie($name, $value, $options): the options array comes from elsewhere.
      if (args.length === 3 && !namedSecure && !namedHttpOnly && /^(variable_name|member_access_expression|class_constant_access_expression)$/.test(args[2]!.type)) continue;
      if (args[2]?.type === 'array_creation_expression') {
        const missing = missingIn(args[2], PHP_KEYS);
        if (missing) reportMissing(ctx, node, name, missing);
        continue;
      }
      const missing: Flag[] = [];
      if (isOff(namedSecure ?? args[5])) missing.push('secure');
      if (isOff(namedHttpOnly ?? args[6])) missing.push('httponly');
      reportMissing(ctx, node, name, missing);
    } else if (call.name === 'ini_set') {
      const [option, value] = positionalArgs(call);
      const setting = stringOf(option);
      if (setting !== 'session.cookie_secure' && setting !== 'session.cookie_httponly') continue;
      const off = boolOf(value) === false || numberOf(value) === 0 || /^(0|off|false|no|)$/i.test(stringOf(value) ?? 'x');
      if (off) ctx.report({ node, messageId: 'setting', data: { setting: `${setting} = off`, flag: setting.endsWith('secure') ? 'Secure' : 'HttpOnly' } });
    }
  }
  // Laravel config/session.php
  if (/(^|\/)config\/session\.php$/.test(ctx.file)) {
    for (const element of ctx.nodesOfType('array_element_initializer')) {
      const key = stringOf(element.namedChild(0));
      if ((key === 'secure' || key === 'http_only') && boolOf(element.namedChild(1)) === false) {
        ctx.report({ node: element, messageId: 'setting', data: { setting: `'${key}' => false`, flag: key === 'secure' ? 'Secure' : 'HttpOnly' } });
      }
    }
  }
}

/** Flip an explicit `False`/`false` cookie flag to its true form: the flag the finding asks for, nothing else. */
function turnOn(value: SyntaxNode | null | undefined): Fix | undefined {
  if (!value || !/^(False|false)$/.test(value.text)) return undefined;
  return { title: 'Turn the flag on', edits: [{ range: rangeOf(value), newText: value.text === 'False' ? 'True' : 'true' }] };
}
