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

async function main() {
  copyGrammars();
  const common = {
    bundle: true, format: 'cjs', platform: 'node', target: 'node20', minify: production, sourcemap: !production,
    sourcesContent: false, logLevel: 'silent', plugins: [problemMatcherPlugin],
  };
  const contexts = await Promise.all([
    esbuild.context({ ...common, entryPoints: ['src/extension.ts'], outfile: 'dist/extension.js', external: ['vscode'] }),
    esbuild.context({ ...common, entryPoints: ['src/cli/index.ts'], outfile: 'dist/cli.js' }),
  ]);
  if (watch) {
    await Promise.all(contexts.map(c => c.watch()));
  } else {
    await Promise.all(contexts.map(c => c.rebuild()));
    await Promise.all(contexts.map(c => c.dispose()));
  }
}

main().catch(e => { console.error(e); process.exit(1); });
