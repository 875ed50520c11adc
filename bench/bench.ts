// `npm run bench [-- <folder>] [--files N] [--big N]`: throughput, latency and memory of the engine on this machine.
// Without a folder it generates a realistic mixed-language tree (bench/.generated). Each scan runs in a fresh
// process so cold/warm figures and peak RSS are honest. Prints figures; asserts nothing (tests never time things).
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { languageOf } from '../src/core/languages/languages';
import { parse } from '../src/core/languages/parser';
import { analyzeSource } from '../src/core/engine/analyze-file';
import { analyzeText } from '../src/core/engine/analyze-text';
import { DocumentTrees } from '../src/core/engine/document-trees';
import { discoverFiles } from '../src/core/engine/discovery';
import { scanFolder } from '../src/core/engine/scanner';
import { WorkerPool } from '../src/core/engine/worker-pool';
import { RULES } from '../src/core/rules';
import type { LanguageId } from '../src/core/model';
import { bigFile, generateTree } from './generate';

const ROOT = path.resolve(__dirname, '..');

async function childScan(root: string, cacheDir: string | undefined): Promise<void> {
  const pool = new WorkerPool();
  const t = performance.now();
  const result = await scanFolder(root, { pool, cacheDir });
  const ms = performance.now() - t;
  await pool.dispose();
  process.stdout.write(JSON.stringify({ ms, files: result.files, findings: result.findings.length, cached: result.cached, skipped: result.skipped.length, maxRssMb: process.resourceUsage().maxRSS / 1024 }));
}

