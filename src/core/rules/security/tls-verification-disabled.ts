import type { Rule } from '../../model';
import type { SyntaxNode } from '../../languages/parser';
import type { CodeRuleContext } from '../../engine/rule-context';
import { rangeOf } from '../../engine/rule-context';
import { accessPath } from '../../analysis/request-input';
import {
  type Call, CALL_TYPES, allArgs, boolOf, callOf, entryKey, isJs, numberOf, positionalArgs, stringOf, unwrap,
} from '../../analysis/security-shapes';

/** Calls whose `verify=` / `ssl=` / `verify:` option is the TLS switch of an HTTP client. */
const HTTP_CALLS = new Set([
  'get', 'post', 'put', 'patch', 'delete', 'head', 'options', 'request', 'send', 'stream', 'fetch', 'urlopen',
  'Client', 'AsyncClient', 'Session', 'TCPConnector', 'ClientSession', 'sendAsync', 'requestAsync', 'withOptions',
  'createRequest', 'new',
]);
/** Java methods and constructors that take a hostname verifier or trust strategy as their argument. */
const VERIFIER_SETTERS = /^(setHostnameVerifier|setDefaultHostnameVerifier|hostnameVerifier|setSSLHostnameVerifier|loadTrustMaterial|setSslcontext)$/;
const JAVA_INSECURE_CONSTANTS = new Set([
  'SSLSocketFactory.ALLOW_ALL_HOSTNAME_VERIFIER', 'NoopHostnameVerifier.INSTANCE', 'InsecureTrustManagerFactory.INSTANCE',
  'TrustAllStrategy.INSTANCE', 'SSLConnectionSocketFactory.ALLOW_ALL_HOSTNAME_VERIFIER',
]);
const JAVA_INSECURE_CLASSES = new Set(['NoopHostnameVerifier', 'AllowAllHostnameVerifier', 'TrustAllStrategy']);
const TRUST_MANAGER_TYPES = /^(X509TrustManager|X509ExtendedTrustManager|TrustManager)$/;

/** Every switch it reports is spelled with one of these words: rejectUnauthorized, verify*, CERT_NONE, trust managers, InsecureSkipVerify, strictSSL, Python ssl=False. */
const MENTIONS = /reject|verif|cert_none|trust|insecure|ssl/i;

export const tlsVerificationDisabled: Rule = {
  id: 'security/tls-verification-disabled',
  locality: 'declaration',
  meta: {
    title: 'TLS certificate verification disabled',
    area: 'security',
    defaultSeverity: 'error',
    languages: ['javascript', 'typescript', 'tsx', 'python', 'java', 'go', 'ruby', 'php'],
    description: 'Turning off certificate or hostname verification lets anyone on the network path impersonate the server and read or change the traffic, credentials included.',
    cwe: ['CWE-295'],
    references: ['OWASP ASVS v5 12.3.2', 'OWASP Top 10 2021 A07', 'CWE-295'],
    messages: {
      disabled: '{{what}} turns off TLS certificate verification: keep verification on and trust a private CA explicitly (a CA bundle) when the server uses one.',
      hostname: '{{what}} accepts any host name for any certificate: keep the default hostname verification.',
      trustAll: 'This trust manager accepts every certificate chain (checkServerTrusted does nothing): use the default trust manager or a KeyStore with your CA.',
    },
  },
  mentions: MENTIONS,
  check(ctx) {
    // Tests talk to throw-away local servers with self-signed certificates on purpose.
    if (ctx.isTestFile) return;
    if (isJs(ctx.language)) checkJs(ctx);
    else if (ctx.language === 'python') checkPython(ctx);
    else if (ctx.language === 'java') checkJava(ctx);
    else if (ctx.language === 'go') checkGo(ctx);
    else if (ctx.language === 'ruby') checkRuby(ctx);
    else if (ctx.language === 'php') checkPhp(ctx);
  },
};

