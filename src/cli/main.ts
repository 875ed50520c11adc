import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { Finding, Role, Severity } from '../core/model';
import { ROLES, SEVERITY_ORDER } from '../core/model';
import { scanFolder } from '../core/engine/scanner';
import { WorkerPool } from '../core/engine/worker-pool';
import { checklistOf } from '../core/engine/folder-state';
import { loadTeamConfig, type LoadedConfig } from '../core/config/load';
import { resolveConfig } from '../core/config/effective';
import { starterConfig } from '../core/config/starter';
import { RULES } from '../core/rules';
import { renderText } from '../core/report/text';
import type { ReportInput } from '../core/report/model';
import { renderReport, REPORT_FORMATS, type ReportFormat } from '../core/report/render';
import { readBaseline, writeBaseline } from '../core/report/baseline';
import { parseArgv, UsageError } from './args';

declare const BP_VERSION: string | undefined;
export const VERSION = typeof BP_VERSION === 'string' ? BP_VERSION : '0.0.0-dev';

const USAGE = `Usage: backend-practices <command> [options]

Commands:
  scan [paths..]   analyse folders and report findings and the checklist (default command)
  rules            list the rule catalogue (--format markdown|json)
  checklist [path] list the checklist items and their status for a folder
  init [path]      write a starter team config (.backend-practices.yaml) for --role

Options for scan:
  --format <f>         text (default), json, sarif, markdown, html
  --output <file>      write the report to a file instead of stdout
  --config <file>      a team config to use instead of the folder's .backend-practices.yaml
  --role <role>        junior, mid, senior, lead (default: the team config's, else senior)
  --fail-on <level>    error (default), warning, note, never: exit 1 when a counted finding is at least this severe
  --baseline <file>    findings whose fingerprint is in this file do not count for --fail-on
  --update-baseline    write the current findings' fingerprints to --baseline
  --jobs <n>           worker threads (default: one per core)
  --no-cache           analyse every file again (default cache: $XDG_CACHE_HOME/backend-practices)
  --max-file-size <b>  skip larger files (default 1048576)
  --quiet              no progress, no config warnings
  -h, --help           show this help
  -v, --version        print the version

Exit codes: 0 nothing at --fail-on, 1 findings at --fail-on, 2 usage or configuration error.
`;

const SCAN_OPTIONS = [
  { name: 'format', value: true }, { name: 'output', value: true, alias: '-o' }, { name: 'config', value: true },
  { name: 'role', value: true }, { name: 'fail-on', value: true }, { name: 'baseline', value: true },
  { name: 'update-baseline' }, { name: 'jobs', value: true }, { name: 'no-cache' }, { name: 'cache-dir', value: true },
  { name: 'max-file-size', value: true }, { name: 'quiet', alias: '-q' }, { name: 'help', alias: '-h' }, { name: 'version', alias: '-v' },
] as const;

type Out = NodeJS.WritableStream & { isTTY?: boolean };

const FAIL_ON: Record<string, number> = { error: SEVERITY_ORDER.error, warning: SEVERITY_ORDER.warning, note: SEVERITY_ORDER.hint, never: -1 };

function loadConfigFor(root: string, configPath: string | undefined): LoadedConfig {
  if (!configPath) return loadTeamConfig(root);
  // An explicit config file: load it as if it were the folder's, keeping positions relative to it.
  const abs = path.resolve(configPath);
  if (!fs.existsSync(abs)) throw new UsageError(`--config ${configPath}: no such file`);
  const loaded = loadTeamConfig(path.dirname(abs), { fileName: path.basename(abs) });
  return { ...loaded, problems: loaded.problems.map(p => ({ ...p, file: path.relative(process.cwd(), path.resolve(path.dirname(abs), p.file)) })) };
}

export async function main(argv: string[], stdout: Out, stderr: Out): Promise<number> {
  try {
    return await run(argv, stdout, stderr);
  } catch (error) {
    if (error instanceof UsageError) {
      stderr.write(`backend-practices: ${error.message}\n\n${USAGE}`);
      return 2;
    }
    throw error;
  }
}

