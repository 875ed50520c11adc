/**
 * What names say about a value's purpose: does `resetToken`, `hash_password` or `$apiSecret` hold security data,
 * does `cacheKey`, `etag` or `retryDelay` clearly not? Used by the weak-hash and insecure-random rules, which
 * only report when the surrounding names show the value protects something.
 */
import { nameWords } from './syntax';

/** Words that make a name a secret on their own. */
const SECRET_WORDS = new Set([
  'password', 'passwd', 'pwd', 'passphrase', 'passcode', 'secret', 'secrets', 'token', 'tokens', 'nonce', 'salt',
  'otp', 'totp', 'hotp', 'csrf', 'xsrf', 'apikey', 'credential', 'credentials', 'pin', 'sessionid',
]);
/** `<qualifier> key`: apiKey, secret_key, sessionKey, SIGNING_KEY... (a bare `key` is too common to mean a secret). */
const KEY_QUALIFIERS = new Set([
  'api', 'secret', 'session', 'access', 'private', 'signing', 'sign', 'encryption', 'encrypt', 'master', 'auth', 'hmac',
  'crypto', 'aes', 'client', 'license', 'activation',
]);
/** `<qualifier> code|link|id`: resetCode, verification_code, magicLink, sessionId. */
const CODE_QUALIFIERS = new Set([
  'verification', 'verify', 'reset', 'auth', 'authorization', 'confirmation', 'confirm', 'activation', 'activate',
  'invite', 'invitation', 'recovery', 'otp', 'mfa', 'login', 'magic', 'backup', 'security', 'unlock', 'pairing', 'session',
]);
const CODE_WORDS = new Set(['code', 'link', 'id', 'key', 'url']);

/** Extra words that put a hash in a security context: signatures, authentication. */
const SECURITY_CONTEXT_WORDS = new Set([
  'signature', 'signatures', 'sign', 'signed', 'signing', 'hmac', 'auth', 'authenticate', 'authentication',
]);

/** Last words that make a name describe something about a secret, not the secret (`tokenLength`, `pinExpiry`). */
const DESCRIPTIVE_LAST_WORDS = new Set([
  'length', 'len', 'count', 'size', 'min', 'max', 'index', 'idx', 'delay', 'timeout', 'ttl', 'expiry', 'expires',
  'expiration', 'interval', 'jitter', 'backoff', 'attempts', 'attempt', 'retries', 'retry', 'limit', 'offset',
  'position', 'pos', 'color', 'colour', 'width', 'height', 'ratio', 'rate', 'percent', 'probability', 'chance',
  'weight', 'score', 'duration', 'ms', 'millis', 'seconds', 'age', 'url', 'uri', 'field', 'name', 'label', 'header',
  'type', 'prefix', 'suffix', 'format', 'pattern', 'regex', 'message', 'msg', 'error', 'prompt', 'placeholder',
  'enabled', 'required', 'column', 'param', 'policy', 'strength', 'mode', 'kind', 'version', 'alphabet', 'chars',
  'charset', 'characters', 'time', 'timestamp', 'date', 'at', 'until', 'sleep', 'wait',
  // UI and presentation: `TokenList`, `PasswordForm`, `pinAnimation` are components, not secrets.
  'list', 'table', 'view', 'page', 'form', 'button', 'modal', 'component', 'row', 'item', 'items', 'card', 'chart',
  'panel', 'input', 'screen', 'dialog', 'widget', 'style', 'styles', 'animation', 'icon', 'image', 'avatar',
]);

/** Words that say a hash is not protecting anything: caches, ETags, checksums, sharding, avatars. */
const NON_SECURITY_WORDS = new Set([
  'cache', 'cached', 'caching', 'etag', 'etags', 'checksum', 'checksums', 'crc', 'fingerprint', 'dedup', 'dedupe',
  'deduplicate', 'duplicate', 'duplicates', 'gravatar', 'avatar', 'identicon', 'shard', 'sharding', 'bucket',
  'partition', 'rollout', 'cohort', 'variant', 'experiment', 'color', 'colour', 'websocket', 'git', 'blob',
  'filename', 'content', 'contents', 'integrity', 'asset', 'assets', 'lookup',
]);

function words(name: string): string[] {
  return nameWords(name);
}

/** The secret a name announces (`resetToken` → "token", `session_id` → "session id"), or undefined. */
export function secretNamed(name: string | undefined): string | undefined {
  if (!name) return undefined;
  const w = words(name);
  if (w.length === 0 || DESCRIPTIVE_LAST_WORDS.has(w[w.length - 1]!)) return undefined;
  for (let i = 0; i < w.length; i++) {
    const word = w[i]!;
    if (SECRET_WORDS.has(word)) return word;
    const prev = i > 0 ? w[i - 1]! : '';
    if (word === 'key' && KEY_QUALIFIERS.has(prev)) return `${prev} key`;
    if (CODE_WORDS.has(word) && CODE_QUALIFIERS.has(prev)) return `${prev} ${word}`;
  }
  return undefined;
}

/** Whether a name ends in a word that describes a quantity or property rather than holding a value. */
export function isDescriptiveName(name: string | undefined): boolean {
  if (!name) return false;
  const w = words(name);
  return w.length > 0 && DESCRIPTIVE_LAST_WORDS.has(w[w.length - 1]!);
}

/** The security purpose a name shows for hashed data (secrets plus signatures and authentication), or undefined. */
export function securityPurpose(name: string | undefined): string | undefined {
  if (!name) return undefined;
  const secret = secretNamed(name);
  if (secret) return secret;
  const w = words(name);
  if (w.length === 0 || DESCRIPTIVE_LAST_WORDS.has(w[w.length - 1]!)) return undefined;
  return w.find(word => SECURITY_CONTEXT_WORDS.has(word));
}

/** Signature words that are specific enough on a function name (`signRequest`, `hmacFor`); `auth` alone is not. */
const SIGNING_WORDS = new Set(['signature', 'signatures', 'sign', 'signed', 'signing', 'hmac']);

/** The security purpose a function name shows for a hash computed inside it (secrets and signing only). */
export function functionSecurityPurpose(name: string | undefined): string | undefined {
  if (!name) return undefined;
  const secret = secretNamed(name);
  if (secret) return secret;
  const w = words(name);
  if (w.length === 0 || DESCRIPTIVE_LAST_WORDS.has(w[w.length - 1]!)) return undefined;
  return w.find(word => SIGNING_WORDS.has(word));
}

/** Whether a name says the value is not security data (`cacheKey`, `etag`, `file_checksum`, `ETag`). */
export function nonSecurityPurpose(name: string | undefined): boolean {
  if (!name) return false;
  const w = words(name);
  if (w.some(word => NON_SECURITY_WORDS.has(word))) return true;
  const joined = w.join('');
  return /etag|checksum/.test(joined) && !/secret|password|token/.test(joined);
}
