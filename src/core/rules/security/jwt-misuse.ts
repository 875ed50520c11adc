import type { Rule } from '../../model';
import type { SyntaxNode } from '../../languages/parser';
import type { CodeRuleContext } from '../../engine/rule-context';
import { nameWords, stringValue } from '../../analysis/syntax';
import {
  CALL_TYPES, type Call, FUNCTION_TYPES, boolOf, callOf, enclosingFunction, entries, entry, functionName, hasSplat,
  hasSpread, isContainer, isJs, keywordArg, positionalArgs, stringOf, subtree, unwrap,
} from '../../analysis/security-shapes';

/** Function names and parameters that mark authentication code (where a decoded token is trusted). */
const AUTH_WORDS = new Set([
  'auth', 'authenticate', 'authentication', 'authorize', 'authorization', 'guard', 'protect', 'protected', 'middleware',
  'require', 'current', 'user', 'principal', 'identity', 'session', 'login', 'verify', 'validate', 'filter', 'intercept',
  'interceptor', 'check', 'permission', 'permissions',
]);
const REQUEST_PARAMS = new Set(['req', 'request', 'ctx', 'context', 'event', 'httpRequest', 'servletRequest']);
const JWT_FUNCTION_TYPES = new Set([...FUNCTION_TYPES]);

/** It only looks at files that use a JWT library, whose import or receiver names it (jsonwebtoken, jwt, jose, Jwts, JWT). */
const MENTIONS = /jwt|jose|jws|jsonwebtoken/i;

export const jwtMisuse: Rule = {
  id: 'security/jwt-misuse',
  meta: {
    title: 'JWT accepted without a proper signature check',
    area: 'security',
    defaultSeverity: 'error',
    languages: ['javascript', 'typescript', 'tsx', 'python', 'java', 'go', 'ruby', 'php'],
    description: 'A JSON Web Token read without verifying its signature, signed with the "none" algorithm, or verified without pinning the algorithm can be forged by the client.',
    cwe: ['CWE-347'],
    references: ['OWASP ASVS v5 9.1.1', 'OWASP ASVS v5 9.1.2', 'OWASP JWT Cheat Sheet', 'OWASP API Security Top 10 2023 API2'],
    messages: {
      unverified: '{{what}} reads the token without checking its signature, so anyone can forge its claims: verify it with the key and a pinned algorithm.',
      decodeOnly: '{{what}} does not verify the signature, but this code uses the result for authentication: verify the token (with the key and pinned algorithms) instead.',
      none: 'The "none" algorithm means an unsigned token: remove it and accept only the algorithm you sign with.',
      noAlgorithms: '{{what}} does not pin the accepted algorithms: pass the expected list (e.g. {{example}}) so a token cannot pick its own algorithm.',
    },
  },
  mentions: MENTIONS,
  check(ctx) {
    // Tests decode tokens to look at their claims.
    if (ctx.isTestFile) return;
    if (isJs(ctx.language)) checkJs(ctx);
    else if (ctx.language === 'python') checkPython(ctx);
    else if (ctx.language === 'java') checkJava(ctx);
    else if (ctx.language === 'go') checkGo(ctx);
    else if (ctx.language === 'ruby') checkRuby(ctx);
    else if (ctx.language === 'php') checkPhp(ctx);
  },
};

const isNone = (node: SyntaxNode | null | undefined): boolean => (stringOf(node) ?? '').toLowerCase() === 'none';
/** A 'none' string among a list's elements (or the value itself). */
function noneIn(node: SyntaxNode | null | undefined): SyntaxNode | undefined {
  const n = unwrap(node);
  if (!n) return undefined;
  if (isNone(n)) return n;
  return n.namedChildren.map(c => unwrap(c)).find(c => isNone(c)) ?? undefined;
}

/** Whether code around `node` authenticates: its function is named like it, or takes the request. */
function inAuthContext(node: SyntaxNode): boolean {
  for (let p = node.parent; p; p = p.parent) {
    if (!JWT_FUNCTION_TYPES.has(p.type)) continue;
    const name = functionName(p);
    if (name && nameWords(name).some(w => AUTH_WORDS.has(w))) return true;
    const params = p.childForFieldName('parameters');
    for (const param of params ? subtree(params, 60) : []) {
      if ((param.type === 'identifier' || param.type === 'variable_name') && REQUEST_PARAMS.has(param.text.replace(/^\$/, '')) && param.parent?.type !== 'type_annotation') return true;
    }
    if (name) return false;
  }
  return false;
}