function checkJs(ctx: CodeRuleContext): void {
  for (const pair of ctx.nodesOfType('pair')) {
    const key = entryKey(pair);
    if ((key === 'rejectUnauthorized' || key === 'strictSSL') && boolOf(pair.childForFieldName('value')) === false) {
      ctx.report({ node: pair, messageId: 'disabled', data: { what: `${key}: false` } });
    }
  }
  for (const node of ctx.nodesOfType('assignment_expression')) {
    const left = node.childForFieldName('left');
    const right = node.childForFieldName('right');
    if (!left || !right) continue;
    if (left.type === 'member_expression' && left.childForFieldName('property')?.text === 'rejectUnauthorized' && boolOf(right) === false) {
      ctx.report({ node, messageId: 'disabled', data: { what: 'rejectUnauthorized = false' } });
      continue;
    }
    // process.env.NODE_TLS_REJECT_UNAUTHORIZED = '0' switches verification off for the whole process.
    let envName: string | undefined;
    if (left.type === 'member_expression' && accessPath(left.childForFieldName('object') ?? left) === 'process.env') envName = left.childForFieldName('property')?.text;
    if (left.type === 'subscript_expression' && accessPath(left.childForFieldName('object') ?? left) === 'process.env') envName = stringOf(left.childForFieldName('index'));
    if (envName === 'NODE_TLS_REJECT_UNAUTHORIZED' && (stringOf(right) === '0' || numberOf(right) === 0)) {
      ctx.report({ node, messageId: 'disabled', data: { what: 'NODE_TLS_REJECT_UNAUTHORIZED=0' } });
    }
  }
}

function checkPython(ctx: CodeRuleContext): void {
  for (const kw of ctx.nodesOfType('keyword_argument')) {
    const name = kw.childForFieldName('name')?.text;
    const value = kw.childForFieldName('value');
    if (!name || !value) continue;
    if (name === 'cert_reqs' && isCertNone(value)) {
      ctx.report({ node: kw, messageId: 'disabled', data: { what: 'cert_reqs=CERT_NONE' } });
      continue;
    }
    if ((name !== 'verify' && name !== 'verify_ssl' && name !== 'ssl') || boolOf(value) !== false) continue;
    const callNode = kw.parent?.parent;
    const call = callNode ? callOf(callNode) : undefined;
    if (!call || !HTTP_CALLS.has(call.name)) continue;
    // verify=False → verify=True is drop-in: the default of requests/httpx, and the finding is the only change.
    const fix = name === 'verify'
      ? { title: 'Turn certificate verification back on (verify=True)', edits: [{ range: rangeOf(value), newText: 'True' }] }
      : undefined;
    ctx.report({ node: kw, messageId: 'disabled', data: { what: `${name}=False` }, fix });
  }
  for (const node of ctx.nodesOfType('assignment')) {
    const left = node.childForFieldName('left');
    const right = node.childForFieldName('right');
    if (left?.type !== 'attribute' || !right) continue;
    const attr = left.childForFieldName('attribute')?.text;
    const object = left.childForFieldName('object')?.text ?? '';
    if (attr === 'verify' && boolOf(right) === false && /session|client|http/i.test(object)) {
      ctx.report({ node, messageId: 'disabled', data: { what: `${object}.verify = False` } });
    } else if (attr === 'verify_mode' && isCertNone(right)) {
      ctx.report({ node, messageId: 'disabled', data: { what: 'verify_mode = CERT_NONE' } });
    } else if (attr === '_create_default_https_context' && /(^|\.)_create_unverified_context$/.test(right.text)) {
      ctx.report({ node, messageId: 'disabled', data: { what: 'Replacing the default HTTPS context with an unverified one' } });
    }
  }
  for (const node of ctx.nodesOfType('call')) {
    const call = callOf(node);
    if (call?.name !== '_create_unverified_context' || (call.receiverText !== undefined && call.receiverText !== 'ssl')) continue;
    const fn = node.childForFieldName('function');
    // With no arguments, create_default_context() returns a verifying context of the same type: drop-in.
    const fix = fn && allArgs(call).length === 0 && call.receiverText === 'ssl'
      ? { title: 'Use ssl.create_default_context()', edits: [{ range: rangeOf(fn), newText: 'ssl.create_default_context' }] }
      : undefined;
    ctx.report({ node, messageId: 'disabled', data: { what: 'ssl._create_unverified_context()' }, fix });
  }
}

function isCertNone(node: SyntaxNode): boolean {
  return stringOf(node) === 'CERT_NONE' || /(^|\.)CERT_NONE$/.test(node.type === 'attribute' || node.type === 'identifier' ? node.text : '');
}

