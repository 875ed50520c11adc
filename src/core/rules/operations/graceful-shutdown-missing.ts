import type { LanguageId, ProjectRule } from '../../model';
import type { ProjectRuleContext } from '../../engine/project-context';
import { lifecycleOf } from '../../analysis/lifecycle';
import { type Listen, findDependencies, findService, serviceFiles } from '../../analysis/http-service';

/** Libraries that install the SIGTERM handler and drain the server for you. */
const JS_GRACEFUL_DEP = /^(@godaddy\/terminus|lightship|http-terminator|stoppable|close-with-grace|http-graceful-shutdown|@moebius\/http-graceful-shutdown|fastify-graceful-shutdown|death|exit-hook|async-exit-hook|signal-exit)$/;
const GO_GRACEFUL_DEP = /^(github\.com\/fvbock\/endless|github\.com\/facebookgo\/grace|gopkg\.in\/tylerb\/graceful\.v1|github\.com\/tylerb\/graceful|github\.com\/ory\/graceful|go\.uber\.org\/fx)$/;

type Group = 'js' | 'go' | 'python' | 'spring';
const GROUP: Partial<Record<LanguageId, Group>> = { javascript: 'js', typescript: 'js', tsx: 'js', go: 'go', python: 'python', java: 'spring' };

export const gracefulShutdownMissing: ProjectRule = {
  id: 'operations/graceful-shutdown-missing',
  kind: 'project',
  meta: {
    title: 'Server without graceful shutdown',
    area: 'operations',
    defaultSeverity: 'warning',
    languages: [], // a project rule; the languages it reads are listed in its docs
    description: 'A server that does not stop accepting connections and drain in-flight requests on SIGTERM drops requests on every deploy, scale-in and node drain.',
    references: ['The Twelve-Factor App IX (Disposability)', 'Kubernetes: Pod termination (SIGTERM, terminationGracePeriodSeconds)', 'Spring Boot reference: Graceful Shutdown'],
    messages: {
      js: "{{call}} starts a server but nothing handles SIGTERM: every deploy cuts off in-flight requests (and as PID 1 in a container Node ignores SIGTERM until it is killed). Add `process.on('SIGTERM', ...)` that calls `server.close()` and exits once it drains.",
      go: '{{call}} starts a server without SIGTERM handling and `Shutdown(ctx)`: every deploy cuts off in-flight requests. Use `signal.NotifyContext(ctx, os.Interrupt, syscall.SIGTERM)` and `srv.Shutdown` with a timeout.',
      python: "{{call}} runs a server that SIGTERM kills mid-request: install `signal.signal(signal.SIGTERM, ...)` that calls `shutdown()`, or run the app under gunicorn/uvicorn, which drain on SIGTERM.",
      spring: 'Spring Boot {{version}} stops the web server immediately on SIGTERM: set `server.shutdown=graceful` (and `spring.lifecycle.timeout-per-shutdown-phase`) so in-flight requests finish, or upgrade to Spring Boot 3.4+, where graceful is the default.',
    },
  },
  checkProject(ctx) {
    const service = findService(ctx);
    if (!service) return;
    const first = new Map<Group, Listen>();
    for (const listen of service.listens) {
      const group = listen.kind === 'spring' ? 'spring' : GROUP[listen.language];
      if (group && !first.has(group)) first.set(group, listen);
    }
    if (!first.size) return;
    const handled = { js: false, go: false, goShutdown: false, python: false };
    for (const { file, language } of serviceFiles(ctx)) {
      const fact = lifecycleOf(ctx.facts(file));
      const group = GROUP[language];
      if (fact.sigterm && (group === 'js' || group === 'go' || group === 'python')) handled[group] = true;
      if (fact.shutdown && group === 'go') handled.goShutdown = true;
    }
    const report = (listen: Listen, messageId: Group, data: Record<string, string> = {}) =>
      ctx.report({ file: listen.file, line: listen.line, messageId, data: { call: listen.call, ...data } });

    const js = first.get('js');
    if (js && !handled.js && !findDependencies(ctx, JS_GRACEFUL_DEP, { dev: true }).length) report(js, 'js');
    const go = first.get('go');
    if (go && !(handled.go && handled.goShutdown) && !findDependencies(ctx, GO_GRACEFUL_DEP).length) report(go, 'go');
    const python = first.get('python');
    if (python && !handled.python) report(python, 'python');
    const spring = first.get('spring');
    if (spring) {
      const version = springBootVersion(ctx);
      // Unknown version or Boot 3.4+ (graceful by default): stay quiet. An explicit server.shutdown is a decision.
      if (version && compareVersions(version, '3.4') < 0 && !springShutdownConfigured(ctx)) report(spring, 'spring', { version });
    }
  },
};

