#!/usr/bin/env node
// `npm start -- <folder>`: builds the extension, prints the CLI's scan of the folder, then opens the folder in a real
// VS Code with the extension loaded — the desktop `code` when it is on PATH, otherwise code-server's workbench on
// 127.0.0.1 (installed into .vscode-test/host on first use) with the URL printed. Ctrl-C stops it.
const { execFileSync, spawn, spawnSync } = require('node:child_process');
const fs = require('node:fs');
const net = require('node:net');
const path = require('node:path');

const ROOT = path.resolve(__dirname, '..');
const folder = path.resolve(process.argv[2] || process.cwd());
if (!fs.existsSync(folder) || !fs.statSync(folder).isDirectory()) {
  console.error(`usage: npm start -- <folder>   (${folder} is not a folder)`);
  process.exit(2);
}
const run = (cmd, args, opts = {}) => execFileSync(cmd, args, { cwd: ROOT, stdio: 'inherit', ...opts });

run(process.execPath, [path.join(ROOT, 'esbuild.js')], { stdio: ['ignore', 'ignore', 'inherit'] });
console.log(`\n— CLI: node dist/cli.js scan ${folder}\n`);
spawnSync(process.execPath, [path.join(ROOT, 'dist/cli.js'), 'scan', folder, '--fail-on', 'never'], { stdio: 'inherit' });

const hasDesktop = spawnSync('sh', ['-c', 'command -v code'], { encoding: 'utf8' }).status === 0 && !process.env.BP_USE_CODE_SERVER;
if (hasDesktop) {
  console.log('— Opening the folder in VS Code with the extension loaded (development mode)');
  spawn('code', [`--extensionDevelopmentPath=${ROOT}`, folder], { stdio: 'inherit', detached: true }).unref();
  process.exit(0);
}

function freePort(preferred) {
  return new Promise(resolve => {
    const s = net.createServer();
    s.once('error', () => { const t = net.createServer(); t.listen(0, '127.0.0.1', () => { const p = t.address().port; t.close(() => resolve(p)); }); });
    s.listen(preferred, '127.0.0.1', () => s.close(() => resolve(preferred)));
  });
}

(async () => {
  run('sh', [path.join(ROOT, 'scripts/host/install.sh')]);
  const host = process.env.VSCODE_HOST_DIR || path.join(ROOT, '.vscode-test/host');
  const node24 = path.join(host, 'node24/bin/node');
  const codeServer = path.join(host, 'cs/lib/node_modules/code-server/out/node/entry.js');
  const state = path.join(ROOT, '.vscode-test/start');
  fs.mkdirSync(path.join(state, 'ud/User'), { recursive: true });
  const settings = path.join(state, 'ud/User/settings.json');
  if (!fs.existsSync(settings)) {
    fs.writeFileSync(settings, JSON.stringify({ 'telemetry.telemetryLevel': 'off', 'update.mode': 'none', 'extensions.autoUpdate': false,
      'extensions.autoCheckUpdates': false, 'workbench.startupEditor': 'none', 'chat.disableAIFeatures': true }, null, 1));
  }
  fs.writeFileSync(path.join(state, 'config.yaml'), 'auth: none\n');
  const vsix = path.join(ROOT, 'backend-practices.vsix');
  console.log('\n— Packaging and installing the extension into code-server');
  run('npx', ['vsce', 'package', '--no-dependencies', '--no-rewrite-relative-links', '-o', vsix], { stdio: ['ignore', 'ignore', 'inherit'] });
  const env = { ...process.env, HOME: path.join(state, 'home'), XDG_DATA_HOME: path.join(state, 'xdg-data'), XDG_CONFIG_HOME: path.join(state, 'xdg-config'), XDG_CACHE_HOME: path.join(state, 'xdg-cache') };
  const base = [codeServer, '--config', path.join(state, 'config.yaml'), '--user-data-dir', path.join(state, 'ud'), '--extensions-dir', path.join(state, 'exts')];
  execFileSync(node24, [...base, '--force', '--install-extension', vsix], { env, stdio: ['ignore', 'ignore', 'inherit'] });
  const port = await freePort(Number(process.env.PORT) || 8080);
  const child = spawn(node24, [...base, '--bind-addr', `127.0.0.1:${port}`, '--auth', 'none', '--disable-telemetry', '--disable-update-check',
    '--disable-workspace-trust', '--ignore-last-opened'], { env, stdio: ['ignore', 'pipe', 'pipe'], detached: true });
  const stop = () => { try { process.kill(-child.pid, 'SIGTERM'); } catch { /* already gone */ } process.exit(0); };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
  let log = '';
  const onData = d => {
    log += d;
    if (/HTTP server listening/.test(log) && !log.includes('\0printed')) {
      log += '\0printed';
      console.log(`\n— VS Code (code-server) with Backend Practices is ready:\n\n    http://127.0.0.1:${port}/?folder=${encodeURIComponent(folder)}\n\nOpen it in a browser on this machine. Ctrl-C stops it.`);
    }
  };
  child.stdout.on('data', onData);
  child.stderr.on('data', onData);
  child.on('exit', code => { if (!log.includes('\0printed')) console.error(log); process.exit(code ?? 1); });
})();