function checkJava(ctx: CodeRuleContext): void {
  for (const method of ctx.nodesOfType('method_declaration')) {
    const name = method.childForFieldName('name');
    if (!name) continue;
    if (name.text === 'checkServerTrusted' && isEmptyBody(method.childForFieldName('body')) && implementsType(method, TRUST_MANAGER_TYPES)) {
      ctx.report({ node: name, messageId: 'trustAll' });
    } else if (name.text === 'verify' && returnsTrue(method.childForFieldName('body')) && implementsType(method, /^HostnameVerifier$/)) {
      ctx.report({ node: name, messageId: 'hostname', data: { what: 'This HostnameVerifier' } });
    }
  }
  for (const node of ctx.nodesOfType('field_access')) {
    const text = `${node.childForFieldName('object')?.text ?? ''}.${node.childForFieldName('field')?.text ?? ''}`;
    const short = text.split('.').slice(-2).join('.');
    if (JAVA_INSECURE_CONSTANTS.has(short)) {
      ctx.report({ node, messageId: short.includes('Trust') ? 'disabled' : 'hostname', data: { what: short } });
    }
  }
  for (const node of ctx.nodesOfType('object_creation_expression')) {
    const call = callOf(node);
    if (call && JAVA_INSECURE_CLASSES.has(call.name) && !node.namedChildren.some(c => c?.type === 'class_body')) {
      ctx.report({ node, messageId: call.name.includes('Trust') ? 'disabled' : 'hostname', data: { what: `new ${call.name}()` } });
    }
  }
  for (const node of ctx.nodesOfType('lambda_expression')) {
    // (hostname, session) -> true handed to a hostname verifier / trust strategy setter.
    if (boolOf(node.childForFieldName('body')) !== true && !returnsTrue(node.childForFieldName('body'))) continue;
    const callNode = node.parent?.parent;
    const call = callNode ? callOf(callNode) : undefined;
    if (!call || !VERIFIER_SETTERS.test(call.name)) continue;
    ctx.report({ node, messageId: call.name === 'loadTrustMaterial' ? 'disabled' : 'hostname', data: { what: 'A verifier that always returns true' } });
  }
}

function isEmptyBody(body: SyntaxNode | null): boolean {
  return !!body && body.type === 'block' && body.namedChildren.every(c => !c || c.type === 'line_comment' || c.type === 'block_comment');
}

function returnsTrue(body: SyntaxNode | null): boolean {
  if (!body || body.type !== 'block') return false;
  const statements = body.namedChildren.filter(c => c && c.type !== 'line_comment' && c.type !== 'block_comment');
  return statements.length === 1 && statements[0]!.type === 'return_statement' && boolOf(statements[0]!.namedChild(0)) === true;
}

/** Whether the method belongs to a class (named or anonymous) that implements / instantiates one of `types`. */
function implementsType(method: SyntaxNode, types: RegExp): boolean {
  const body = method.parent;
  const owner = body?.parent;
  if (!owner) return false;
  if (owner.type === 'object_creation_expression') {
    const type = owner.childForFieldName('type')?.text.split('.').pop() ?? '';
    return types.test(type);
  }
  if (owner.type === 'class_declaration') {
    const interfaces = owner.childForFieldName('interfaces');
    const superclass = owner.childForFieldName('superclass');
    const names = [...(interfaces?.namedChildren[0]?.namedChildren ?? []), superclass?.namedChild(0) ?? null]
      .map(n => n?.text.replace(/<.*$/, '').split('.').pop() ?? '');
    return names.some(n => types.test(n));
  }
  return false;
}

function checkGo(ctx: CodeRuleContext): void {
  for (const node of ctx.nodesOfType('keyed_element')) {
    if (unwrap(node.childForFieldName('key'))?.text === 'InsecureSkipVerify' && boolOf(node.childForFieldName('value')) === true) {
      ctx.report({ node, messageId: 'disabled', data: { what: 'InsecureSkipVerify: true' } });
    }
  }
  for (const node of ctx.nodesOfType('assignment_statement')) {
    const left = node.childForFieldName('left')?.namedChild(0);
    const right = node.childForFieldName('right')?.namedChild(0);
    if (left?.type === 'selector_expression' && left.childForFieldName('field')?.text === 'InsecureSkipVerify' && boolOf(right) === true) {
      ctx.report({ node, messageId: 'disabled', data: { what: 'InsecureSkipVerify = true' } });
    }
  }
}