const BOOT_VERSION_PATTERNS = [
  /<artifactId>\s*spring-boot-(?:starter-parent|dependencies)\s*<\/artifactId>\s*<version>\s*(\d+\.\d+(?:\.\d+)?)/,
  /<spring-boot\.version>\s*(\d+\.\d+(?:\.\d+)?)/,
  /id\s*\(?\s*["']org\.springframework\.boot["']\s*\)?\s*version\s*["'](\d+\.\d+(?:\.\d+)?)/,
  /org\.springframework\.boot:spring-boot-(?:gradle-plugin|dependencies):(\d+\.\d+(?:\.\d+)?)/,
  /springBootVersion\s*=\s*["'](\d+\.\d+(?:\.\d+)?)/,
  /^\s*spring-?[Bb]oot\s*=\s*["'](\d+\.\d+(?:\.\d+)?)/m, // gradle/libs.versions.toml
];

/** The Spring Boot version declared in a pom.xml, a Gradle build or a version catalog, if any. */
function springBootVersion(ctx: ProjectRuleContext): string | undefined {
  const builds = ctx.find(['**/pom.xml', '**/build.gradle', '**/build.gradle.kts', '**/gradle.properties', '**/libs.versions.toml']).filter(f => !ctx.isTestFile(f));
  for (const file of builds) {
    const text = ctx.readText(file);
    if (!text) continue;
    for (const pattern of BOOT_VERSION_PATTERNS) {
      const m = pattern.exec(text);
      if (m) return m[1];
    }
  }
  return undefined;
}

const SHUTDOWN_PROPERTY = /^\s*server\.shutdown\s*[=:]/m;
const SHUTDOWN_YAML = /^\s+shutdown\s*:\s*["']?(graceful|immediate)["']?\s*(#.*)?$/im;
const SHUTDOWN_ENV = /\bSERVER_SHUTDOWN\s*[=:]/;

/** `server.shutdown` set in application properties/YAML, or SERVER_SHUTDOWN in a Dockerfile, compose file or manifest. */
function springShutdownConfigured(ctx: ProjectRuleContext): boolean {
  for (const file of ctx.find(['**/{application,bootstrap}*.{properties,yml,yaml}'])) {
    if (ctx.isTestFile(file)) continue;
    const text = ctx.readText(file) ?? '';
    if (SHUTDOWN_PROPERTY.test(text) || (/\.ya?ml$/.test(file) && SHUTDOWN_YAML.test(text))) return true;
  }
  for (const file of ctx.find(['**/*.{yml,yaml,env}', '**/.env*', '**/Dockerfile*'])) {
    if (!ctx.isTestFile(file) && SHUTDOWN_ENV.test(ctx.readText(file) ?? '')) return true;
  }
  return false;
}

function compareVersions(a: string, b: string): number {
  const pa = a.split('.').map(Number);
  const pb = b.split('.').map(Number);
  for (let i = 0; i < Math.max(pa.length, pb.length); i++) {
    const d = (pa[i] ?? 0) - (pb[i] ?? 0);
    if (d !== 0) return d;
  }
  return 0;
}
