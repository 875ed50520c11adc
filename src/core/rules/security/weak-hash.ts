import type { Fix, LanguageId, Rule } from '../../model';
import { rangeOf } from '../../engine/rule-context';
import type { SyntaxNode } from '../../languages/parser';
import type { CodeRuleContext } from '../../engine/rule-context';
import {
  CALL_TYPES, type Call, boolOf, callOf, enclosingFunction, enclosingFunctionName, isJs, keywordArg, mentionedNames,
  positionalArgs, stringOf, subtree, valueContext,
} from '../../analysis/security-shapes';
import { functionSecurityPurpose, nonSecurityPurpose, securityPurpose } from '../../analysis/security-names';

const WEAK_ALGORITHM = /^(md2|md4|md5|sha|sha1|sha-1|ripemd|ripemd160|ripemd-160)$/i;
const RANDOM_SOURCES = new Set([
  'uuid', 'uuid1', 'uuid4', 'uuidv4', 'v4', 'randomUUID', 'uniqid', 'rand', 'mt_rand', 'random', 'random_bytes',
  'randomBytes', 'urandom', 'token_bytes', 'token_hex', 'SecureRandom', 'getrandbits', 'randint', 'random_int',
]);
const PASSWORD_PURPOSES = new Set(['password', 'passwd', 'pwd', 'passphrase', 'passcode', 'pin']);
/** Node types that continue a call chain: `createHash('md5').update(x).digest()`. */
const CHAIN_TYPES = new Set([
  'member_expression', 'call_expression', 'attribute', 'call', 'method_invocation', 'selector_expression',
  'member_call_expression', 'scoped_call_expression', 'await_expression', 'non_null_expression', 'as_expression',
]);

/** Every algorithm it reports is spelled in the file: a name argument, a function or class, or an import (crypto/md5). */
const MENTIONS = /md[245]|sha|ripemd/i;

export const weakHash: Rule = {
  id: 'security/weak-hash',
  meta: {
    title: 'MD5 or SHA-1 protecting security data',
    area: 'security',
    defaultSeverity: 'warning',
    languages: ['javascript', 'typescript', 'tsx', 'python', 'java', 'go', 'ruby', 'php'],
    description: 'MD5 and SHA-1 are broken for collisions and far too fast for passwords; a password, token or signature hashed with them can be forged or brute-forced.',
    cwe: ['CWE-327', 'CWE-328', 'CWE-916'],
    references: ['OWASP ASVS v5 11.4.1', 'OWASP ASVS v5 11.4.2', 'OWASP Password Storage Cheat Sheet', 'OWASP Top 10 2021 A02'],
    messages: {
      password: '{{algorithm}} hashes a password here: store passwords with a slow, salted password hash (Argon2id, scrypt, bcrypt or PBKDF2).',
      weak: "{{algorithm}} protects security data here (the names around it mention '{{purpose}}'): use SHA-256 or stronger (HMAC-SHA256 for signatures).",
    },
  },
  mentions: MENTIONS,
  check(ctx) {
    // Tests reproduce legacy hashes and fixtures on purpose.
    if (ctx.isTestFile) return;
    const imports = importedHashNames(ctx);
    for (const node of ctx.nodesOfType(...CALL_TYPES[ctx.language])) {
      const call = callOf(node);
      if (!call) continue;
      const algorithm = weakAlgorithm(call, ctx.language, imports);
      if (!algorithm) continue;
      if (ctx.language === 'python' && boolOf(keywordArg(call, 'usedforsecurity')) === false) continue;
      const purpose = purposeOf(node, ctx);
      if (!purpose) continue;
      const forPassword = PASSWORD_PURPOSES.has(purpose);
      // SHA-256 is a drop-in for tokens and signatures (same API, stronger digest); passwords need a password hash instead.
      const fix = forPassword ? undefined : sha256Fix(call, ctx.language);
      ctx.report({ node, messageId: forPassword ? 'password' : 'weak', data: { algorithm, purpose }, ...(fix ? { fix } : {}) });
    }
  },
};