function checkRuby(ctx: CodeRuleContext): void {
  for (const node of ctx.nodesOfType('scope_resolution')) {
    if (node.childForFieldName('name')?.text !== 'VERIFY_NONE' || !/(^|::)SSL$/.test(node.childForFieldName('scope')?.text ?? '')) continue;
    // Used as a value (assigned, passed, an option), not compared against.
    const p = node.parent;
    if (!p || !(p.type === 'assignment' || p.type === 'pair' || p.type === 'argument_list' || p.type === 'operator_assignment')) continue;
    ctx.report({ node, messageId: 'disabled', data: { what: 'OpenSSL::SSL::VERIFY_NONE' } });
  }
  for (const pair of ctx.nodesOfType('pair')) {
    const key = entryKey(pair);
    if ((key !== 'verify' && key !== 'verify_ssl' && key !== 'ssl_verify') || boolOf(pair.childForFieldName('value')) !== false) continue;
    const hash = pair.parent;
    // ssl: { verify: false } (Faraday, Excon), or an option of an HTTP call (HTTParty.get(url, verify: false)).
    const inSslHash = hash?.type === 'hash' && hash.parent?.type === 'pair' && entryKey(hash.parent) === 'ssl';
    const callNode = hash?.type === 'argument_list' ? hash.parent : hash?.type === 'hash' && hash.parent?.type === 'argument_list' ? hash.parent.parent : undefined;
    const call = callNode ? callOf(callNode) : undefined;
    if (inSslHash || (call && HTTP_CALLS.has(call.name))) ctx.report({ node: pair, messageId: 'disabled', data: { what: `${key}: false` } });
  }
}

function checkPhp(ctx: CodeRuleContext): void {
  for (const node of ctx.nodesOfType(...CALL_TYPES.php)) {
    const call = callOf(node);
    if (!call) continue;
    if (call.name === 'withoutVerifying') {
      ctx.report({ node, messageId: 'disabled', data: { what: 'withoutVerifying()' } });
    } else if (call.name === 'curl_setopt') {
      const [, option, value] = positionalArgs(call);
      if (option && value && insecureCurlOption(option.text, value)) ctx.report({ node, messageId: 'disabled', data: { what: option.text } });
    }
  }
  for (const element of ctx.nodesOfType('array_element_initializer')) {
    if (element.namedChildCount !== 2) continue;
    const keyNode = element.namedChild(0)!;
    const value = element.namedChild(1)!;
    if ((keyNode.type === 'name' || keyNode.type === 'qualified_name') && insecureCurlOption(keyNode.text, value)) {
      ctx.report({ node: element, messageId: 'disabled', data: { what: keyNode.text } });
      continue;
    }
    const key = stringOf(keyNode);
    if ((key === 'verify_peer' || key === 'verify_peer_name') && boolOf(value) === false) {
      ctx.report({ node: element, messageId: key === 'verify_peer_name' ? 'hostname' : 'disabled', data: { what: `'${key}' => false` } });
    } else if (key === 'verify' && boolOf(value) === false && isHttpClientOptions(element)) {
      ctx.report({ node: element, messageId: 'disabled', data: { what: "'verify' => false" } });
    }
  }
}

function insecureCurlOption(option: string, value: SyntaxNode): boolean {
  const name = option.replace(/^\\/, '');
  const off = boolOf(value) === false || numberOf(value) === 0;
  return (name === 'CURLOPT_SSL_VERIFYPEER' || name === 'CURLOPT_SSL_VERIFYHOST' || name === 'CURLOPT_PROXY_SSL_VERIFYPEER') && off;
}

/** A Guzzle-style options array passed to a client constructor or a request method. */
function isHttpClientOptions(element: SyntaxNode): boolean {
  const array = element.parent;
  const argument = array?.parent;
  if (argument?.type !== 'argument') return false;
  const callNode = argument.parent?.parent;
  const call: Call | undefined = callNode ? callOf(callNode) : undefined;
  return !!call && (HTTP_CALLS.has(call.name) || (call.isNew && /Client$/.test(call.name)));
}