/** Whether the enclosing function also calls `<receiver>.<method>` (decode to read the header, then verify). */
function functionAlsoCalls(node: SyntaxNode, ctx: CodeRuleContext, method: RegExp): boolean {
  const scope = enclosingFunction(node);
  if (!scope) return false;
  return subtree(scope).some(n => CALL_TYPES[ctx.language].includes(n.type) && n.startIndex !== node.startIndex && method.test(callOf(n)?.name ?? ''));
}

function checkJs(ctx: CodeRuleContext): void {
  // Local names of jsonwebtoken: default/namespace import or require; named imports map to their export.
  const modules = new Set<string>();
  const named = new Map<string, string>();
  for (const node of ctx.nodesOfType('import_statement')) {
    if (stringOf(node.childForFieldName('source')) !== 'jsonwebtoken') continue;
    for (const n of subtree(node, 40)) {
      if (n.type === 'import_specifier') {
        const original = n.childForFieldName('name')?.text;
        const alias = n.childForFieldName('alias')?.text ?? original;
        if (original && alias) named.set(alias, original);
      } else if (n.type === 'identifier' && (n.parent?.type === 'import_clause' || n.parent?.type === 'namespace_import')) modules.add(n.text);
    }
  }
  for (const node of ctx.nodesOfType('variable_declarator')) {
    const value = node.childForFieldName('value');
    const call = value ? callOf(value) : undefined;
    if (call?.name !== 'require' || stringOf(positionalArgs(call)[0]) !== 'jsonwebtoken') continue;
    const name = node.childForFieldName('name');
    if (name?.type === 'identifier') modules.add(name.text);
  }
  for (const node of ctx.nodesOfType('call_expression')) {
    const call = callOf(node);
    if (!call) continue;
    const method = call.receiverText !== undefined ? (modules.has(call.receiverText) ? call.name : undefined) : named.get(call.name);
    if (!method) continue;
    const args = positionalArgs(call);
    if (method === 'verify') {
      const options = args[2];
      if (options && isContainer(options)) {
        const algorithms = entry(options, 'algorithms');
        const none = algorithms ? noneIn(algorithms.value) : undefined;
        if (none) ctx.report({ node: none, messageId: 'none' });
        else if (!algorithms && !hasSpread(options)) ctx.report({ node, messageId: 'noAlgorithms', data: { what: 'jwt.verify()', example: "algorithms: ['RS256']" } });
      } else if (args.length >= 2 && (!options || FUNCTION_TYPES.has(options.type))) {
        ctx.report({ node, messageId: 'noAlgorithms', data: { what: 'jwt.verify()', example: "algorithms: ['RS256']" } });
      }
    } else if (method === 'sign') {
      const algorithm = entry(args[2], 'algorithm');
      if (algorithm && isNone(algorithm.value)) ctx.report({ node: algorithm.value, messageId: 'none' });
    } else if (method === 'decode') {
      if (inAuthContext(node) && !functionAlsoCalls(node, ctx, /^verify$/)) ctx.report({ node, messageId: 'decodeOnly', data: { what: 'jwt.decode()' } });
    }
  }
}

