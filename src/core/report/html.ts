import { createHash } from 'node:crypto';
import type { Finding, ItemStatus, Severity } from '../model';
import { SEVERITY_ORDER } from '../model';
import { compareBySeverity, countBySeverity, plural, SEVERITIES, sortedFindings, sortedSkipped } from './common';
import type { ReportInput } from './model';

export interface HtmlOptions {
  /** Put on every `<script>` and `<style>` and allowed by the CSP; without one, the CSP allows their hashes. */
  nonce?: string;
  /** The webview's `cspSource`, allowed for styles and images. */
  cspSource?: string;
  /** `vscode` draws with the workbench's CSS variables; `standalone` has its own light and dark palettes. */
  theme: 'standalone' | 'vscode';
}

/** What the report posts to a VS Code webview host when a finding is clicked; positions are 1-based. */
export interface OpenFileMessage { type: 'open'; file: string; line: number; column: number }

const ENTITIES: Readonly<Record<string, string>> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

/** Text as HTML text or a quoted attribute value: nothing in it can open a tag, end an attribute or start an entity. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, c => ENTITIES[c]!);
}

const STATUS_LABEL: Record<ItemStatus, { mark: string; label: string }> = {
  passed: { mark: '✔', label: 'passed' },
  failing: { mark: '✖', label: 'failing' },
  'needs-attestation': { mark: '?', label: 'needs attestation' },
  attested: { mark: '✔', label: 'attested' },
  waived: { mark: '–', label: 'waived' },
  'not-applicable': { mark: '–', label: 'not applicable' },
};

const STANDALONE_THEME = `:root {
  color-scheme: light dark;
  --bp-fg: #1f2328; --bp-bg: #ffffff; --bp-muted: #59636e; --bp-border: #d1d9e0; --bp-hover: #f6f8fa;
  --bp-track: #eaeef2; --bp-passed: #1a7f37; --bp-error: #cf222e; --bp-warning: #9a6700; --bp-info: #0969da;
  --bp-hint: #6e7781; --bp-focus: #0969da; --bp-input-bg: #ffffff; --bp-input-fg: #1f2328; --bp-input-border: #d1d9e0;
  --bp-font: system-ui, -apple-system, "Segoe UI", Roboto, sans-serif;
  --bp-mono: ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; --bp-size: 14px;
}
@media (prefers-color-scheme: dark) {
  :root {
    --bp-fg: #e6edf3; --bp-bg: #0d1117; --bp-muted: #9198a1; --bp-border: #3d444d; --bp-hover: #151b23;
    --bp-track: #262c36; --bp-passed: #3fb950; --bp-error: #f85149; --bp-warning: #d29922; --bp-info: #4493f8;
    --bp-hint: #9198a1; --bp-focus: #4493f8; --bp-input-bg: #0d1117; --bp-input-fg: #e6edf3; --bp-input-border: #3d444d;
  }
}`;

// The workbench sets these variables on the webview's root and updates them when the colour theme changes.
const VSCODE_THEME = `:root {
  --bp-fg: var(--vscode-foreground); --bp-bg: var(--vscode-editor-background); --bp-muted: var(--vscode-descriptionForeground);
  --bp-border: var(--vscode-panel-border, var(--vscode-widget-border, rgba(128, 128, 128, 0.35)));
  --bp-hover: var(--vscode-list-hoverBackground); --bp-track: var(--vscode-editorWidget-background, rgba(128, 128, 128, 0.2));
  --bp-passed: var(--vscode-testing-iconPassed, #73c991); --bp-error: var(--vscode-errorForeground);
  --bp-warning: var(--vscode-editorWarning-foreground); --bp-info: var(--vscode-editorInfo-foreground);
  --bp-hint: var(--vscode-editorHint-foreground, var(--vscode-descriptionForeground)); --bp-focus: var(--vscode-focusBorder);
  --bp-input-bg: var(--vscode-input-background); --bp-input-fg: var(--vscode-input-foreground);
  --bp-input-border: var(--vscode-input-border, transparent);
  --bp-font: var(--vscode-font-family); --bp-mono: var(--vscode-editor-font-family); --bp-size: var(--vscode-font-size);
}`;

const STYLE = `
body { margin: 0; padding: 16px 24px 32px; background: var(--bp-bg); color: var(--bp-fg); font-family: var(--bp-font); font-size: var(--bp-size); line-height: 1.45; }
main { max-width: 1200px; }
h1 { font-size: 1.6em; margin: 0 0 4px; } h2 { font-size: 1.25em; margin: 28px 0 8px; } h3 { font-size: 1.05em; margin: 18px 0 6px; }
.muted { color: var(--bp-muted); font-weight: normal; }
code, .mono { font-family: var(--bp-mono); font-size: 0.95em; }
.summary { display: flex; flex-wrap: wrap; gap: 8px 28px; margin: 12px 0 0; }
.summary div { display: flex; flex-direction: column; } .summary dt { color: var(--bp-muted); font-size: 0.85em; } .summary dd { margin: 0; font-size: 1.3em; font-weight: 600; }
.charts { display: flex; flex-wrap: wrap; gap: 16px 48px; }
.chart { flex: 1 1 360px; max-width: 640px; } .chart svg { width: 100%; height: auto; display: block; }
svg text { fill: var(--bp-fg); font-family: var(--bp-font); font-size: 13px; } svg .count { fill: var(--bp-muted); }
.track { fill: var(--bp-track); } .bar-passed { fill: var(--bp-passed); }
.bar-error { fill: var(--bp-error); } .bar-warning { fill: var(--bp-warning); } .bar-info { fill: var(--bp-info); } .bar-hint { fill: var(--bp-hint); }
table { border-collapse: collapse; width: 100%; }
th, td { text-align: left; vertical-align: top; padding: 4px 8px; border-bottom: 1px solid var(--bp-border); }
th { font-weight: 600; white-space: nowrap; } td.num, th.num { text-align: right; }
th button { font: inherit; color: inherit; background: none; border: 0; padding: 0; cursor: pointer; }
th[aria-sort="ascending"] button::after { content: " ▲"; } th[aria-sort="descending"] button::after { content: " ▼"; }
.sev { font-weight: 600; white-space: nowrap; }
.sev-error { color: var(--bp-error); } .sev-warning { color: var(--bp-warning); } .sev-info { color: var(--bp-info); } .sev-hint { color: var(--bp-hint); }
.status { white-space: nowrap; } .status-passed, .status-attested { color: var(--bp-passed); } .status-failing { color: var(--bp-error); }
.status-needs-attestation { color: var(--bp-warning); } .status-waived, .status-not-applicable { color: var(--bp-muted); }
.loc { font-family: var(--bp-mono); font-size: 0.95em; word-break: break-all; }
.message { white-space: pre-wrap; word-break: break-word; }
table.items { table-layout: fixed; } .c-item { width: 62%; } .c-level { width: 10%; } .c-status { width: 18%; } .c-count { width: 10%; }
.related { margin: 4px 0 0; padding-left: 18px; color: var(--bp-muted); }
.filters { display: flex; flex-wrap: wrap; gap: 8px; align-items: center; margin: 0 0 8px; }
.filters input, .filters select { font: inherit; color: var(--bp-input-fg); background: var(--bp-input-bg); border: 1px solid var(--bp-input-border); padding: 3px 6px; }
.filters input { min-width: 240px; }
.clickable tbody tr, .clickable .related li { cursor: pointer; }
.clickable tbody tr:hover { background: var(--bp-hover); }
:focus-visible { outline: 1px solid var(--bp-focus); outline-offset: -1px; }
details summary { cursor: pointer; }
`;

// Vanilla and optional: without scripts the page is complete, only sorting, filtering and click-to-open are missing.
const SCRIPT = `(function () {
  'use strict';
  var table = document.getElementById('findings');
  if (!table) return;
  var tbody = table.tBodies[0];
  var rows = Array.prototype.slice.call(tbody.rows);
  var texts = rows.map(function (r) { return r.textContent.toLowerCase(); });
  var q = document.getElementById('filter-text');
  var sev = document.getElementById('filter-severity');
  var area = document.getElementById('filter-area');
  var shown = document.getElementById('filter-count');
  var api = typeof acquireVsCodeApi === 'function' ? acquireVsCodeApi() : undefined;
  var state = (api && api.getState()) || {};
  document.getElementById('filters').hidden = false;

  function save() {
    if (api) api.setState({ q: q.value, sev: sev.value, area: area.value, sort: state.sort, dir: state.dir });
  }
  function filter() {
    var text = q.value.trim().toLowerCase(), n = 0;
    rows.forEach(function (r, i) {
      var ok = (!sev.value || r.getAttribute('data-severity') === sev.value)
        && (!area.value || r.getAttribute('data-area') === area.value)
        && (!text || texts[i].indexOf(text) >= 0);
      r.hidden = !ok;
      if (ok) n++;
    });
    shown.textContent = n + ' of ' + rows.length + ' shown';
    save();
  }
  var keys = {
    severity: function (r) { return Number(r.getAttribute('data-rank')); },
    area: function (r) { return r.getAttribute('data-area'); },
    rule: function (r) { return r.getAttribute('data-rule'); },
    location: function (r) { return Number(r.getAttribute('data-loc')); },
    message: function (r) { return r.cells[4].textContent.toLowerCase(); }
  };
  var headers = Array.prototype.slice.call(table.tHead.rows[0].cells);
  function sortBy(key, dir) {
    var get = keys[key];
    var decorated = rows.map(function (r, i) { return { row: r, key: get(r), index: i }; });
    decorated.sort(function (a, b) {
      var c = a.key < b.key ? -1 : a.key > b.key ? 1 : 0;
      return (c * dir) || (a.index - b.index);
    });
    decorated.forEach(function (d) { tbody.appendChild(d.row); });
    headers.forEach(function (th) {
      if (th.getAttribute('data-sort') === key) th.setAttribute('aria-sort', dir > 0 ? 'ascending' : 'descending');
      else th.removeAttribute('aria-sort');
    });
    state.sort = key;
    state.dir = dir;
    save();
  }
  headers.forEach(function (th) {
    var key = th.getAttribute('data-sort');
    if (!key) return;
    var button = document.createElement('button');
    button.type = 'button';
    button.textContent = th.textContent;
    th.textContent = '';
    th.appendChild(button);
    button.addEventListener('click', function () {
      sortBy(key, state.sort === key ? -state.dir : 1);
    });
  });
  [q, sev, area].forEach(function (el) { el.addEventListener('input', filter); el.addEventListener('change', filter); });
  if (state.q) q.value = state.q;
  if (state.sev) sev.value = state.sev;
  if (state.area) area.value = state.area;
  if (!keys[state.sort]) state.sort = 'severity';
  sortBy(state.sort, state.dir === -1 ? -1 : 1);
  filter();

  if (!api) return;
  table.classList.add('clickable');
  rows.forEach(function (r) { r.tabIndex = 0; });
  function open(el) {
    api.postMessage({ type: 'open', file: el.getAttribute('data-file'), line: Number(el.getAttribute('data-line')), column: Number(el.getAttribute('data-column')) });
  }
  tbody.addEventListener('click', function (e) {
    if (window.getSelection && String(window.getSelection()).length) return;
    var el = e.target.closest('[data-file]');
    if (el) open(el);
  });
  tbody.addEventListener('keydown', function (e) {
    if ((e.key === 'Enter' || e.key === ' ') && e.target.hasAttribute && e.target.hasAttribute('data-file')) {
      e.preventDefault();
      open(e.target);
    }
  });
})();`;

function sha256(text: string): string {
  return `'sha256-${createHash('sha256').update(text, 'utf8').digest('base64')}'`;
}

function position(file: string, line: number, column: number): string {
  return `data-file="${escapeHtml(file)}" data-line="${line}" data-column="${column}"`;
}

function severityChart(counts: Record<Severity, number>): string {
  const row = 28;
  const max = Math.max(1, ...SEVERITIES.map(s => counts[s]));
  // The same geometry as the area chart, so that both draw their text at the same size side by side.
  const width = 640;
  const x0 = 270;
  const barMax = 300;
  const bars = SEVERITIES.map((s, i) => {
    const y = i * row;
    const w = Math.round((counts[s] / max) * barMax);
    return `<text x="0" y="${y + 17}">${s}</text>`
      + `<rect class="track" x="${x0}" y="${y + 4}" width="${barMax}" height="18" rx="2"/>`
      + (w ? `<rect class="bar-${s}" x="${x0}" y="${y + 4}" width="${w}" height="18" rx="2"/>` : '')
      + `<text class="count" x="${x0 + barMax + 8}" y="${y + 17}">${counts[s]}</text>`;
  }).join('\n');
  const label = SEVERITIES.map(s => `${counts[s]} ${s}`).join(', ');
  return `<svg viewBox="0 0 ${width} ${SEVERITIES.length * row}" role="img" aria-label="Findings by severity: ${escapeHtml(label)}">\n${bars}\n</svg>`;
}

function areaChart(input: ReportInput): string {
  const row = 28;
  const width = 640;
  const x0 = 270;
  const barMax = 300;
  const bars = input.areas.map((a, i) => {
    const y = i * row;
    const w = a.total ? Math.round((a.passed / a.total) * barMax) : 0;
    return `<text x="0" y="${y + 17}">${escapeHtml(a.title)}</text>`
      + `<rect class="track" x="${x0}" y="${y + 4}" width="${barMax}" height="18" rx="2"/>`
      + (w ? `<rect class="bar-passed" x="${x0}" y="${y + 4}" width="${w}" height="18" rx="2"/>` : '')
      + `<text class="count" x="${x0 + barMax + 8}" y="${y + 17}">${a.total ? `${a.passed}/${a.total}` : '–'}</text>`;
  }).join('\n');
  const label = input.areas.map(a => `${a.title} ${a.passed} of ${a.total} passed`).join(', ');
  return `<svg viewBox="0 0 ${width} ${Math.max(1, input.areas.length) * row}" role="img" aria-label="Checklist items passed per area: ${escapeHtml(label)}">\n${bars}\n</svg>`;
}

function checklist(input: ReportInput): string {
  return input.areas.map(a => {
    const rows = a.items.map(e => {
      const s = STATUS_LABEL[e.status];
      return `<tr><td title="${escapeHtml(e.item.why)}">${escapeHtml(e.item.title)}</td><td>${escapeHtml(e.item.level)}</td>`
        + `<td class="status status-${e.status}">${s.mark} ${s.label}</td><td class="num">${e.findings.length}</td></tr>`;
    }).join('\n');
    const body = a.items.length
      ? `<table class="items">\n<colgroup><col class="c-item"><col class="c-level"><col class="c-status"><col class="c-count"></colgroup>\n<thead><tr><th>Item</th><th>Level</th><th>Status</th><th class="num">Findings</th></tr></thead>\n<tbody>\n${rows}\n</tbody>\n</table>`
      : '<p class="muted">No items for this role.</p>';
    return `<section class="area" id="area-${escapeHtml(a.area)}">\n<h3>${escapeHtml(a.title)} <span class="muted">${a.passed}/${a.total}</span></h3>\n${body}\n</section>`;
  }).join('\n');
}

function findingRow(f: Finding, locationOrder: number): string {
  const line = f.range.start.line + 1;
  const column = f.range.start.column + 1;
  const related = f.related?.length
    ? `<ul class="related">${f.related.map(r => `<li ${position(r.file, r.range.start.line + 1, r.range.start.column + 1)}>`
      + `<span class="loc">${escapeHtml(r.file)}:${r.range.start.line + 1}:${r.range.start.column + 1}</span> ${escapeHtml(r.message)}</li>`).join('')}</ul>`
    : '';
  return `<tr data-loc="${locationOrder}" data-rank="${SEVERITY_ORDER[f.severity]}" data-severity="${f.severity}" data-area="${escapeHtml(f.area)}" `
    + `data-rule="${escapeHtml(f.ruleId)}" ${position(f.file, line, column)}>`
    + `<td class="sev sev-${f.severity}">${f.severity}</td><td>${escapeHtml(f.area)}</td><td><code>${escapeHtml(f.ruleId)}</code></td>`
    + `<td class="loc">${escapeHtml(f.file)}:${line}:${column}</td><td><div class="message">${escapeHtml(f.message)}</div>${related}</td></tr>`;
}

/** Rows most severe first (the order people read a report in); `findings` is in location order. */
function findingsTable(input: ReportInput, findings: Finding[]): string {
  if (!findings.length) return '<p>No findings.</p>';
  const areas = [...new Set(findings.map(f => f.area))];
  const areaOptions = input.areas.filter(a => areas.includes(a.area))
    .map(a => `<option value="${escapeHtml(a.area)}">${escapeHtml(a.title)}</option>`).join('');
  const severities = SEVERITIES.map(s => `<option value="${s}">${s}</option>`).join('');
  const locationOrder = new Map(findings.map((f, i) => [f, i]));
  return `<div class="filters" id="filters" hidden>
<input type="search" id="filter-text" placeholder="Filter by text" aria-label="Filter findings by text">
<select id="filter-severity" aria-label="Severity"><option value="">All severities</option>${severities}</select>
<select id="filter-area" aria-label="Area"><option value="">All areas</option>${areaOptions}</select>
<span id="filter-count" class="muted" aria-live="polite"></span>
</div>
<table id="findings">
<thead><tr><th data-sort="severity" aria-sort="ascending">Severity</th><th data-sort="area">Area</th><th data-sort="rule">Rule</th><th data-sort="location">Location</th><th data-sort="message">Message</th></tr></thead>
<tbody>
${[...findings].sort(compareBySeverity).map(f => findingRow(f, locationOrder.get(f)!)).join('\n')}
</tbody>
</table>`;
}