function scanInChild(root: string, cacheDir: string | undefined): { ms: number; files: number; findings: number; cached: number; skipped: number; maxRssMb: number } {
  const out = execFileSync(process.execPath, [__filename, '--child-scan', root, cacheDir ?? ''], { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  return JSON.parse(out);
}

const pct = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
const mb = (bytes: number) => bytes / 1024 / 1024;

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  if (args[0] === '--child-scan') return childScan(args[1]!, args[2] || undefined);
  const opt = (name: string, def: number) => { const i = args.indexOf(name); return i >= 0 ? Number(args[i + 1]) : def; };
  const files = opt('--files', 5000);
  const bigCount = opt('--big', 10000);
  const given = args.find((a, i) => !a.startsWith('--') && !args[i - 1]?.startsWith('--'));
  const gen = path.join(ROOT, 'bench/.generated');
  const root = given ? path.resolve(given) : path.join(gen, `tree-${files}`);
  if (!given) { process.stdout.write(`generating ${files} files… `); generateTree(root, files); console.log('done'); }

  console.log(`\nBackend Practices benchmark — ${os.cpus()[0]?.model ?? 'cpu'} × ${os.availableParallelism()}, ${Math.round(os.totalmem() / 2 ** 30)} GiB, Node ${process.version}`);
  console.log(`tree: ${root}`);

  // 1. Parse-only vs full analysis, one thread, same files in memory.
  const { files: all } = await discoverFiles(root);
  const sources: { rel: string; language: LanguageId; text: string }[] = [];
  for (const rel of all) {
    const language = languageOf(rel);
    if (language) sources.push({ rel, language, text: fs.readFileSync(path.join(root, rel), 'utf8') });
  }
  const bytes = sources.reduce((n, s) => n + Buffer.byteLength(s.text), 0);
  for (const l of new Set(sources.map(s => s.language))) (await parse(l, '')).delete(); // load grammars first
  // Warm both paths up (JIT), then time them in alternating chunks of files, so that the machine's ups and downs
  // (a shared, noisy host) fall on both sides of the ratio alike.
  for (const s of sources.slice(0, 200)) { (await parse(s.language, s.text)).delete(); await analyzeSource(s.rel, s.language, s.text, RULES); }
  let parseMs = 0;
  let fullMs = 0;
  for (let i = 0; i < sources.length; i += 100) {
    const chunk = sources.slice(i, i + 100);
    let t = performance.now();
    for (const s of chunk) (await parse(s.language, s.text)).delete();
    parseMs += performance.now() - t;
    t = performance.now();
    for (const s of chunk) await analyzeSource(s.rel, s.language, s.text, RULES);
    fullMs += performance.now() - t;
  }
  const parseMBs = mb(bytes) / (parseMs / 1000);
  const fullMBs = mb(bytes) / (fullMs / 1000);
  console.log(`\nfiles analysed            ${sources.length} (${mb(bytes).toFixed(1)} MB), ${RULES.length} rules`);
  console.log(`parse only (1 thread)     ${parseMBs.toFixed(2)} MB/s  (${parseMs.toFixed(0)} ms)`);
  console.log(`full analysis (1 thread)  ${fullMBs.toFixed(2)} MB/s  (${fullMs.toFixed(0)} ms)`);
  console.log(`full / parse-only         ${(100 * fullMBs / parseMBs).toFixed(0)}%   (target ≥ 60%)`);

  // 2. Cold vs warm scan through the worker pool, each in a fresh process.
  const cacheDir = fs.mkdtempSync(path.join(os.tmpdir(), 'bp-bench-cache-'));
  const cold = scanInChild(root, cacheDir);
  const warm = scanInChild(root, cacheDir);
  console.log(`\ncold scan (pool ×${os.availableParallelism()})      ${cold.ms.toFixed(0)} ms, ${cold.files} files, ${cold.findings} findings, ${(mb(bytes) / (cold.ms / 1000)).toFixed(2)} MB/s, peak RSS ${cold.maxRssMb.toFixed(0)} MB`);
  console.log(`warm scan (cache)         ${warm.ms.toFixed(0)} ms, ${warm.cached} of ${warm.files} from cache, peak RSS ${warm.maxRssMb.toFixed(0)} MB`);
  console.log(`cold / warm               ${(cold.ms / warm.ms).toFixed(1)}×  (target ≥ 20×)`);
  fs.rmSync(cacheDir, { recursive: true, force: true });

  // 3. Re-analysing one 2,000-line file after an edit: a keystroke in the middle of a function, as the editor sends
  // it. Without a kept tree the file is parsed from nothing; with one (what the extension does for open documents)
  // tree-sitter re-parses only the edited region.
  const big = bigFile();
  const at = big.indexOf('.filter(', big.length / 2);
  const edited = (i: number) => `${big.slice(0, at)}${' '.repeat(i % 7)}${big.slice(at)}`;
  const trees = new DocumentTrees();
  const latency = async (kept: boolean) => {
    const times: number[] = [];
    for (let i = 0; i < 60; i++) {
      const text = edited(i);
      const s = performance.now();
      if (kept) await analyzeText('src/big.ts', text, { trees: { cache: trees, key: 'big' } });
      else await analyzeSource('src/big.ts', 'typescript', text, RULES);
      if (i >= 10) times.push(performance.now() - s);
    }
    return times.sort((a, b) => a - b);
  };
  const fresh = await latency(false);
  const kept = await latency(true);
  trees.clear();
  console.log(`\nre-analyse 2,000-line file after a keystroke (${fresh.length} runs each; target p95 < 20 ms)`);
  console.log(`  parsed from nothing      p50 ${pct(fresh, 50).toFixed(1)} ms, p95 ${pct(fresh, 95).toFixed(1)} ms`);
  console.log(`  incremental re-parse     p50 ${pct(kept, 50).toFixed(1)} ms, p95 ${pct(kept, 95).toFixed(1)} ms  (the extension's path for open documents)`);
  console.log(`                           ${trees.stats.regional} rule runs re-checked only the edited declarations`);

  // 4. Peak memory on a large tree.
  if (!given && bigCount > 0) {
    const large = path.join(gen, `tree-${bigCount}`);
    process.stdout.write(`\ngenerating ${bigCount} files… `);
    generateTree(large, bigCount);
    console.log('done');
    const r = scanInChild(large, undefined);
    console.log(`cold scan of ${r.files} files  ${r.ms.toFixed(0)} ms, peak RSS ${r.maxRssMb.toFixed(0)} MB  (target < 400 MB)`);
  }
}

main().catch(error => { console.error(error); process.exit(1); });