async function run(argv: string[], stdout: Out, stderr: Out): Promise<number> {
  const commands = ['scan', 'rules', 'checklist', 'init'];
  const command = commands.includes(argv[0] ?? '') ? argv[0]! : 'scan';
  const rest = command === argv[0] ? argv.slice(1) : argv;
  const { positionals, options } = parseArgv(rest, SCAN_OPTIONS);
  if (options.has('help')) { stdout.write(USAGE); return 0; }
  if (options.has('version')) { stdout.write(`${VERSION}\n`); return 0; }
  const role = options.get('role') as string | undefined;
  if (role !== undefined && !(ROLES as readonly string[]).includes(role)) throw new UsageError(`unknown role '${role}' (junior, mid, senior, lead)`);

  if (command === 'rules') return listRules(options.get('format') as string | undefined, stdout);
  if (command === 'init') {
    const folder = path.resolve(positionals[0] ?? '.');
    const target = path.join(folder, '.backend-practices.yaml');
    if (fs.existsSync(target)) { stderr.write(`backend-practices: ${target} exists; not overwriting it\n`); return 2; }
    fs.writeFileSync(target, starterConfig((role ?? 'senior') as Role));
    stdout.write(`wrote ${target}\n`);
    return 0;
  }

  const format = (options.get('format') as string | undefined) ?? 'text';
  if (format !== 'text' && !(REPORT_FORMATS as readonly string[]).includes(format)) throw new UsageError(`unknown format '${format}' (text, ${REPORT_FORMATS.join(', ')})`);
  const failOnName = (options.get('fail-on') as string | undefined) ?? 'error';
  if (!(failOnName in FAIL_ON)) throw new UsageError(`unknown --fail-on '${failOnName}' (error, warning, note, never)`);
  const jobs = options.has('jobs') ? Number(options.get('jobs')) : undefined;
  if (jobs !== undefined && (!Number.isInteger(jobs) || jobs < 1)) throw new UsageError('--jobs needs a positive whole number');
  const maxFileSize = options.has('max-file-size') ? Number(options.get('max-file-size')) : undefined;
  if (maxFileSize !== undefined && (!Number.isInteger(maxFileSize) || maxFileSize <= 0)) throw new UsageError('--max-file-size needs a positive number of bytes');
  if (options.has('update-baseline') && !options.has('baseline')) throw new UsageError('--update-baseline needs --baseline <file>');
  const roots = (command === 'checklist' ? positionals.slice(0, 1) : positionals).map(p => path.resolve(p));
  if (!roots.length) roots.push(process.cwd());
  for (const root of roots) if (!fs.existsSync(root) || !fs.statSync(root).isDirectory()) throw new UsageError(`${root} is not a folder`);
  const quiet = options.has('quiet');

  const cacheDir = options.has('no-cache') ? undefined
    : (options.get('cache-dir') as string | undefined) ?? path.join(process.env.XDG_CACHE_HOME || path.join(os.homedir(), '.cache'), 'backend-practices');
  const pool = new WorkerPool(jobs);
  const reports: ReportInput[] = [];
  let configError = false;
  try {
    for (const root of roots) {
      const loaded = loadConfigFor(root, options.get('config') as string | undefined);
      const config = resolveConfig(loaded, { roleOverride: role as Role | undefined });
      const progress = stderr.isTTY && !quiet ? (done: number, total: number) => { if (done % 50 === 0 || done === total) stderr.write(`\rscanning ${path.basename(root)}: ${done}/${total}`); } : undefined;
      const result = await scanFolder(root, { maxFileSize, onProgress: progress, pool, cacheDir, config });
      if (progress) stderr.write('\r\u001b[K');
      for (const p of config.problems) {
        if (p.severity === 'error') configError = true;
        if (!quiet || p.severity === 'error') stderr.write(`${p.file}:${p.line + 1}:${p.column + 1}: ${p.severity}: ${p.message}\n`);
      }
      const { findings, areas } = checklistOf(result.findings, config, config.role);
      reports.push({
        tool: { name: 'backend-practices', version: VERSION }, root, role: config.role, generatedAt: new Date().toISOString(),
        files: result.files, durationMs: result.durationMs, skipped: result.skipped, findings, areas, rules: RULES,
      });
    }
  } finally {
    await pool.dispose();
  }

  const baselineFile = options.get('baseline') as string | undefined;
  const all = reports.flatMap(r => r.findings.map(f => ({ root: r.root, f })));
  if (baselineFile && options.has('update-baseline')) {
    writeBaseline(baselineFile, all.map(x => x.f));
    if (!quiet) stderr.write(`baseline: wrote ${all.length} fingerprints to ${baselineFile}\n`);
  }
  const baseline = baselineFile && !options.has('update-baseline') ? readBaseline(baselineFile) : undefined;
  const counted = (f: Finding) => !baseline?.has(f.fingerprint);
  for (const r of reports) r.baselineSuppressed = baseline ? r.findings.filter(f => !counted(f)).length : undefined;

  let output: string;
  if (command === 'checklist') output = checklistText(reports[0]!);
  else if (format === 'text') {
    output = reports.map(r => (reports.length > 1 ? `${r.root}\n` : '') + renderText(
      { root: r.root, files: r.files, findings: r.findings, skipped: r.skipped, durationMs: r.durationMs }, r.areas,
      { color: !options.has('output') && !!stdout.isTTY && !process.env.NO_COLOR })).join('\n');
  } else output = renderReport(format as ReportFormat, reports);
  const target = options.get('output') as string | undefined;
  if (target) {
    fs.mkdirSync(path.dirname(path.resolve(target)), { recursive: true });
    fs.writeFileSync(target, output);
  } else stdout.write(output);

  if (configError) return 2;
  const threshold = FAIL_ON[failOnName]!;
  if (threshold < 0) return 0;
  return all.some(({ f }) => counted(f) && SEVERITY_ORDER[f.severity as Severity] <= threshold) ? 1 : 0;
}

function listRules(format: string | undefined, stdout: Out): number {
  if (format === 'json') {
    stdout.write(JSON.stringify(RULES.map(r => ({ id: r.id, title: r.meta.title, area: r.meta.area, kind: r.kind ?? 'code', defaultSeverity: r.meta.defaultSeverity, languages: r.meta.languages, cwe: r.meta.cwe ?? [], description: r.meta.description })), null, 2) + '\n');
    return 0;
  }
  if (format !== undefined && format !== 'markdown' && format !== 'text') throw new UsageError(`rules: unknown format '${format}' (markdown, json)`);
  const rows = RULES.map(r => `| \`${r.id}\` | ${r.meta.title} | ${r.meta.area} | ${r.meta.defaultSeverity} | ${r.kind === 'project' ? 'project' : r.meta.languages.join(', ')} |`);
  stdout.write(`| rule | title | area | default | languages |\n| --- | --- | --- | --- | --- |\n${rows.join('\n')}\n`);
  return 0;
}

function checklistText(r: ReportInput): string {
  const lines: string[] = [`Checklist for ${r.role} — ${r.root}`];
  for (const a of r.areas) {
    lines.push(`\n${a.title}  ${a.passed}/${a.total}`);
    for (const e of a.items) lines.push(`  ${e.status.padEnd(17)} ${e.item.id}  ${e.item.title}${e.findings.length ? ` (${e.findings.length})` : ''}`);
  }
  return lines.join('\n') + '\n';
}