function checkPython(ctx: CodeRuleContext): void {
  const modules = new Set<string>();
  for (const node of ctx.nodesOfType('import_statement')) {
    for (const name of node.childrenForFieldName('name')) {
      const original = name?.type === 'aliased_import' ? name.childForFieldName('name')?.text : name?.text;
      const local = name?.type === 'aliased_import' ? name.childForFieldName('alias')?.text : name?.text;
      if (original === 'jwt' && local) modules.add(local);
    }
  }
  for (const node of ctx.nodesOfType('import_from_statement')) {
    const module = node.childForFieldName('module_name')?.text;
    if (module !== 'jose' && module !== 'authlib.jose') continue;
    for (const name of node.childrenForFieldName('name')) {
      const original = name?.type === 'aliased_import' ? name.childForFieldName('name')?.text : name?.text;
      const local = name?.type === 'aliased_import' ? name.childForFieldName('alias')?.text : name?.text;
      if (original === 'jwt' && local) modules.add(local);
    }
  }
  // Only PyJWT and python-jose: google.auth.jwt, authlib and others have their own decode() signatures.
  if (modules.size === 0) return;
  for (const node of ctx.nodesOfType('call')) {
    const call = callOf(node);
    if (!call?.receiverText || !modules.has(call.receiverText)) continue;
    if (call.name === 'get_unverified_claims') {
      ctx.report({ node, messageId: 'unverified', data: { what: `${call.receiverText}.get_unverified_claims()` } });
    } else if (call.name === 'decode') {
      const verify = keywordArg(call, 'verify');
      const options = keywordArg(call, 'options');
      const off = options ? entries(options).find(e => (e.key === 'verify_signature') && boolOf(e.value) === false) : undefined;
      if (off) { ctx.report({ node: off.node, messageId: 'unverified', data: { what: 'jwt.decode() with verify_signature False' } }); continue; }
      if (verify && boolOf(verify) === false) { ctx.report({ node: verify.parent ?? verify, messageId: 'unverified', data: { what: 'jwt.decode(verify=False)' } }); continue; }
      const algorithms = keywordArg(call, 'algorithms');
      const none = algorithms ? noneIn(algorithms) : undefined;
      if (none) ctx.report({ node: none, messageId: 'none' });
      else if (!algorithms && !hasSplat(call) && positionalArgs(call).length < 3) {
        ctx.report({ node, messageId: 'noAlgorithms', data: { what: 'jwt.decode()', example: 'algorithms=["RS256"]' } });
      }
    } else if (call.name === 'encode') {
      const algorithm = keywordArg(call, 'algorithm') ?? positionalArgs(call)[2];
      if (algorithm && isNone(algorithm)) ctx.report({ node: algorithm, messageId: 'none' });
    }
  }
}

