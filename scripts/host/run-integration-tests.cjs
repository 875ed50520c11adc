// Adapted from shared/vscode-host. Run VS Code extension integration tests (mocha inside the *Node* extension host) against code-server's
// bundled VS Code, driven by headless Debian chromium via playwright-core. Exit code = test result.
// Mirrors what VS Code's own test/integration/browser runner and @vscode/test-web do:
//   URL payload [["extensionDevelopmentPath",...],["extensionTestsPath",...]] + window.codeAutomationExit.
//
// Env / args:
//   EXT_DEV_PATH   absolute path of the extension folder (package.json)           (required)
//   EXT_TESTS_PATH absolute path of the compiled test entry module (exports run())  (required)
//   WORKSPACE      folder to open (default: a fresh empty temp folder)
//   CODE_SERVER    path to code-server's out/node/entry.js
//   NODE24         node >= 24 binary used to run code-server
//   CHROMIUM       default /usr/bin/chromium
//   TEST_TIMEOUT_MS default 180000
const { spawn } = require('child_process');
const fs = require('fs');
const os = require('os');
const path = require('path');
const net = require('net');
const util = require('util');


const env = process.env;
const extDev = path.resolve(env.EXT_DEV_PATH || process.argv[2] || '');
const extTests = path.resolve(env.EXT_TESTS_PATH || process.argv[3] || '');
// The project's own host install (scripts/host/install.sh), git-ignored.
const prefix = env.VSCODE_HOST_DIR || path.resolve(__dirname, '../../.vscode-test/host');
const { chromium } = require(env.PW_CORE || path.join(prefix, 'pw/node_modules/playwright-core'));
const codeServer = env.CODE_SERVER || path.join(prefix, 'cs/lib/node_modules/code-server/out/node/entry.js');
const node24 = env.NODE24 || path.join(prefix, 'node24/bin/node');
const chromiumPath = env.CHROMIUM || '/usr/bin/chromium';
const timeoutMs = +(env.TEST_TIMEOUT_MS || 180000);
const verbose = !!env.VERBOSE;

function freePort() {
  return new Promise((res, rej) => { const s = net.createServer(); s.listen(0, '127.0.0.1', () => { const p = s.address().port; s.close(() => res(p)); }); s.on('error', rej); });
}

