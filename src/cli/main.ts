import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Severity } from '../core/model';
import { SEVERITY_ORDER } from '../core/model';
import * as os from 'node:os';
import { scanFolder } from '../core/engine/scanner';
import { WorkerPool } from '../core/engine/worker-pool';
import { ITEMS } from '../core/checklist/items/index';
import { evaluateItems, summariseAreas } from '../core/checklist/evaluate';
import { renderText } from '../core/report/text';

const USAGE = `Usage: backend-practices scan [folder] [options]

Scans a folder for the gaps a senior backend engineer is responsible for.

Options:
  --format <text|json>     output format (default: text)
  --fail-on <severity>     exit 1 when a finding is at least this severe: error, warning, info, hint, none (default: error)
  --max-file-size <bytes>  skip larger files (default: 1048576)
  --cache-dir <folder>     where unchanged files' results are kept (default: $XDG_CACHE_HOME/backend-practices)
  --no-cache               analyse every file again
  --jobs <n>               worker threads (default: one per core)
  -h, --help               show this help

Exit codes: 0 no finding at --fail-on, 1 findings at --fail-on, 2 usage or configuration error.
`;

interface Args { folder: string; format: 'text' | 'json'; failOn: Severity | 'none'; maxFileSize?: number; cacheDir?: string | false; jobs?: number }

class UsageError extends Error {}

function parseArgs(argv: string[]): Args | 'help' {
  const args: Args = { folder: '.', format: 'text', failOn: 'error' };
  const rest = [...argv];
  if (rest[0] === 'scan') rest.shift();
  let folderSeen = false;
  while (rest.length) {
    const a = rest.shift()!;
    const value = () => { const v = rest.shift(); if (v === undefined) throw new UsageError(`${a} needs a value`); return v; };
    if (a === '-h' || a === '--help') return 'help';
    else if (a === '--format') { const v = value(); if (v !== 'text' && v !== 'json') throw new UsageError(`unknown format '${v}'`); args.format = v; }
    else if (a === '--fail-on') { const v = value(); if (!(v in SEVERITY_ORDER) && v !== 'none') throw new UsageError(`unknown severity '${v}'`); args.failOn = v as Severity | 'none'; }
    else if (a === '--max-file-size') { const n = Number(value()); if (!Number.isInteger(n) || n <= 0) throw new UsageError('--max-file-size needs a positive number of bytes'); args.maxFileSize = n; }
    else if (a === '--cache-dir') args.cacheDir = path.resolve(value());
    else if (a === '--no-cache') args.cacheDir = false;
    else if (a === '--jobs') { const n = Number(value()); if (!Number.isInteger(n) || n < 1) throw new UsageError('--jobs needs a positive whole number'); args.jobs = n; }
    else if (a.startsWith('-')) throw new UsageError(`unknown option ${a}`);
    else if (!folderSeen) { args.folder = a; folderSeen = true; }
    else throw new UsageError(`unexpected argument ${a}`);
  }
  return args;
}

export async function main(argv: string[], stdout: NodeJS.WritableStream, stderr: NodeJS.WritableStream & { isTTY?: boolean }): Promise<number> {
  let args: Args | 'help';
  try {
    args = parseArgs(argv);
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    stderr.write(`backend-practices: ${error.message}\n\n${USAGE}`);
    return 2;
  }
  if (args === 'help') { stdout.write(USAGE); return 0; }
  const root = path.resolve(args.folder);
  if (!fs.existsSync(root) || !fs.statSync(root).isDirectory()) {
    stderr.write(`backend-practices: ${root} is not a folder\n`);
    return 2;
  }
  const progress = stderr.isTTY ? (done: number, total: number) => { if (done % 50 === 0 || done === total) stderr.write(`\rscanning ${done}/${total}`); } : undefined;
  const cacheDir = args.cacheDir === false ? undefined
    : args.cacheDir ?? path.join(process.env.XDG_CACHE_HOME || path.join(os.homedir(), '.cache'), 'backend-practices');
  const pool = new WorkerPool(args.jobs);
  let result;
  try {
    result = await scanFolder(root, { maxFileSize: args.maxFileSize, onProgress: progress, pool, cacheDir });
  } finally {
    await pool.dispose();
  }
  if (progress) stderr.write('\r\u001b[K');
  const areas = summariseAreas(evaluateItems(ITEMS, result.findings));
  if (args.format === 'json') {
    stdout.write(JSON.stringify({ version: 1, root: result.root, files: result.files, durationMs: result.durationMs, findings: result.findings, skipped: result.skipped, areas: areas.map(a => ({ area: a.area, title: a.title, passed: a.passed, total: a.total, items: a.items.map(e => ({ id: e.item.id, title: e.item.title, status: e.status, findings: e.findings.length })) })) }, null, 2) + '\n');
  } else {
    stdout.write(renderText(result, areas, { color: !!(stdout as { isTTY?: boolean }).isTTY && !process.env.NO_COLOR }));
  }
  if (args.failOn === 'none') return 0;
  const threshold = SEVERITY_ORDER[args.failOn];
  return result.findings.some(f => SEVERITY_ORDER[f.severity] <= threshold) ? 1 : 0;
}
