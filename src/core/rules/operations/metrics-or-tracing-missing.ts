import type { ProjectRule } from '../../model';
import type { Ecosystem } from '../../analysis/manifests';
import { dockerfiles, findDependencies, findService, serviceImports } from '../../analysis/http-service';

/**
 * Metrics and tracing libraries across the six ecosystems (names lower-cased, `_` as `-`): OpenTelemetry and
 * OpenCensus, Prometheus clients and exporters, Micrometer / Actuator, Datadog, New Relic, Elastic APM, StatsD,
 * Yabeda, AppSignal, Skylight, Scout, Application Insights, X-Ray, Honeycomb, Dropwizard Metrics, and Sentry (its
 * performance monitoring is tracing).
 */
const TELEMETRY_DEP = /opentelemetry|open-telemetry|opencensus|(^|[/@-])otel([/-]|$)|prometheus|prom-client|promster|promphp|micrometer|^spring-boot-starter-actuator$|^spring-cloud-starter-sleuth$|dd-trace|ddtrace|datadog|newrelic|new-relic|elastic-apm|apm-agent|go\.elastic\.co\/apm|statsd|^hot-shots$|yabeda|^skylight$|scout-?apm|scoutapp|appsignal|applicationinsights|xray|honeycomb|^simpleclient|^metrics-core$|go-metrics|uber-go\/tally|victoriametrics\/metrics|sentry/;
const TELEMETRY_IMPORT = /opentelemetry|prom-client|prometheus|micrometer|dd-trace|ddtrace|datadog|newrelic|elasticapm|elastic-apm|go\.elastic\.co\/apm|statsd|opencensus|yabeda|appsignal|sentry|OpenTelemetry\\|Prometheus\\/i;
/** Agents attached at start-up rather than declared as dependencies. */
const DEPLOY_LINE = /instrumentation\.opentelemetry\.io\/inject-|\bOTEL_[A-Z_]+|-javaagent:|\bDD_(AGENT_HOST|SERVICE|TRACE_[A-Z_]+)\b|admission\.datadoghq\.com|NEW_RELIC_LICENSE_KEY|prometheus\.io\/scrape/;
const AGENT_LINE = /-javaagent:|opentelemetry-instrument\b|ddtrace-run\b|newrelic-admin\b|dd-java-agent|elastic-apm-agent|--require[= ](dd-trace|@opentelemetry|newrelic)|-r (dd-trace|newrelic)\b|OTEL_EXPORTER_OTLP_ENDPOINT/;

export const metricsOrTracingMissing: ProjectRule = {
  id: 'operations/metrics-or-tracing-missing',
  kind: 'project',
  meta: {
    title: 'HTTP service without metrics or tracing',
    area: 'operations',
    defaultSeverity: 'warning',
    languages: [], // a project rule; the languages it reads are listed in its docs
    description: 'An HTTP service with no metrics or tracing library (OpenTelemetry, Prometheus, Micrometer, an APM agent) cannot show its request rate, errors and latency, so slowdowns and outages are found by users first.',
    references: ['Google SRE Book ch. 6: Monitoring Distributed Systems (the four golden signals)', 'OpenTelemetry documentation', 'OWASP ASVS v5 16 (Security Logging and Error Handling)'],
    messages: {
      framework: 'This {{framework}} service has no metrics or tracing library: add {{hint}} so request rate, errors and latency are measured and alerted on.',
      service: 'This HTTP service has no metrics or tracing library: add OpenTelemetry or a Prometheus client so request rate, errors and latency are measured and alerted on.',
    },
  },
  checkProject(ctx) {
    const service = findService(ctx);
    if (!service || hasTelemetry(ctx)) return;
    if (service.framework) {
      const { dep, manifest } = service.framework;
      ctx.report({ file: manifest.file, line: dep.line, messageId: 'framework', data: { framework: dep.name, hint: HINTS[manifest.ecosystem] } });
      return;
    }
    const anchor = ctx.primaryFile();
    if (anchor && ctx.manifests.some(m => m.file === anchor)) ctx.report({ file: anchor, line: 0, messageId: 'service' });
    else {
      const where = service.routeFiles[0] ?? service.listens[0];
      if (where) ctx.report({ file: where.file, line: where.line, messageId: 'service' });
    }
  },
};

const HINTS: Record<Ecosystem, string> = {
  npm: '@opentelemetry/sdk-node with auto-instrumentations, or prom-client',
  pypi: 'opentelemetry-instrumentation for the framework, or prometheus-client',
  maven: 'spring-boot-starter-actuator with a Micrometer registry, or the OpenTelemetry Java agent',
  go: 'go.opentelemetry.io/otel, or github.com/prometheus/client_golang',
  rubygems: 'opentelemetry-instrumentation-all, or yabeda / prometheus-client',
  composer: 'open-telemetry/opentelemetry-auto-laravel, or promphp/prometheus_client_php',
};

function hasTelemetry(ctx: Parameters<ProjectRule['checkProject']>[0]): boolean {
  if (findDependencies(ctx, TELEMETRY_DEP, { dev: true }).length) return true;
  for (const specifier of serviceImports(ctx)) if (TELEMETRY_IMPORT.test(specifier)) return true;
  // An agent attached in the image, the Procfile or an npm start script.
  const startFiles = [...dockerfiles(ctx), ...ctx.find(['Procfile', '**/Procfile'])];
  if (startFiles.some(f => AGENT_LINE.test(ctx.readText(f) ?? ''))) return true;
  // Compose files and Kubernetes manifests: OTLP settings, or the OpenTelemetry operator's injection annotation.
  for (const file of ctx.find('**/*.{yml,yaml}')) {
    if (!ctx.isTestFile(file) && DEPLOY_LINE.test(ctx.readText(file) ?? '')) return true;
  }
  return ctx.manifests.some(m => Object.values(m.scripts).some(s => AGENT_LINE.test(s)));
}