(async () => {
  const t0 = Date.now();
  const tmp = fs.mkdtempSync(path.join(env.ITEST_TMP || os.tmpdir(), 'cs-itest-'));
  fs.mkdirSync(path.join(tmp, 'home'));
  const workspace = env.WORKSPACE ? path.resolve(env.WORKSPACE) : fs.mkdirSync(path.join(tmp, 'ws'), { recursive: true }) || path.join(tmp, 'ws');
  const port = await freePort();
  const authority = `127.0.0.1:${port}`;
  const csArgs = [codeServer, '--bind-addr', authority, '--auth', 'none', '--disable-telemetry', '--disable-update-check',
    '--disable-workspace-trust', '--disable-getting-started-override', '--user-data-dir', path.join(tmp, 'ud'),
    '--extensions-dir', path.join(tmp, 'exts'), '--config', path.join(tmp, 'config.yaml'), '--ignore-last-opened',
    // Built VS Code only honours the ?payload= test parameters when the smoke-test driver is enabled
    '--vscode-option', 'enable-smoke-test-driver'];
  fs.writeFileSync(path.join(tmp, 'config.yaml'), 'auth: none\n');
  fs.mkdirSync(path.join(tmp, 'ud', 'User'), { recursive: true });
  fs.writeFileSync(path.join(tmp, 'ud', 'User', 'settings.json'), JSON.stringify({
    'extensions.autoCheckUpdates': false, 'extensions.autoUpdate': false, 'extensions.ignoreRecommendations': true,
    'workbench.startupEditor': 'none', 'telemetry.telemetryLevel': 'off', 'update.mode': 'none',
    'chat.disableAIFeatures': true, 'workbench.tips.enabled': false }, null, 1));
  const cs = spawn(node24, csArgs, { detached: true, stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...env, HOME: path.join(tmp, 'home'), XDG_DATA_HOME: path.join(tmp, 'xdg-data'), XDG_CONFIG_HOME: path.join(tmp, 'xdg-config'), XDG_CACHE_HOME: path.join(tmp, 'xdg-cache') } });
  let csOut = '';
  const ready = new Promise((res, rej) => {
    const on = d => { csOut += d; if (verbose) process.stderr.write('[code-server] ' + d); if (/HTTP server listening/.test(csOut)) res(); };
    cs.stdout.on('data', on); cs.stderr.on('data', on);
    cs.on('exit', c => rej(new Error('code-server exited early with ' + c + '\n' + csOut)));
    setTimeout(() => rej(new Error('code-server did not start in 60s\n' + csOut)), 60000);
  });
  let ctx, exitCode = 1;
  const cleanup = async () => {
    try { if (ctx) await ctx.close(); } catch {}
    try { process.kill(-cs.pid, 'SIGTERM'); } catch {}   // only the process group we started
    if (!env.KEEP_TMP) fs.rmSync(tmp, { recursive: true, force: true }); else console.log('[runner] kept', tmp);
  };
  try {
    await ready;
    console.log(`[runner] code-server up on ${authority} after ${Date.now() - t0} ms`);
    ctx = await chromium.launchPersistentContext(path.join(tmp, 'chrome'), {
      executablePath: chromiumPath, headless: true,
      env: { ...env, HOME: path.join(tmp, 'home'), XDG_CONFIG_HOME: path.join(tmp, 'xdg-config'), XDG_CACHE_HOME: path.join(tmp, 'xdg-cache') },
      args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
             '--disable-component-update', '--disable-sync', '--disable-dev-shm-usage'],
    });
    const page = ctx.pages()[0] || await ctx.newPage();
    let resolveDone; const done = new Promise(res => { resolveDone = res; });
    await page.exposeFunction('codeAutomationExit', async (code) => { resolveDone(code); });
    // Console output of the extension host (mocha reporter etc.) is forwarded to the page console.
    // Workbench + extension-host console output (incl. the mocha reporter) arrives here as (level, [fmt, ...args]).
    const logFile = env.ITEST_LOG ? fs.createWriteStream(env.ITEST_LOG) : null;
    const noise = /^\s*(\[|Resolving connection|Resolved connection|Creating a socket|Updating additional|.*open-vsx\.org|[\s\S]*\/static\/out\/vs\/|Started local extension host|Loading development extension|Extension host \()/;
    await page.exposeFunction('codeAutomationLog', (type, args) => {
      const text = util.format(...(args || []));
      if (logFile) logFile.write(`[${type}] ${text}\n`);
      if (verbose || !noise.test(text)) console.log(text);
    });
    page.on('console', m => {
      const t = m.text();
      if (verbose) console.log(`[page:${m.type()}] ${t}`);
    });
    page.on('pageerror', e => console.log('[pageerror]', e.message));
    const remote = p => `vscode-remote://${authority}${p}`;
    const payload = [['extensionDevelopmentPath', remote(extDev)], ['extensionTestsPath', remote(extTests)],
                     ['skipWelcome', 'true'], ['skipReleaseNotes', 'true']];
    const url = `http://${authority}/?folder=${encodeURIComponent(workspace)}&payload=${encodeURIComponent(JSON.stringify(payload))}`;
    if (verbose) console.log('[runner] open', url);
    await page.goto(url);
    const timer = new Promise(res => setTimeout(() => res('timeout'), timeoutMs));
    const r = await Promise.race([done, timer]);
    if (r === 'timeout') { console.error(`[runner] TIMEOUT after ${timeoutMs} ms`); exitCode = 2; }
    else { exitCode = r; console.log(`[runner] extension host reported exit code ${r} after ${Date.now() - t0} ms`); }
  } catch (e) {
    console.error('[runner] ERROR', e.message); exitCode = 3;
  } finally {
    await cleanup();
    process.exit(exitCode);
  }
})();
