// Bundles the extension and the CLI (type checking is `tsc --noEmit`, separately), as the `yo code` template does.
const esbuild = require('esbuild');
const fs = require('fs');
const path = require('path');

const production = process.argv.includes('--production');
const watch = process.argv.includes('--watch');

/** Problem-matcher friendly output for `npm run watch` (see .vscode/tasks.json). */
const problemMatcherPlugin = {
  name: 'esbuild-problem-matcher',
  setup(build) {
    build.onStart(() => console.log('[watch] build started'));
    build.onEnd(result => {
      for (const { text, location } of result.errors) {
        console.error(`✘ [ERROR] ${text}`);
        if (location) console.error(`    ${location.file}:${location.line}:${location.column}:`);
      }
      console.log('[watch] build finished');
    });
  },
};

/** The grammars and the tree-sitter runtime ship next to the bundle, in dist/grammars. */
function copyGrammars() {
  const from = path.join(path.dirname(require.resolve('@vscode/tree-sitter-wasm')));
  const to = path.join(__dirname, 'dist', 'grammars');
  fs.mkdirSync(to, { recursive: true });
  const wanted = ['tree-sitter.wasm', 'javascript', 'typescript', 'tsx', 'python', 'java', 'go', 'ruby', 'php'];
  for (const file of fs.readdirSync(from)) {
    if (file === 'tree-sitter.wasm' || wanted.some(w => file === `tree-sitter-${w}.wasm`)) fs.copyFileSync(path.join(from, file), path.join(to, file));
  }
}

/** A hash of the engine's sources: caches written by another build are ignored. */
function buildId() {
  const hash = require('crypto').createHash('sha1');
  const walk = dir => {
    for (const entry of fs.readdirSync(dir, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
      const p = path.join(dir, entry.name);
      if (entry.isDirectory()) walk(p); else hash.update(p).update(fs.readFileSync(p));
    }
  };
  walk(path.join(__dirname, 'src/core'));
  return hash.digest('hex').slice(0, 16);
}

async function main() {
  copyGrammars();
  const common = {
    bundle: true, format: 'cjs', platform: 'node', target: 'node20', minify: production, sourcemap: !production,
    sourcesContent: false, logLevel: 'silent', plugins: [problemMatcherPlugin],
    define: { BP_BUILD_ID: JSON.stringify(buildId()), BP_VERSION: JSON.stringify(require('./package.json').version) },
  };
  const contexts = await Promise.all([
    esbuild.context({ ...common, entryPoints: ['src/extension.ts'], outfile: 'dist/extension.js', external: ['vscode'] }),
    esbuild.context({ ...common, entryPoints: ['src/cli/index.ts'], outfile: 'dist/cli.js' }),
    // Worker threads of the analysis pool (src/core/engine/worker-pool.ts looks for it next to the bundle).
    esbuild.context({ ...common, entryPoints: ['src/core/engine/worker.ts'], outfile: 'dist/worker.js' }),
    esbuild.context({ ...common, entryPoints: ['bench/bench.ts'], outfile: 'dist/bench.js' }),
  ]);
  if (watch) {
    await Promise.all(contexts.map(c => c.watch()));
  } else {
    await Promise.all(contexts.map(c => c.rebuild()));
    await Promise.all(contexts.map(c => c.dispose()));
  }
}

main().catch(e => { console.error(e); process.exit(1); });
