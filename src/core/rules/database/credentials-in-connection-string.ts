import type { Rule } from '../../model';
import { LANGUAGES } from '../../model';
import type { SyntaxNode } from '../../languages/parser';
import type { CodeRuleContext } from '../../engine/rule-context';
import { isStringLiteral, stringValue } from '../../analysis/syntax';
import { callParts } from '../../analysis/code-shapes';

const STRING_TYPES = ['string', 'template_string', 'string_literal', 'interpreted_string_literal', 'raw_string_literal', 'encapsed_string', 'heredoc', 'nowdoc'];
const CONTENT_TYPES = new Set(['string_fragment', 'string_content', 'interpreted_string_literal_content', 'raw_string_literal_content', 'multiline_string_fragment', 'escape_sequence', 'heredoc_body', 'nowdoc_body', 'string_start', 'string_end']);

/** Database and broker URL schemes (with SQLAlchemy-style `+driver` suffixes and an optional `jdbc:` prefix). */
const DB_SCHEME = /^(jdbc:)?(postgres|postgresql|pgsql|mysql|mysqlx|mariadb|mongodb|mongodb\+srv|redis|rediss|amqp|amqps|mssql|sqlserver|oracle|cockroach|cockroachdb|clickhouse|db2|snowflake|cassandra|neo4j|neo4j\+s|bolt|couchbase|couchbases|nats|memcached)(\+[a-z0-9]+)?$/i;
/** scheme://user:password@host — password may be empty (then it is no finding). */
const URL_CREDENTIALS = /([a-z][a-z0-9+.:-]*):\/\/([^\s:/@'"]*):([^\s@/'"]*)@([^\s/?#;,'")]*)/gi;
/** JDBC / URL query parameters and ADO.NET / ODBC key=value pairs: `password=...` after `?`, `&` or `;`. */
const PARAM_PASSWORD = /(?:^|[?&;])\s*(?:password|pwd)\s*=\s*([^&;]*)/i;
const PARAM_USER = /(?:^|[?&;])\s*(?:user|user id|uid|username)\s*=\s*([^&;]*)/i;
const PARAM_HOST = /(?:^|[;])\s*(?:server|data source|host|address)\s*=\s*([^;]*)/i;
/** libpq key/value DSN: `host=db user=app password=secret dbname=app`. */
const KV_PASSWORD = /(?:^|\s)password\s*=\s*('[^']*'|\S+)/;
const KV_MARKERS = /(?:^|\s)(?:host|hostaddr|dbname)\s*=/;
/** Oracle thin: jdbc:oracle:thin:user/password@host:port:sid */
const ORACLE_THIN = /^jdbc:oracle:thin:([^/@\s]+)\/([^@\s]+)@([^:/\s]+)/i;
/** Go MySQL driver DSN: user:password@tcp(host:port)/db */
const GO_MYSQL = /^([^:/@\s]+):([^@\s]*)@(?:tcp|unix)\(([^):]*)/;

/** Values that stand for a password in documentation and templates. */
const PLACEHOLDERS = new Set([
  'password', 'pass', 'passwd', 'pwd', 'secret', 'changeme', 'change_me', 'change-me', 'yourpassword', 'your_password',
  'your-password', 'mypassword', 'my_password', 'dbpassword', 'db_password', 'db_pass', 'pw', 'placeholder', 'redacted',
  'hidden', 'xxx', 'xxxx', 'xxxxx', 'xxxxxx', 'xxxxxxxx', '...', '****', '*****', '******', '********',
]);
/** Well-known local defaults (Docker images, RabbitMQ's guest account...): throwaway when the host is local. */
const TRIVIAL = new Set(['postgres', 'root', 'admin', 'guest', 'test', 'testing', 'dev', 'development', 'mysql', 'example', 'sa', 'local', 'docker', 'pass123', 'password1', 'password123', '123456', 'secret', 'redis', 'mongo', 'rabbit', 'rabbitmq']);
const DOC_HOSTS = /^(host|hostname|your[-_]?host|dbhost|db-host|server|example\.(com|org|net)|.*\.example\.(com|org|net)|.*\.example)$/i;

