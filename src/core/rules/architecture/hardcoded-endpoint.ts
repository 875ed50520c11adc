import type { Rule } from '../../model';
import type { SyntaxNode } from '../../languages/parser';
import { bindingOf, nameWords, stringValue } from '../../analysis/syntax';

type Kind = 'url' | 'ip' | 'hostPort' | 'host';
interface Endpoint {
  kind: Kind; host: string; scheme: boolean; loopback: boolean;
  /** Deployment-specific on its face: an IP, a port, a single-label or internal host, or a database/broker URL. */
  internal: boolean;
  /** The host names an API (`api.acme.io`, `orders-api.acme.io`). */
  apiLike: boolean;
  /** The path names an API (`/api/…`, `/v1/…`, `/graphql`). */
  apiPath?: boolean;
  /** A database/broker/cache connection string (not an HTTP URL). */
  connectionString?: boolean;
}

const STRING_TYPES = ['string', 'string_literal', 'interpreted_string_literal', 'raw_string_literal', 'encapsed_string'];

/** Schemes of network services: HTTP(S), WebSocket, gRPC, message brokers, databases, JDBC. */
const URL = /^(?:jdbc:[a-z0-9]+:(?:[a-z]+:)?|(?:https?|wss?|grpcs?|amqps?|redis|rediss|mongodb(?:\+srv)?|postgres(?:ql)?|mysql|mariadb|nats|kafka|tcp|mqtt|ldaps?|s?ftp|smtps?|sqlserver|cassandra|couchbase|clickhouse|elasticsearch):)\/\/(?:[^@/?#\s]*@)?(\[[0-9a-f:.]+\]|[^:/?#\s@]+)(?::(\d{1,5}))?(?:[/?#][^\s]*)?$/i;
/** PDO DSN: `mysql:host=db.internal;dbname=app`. */
const PDO_DSN = /^(?:mysql|pgsql|sqlsrv|oci|firebird|ibm|informix|dblib|odbc|cubrid):.*?\b(?:host|server)=([^;:\s]+)/i;
const IPV4 = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})(?::(\d{1,5}))?$/;
const HOST_PORT = /^((?:[a-z0-9](?:[a-z0-9-]*[a-z0-9])?\.)*[a-z](?:[a-z0-9-]*[a-z0-9])?):(\d{2,5})$/i;
const HOSTNAME = /^(?:[a-z0-9](?:[a-z0-9-]*[a-z0-9])?\.)+[a-z]{2,}$/i;
const VALID_HOST = /^([a-z0-9_](?:[a-z0-9_-]*[a-z0-9])?)(\.[a-z0-9_](?:[a-z0-9_-]*[a-z0-9])?)*$|^[0-9a-f:.]+$/i;
const COMMON_TLD = /\.(com|net|org|io|co|dev|app|cloud|internal|lan|corp|intranet|local|svc|eu|us|uk|de|fr)$/i;

