import * as assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vm from 'node:vm';
import Ajv from 'ajv';
import addFormats from 'ajv-formats';
import type * as Sarif from 'sarif';
import type { AreaSummary, ChecklistItem, EvaluatedItem, Finding, ItemStatus, Rule } from '../../src/core/model';
import type { ReportInput } from '../../src/core/report/model';
import { renderJson, type JsonReport } from '../../src/core/report/json';
import { renderSarif } from '../../src/core/report/sarif';
import { escapeMarkdown, renderMarkdown } from '../../src/core/report/markdown';
import { renderHtml } from '../../src/core/report/html';

const GOLDENS = path.join(__dirname, '..', 'fixtures', 'reports');
const HOSTILE_FILE = 'src/<script>alert(1)</script>|`x`.ts';
const HOSTILE_MESSAGE = "Error swallowed in `catch` | <script>alert('xss')</script> & <img src=x onerror=alert(1)> @everyone [a](javascript:alert(1))\nsecond line";

const range = (line: number, column: number, endLine: number, endColumn: number) => ({ start: { line, column }, end: { line: endLine, column: endColumn } });

// The rules, items and findings are written out here, not taken from the registry, so that the goldens change only
// when a renderer does.
const RULES: Rule[] = [
  {
    id: 'security/sql-injection',
    meta: {
      title: 'SQL built from untrusted input', area: 'security', defaultSeverity: 'error', languages: ['typescript', 'python'],
      description: 'Query text concatenated from request data lets an attacker run their own SQL.',
      cwe: ['CWE-89'], references: ['OWASP ASVS v5 1.2.4'], messages: { tainted: 'Query text includes {{source}} without parameters.' },
    },
    check() { /* not run */ },
  },
  {
    id: 'performance/query-in-loop',
    meta: {
      title: 'Database query inside a loop', area: 'performance', defaultSeverity: 'warning', languages: ['python'],
      description: 'One query per iteration (N+1) multiplies round trips as the data grows.', messages: { loop: 'Query inside a loop.' },
    },
    check() { /* not run */ },
  },
  {
    id: 'code/swallowed-error',
    meta: {
      title: 'Error caught and ignored', area: 'code', defaultSeverity: 'warning', languages: ['typescript'],
      description: 'An empty catch hides failures.', cwe: ['CWE-390'], messages: { empty: 'Empty catch.' },
    },
    check() { /* not run */ },
  },
  {
    id: 'operations/health-endpoint-missing',
    kind: 'project',
    meta: {
      title: 'No health endpoint', area: 'operations', defaultSeverity: 'info', languages: [],
      description: 'Orchestrators need a cheap endpoint to tell a live instance from a dead one.', messages: { missing: 'No health endpoint.' },
    },
    checkProject() { /* not run */ },
  },
];

const FINDINGS: Finding[] = [
  {
    ruleId: 'security/sql-injection', area: 'security', severity: 'error',
    message: 'Query text includes req.query.id without parameters.', file: 'src/users/repo.ts', range: range(40, 9, 40, 58),
    fingerprint: 'a1b2c3d4e5f60718',
    related: [
      { file: 'src/users/routes.ts', range: range(11, 14, 11, 26), message: 'req.query.id is read here' },
      { file: 'src/users/service.ts', range: range(7, 2, 7, 30), message: 'passed to findUser(id)' },
    ],
  },
  {
    ruleId: 'code/swallowed-error', area: 'code', severity: 'warning', message: HOSTILE_MESSAGE, file: HOSTILE_FILE,
    range: range(2, 4, 4, 5), fingerprint: 'ffeeddccbbaa9988',
  },
  {
    ruleId: 'performance/query-in-loop', area: 'performance', severity: 'warning', message: 'Query inside a loop over orders.',
    file: 'app/orders/sérvice file.py', range: range(17, 8, 17, 40), fingerprint: '0011223344556677',
  },
  {
    ruleId: 'operations/health-endpoint-missing', area: 'operations', severity: 'info',
    message: 'No health endpoint: add GET /healthz.', file: 'package.json', range: range(0, 0, 0, 1), fingerprint: '8899aabbccddeeff',
  },
  {
    ruleId: 'security/sql-injection', area: 'security', severity: 'hint', message: 'Query text includes a format string.',
    file: 'src/users/repo.ts', range: range(40, 9, 40, 20), fingerprint: '1111222233334444',
  },
];

function item(id: string, area: ChecklistItem['area'], title: string, rules: string[], manual = false): ChecklistItem {
  return { id, area, level: manual ? 'lead' : 'junior', title, why: `Why ${title.toLowerCase()} <matters>.`, verifiedBy: 'rules', rules, manual };
}

function evaluated(i: ChecklistItem, status: ItemStatus): EvaluatedItem {
  return { item: i, status, findings: FINDINGS.filter(f => i.rules.includes(f.ruleId)) };
}