function checkJava(ctx: CodeRuleContext): void {
  const imports = ctx.nodesOfType('import_declaration').map(n => n.text);
  const uses = (pkg: string) => imports.some(i => i.includes(pkg));
  const jjwt = uses('io.jsonwebtoken');
  const auth0 = uses('com.auth0.jwt');
  const nimbus = uses('com.nimbusds.jwt');
  for (const node of ctx.nodesOfType('method_invocation')) {
    const call = callOf(node);
    if (!call) continue;
    const receiver = call.receiverText ?? '';
    if (jjwt && receiver.startsWith('Jwts.')) {
      // jjwt: parse() (before 0.12) and parseClaimsJwt()/parseUnsecured*() accept tokens without a signature.
      const unsigned = /^(parseClaimsJwt|parsePlaintextJwt|parseUnsecuredClaims|parseUnsecuredContent)$/.test(call.name)
        || (call.name === 'parse' && !/\.(verifyWith|decryptWith|keyLocator)\(/.test(receiver))
        || call.name === 'unsecured';
      if (unsigned) ctx.report({ node, messageId: 'unverified', data: { what: `Jwts ${call.name}()` } });
    } else if (auth0 && receiver === 'JWT' && call.name === 'decode') {
      // auth0 java-jwt: JWT.decode() only parses; JWT.require(alg).build().verify() checks.
      if (inAuthContext(node) && !functionAlsoCalls(node, ctx, /^verify$/)) ctx.report({ node, messageId: 'decodeOnly', data: { what: 'JWT.decode()' } });
    } else if (auth0 && receiver === 'Algorithm' && call.name === 'none') {
      ctx.report({ node, messageId: 'none' });
    } else if (nimbus && receiver === 'PlainJWT' && call.name === 'parse') {
      ctx.report({ node, messageId: 'unverified', data: { what: 'PlainJWT.parse()' } });
    }
  }
}

function checkGo(ctx: CodeRuleContext): void {
  const modules = new Set<string>();
  for (const spec of ctx.nodesOfType('import_spec')) {
    const path = stringOf(spec.childForFieldName('path')) ?? '';
    if (!/(^|\/)(jwt|jwt-go)(\/v\d+)?$/.test(path)) continue;
    modules.add(spec.childForFieldName('name')?.text ?? 'jwt');
  }
  if (modules.size === 0) return;
  const noneLines = new Set<number>();
  for (const node of ctx.nodesOfType('selector_expression')) {
    const field = node.childForFieldName('field')?.text;
    if (!modules.has(node.childForFieldName('operand')?.text ?? '') || (field !== 'SigningMethodNone' && field !== 'UnsafeAllowNoneSignatureType')) continue;
    if (noneLines.has(node.startPosition.row)) continue;
    noneLines.add(node.startPosition.row);
    ctx.report({ node, messageId: 'none' });
  }
  for (const node of ctx.nodesOfType('call_expression')) {
    const call = callOf(node);
    if (!call?.receiverText) continue;
    const root = call.receiverText.split('.')[0]!;
    const fromJwt = modules.has(root) || call.receiverText.includes('NewParser');
    if (call.name === 'ParseUnverified' && fromJwt) {
      ctx.report({ node, messageId: 'unverified', data: { what: 'ParseUnverified()' } });
      continue;
    }
    if ((call.name !== 'Parse' && call.name !== 'ParseWithClaims') || !fromJwt) continue;
    if (call.receiverText.includes('WithValidMethods') || subtree(call.argumentList ?? node, 400).some(n => n.type === 'selector_expression' && n.childForFieldName('field')?.text === 'WithValidMethods')) continue;
    const keyFunc = positionalArgs(call).find(a => a.type === 'func_literal');
    if (!keyFunc) continue; // a named key function may check the method: not visible here
    const checksMethod = subtree(keyFunc).some(n => (n.type === 'selector_expression' && n.childForFieldName('field')?.text === 'Method')
      || (n.type === 'index_expression' && stringValue(n.childForFieldName('index') ?? n) === 'alg'));
    if (!checksMethod) ctx.report({ node, messageId: 'noAlgorithms', data: { what: `jwt.${call.name}() with a key function that does not check token.Method`, example: 'jwt.WithValidMethods([]string{"RS256"})' } });
  }
}

function checkRuby(ctx: CodeRuleContext): void {
  for (const node of ctx.nodesOfType('call')) {
    const call = callOf(node);
    if (call?.receiverText !== 'JWT') continue;
    const args = positionalArgs(call);
    if (call.name === 'decode') {
      if (args.length >= 3 && boolOf(args[2]) === false) { ctx.report({ node, messageId: 'unverified', data: { what: 'JWT.decode(token, key, false)' } }); continue; }
      const algorithm = keywordArg(call, 'algorithm') ?? keywordArg(call, 'algorithms') ?? entry(args[3], 'algorithm')?.value ?? entry(args[3], 'algorithms')?.value;
      const none = algorithm ? noneIn(algorithm) : undefined;
      if (none) ctx.report({ node: none, messageId: 'none' });
      else if (!algorithm && !hasSplat(call) && !(args[3] && !isContainer(args[3]))) ctx.report({ node, messageId: 'noAlgorithms', data: { what: 'JWT.decode()', example: "algorithm: 'HS256'" } });
    } else if (call.name === 'encode') {
      const algorithm = args[2] ?? keywordArg(call, 'algorithm');
      if (algorithm && isNone(algorithm)) ctx.report({ node: algorithm, messageId: 'none' });
    }
  }
}

function checkPhp(ctx: CodeRuleContext): void {
  // firebase/php-jwt: `use Firebase\JWT\JWT;` or fully qualified calls.
  const firebase = ctx.nodesOfType('namespace_use_declaration', 'qualified_name').some(n => /\bFirebase\\JWT\b/.test(n.text));
  if (!firebase) return;
  for (const node of ctx.nodesOfType('scoped_call_expression', 'object_creation_expression')) {
    const call: Call | undefined = callOf(node);
    if (!call) continue;
    const args = positionalArgs(call);
    if (call.isNew && call.name === 'Key') {
      if (args[1] && isNone(args[1])) ctx.report({ node: args[1], messageId: 'none' });
    } else if (call.receiverText === 'JWT' && call.name === 'decode') {
      if (args.length < 2) { ctx.report({ node, messageId: 'unverified', data: { what: 'JWT::decode() without a key' } }); continue; }
      const none = args[2] ? noneIn(args[2]) : undefined;
      if (none) ctx.report({ node: none, messageId: 'none' });
    } else if (call.receiverText === 'JWT' && call.name === 'encode') {
      if (args[2] && isNone(args[2])) ctx.report({ node: args[2], messageId: 'none' });
    }
  }
}
