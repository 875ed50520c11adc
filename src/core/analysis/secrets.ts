import { nameWords } from './syntax';

/** Credential formats that identify themselves: reported wherever they appear in a string literal. */
export const PROVIDER_FORMATS: readonly { kind: string; pattern: RegExp }[] = [
  { kind: 'an AWS access key id', pattern: /\b(?:AKIA|ASIA)[0-9A-Z]{16}\b/ },
  { kind: 'a GitHub token', pattern: /\b(?:gh[pousr]_[A-Za-z0-9]{36,255}|github_pat_[A-Za-z0-9_]{60,255})\b/ },
  { kind: 'a Slack token', pattern: /\bxox[abprs]-[A-Za-z0-9-]{10,200}/ },
  { kind: 'a Stripe secret key', pattern: /\b[rs]k_live_[A-Za-z0-9]{20,200}\b/ },
  { kind: 'a Google API key', pattern: /\bAIza[0-9A-Za-z_-]{35}\b/ },
  { kind: 'a SendGrid API key', pattern: /\bSG\.[A-Za-z0-9_-]{22}\.[A-Za-z0-9_-]{43}\b/ },
  { kind: 'an npm access token', pattern: /\bnpm_[A-Za-z0-9]{36}\b/ },
  { kind: 'an OpenAI API key', pattern: /\bsk-(?:proj-)?[A-Za-z0-9_-]{40,200}\b/ },
  // The header and key material: a header alone (`const KEY_START = '-----BEGIN PRIVATE KEY-----'`) is a marker that
  // PEM parsers look for, not a key.
  { kind: 'a private key', pattern: /-----BEGIN (?:RSA |EC |DSA |OPENSSH |PGP |ENCRYPTED )?PRIVATE KEY(?: BLOCK)?-----[\s\S]{0,300}?[A-Za-z0-9+/]{16}/ },
];

/** A private-key header, with or without the key after it. */
export const PRIVATE_KEY_HEADER = /-----BEGIN (?:RSA |EC |DSA |OPENSSH |PGP |ENCRYPTED )?PRIVATE KEY(?: BLOCK)?-----/;

/** Credentials that vendors publish in their documentation (`AKIAIOSFODNN7EXAMPLE`) and obvious stand-ins. */
const DOCUMENTED_EXAMPLE = /EXAMPLE|DUMMY|SAMPLE|PLACEHOLDER|FAKE/i;

export function providerFormat(value: string): string | undefined {
  for (const { kind, pattern } of PROVIDER_FORMATS) {
    const match = pattern.exec(value);
    if (match && !DOCUMENTED_EXAMPLE.test(match[0])) return kind;
  }
  return undefined;
}

const SECRET_WORDS = new Set(['password', 'passwd', 'pwd', 'passphrase', 'secret', 'token', 'apikey', 'credential', 'credentials']);
const KEY_QUALIFIERS = new Set(['api', 'access', 'private', 'secret', 'signing', 'encryption', 'master', 'auth', 'client']);
/** A last word that makes the name describe something about the secret rather than the secret itself. */
const NOT_A_VALUE = new Set([
  'url', 'uri', 'endpoint', 'field', 'fields', 'name', 'label', 'header', 'length', 'len', 'min', 'max', 'type', 'path',
  'file', 'env', 'var', 'prompt', 'placeholder', 'pattern', 'regex', 'id', 'count', 'expiry', 'expires', 'ttl',
  'timeout', 'hint', 'message', 'msg', 'error', 'policy', 'format', 'mode', 'kind', 'limit', 'column', 'param',
  'key' /* handled below */, 'location', 'prefix', 'suffix', 'size', 'validator', 'rules', 'strength', 'reset',
  'required', 'enabled', 'changed', 'route', 'link', 'text', 'title', 'template', 'used', 'date', 'time', 'timestamp',
  'updated', 'created', 'status', 'attempts', 'algorithm',
]);