const AREAS: AreaSummary[] = [
  { area: 'code', title: 'Writing and maintaining code', passed: 0, total: 1,
    items: [evaluated(item('code.errors-handled', 'code', 'Errors are handled, not swallowed', ['code/swallowed-error']), 'failing')] },
  { area: 'performance', title: 'Optimisation and performance tuning', passed: 1, total: 2, items: [
    evaluated(item('performance.no-n-plus-one', 'performance', 'No queries in loops', ['performance/query-in-loop']), 'failing'),
    evaluated(item('performance.timeouts', 'performance', 'Outbound calls | have timeouts', ['performance/outbound-call-without-timeout']), 'passed'),
  ] },
  { area: 'security', title: 'Security', passed: 0, total: 1,
    items: [evaluated(item('security.parameterised-queries', 'security', 'Queries are parameterised', ['security/sql-injection']), 'failing')] },
  { area: 'operations', title: 'Cloud, deployment and monitoring', passed: 0, total: 1, items: [
    evaluated(item('operations.health', 'operations', 'Health endpoint', ['operations/health-endpoint-missing']), 'failing'),
    evaluated(item('operations.sla', 'operations', 'Service level objectives written down', [], true), 'not-applicable'),
  ] },
  { area: 'collaboration', title: 'Collaboration and mentoring', passed: 1, total: 2, items: [
    evaluated(item('collaboration.reviews', 'collaboration', 'Code is reviewed before merge', [], true), 'attested'),
    evaluated(item('collaboration.adrs', 'collaboration', 'Architecture decisions are recorded', [], true), 'needs-attestation'),
  ] },
  { area: 'testing', title: 'Testing and debugging', passed: 0, total: 0, items: [] },
];

const INPUT: ReportInput = {
  tool: { name: 'Backend Practices', version: '0.1.0', informationUri: 'https://example.invalid/backend-practices' },
  root: '/home/dev/shop api',
  role: 'senior',
  generatedAt: '2025-01-02T03:04:05.000Z',
  files: 42,
  durationMs: 1234,
  skipped: [{ file: 'public/vendor.min.js', reason: 'minified' }, { file: 'data/dump.sql', reason: 'larger than 1048576 bytes' }],
  findings: FINDINGS,
  areas: AREAS,
  rules: RULES,
  baselineSuppressed: 3,
};

/** The same input with findings, rules and skipped files in another order: the output must not change. */
function shuffled(input: ReportInput): ReportInput {
  return { ...input, findings: [...input.findings].reverse(), rules: [...input.rules].reverse(), skipped: [...input.skipped].reverse() };
}

function golden(name: string, actual: string): void {
  const file = path.join(GOLDENS, name);
  if (process.env.UPDATE_GOLDENS) fs.writeFileSync(file, actual);
  assert.ok(fs.existsSync(file), `${name} is missing: run with UPDATE_GOLDENS=1`);
  // Byte for byte: a renderer change shows as a diff of the golden in review.
  assert.equal(actual, fs.readFileSync(file, 'utf8'), `${name} differs from the golden (UPDATE_GOLDENS=1 rewrites it)`);
}