/** One self-contained page (inline CSS, SVG and script, nothing fetched) that reads the same with scripts off. */
export function renderHtml(input: ReportInput, options: HtmlOptions = { theme: 'standalone' }): string {
  const findings = sortedFindings(input);
  const counts = countBySeverity(findings);
  const style = `${options.theme === 'vscode' ? VSCODE_THEME : STANDALONE_THEME}\n${STYLE}`;
  const nonce = options.nonce ? escapeHtml(options.nonce) : undefined;
  const nonceAttr = nonce ? ` nonce="${nonce}"` : '';
  const source = options.cspSource ? `${escapeHtml(options.cspSource)} ` : '';
  const csp = [
    "default-src 'none'",
    `style-src ${source}${nonce ? `'nonce-${nonce}'` : sha256(style)}`,
    `script-src ${nonce ? `'nonce-${nonce}'` : sha256(SCRIPT)}`,
    `img-src ${source}data:`,
  ].join('; ');
  // The folder name tells reports of different services apart at a glance.
  const title = `Backend Practices report — ${input.root.split(/[\\/]/).filter(Boolean).pop() ?? input.root}`;
  const skipped = input.skipped.length
    ? `<details>\n<summary>${plural(input.skipped.length, 'skipped file')}</summary>\n<ul>\n${sortedSkipped(input)
      .map(s => `<li><span class="loc">${escapeHtml(s.file)}</span>: ${escapeHtml(s.reason)}</li>`).join('\n')}\n</ul>\n</details>`
    : '';
  const baseline = input.baselineSuppressed
    ? `<p class="muted">${plural(input.baselineSuppressed, 'finding')} from the baseline not shown.</p>\n` : '';
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="${csp}">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(title)}</title>
<style${nonceAttr}>${style}</style>
</head>
<body class="theme-${options.theme}">
<main>
<header>
<h1>${escapeHtml(title)}</h1>
<div class="muted">${escapeHtml(input.tool.name)} ${escapeHtml(input.tool.version)} · generated ${escapeHtml(input.generatedAt)}</div>
<dl class="summary">
<div><dt>Role</dt><dd>${escapeHtml(input.role)}</dd></div>
<div><dt>Files</dt><dd>${input.files}</dd></div>
<div><dt>Findings</dt><dd>${counts.total}</dd></div>
${SEVERITIES.map(s => `<div><dt>${s === 'info' ? 'Info' : `${s[0]!.toUpperCase()}${s.slice(1)}s`}</dt><dd class="sev-${s}">${counts[s]}</dd></div>`).join('\n')}
<div><dt>Duration</dt><dd>${input.durationMs} ms</dd></div>
</dl>
${baseline}</header>
<section class="charts">
<div class="chart"><h2>Checklist by area</h2>
${areaChart(input)}
</div>
<div class="chart"><h2>Findings by severity</h2>
${severityChart(counts)}
</div>
</section>
<h2>Findings</h2>
${findingsTable(input, findings)}
<h2>Checklist</h2>
${checklist(input)}
${skipped}
</main>
<script${nonceAttr}>${SCRIPT}</script>
</body>
</html>
`;
}