/**
 * A fix only where SHA-256 is a drop-in in the same API: an algorithm name argument (`createHash('md5')`,
 * `MessageDigest.getInstance("MD5")`, `hash('md5', …)`, `hashlib.new('md5')`), `hashlib.md5(…)` and Ruby
 * `Digest::MD5`. Go needs a different import, and PHP `md5()` a different call: no fix there.
 */
function sha256Fix(call: Call, language: LanguageId): Fix | undefined {
  const title = 'Use SHA-256';
  const arg = positionalArgs(call)[0];
  const literal = arg && stringOf(arg) !== undefined && WEAK_ALGORITHM.test(stringOf(arg)!) ? arg : undefined;
  if (literal && (call.name === 'createHash' || call.name === 'getInstance' || call.name === 'hash' || call.name === 'hash_init' || call.name === 'new')) {
    const text = literal.text;
    const quote = text[0]!;
    if (quote !== '"' && quote !== "'") return undefined;
    const name = language === 'java' ? 'SHA-256' : 'sha256';
    return { title, edits: [{ range: rangeOf(literal), newText: `${quote}${name}${quote}` }] };
  }
  if (language === 'python' && call.receiverText === 'hashlib' && (call.name === 'md5' || call.name === 'sha1')) {
    const fn = call.node.childForFieldName('function')?.childForFieldName('attribute');
    return fn ? { title, edits: [{ range: rangeOf(fn), newText: 'sha256' }] } : undefined;
  }
  if (language === 'ruby' && call.receiver && /(^|::)(MD5|SHA1)$/.test(call.receiverText ?? '')) {
    const constant = call.receiver.type === 'scope_resolution' ? call.receiver.childForFieldName('name') : undefined;
    return constant ? { title, edits: [{ range: rangeOf(constant), newText: 'SHA256' }] } : undefined;
  }
  return undefined;
}

/** Local names bound to MD5/SHA-1 by imports: Python `from hashlib import md5`, Go `crypto/md5` (maybe aliased). */
function importedHashNames(ctx: CodeRuleContext): Map<string, string> {
  const names = new Map<string, string>();
  if (ctx.language === 'python') {
    for (const node of ctx.nodesOfType('import_from_statement')) {
      if (node.childForFieldName('module_name')?.text !== 'hashlib') continue;
      for (const name of node.childrenForFieldName('name')) {
        const original = name?.type === 'aliased_import' ? name.childForFieldName('name')?.text : name?.text;
        const local = name?.type === 'aliased_import' ? name.childForFieldName('alias')?.text : name?.text;
        if (original && local && /^(md5|sha1)$/.test(original)) names.set(local, original.toUpperCase());
      }
    }
  } else if (ctx.language === 'go') {
    for (const spec of ctx.nodesOfType('import_spec')) {
      const path = stringOf(spec.childForFieldName('path'));
      if (path !== 'crypto/md5' && path !== 'crypto/sha1') continue;
      const local = spec.childForFieldName('name')?.text ?? path.split('/').pop()!;
      names.set(local, path === 'crypto/md5' ? 'MD5' : 'SHA-1');
    }
  }
  return names;
}

function algorithmName(value: string | undefined): string | undefined {
  if (!value || !WEAK_ALGORITHM.test(value)) return undefined;
  const v = value.toLowerCase();
  return v.startsWith('md') ? v.toUpperCase() : v.startsWith('ripemd') ? 'RIPEMD-160' : 'SHA-1';
}