describe('reports', () => {
  describe('JSON', () => {
    it('matches the golden and does not depend on input order', () => {
      golden('report.json', renderJson(INPUT));
      assert.equal(renderJson(shuffled(INPUT)), renderJson(INPUT));
    });

    it('has the documented version 1 shape with 1-based ranges and CWE ids from the rules', () => {
      const json = JSON.parse(renderJson(INPUT)) as JsonReport;
      assert.equal(json.version, 1);
      assert.deepEqual(json.summary.findings, { total: 5, error: 1, warning: 2, info: 1, hint: 1 });
      assert.equal(json.summary.tool.version, '0.1.0');
      const sql = json.findings.find(f => f.rule === 'security/sql-injection' && f.severity === 'error')!;
      assert.deepEqual(sql.range, { startLine: 41, startColumn: 10, endLine: 41, endColumn: 59 });
      assert.deepEqual(sql.cwe, ['CWE-89']);
      assert.equal(sql.related.length, 2);
      assert.equal(json.areas.find(a => a.id === 'security')!.items[0]!.findings, 2);
    });
  });

  describe('SARIF', () => {
    const log = JSON.parse(renderSarif(INPUT)) as Sarif.Log;
    const run = log.runs[0]!;

    it('matches the golden and does not depend on input order', () => {
      golden('report.sarif', renderSarif(INPUT));
      assert.equal(renderSarif(shuffled(INPUT)), renderSarif(INPUT));
    });

    it('is valid against the OASIS SARIF 2.1.0 schema', () => {
      const schema = JSON.parse(fs.readFileSync(path.join(GOLDENS, 'sarif-schema-2.1.0.json'), 'utf8')) as { title: string };
      assert.equal(schema.title, 'Static Analysis Results Format (SARIF) Version 2.1.0 JSON Schema');
      const ajv = new Ajv({ allErrors: true, strict: false });
      addFormats(ajv);
      const validate = ajv.compile(schema);
      assert.ok(validate(log), ajv.errorsText(validate.errors, { separator: '\n' }));
      // The validator does catch mistakes: a result without a message is refused.
      const broken = structuredClone(log);
      delete (broken.runs[0]!.results![0] as Partial<Sarif.Result>).message;
      assert.equal(validate(broken), false);
    });

    it('describes rules with levels, help, tags and security severity', () => {
      const rules = run.tool.driver.rules!;
      assert.deepEqual(rules.map(r => r.id), [...RULES.map(r => r.id)].sort());
      const sql = rules.find(r => r.id === 'security/sql-injection')!;
      assert.equal(sql.name, 'SqlInjection');
      assert.equal(sql.shortDescription!.text, 'SQL built from untrusted input');
      assert.equal(sql.helpUri, 'https://example.invalid/backend-practices/docs/rules/security/sql-injection.md');
      assert.equal(sql.defaultConfiguration!.level, 'error');
      assert.deepEqual(sql.properties!.tags, ['security', 'CWE-89', 'external/cwe/cwe-89']);
      assert.equal(sql.properties!['security-severity'], '8.0');
      const health = rules.find(r => r.id === 'operations/health-endpoint-missing')!;
      assert.equal(health.defaultConfiguration!.level, 'note');
      assert.deepEqual(health.properties!.tags, ['operations']);
      assert.equal(health.properties!['security-severity'], undefined);
      // A rule of another area that names a CWE is still a security rule for code scanning.
      assert.deepEqual(rules.find(r => r.id === 'code/swallowed-error')!.properties!.tags, ['code', 'security', 'CWE-390', 'external/cwe/cwe-390']);
    });

    it('writes results with relative escaped URIs, 1-based regions, fingerprints and code flows', () => {
      assert.equal(run.originalUriBaseIds!['%SRCROOT%']!.uri, 'file:///home/dev/shop%20api/');
      for (const r of run.results!) {
        const loc = r.locations![0]!.physicalLocation!;
        assert.equal(loc.artifactLocation!.uriBaseId, '%SRCROOT%');
        assert.doesNotMatch(loc.artifactLocation!.uri!, /^\/|\\|[<>|` ]/);
        assert.equal(run.tool.driver.rules![r.ruleIndex!]!.id, r.ruleId);
        assert.match(r.partialFingerprints!['backendPractices/v1']!, /^[0-9a-f]{16}$/);
      }
      const hostile = run.results!.find(r => r.ruleId === 'code/swallowed-error')!;
      assert.equal(hostile.locations![0]!.physicalLocation!.artifactLocation!.uri, 'src/%3Cscript%3Ealert%281%29%3C/script%3E%7C%60x%60.ts');
      const sql = run.results!.find(r => r.level === 'error')!;
      assert.deepEqual(sql.locations![0]!.physicalLocation!.region, { startLine: 41, startColumn: 10, endLine: 41, endColumn: 59 });
      const flow = sql.codeFlows![0]!.threadFlows[0]!.locations.map(l => l.location!.physicalLocation!.artifactLocation!.uri);
      assert.deepEqual(flow, ['src/users/routes.ts', 'src/users/service.ts', 'src/users/repo.ts']);
      assert.equal(run.results!.filter(r => r.codeFlows).length, 1);
      assert.equal(run.invocations![0]!.executionSuccessful, true);
    });
  });

  describe('Markdown', () => {
    const md = renderMarkdown(INPUT);

    it('matches the golden and does not depend on input order', () => {
      golden('report.md', md);
      assert.equal(renderMarkdown(shuffled(INPUT)), md);
    });

    it('keeps hostile text inside its table cell and inert', () => {
      // Every row of every table has as many cell separators as the table's header.
      const pipes = (l: string) => l.match(/(?<!\\)\|/g)!.length;
      let columns = 0;
      for (const line of md.split('\n')) {
        if (!line.startsWith('|')) columns = 0;
        else if (!columns) columns = pipes(line);
        else assert.equal(pipes(line), columns, line);
      }
      const findingRows = md.split('\n').filter(l => l.startsWith('| 🟠 warning | `code/swallowed-error`'));
      assert.equal(findingRows.length, 1);
      // Four cells: five pipes that are not backslash-escaped.
      assert.equal(findingRows[0]!.match(/(?<!\\)\|/g)!.length, 5);
      assert.doesNotMatch(md, /<script|<img|@everyone|\]\(javascript:/i);
      assert.match(md, /&lt;script&gt;alert\\\(1\\\)&lt;\/script&gt;/);
      assert.equal(escapeMarkdown('a|b`c`<d>\n[e](f) @g'), 'a\\|b\\`c\\`&lt;d&gt; \\[e\\]\\(f\\) &#64;g');
    });

    it('links findings to file#Lline, relative to where the report is written, most severe first', () => {
      assert.match(md, /\[app\/orders\/sérvice file\.py:18\]\(app\/orders\/s%C3%A9rvice%20file\.py#L18\)/);
      const other = renderMarkdown(INPUT, { linkBase: '..' });
      assert.match(other, /\]\(\.\.\/src\/users\/repo\.ts#L41\)/);
      const top = md.slice(md.indexOf('## Top findings'));
      assert.ok(top.indexOf('🔴 error') < top.indexOf('🟠 warning') && top.indexOf('🔵 info') < top.indexOf('⚪ hint'));
      assert.match(renderMarkdown(INPUT, { maxFindings: 2 }), /…and 3 more findings/);
    });
  });

  describe('HTML', () => {
    const html = renderHtml(INPUT, { theme: 'standalone' });
    const webview = renderHtml(INPUT, { theme: 'vscode', nonce: 'n0nce123', cspSource: 'https://*.vscode-cdn.net' });

    it('matches the golden and does not depend on input order', () => {
      golden('report.html', html);
      assert.equal(renderHtml(shuffled(INPUT), { theme: 'standalone' }), html);
    });

    it('shows a hostile file name and message as text', () => {
      for (const page of [html, webview]) {
        assert.equal(page.match(/<script/g)!.length, 1, 'only the report\'s own script tag');
        assert.doesNotMatch(page, /<img/);
        assert.ok(page.includes('src/&lt;script&gt;alert(1)&lt;/script&gt;|`x`.ts:3:5'));
        assert.ok(page.includes('&lt;script&gt;alert(&#39;xss&#39;)&lt;/script&gt; &amp; &lt;img src=x onerror=alert(1)&gt;'));
        assert.ok(page.includes('data-file="src/&lt;script&gt;alert(1)&lt;/script&gt;|`x`.ts"'));
      }
    });

    it('loads nothing from the network', () => {
      for (const page of [html, webview]) {
        assert.doesNotMatch(page, /\b(?:src|href|action|srcset|poster|data)\s*=\s*["']?\s*(?:https?:)?\/\//i);
        assert.doesNotMatch(page, /<(?:link|iframe|object|embed|base)\b/i);
        assert.doesNotMatch(page, /@import|url\(/i);
      }
      assert.doesNotMatch(html, /https?:/);
    });

    it('allows exactly its own style and script by hash when standalone', () => {
      const csp = /<meta http-equiv="Content-Security-Policy" content="([^"]+)">/.exec(html)![1]!;
      const style = /<style>([\s\S]*?)<\/style>/.exec(html)![1]!;
      const script = /<script>([\s\S]*?)<\/script>/.exec(html)![1]!;
      const hash = (s: string) => `'sha256-${createHash('sha256').update(s).digest('base64')}'`;
      assert.equal(csp, `default-src 'none'; style-src ${hash(style)}; script-src ${hash(script)}; img-src data:`);
      assert.doesNotThrow(() => new vm.Script(script), 'the inline script parses');
      assert.match(html, /<div class="filters" id="filters" hidden>/, 'controls that need scripts stay hidden without them');
    });

    it('uses the workbench theme, a nonce on every tag and the CSP the webview needs', () => {
      assert.ok(webview.includes(`content="default-src 'none'; style-src https://*.vscode-cdn.net 'nonce-n0nce123'; script-src 'nonce-n0nce123'; img-src https://*.vscode-cdn.net data:"`));
      for (const tag of webview.match(/<(?:script|style)\b[^>]*>/g)!) assert.match(tag, / nonce="n0nce123"/);
      assert.match(webview, /var\(--vscode-foreground\)/);
      assert.match(webview, /var\(--vscode-editor-background\)/);
      assert.doesNotMatch(html, /--vscode-/);
      assert.match(webview, /<tr [^>]*data-file="src\/users\/repo\.ts" data-line="41" data-column="10">/);
      assert.match(webview, /<li data-file="src\/users\/routes\.ts" data-line="12" data-column="15">/);
      assert.match(webview, /typeof acquireVsCodeApi === 'function'/);
    });

    it('draws per-area and per-severity charts', () => {
      assert.match(html, /aria-label="Checklist items passed per area: Writing and maintaining code 0 of 1 passed, Optimisation and performance tuning 1 of 2 passed/);
      assert.match(html, /aria-label="Findings by severity: 1 error, 2 warning, 1 info, 1 hint"/);
      assert.equal(html.match(/class="bar-passed"/g)!.length, 2);
    });
  });
});