/** What every finding needs: `://` then `@` on one line (`\/` escapes too), a Go `@tcp(` DSN, jdbc:, a password key, or the PDO / mysqli / getConnection call. */
const MENTIONS = /:\\?\/\\?\/.*@|(tcp|unix)\\?\(|jdbc|password|pwd|pdo|mysqli|getConnection/i;

interface Credential { user: string; password: string; host: string }

export const credentialsInConnectionString: Rule = {
  id: 'database/credentials-in-connection-string',
  locality: 'declaration',
  meta: {
    title: 'Password in a database connection string',
    area: 'database',
    defaultSeverity: 'error',
    languages: LANGUAGES,
    description: 'A connection string or connect call with a literal password (postgres://user:pass@host, jdbc:...password=..., new PDO(dsn, user, "pass")) puts a database credential in every clone of the repository.',
    cwe: ['CWE-798', 'CWE-259'],
    references: ['OWASP ASVS v5 13.3.1', 'OWASP Top 10 2021 A07', 'CWE-798', 'CWE-259'],
    messages: {
      inline: "This connection string contains the password for '{{user}}' on {{host}}: read the URL (or just the password) from the environment or a secret store, and rotate the password.",
      argument: "Literal password passed to {{call}} for '{{user}}' on {{host}}: read it from the environment or a secret store, and rotate it.",
    },
  },
  mentions: MENTIONS,
  check(ctx) {
    const reported = new Set<number>();
    for (const node of ctx.nodesOfType(...STRING_TYPES)) {
      if (node.parent && isStringLiteral(node.parent)) continue;
      if (ctx.language === 'python' && node.parent?.type === 'expression_statement') continue; // docstrings and bare strings do nothing
      const cred = parseCredential(literalText(node));
      if (!cred || !isFinding(cred, ctx.isTestFile)) continue;
      reported.add(node.id);
      ctx.report({ node, messageId: 'inline', data: { user: cred.user || '(no user)', host: cred.host || 'an unknown host' } });
    }
    if (ctx.language === 'php') checkPhpConnect(ctx, reported);
    if (ctx.language === 'java') checkJdbcGetConnection(ctx, reported);
  },
};

/** The literal's text with every interpolation replaced by `{}` (so `${password}` reads as a placeholder). */
function literalText(node: SyntaxNode): string {
  const value = stringValue(node);
  if (value !== undefined) return value;
  let text = '';
  for (const c of node.namedChildren) {
    if (!c) continue;
    text += CONTENT_TYPES.has(c.type) ? (c.type === 'string_start' || c.type === 'string_end' ? '' : c.text) : '{}';
  }
  return text;
}

export function parseCredential(text: string): Credential | undefined {
  if (text.length > 2000) return undefined;
  const oracle = ORACLE_THIN.exec(text);
  if (oracle) return { user: oracle[1]!, password: oracle[2]!, host: oracle[3]! };
  const mysql = GO_MYSQL.exec(text);
  if (mysql) return { user: mysql[1]!, password: mysql[2]!, host: mysql[3]! };
  URL_CREDENTIALS.lastIndex = 0;
  for (let m = URL_CREDENTIALS.exec(text); m; m = URL_CREDENTIALS.exec(text)) {
    const scheme = m[1]!.replace(/^.*[^a-z0-9+:.-]/i, '');
    if (DB_SCHEME.test(scheme)) return { user: decode(m[2]!), password: decode(m[3]!), host: m[4]! };
  }
  // jdbc:...?user=app&password=..., Server=..;User Id=..;Password=..;
  if (/^jdbc:/i.test(text) || /(?:^|;)\s*(server|data source|host)\s*=/i.test(text)) {
    const password = PARAM_PASSWORD.exec(text);
    if (password) {
      const jdbcHost = /^jdbc:[a-z0-9]+:(?:[a-z]+:)?\/\/([^:/;?]+)/i.exec(text)?.[1];
      return { user: PARAM_USER.exec(text)?.[1]?.trim() ?? '', password: password[1]!.trim(), host: jdbcHost ?? PARAM_HOST.exec(text)?.[1]?.trim() ?? '' };
    }
  }
  if (KV_MARKERS.test(text)) {
    const password = KV_PASSWORD.exec(text);
    if (password) {
      return { user: /(?:^|\s)user\s*=\s*(\S+)/.exec(text)?.[1] ?? '', password: password[1]!.replace(/^'|'$/g, ''), host: /(?:^|\s)host\s*=\s*(\S+)/.exec(text)?.[1] ?? '' };
    }
  }
  return undefined;
}

function decode(s: string): string {
  try { return decodeURIComponent(s); } catch { return s; }
}

export function isPlaceholder(password: string): boolean {
  const p = password.trim();
  if (!p) return true;
  if (/[{}<>]|%s|%\(|^\$|^:/.test(p)) return true; // ${X}, {password}, <password>, %s, %(password)s, $DB_PASS, :password
  if (/^(x+|\*+|\.+)$/i.test(p)) return true;
  return PLACEHOLDERS.has(p.toLowerCase());
}

function isLocalHost(host: string): boolean {
  const h = host.replace(/^\[|\]$/g, '').replace(/:\d+$/, '').toLowerCase();
  if (!h) return false;
  return h === 'localhost' || h.startsWith('127.') || h === '::1' || h === '0.0.0.0' || h === 'host.docker.internal'
    // a single-label name is a service in a local docker-compose network (db, postgres, rabbitmq)
    || (/^[a-z][a-z0-9_-]*$/.test(h) && !h.includes('.'));
}

/** Whether a parsed credential is worth reporting (see docs: placeholders, local defaults, test files). */
export function isFinding(cred: Credential, testFile: boolean): boolean {
  if (isPlaceholder(cred.password)) return false;
  const host = cred.host.replace(/:\d+$/, '');
  if (DOC_HOSTS.test(host)) return false;
  const local = isLocalHost(host);
  const trivial = TRIVIAL.has(cred.password.toLowerCase()) || cred.password === cred.user;
  if (local && (trivial || testFile)) return false;
  if (testFile && trivial) return false;
  return true;
}

function literal(node: SyntaxNode | undefined): string | undefined {
  return node ? stringValue(node) : undefined;
}

/** new PDO($dsn, 'user', 'pass'), new mysqli('host', 'user', 'pass'), mysqli_connect('host', 'user', 'pass'). */
function checkPhpConnect(ctx: CodeRuleContext, reported: Set<number>): void {
  const candidates: { call: string; args: SyntaxNode[] }[] = [];
  for (const creation of ctx.nodesOfType('object_creation_expression')) {
    const cls = creation.namedChildren.find(c => c?.type === 'name' || c?.type === 'qualified_name')?.text.replace(/^\\/, '');
    if (cls !== 'PDO' && cls !== 'mysqli') continue;
    const args = creation.namedChildren.find(c => c?.type === 'arguments');
    candidates.push({ call: `new ${cls}()`, args: (args?.namedChildren ?? []).filter(a => a?.type === 'argument').map(a => a!.namedChild(0)!).filter(Boolean) });
  }
  for (const call of ctx.nodesOfType('function_call_expression')) {
    const parts = callParts(call);
    if (parts?.name === 'mysqli_connect' || parts?.name === 'mysqli_real_connect') candidates.push({ call: `${parts.name}()`, args: parts.args });
  }
  for (const { call, args } of candidates) {
    const isPdo = call === 'new PDO()';
    const passwordNode = isPdo ? args[2] : args[2];
    const password = literal(passwordNode);
    if (!passwordNode || password === undefined || reported.has(passwordNode.id)) continue;
    const user = literal(args[1]) ?? '';
    const host = isPdo ? /host=([^;]+)/.exec(literal(args[0]) ?? '')?.[1] ?? '' : literal(args[0]) ?? '';
    if (!isFinding({ user, password, host }, ctx.isTestFile)) continue;
    ctx.report({ node: passwordNode, messageId: 'argument', data: { call, user: user || '(no user)', host: host || 'an unknown host' } });
  }
}

/** DriverManager.getConnection(url, "user", "pass") */
function checkJdbcGetConnection(ctx: CodeRuleContext, reported: Set<number>): void {
  for (const inv of ctx.nodesOfType('method_invocation')) {
    const parts = callParts(inv);
    if (parts?.name !== 'getConnection' || parts.receiver?.text !== 'DriverManager' || parts.args.length < 3) continue;
    const passwordNode = parts.args[2]!;
    const password = literal(passwordNode);
    if (password === undefined || reported.has(passwordNode.id)) continue;
    const url = literal(parts.args[0]) ?? '';
    const host = /^jdbc:[a-z0-9]+:(?:[a-z]+:)?\/\/([^:/;?]+)/i.exec(url)?.[1] ?? '';
    const user = literal(parts.args[1]) ?? '';
    if (!isFinding({ user, password, host }, ctx.isTestFile)) continue;
    ctx.report({ node: passwordNode, messageId: 'argument', data: { call: 'DriverManager.getConnection()', user: user || '(no user)', host: host || 'an unknown host' } });
  }
}