/** The weak algorithm a call selects, or undefined. */
function weakAlgorithm(call: Call, language: LanguageId, imports: Map<string, string>): string | undefined {
  const receiver = call.receiverText;
  const firstArg = () => stringOf(positionalArgs(call)[0]);
  if (isJs(language)) {
    if (call.name === 'createHash') return algorithmName(firstArg());
    if (receiver && /^(CryptoJS|cryptoJs|cryptojs)$/.test(receiver) && /^(MD5|SHA1)$/.test(call.name)) return call.name === 'MD5' ? 'MD5' : 'SHA-1';
    if (!receiver && !call.isNew && (call.name === 'md5' || call.name === 'sha1')) return call.name === 'md5' ? 'MD5' : 'SHA-1';
    return undefined;
  }
  switch (language) {
    case 'python':
      if (receiver === 'hashlib') {
        if (call.name === 'md5' || call.name === 'sha1') return call.name === 'md5' ? 'MD5' : 'SHA-1';
        if (call.name === 'new') return algorithmName(firstArg());
      }
      if (!receiver && imports.has(call.name)) return imports.get(call.name) === 'MD5' ? 'MD5' : 'SHA-1';
      if (receiver && /^(MD5|SHA1|SHA)$/.test(receiver) && call.name === 'new') return receiver === 'MD5' ? 'MD5' : 'SHA-1';
      return undefined;
    case 'java':
      if (receiver === 'MessageDigest' && call.name === 'getInstance') return algorithmName(firstArg());
      if (receiver === 'DigestUtils' && /^(md5|md5Hex|sha1|sha1Hex|sha|shaHex|md2|md2Hex)$/.test(call.name)) return call.name.startsWith('md5') ? 'MD5' : call.name.startsWith('md2') ? 'MD2' : 'SHA-1';
      if (receiver === 'Hashing' && (call.name === 'md5' || call.name === 'sha1')) return call.name === 'md5' ? 'MD5' : 'SHA-1';
      return undefined;
    case 'go':
      if (receiver && imports.has(receiver) && (call.name === 'New' || call.name === 'Sum')) return imports.get(receiver);
      return undefined;
    case 'ruby': {
      const m = receiver ? /(^|::)(MD5|SHA1)$/.exec(receiver) : null;
      if (m && receiver!.includes('Digest') && call.name !== 'file') return m[2] === 'MD5' ? 'MD5' : 'SHA-1';
      if (receiver && /(^|::)Digest$/.test(receiver) && call.name === 'new') return algorithmName(firstArg());
      return undefined;
    }
    case 'php':
      if (!receiver && (call.name === 'md5' || call.name === 'sha1')) return call.name === 'md5' ? 'MD5' : 'SHA-1';
      if (!receiver && (call.name === 'hash' || call.name === 'hash_init')) return algorithmName(firstArg());
      return undefined;
    default:
      return undefined;
  }
}

/**
 * What the hash protects, from the names around it. Strong evidence (the variable the result goes to, the
 * function it is in, what the digest object's result is stored as) wins over the names in the hashed data; a
 * non-security purpose (cache key, ETag, checksum) at either level silences the rule. Unclear → undefined.
 */
function purposeOf(node: SyntaxNode, ctx: CodeRuleContext): string | undefined {
  const strong: string[] = [];
  const weak: string[] = [];
  const context = valueContext(node, ctx.language);
  if (context.name) strong.push(context.name);
  const fnName = enclosingFunctionName(node);
  let top = node;
  while (top.parent && CHAIN_TYPES.has(top.parent.type)) top = top.parent;
  weak.push(...mentionedNames(top));
  // A digest object kept in a variable: look at what is fed to it and where its result goes.
  if (context.name && /^[A-Za-z_$][\w$]*$/.test(context.name)) {
    const scope = enclosingFunction(node) ?? ctx.tree.rootNode;
    for (const use of subtree(scope)) {
      const call = CALL_TYPES[ctx.language].includes(use.type) ? callOf(use) : undefined;
      if (!call || call.node.startIndex === node.startIndex) continue;
      const receiver = call.receiverText?.replace(/^\$/, '');
      if (receiver !== context.name.replace(/^\$/, '')) continue;
      for (const arg of positionalArgs(call)) weak.push(...mentionedNames(arg));
      const useContext = valueContext(use, ctx.language);
      if (useContext.name) strong.push(useContext.name);
    }
  }
  if (strong.some(nonSecurityPurpose) || nonSecurityPurpose(fnName)) return undefined;
  // md5(uniqid(mt_rand())), md5(uuid4().bytes): the hash only encodes fresh random bytes; the input is the issue.
  if (weak.some(name => RANDOM_SOURCES.has(name))) return undefined;
  for (const name of strong) { const p = securityPurpose(name); if (p) return p; }
  const fromFunction = functionSecurityPurpose(fnName);
  if (fromFunction) return fromFunction;
  if (weak.some(nonSecurityPurpose)) return undefined;
  for (const name of weak) { const p = securityPurpose(name); if (p) return p; }
  return undefined;
}