/** Reserved for documentation and testing (RFC 2606, RFC 6761, RFC 5737). `.local` is mDNS, except Kubernetes service names. */
function isDocumentationHost(host: string): boolean {
  const h = host.toLowerCase();
  if (/^(host|hostname|your[-_]?host(name)?|my[-_]?host|db[-_]?host|server[-_]?name|your[-_]?(domain|server))$/.test(h)) return true; // placeholders
  if (/(^|\.)example\.(com|net|org)$|\.example$|\.test$|\.invalid$/.test(h)) return true;
  if (h.endsWith('.local') && !h.endsWith('.svc.cluster.local')) return true;
  return /^(192\.0\.2|198\.51\.100|203\.0\.113)\.\d+$/.test(h) || /^\[?2001:db8:/i.test(h);
}
const isLoopback = (host: string) => /^(localhost|.*\.localhost|127\.\d+\.\d+\.\d+|\[?::1\]?)$/i.test(host);
const isUnspecified = (host: string) => /^(0\.0\.0\.0|\[?::\]?)$/.test(host);
/** IPs, single-label service names (`orders-service`), private TLDs and Kubernetes service DNS. */
const isInternalHost = (host: string) => isLoopback(host) || /^[\d.]+$|:/.test(host) || !host.includes('.')
  || /\.(internal|corp|lan|intranet|private|priv|home|localdomain|svc|svc\.cluster\.local)$/i.test(host);
/** Link-local cloud metadata services (AWS/Azure/GCP IMDS) are fixed by the platform, not by the deployment. */
const isPlatformEndpoint = (host: string) => /^169\.254\.\d+\.\d+$|^fd00:ec2::254$|^metadata\.google\.internal$/i.test(host);

/**
 * Well-known public APIs and standards hosts: their base URLs are fixed public contracts, not deployment
 * settings (a decision: they are not reported). Deployment-specific hosts of the same providers are
 * (`mydb.xxxx.rds.amazonaws.com`, `acme.auth0.com` are not on this list).
 */
const AWS_SERVICE_HOST = /^(s3|sts|sqs|sns|ec2|iam|lambda|dynamodb|kinesis|logs|monitoring|ssm|secretsmanager|kms|ecr|ecs|cloudformation|route53|email|ses)([.-][\w-]+)*\.amazonaws\.com(\.cn)?$/i;
const PUBLIC_HOSTS = /(^|\.)(github\.com|githubusercontent\.com|gitlab\.com|bitbucket\.org|googleapis\.com|google\.com|gstatic\.com|stripe\.com|paypal\.com|twilio\.com|sendgrid\.com|sendgrid\.net|mailgun\.net|slack\.com|discord\.com|telegram\.org|openai\.com|anthropic\.com|microsoft\.com|microsoftonline\.(com|de|us|cn)|chinacloudapi\.cn|usgovcloudapi\.net|management\.azure\.com|live\.com|facebook\.com|twitter\.com|x\.com|apple\.com|npmjs\.org|npmjs\.com|pypi\.org|python\.org|rubygems\.org|packagist\.org|maven\.org|golang\.org|go\.dev|w3\.org|schema\.org|json-schema\.org|xmlsoap\.org|openid\.net|ietf\.org|mozilla\.org|wikipedia\.org|sentry\.io|cloudflare\.com|docker\.io|docker\.com)$/i;

function classify(value: string, hostNamed: boolean): Endpoint | undefined {
  if (value.length > 300 || /\s|\$\{|\{\{|%[sd]|\{\w*\}/.test(value)) return undefined;
  const url = URL.exec(value);
  if (url) {
    const host = url[1]!.replace(/^\[|\]$/g, '');
    if (!VALID_HOST.test(host)) return undefined; // `https://s3-accelerate.` is a prefix being built, not an address
    const web = /^(https?|wss?):/i.test(value);
    const internal = !web || url[2] !== undefined || isInternalHost(host);
    const apiHost = /^api[.-]|[.-]api[.-]/i.test(host);
    const apiPath = /^[a-z]+:\/\/[^/]+\/(api|v\d+|graphql|rest|rpc)\b/i.test(value) && !/\.(html?|md|pdf|png|svg|css|js)([?#]|$)/i.test(value);
    return { kind: 'url', host, scheme: true, loopback: isLoopback(host), internal, apiLike: apiHost, apiPath, connectionString: !web };
  }
  const dsn = PDO_DSN.exec(value);
  if (dsn) return { kind: 'url', host: dsn[1]!, scheme: true, loopback: isLoopback(dsn[1]!), internal: true, apiLike: false, connectionString: true };
  const ip = IPV4.exec(value);
  if (ip) {
    const octets = ip.slice(1, 5).map(Number);
    if (octets.some(o => o > 255) || octets[0] === 0 || octets[0] === 255) return undefined; // not an address, or a netmask
    const host = ip.slice(1, 5).join('.');
    return { kind: 'ip', host, scheme: false, loopback: isLoopback(host), internal: true, apiLike: false };
  }
  const hp = HOST_PORT.exec(value);
  if (hp && Number(hp[2]) <= 65535) return { kind: 'hostPort', host: hp[1]!, scheme: false, loopback: isLoopback(hp[1]!), internal: true, apiLike: false };
  // A bare name needs to look like a real host: three labels, or a common TLD (`http.server` is a Python module).
  if (hostNamed && ((HOSTNAME.test(value) && (value.split('.').length >= 3 || COMMON_TLD.test(value))) || value === 'localhost')) return { kind: 'host', host: value, scheme: false, loopback: isLoopback(value), internal: true, apiLike: false };
  return undefined;
}

/** Names that hold an endpoint: `apiUrl`, `BASE_URL`, `host`, `dsn`, `Addr`, `base_uri`, `brokers`... */
const ENDPOINT_WORDS = new Set(['url', 'urls', 'uri', 'uris', 'endpoint', 'endpoints', 'host', 'hosts', 'hostname', 'dsn', 'addr', 'address', 'server', 'servers', 'broker', 'brokers', 'baseurl', 'upstream']);
const HOST_WORDS = new Set(['host', 'hosts', 'hostname', 'server', 'servers', 'addr', 'address', 'broker', 'brokers']);
/** Names that say "the service we call" (a bare `url` may as well be a documentation link). */
const SERVICE_WORDS = new Set(['endpoint', 'endpoints', 'host', 'hosts', 'hostname', 'base', 'baseurl', 'api', 'server', 'servers', 'service', 'services', 'backend', 'upstream', 'gateway', 'dsn', 'broker', 'brokers', 'addr', 'address', 'proxy', 'remote']);
/** Names of links and identifiers, not of services the code calls. */
const LINK_WORDS = new Set(['doc', 'docs', 'documentation', 'help', 'homepage', 'home', 'website', 'site', 'link', 'links', 'href', 'src', 'image', 'img', 'icon', 'logo', 'avatar', 'favicon', 'license', 'terms', 'privacy', 'support', 'repo', 'repository', 'source', 'issues', 'bugs', 'schema', 'namespace', 'ns', 'xmlns', 'id', 'feedback', 'example', 'sample', 'test', 'mock']);
/** Calls that connect to what they are given (the last segment of the callee, lower case). */
const CLIENT_CALLS = new Set([
  'fetch', 'get', 'post', 'put', 'patch', 'delete', 'head', 'options', 'request', 'urlopen', 'connect', 'createconnection',
  'createpool', 'createclient', 'create_engine', 'create_async_engine', 'mongoclient', 'asynciomotorclient', 'redis', 'strictredis', 'from_url',
  'dial', 'dialcontext', 'dialtimeout', 'newclient', 'newrequest', 'newrequestwithcontext', 'getconnection', 'getforobject', 'getforentity',
  'postforobject', 'postforentity', 'exchange', 'create', 'uri', 'url', 'parse', 'baseurl', 'file_get_contents', 'curl_init',
  'fsockopen', 'websocket', 'eventsource', 'io', 'pdo', 'mysqli', 'client', 'pool', 'socket', 'inetsocketaddress', 'httpclient',
  'asyncclient',
]);
/** HTTP client calls: whatever web URL they are given is a service the code calls. */
const HTTP_CALLS = new Set([
  'fetch', 'get', 'post', 'put', 'patch', 'delete', 'head', 'request', 'urlopen', 'getforobject', 'getforentity', 'postforobject',
  'postforentity', 'exchange', 'newrequest', 'newrequestwithcontext', 'websocket', 'eventsource', 'baseurl', 'file_get_contents', 'curl_init',
]);
/** Server start-up: a loopback address there is where the service listens, not where it calls. */
const SERVER_CALLS = /^(listen|listenandserve|listenandservetls|run|runtls|serve|start|bind|createserver|startserver|run_server)$/i;
/** Reads of the environment or configuration: a literal beside one is a fallback, and the value is configurable. */
const CONFIG_READ = /process\.env|import\.meta\.env|Deno\.env|Bun\.env|os\.environ|getenv|Getenv|LookupEnv|\bENV\b|\$_ENV|\$_SERVER|\benv\(|System\.getenv|System\.getProperty|\bconfig\(|\bsettings\.|Environment|getEnv|envOr|env\.get/i;
/** Configuration modules are where endpoints belong; examples and demos are not the service. */
const CONFIG_PATH = /(^|\/)(config|configs|configuration|settings|conf|environments?|examples?|samples?|demos?)\/|(^|\/)(settings|config|configuration|conf|environment)(_\w+|\.\w+)?\.[a-z]+$|\.config\.[cm]?[jt]s$|(^|\/)\.env/i;

/** Every value it reports holds `://` (`\/` escapes too), a dotted quad or a host:port, or is a DSN's host= or a bare host under a host-like name. */
const MENTIONS = /:\\?\/\\?\/|\d\\?\.\d{1,3}\\?\.\d{1,3}\\?\.\d|[a-z0-9]\\?:\d\d|host|server|addr|broker/i;

const ARG_CONTAINERS = new Set(['arguments', 'argument_list', 'argument']);

function calleeName(call: SyntaxNode): string {
  const fn = call.childForFieldName('function') ?? call.childForFieldName('constructor') ?? call.childForFieldName('type')
    ?? call.childForFieldName('method') ?? call.childForFieldName('name')
    ?? call.namedChildren.find(c => c?.type === 'name' || c?.type === 'qualified_name' || c?.type === 'constant') ?? null;
  if (!fn) return '';
  const last = fn.childForFieldName('property') ?? fn.childForFieldName('attribute') ?? fn.childForFieldName('field') ?? fn.childForFieldName('name') ?? fn;
  return last.text.replace(/^.*[\\:.]/, '').replace(/<.*$/, '');
}

function callOf(argContainer: SyntaxNode): SyntaxNode | undefined {
  let n: SyntaxNode | null = argContainer;
  while (n && ARG_CONTAINERS.has(n.type)) n = n.parent;
  return n ?? undefined;
}

/** Walk up from the literal through wrappers (`'x'.freeze`, `"a" + id`, parentheses) to where it is used. */
function usage(literal: SyntaxNode): SyntaxNode {
  let n = literal;
  for (let i = 0; i < 4 && n.parent; i++) {
    const p = n.parent;
    const leftOfConcat = (p.type === 'binary_expression' || p.type === 'binary_operator') && p.childForFieldName('left')?.equals(n) && /^[+.]$/.test(p.children.find(c => c && !c.isNamed)?.type ?? '');
    const frozen = p.type === 'call' && p.childForFieldName('receiver')?.equals(n) && /^(freeze|dup|to_s|strip)$/.test(p.childForFieldName('method')?.text ?? '');
    const single = (p.type === 'expression_list' || p.type === 'literal_element') && p.namedChildCount === 1;
    if (leftOfConcat || frozen || single || p.type === 'parenthesized_expression') n = p;
    else break;
  }
  return n;
}

function readsConfig(node: SyntaxNode | null | undefined): boolean {
  return !!node && node.text.length <= 160 && CONFIG_READ.test(node.text);
}

/** `process.env.X || 'http://…'`, `os.environ.get('X', 'http://…')`, `env('X', '…')`, `getEnv("X", "…")`. */
function isConfigFallback(used: SyntaxNode): boolean {
  const p = used.parent;
  if (!p) return false;
  if (['binary_expression', 'boolean_operator', 'binary_operator', 'conditional_expression', 'ternary_expression', 'conditional'].includes(p.type)) {
    return p.namedChildren.some(c => c && !c.equals(used) && readsConfig(c));
  }
  if (ARG_CONTAINERS.has(p.type)) {
    const call = callOf(p);
    if (!call) return false;
    const fn = call.childForFieldName('function') ?? call.childForFieldName('object') ?? call.childForFieldName('receiver') ?? call.childForFieldName('name');
    if (readsConfig(fn) || /env|environ|config|setting|getproperty|getordefault/i.test(calleeName(call))) return true;
    const args = call.childForFieldName('arguments') ?? p;
    return args.namedChildren.some(a => a && !a.equals(used) && readsConfig(a));
  }
  return false;
}

function inServerStartup(used: SyntaxNode): boolean {
  for (let p = used.parent, i = 0; p && i < 6; p = p.parent, i++) {
    if (/call|invocation|creation/.test(p.type) && SERVER_CALLS.test(calleeName(p))) return true;
    if (p.type === 'composite_literal' && /Server$/.test(p.childForFieldName('type')?.text ?? '')) return true;
    if (/statement|declaration|definition/.test(p.type)) break;
  }
  return false;
}

interface Position {
  via: 'name' | 'call';
  /** The name (or the callee) says this is an endpoint: `apiUrl`, `host`, `fetch(...)`, `connect(...)`. */
  endpoint: boolean;
  hostNamed: boolean;
  /** The name or the callee says "a service we call" (not a bare `url`, which may be a documentation link). */
  serviceNamed: boolean;
  /** A quoted key in a Python/JS dictionary (`{"hostname": "…"}`): often response or fixture data. */
  quotedKey: boolean;
  /** The name is only `url`/`uri`/`href`: nothing says what it points to. */
  bareName: boolean;
}

const LOGGING_CALL = /^(log|debug|info|warn|warning|error|trace|print|println|printf|puts|echo|format|sprintf|assert\w*|expect|describe|it|test)$/i;

/** Where the literal is used: bound to a name, or handed to a call. */
function endpointPosition(used: SyntaxNode): Position | undefined {
  const p = used.parent;
  if (!p) return undefined;
  const binding = bindingOf(p);
  // The binding's value is the literal or the wrapper around it (`Addr: "…"` wraps it in a literal_element).
  if (binding && binding.value.startIndex >= used.startIndex && binding.value.endIndex <= used.endIndex) {
    const words = nameWords(binding.name);
    // `DEFAULT_API_URL`, `fallbackHost`: the value used when configuration is missing, like an env fallback.
    if (words.some(w => LINK_WORDS.has(w) || w === 'default' || w === 'fallback') || binding.name.startsWith('$')) return undefined;
    const quotedKey = (p.type === 'pair') && /^(string|string_literal)$/.test(binding.nameNode.type);
    return {
      via: 'name', endpoint: words.some(w => ENDPOINT_WORDS.has(w)), hostNamed: words.some(w => HOST_WORDS.has(w)),
      serviceNamed: words.some(w => SERVICE_WORDS.has(w)), quotedKey, bareName: words.length === 1,
    };
  }
  if (ARG_CONTAINERS.has(p.type)) {
    const call = callOf(p);
    if (!call) return undefined;
    const name = calleeName(call).toLowerCase();
    if (LOGGING_CALL.test(name)) return undefined;
    // Generic verbs (`create`, `parse`) take many things; only HTTP clients make a public web URL a service call.
    return { via: 'call', endpoint: CLIENT_CALLS.has(name), hostNamed: false, serviceNamed: HTTP_CALLS.has(name), quotedKey: false, bareName: false };
  }
  return undefined;
}

const MESSAGES: Record<Kind, string> = { url: 'url', ip: 'ip', hostPort: 'hostPort', host: 'host' };

export const hardcodedEndpoint: Rule = {
  id: 'architecture/hardcoded-endpoint',
  locality: 'declaration',
  meta: {
    title: 'Service endpoint hard-coded in the source',
    area: 'architecture',
    defaultSeverity: 'warning',
    languages: ['javascript', 'typescript', 'tsx', 'python', 'java', 'go', 'ruby', 'php'],
    description: 'A service URL, IP address, host:port or database host written into the code instead of configuration ties the build to one environment: staging, tests and a moved service all need a code change.',
    cwe: ['CWE-547'],
    references: ['The Twelve-Factor App III (Config)', 'OWASP ASVS v5 13.1 (configuration documentation)'],
    messages: {
      url: "Hard-coded service URL '{{value}}': read it from configuration (environment variable or config file) so each environment can point elsewhere.",
      ip: "Hard-coded IP address '{{value}}': read the address from configuration or service discovery.",
      hostPort: "Hard-coded host and port '{{value}}': read them from configuration so each environment can point elsewhere.",
      host: "Hard-coded host '{{value}}': read it from configuration so each environment can point elsewhere.",
    },
  },
  mentions: MENTIONS,
  check(ctx) {
    if (ctx.isTestFile || CONFIG_PATH.test(ctx.file)) return;
    for (const literal of ctx.nodesOfType(...STRING_TYPES)) {
      if (literal.parent && STRING_TYPES.includes(literal.parent.type)) continue;
      const value = stringValue(literal);
      if (!value || value.length < 4) continue;
      // Cheap pre-filter before any tree walking: only values that can be endpoints.
      if (!/[:.]/.test(value) && value !== 'localhost') continue;
      const used = usage(literal);
      const position = endpointPosition(used);
      if (!position) continue;
      const endpoint = classify(value.trim(), position.hostNamed && !position.quotedKey);
      if (!endpoint || isDocumentationHost(endpoint.host) || isUnspecified(endpoint.host) || isPlatformEndpoint(endpoint.host)) continue;
      // A connection string (`postgres://…`, `redis://…`, a PDO DSN) is an endpoint wherever it is bound or passed;
      // anything else needs an endpoint name or a client call, and dictionary data needs a scheme or a port.
      if (!endpoint.connectionString && !position.endpoint) continue;
      if (position.quotedKey && endpoint.kind !== 'url' && endpoint.kind !== 'hostPort') continue;
      if ((endpoint.kind === 'url' || endpoint.kind === 'host') && (PUBLIC_HOSTS.test(endpoint.host) || AWS_SERVICE_HOST.test(endpoint.host))) continue;
      // A public-looking web URL under a plain `url` name is as likely a documentation link as a service:
      // it needs a service name (`apiBase`, `paymentsEndpoint`), an API host, or an API path under a qualified name.
      if (!endpoint.internal && !endpoint.apiLike && !position.serviceNamed && !(endpoint.apiPath && !position.bareName)) continue;
      // A bare loopback address under a name is usually where this service listens; handed to a client, it is a call.
      if (endpoint.loopback && !endpoint.scheme && (position.via === 'name' || inServerStartup(used))) continue;
      if (isConfigFallback(used)) continue;
      ctx.report({ node: literal, messageId: MESSAGES[endpoint.kind], data: { value: value.length > 80 ? `${value.slice(0, 77)}...` : value } });
    }
  },
};