/** What kind of secret a binding name announces (`dbPassword` → password), or undefined. */
export function secretKindOfName(name: string): 'password' | 'secret' | undefined {
  const words = nameWords(name);
  if (words.length === 0) return undefined;
  const last = words[words.length - 1]!;
  let kind: 'password' | 'secret' | undefined;
  for (let i = 0; i < words.length; i++) {
    const w = words[i]!;
    if (w === 'password' || w === 'passwd' || w === 'pwd' || w === 'passphrase') kind = 'password';
    else if (SECRET_WORDS.has(w)) kind ??= 'secret';
    else if (w === 'key' && i > 0 && KEY_QUALIFIERS.has(words[i - 1]!)) kind ??= 'secret';
  }
  if (!kind) return undefined;
  if (last !== 'key' && NOT_A_VALUE.has(last)) return undefined;
  return kind;
}

/** Shannon entropy in bits per character. */
export function entropy(value: string): number {
  const counts = new Map<string, number>();
  for (const c of value) counts.set(c, (counts.get(c) ?? 0) + 1);
  let bits = 0;
  for (const n of counts.values()) { const p = n / value.length; bits -= p * Math.log2(p); }
  return bits;
}

const PLACEHOLDER = /^\s*$|\$\{|\{\{|%[sd(]|<[^>]*>|^\*+$|^x+$|^\.+$|changeme|change[-_ ]me|your[-_ ]|example|dummy|placeholder|redacted|todo|fixme|replace|sample|^(?:password|secret|token|test|none|null|nil|undefined|admin)$/i;
const ENV_NAME = /^[A-Z][A-Z0-9_]*$/;
/**
 * URLs (a password inside one is database/credentials-in-connection-string's finding), paths, prose, and HTTP header
 * names (`ACL_CREDENTIALS = "Access-Control-Allow-Credentials"`, `API_KEY_HEADER = "X-Api-Key"`).
 */
const NOT_SECRET_SHAPE = /^[a-z][a-z0-9+.-]*:\/\/|^[./~][\w./-]*$|\s/i;
const HEADER_NAME = /^(X-)?[A-Z][a-z]+(-[A-Z][a-z0-9]*)+$/;

/**
 * Whether a literal assigned to a secret-named binding looks like a real secret: not a placeholder, an
 * environment variable name, a URL without credentials, a path or prose; and either a password-like value
 * (8+ chars, two character classes) for password names or a high-entropy value (16+ chars, ≥ 3.5 bits/char).
 */
export function looksLikeSecretValue(value: string, kind: 'password' | 'secret', name?: string): boolean {
  if (value.length < 8 || PLACEHOLDER.test(value) || ENV_NAME.test(value) || NOT_SECRET_SHAPE.test(value) || HEADER_NAME.test(value)) return false;
  // An identifier, not a secret: the name itself in another case (`WaitForTaskToken = "waitForTaskToken"`), or a
  // camelCase field name that holds a secret word (`TOKEN_FIELD = "refreshToken"`).
  if (name !== undefined && value.replace(/[^A-Za-z0-9]/g, '').toLowerCase() === name.replace(/[^A-Za-z0-9]/g, '').toLowerCase()) return false;
  if (/^[a-z]+(?:[A-Z][a-z]+)+$/.test(value) && /token|password|passwd|secret|key|credential/i.test(value)) return false;
  const classes = [/[a-z]/, /[A-Z]/, /[0-9]/, /[^A-Za-z0-9]/].filter(r => r.test(value)).length;
  if (kind === 'password') return classes >= 2;
  // Keys and tokens are random; lower-case words joined by `-`, `_` or `.` are a name (`access-control-allow-credentials`,
  // `session.cookie.secret`). Passwords keep such values: a passphrase can be words.
  if (/^[a-z]{2,}(?:[-_.][a-z]{2,})+$/.test(value)) return false;
  return value.length >= 16 && classes >= 2 && entropy(value) >= 3.5;
}
