// Screenshots of the real workbench (code-server + headless chromium) with the packaged extension installed.
// Usage: node scripts/host/screenshots.cjs <extension.vsix> <folder | x.code-workspace> <outDir>
// Shots: sidebar.png (checklist view), problems.png (Problems panel), hover.png (a diagnostic hover).
const { spawn, execFileSync } = require('node:child_process');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');

const ROOT = path.resolve(__dirname, '../..');
const host = process.env.VSCODE_HOST_DIR || path.join(ROOT, '.vscode-test/host');
const { chromium } = require(path.join(host, 'pw/node_modules/playwright-core'));
const node24 = path.join(host, 'node24/bin/node');
const codeServer = path.join(host, 'cs/lib/node_modules/code-server/out/node/entry.js');
const [vsix, folder, outDir] = process.argv.slice(2).map(p => p && path.resolve(p));
if (!vsix || !folder || !outDir) { console.error('usage: node scripts/host/screenshots.cjs <vsix> <folder> <outDir>'); process.exit(2); }

(async () => {
  fs.mkdirSync(outDir, { recursive: true });
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'bp-shots-'));
  const env = { ...process.env, HOME: path.join(tmp, 'home'), XDG_CONFIG_HOME: path.join(tmp, 'xc'), XDG_DATA_HOME: path.join(tmp, 'xd'), XDG_CACHE_HOME: path.join(tmp, 'xk') };
  fs.mkdirSync(path.join(tmp, 'ud/User'), { recursive: true });
  fs.writeFileSync(path.join(tmp, 'ud/User/settings.json'), JSON.stringify({ 'workbench.startupEditor': 'none', 'telemetry.telemetryLevel': 'off',
    'chat.disableAIFeatures': true, 'workbench.tips.enabled': false, 'extensions.ignoreRecommendations': true, 'workbench.colorTheme': 'Default Dark Modern',
    'git.openRepositoryInParentFolders': 'never', 'workbench.secondarySideBar.defaultVisibility': 'hidden', 'git.enabled': false }));
  fs.writeFileSync(path.join(tmp, 'config.yaml'), 'auth: none\n');
  const base = [codeServer, '--config', path.join(tmp, 'config.yaml'), '--user-data-dir', path.join(tmp, 'ud'), '--extensions-dir', path.join(tmp, 'exts')];
  execFileSync(node24, [...base, '--install-extension', vsix], { env, stdio: 'ignore' });
  const port = 18000 + Math.floor(Math.random() * 1000);
  const cs = spawn(node24, [...base, '--bind-addr', `127.0.0.1:${port}`, '--auth', 'none', '--disable-telemetry', '--disable-update-check',
    '--disable-workspace-trust', '--ignore-last-opened'], { env, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
  let log = '';
  await new Promise((resolve, reject) => {
    const on = d => { log += d; if (/HTTP server listening/.test(log)) resolve(); };
    cs.stdout.on('data', on); cs.stderr.on('data', on);
    setTimeout(() => reject(new Error('code-server did not start\n' + log)), 60000);
  });
  const ctx = await chromium.launchPersistentContext(path.join(tmp, 'chrome'), {
    executablePath: '/usr/bin/chromium', headless: true, viewport: { width: 1400, height: 860 }, env,
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--disable-dev-shm-usage'],
  });
  let code = 0;
  const page = ctx.pages()[0] || await ctx.newPage();
  const palette = async (text, match) => {
    await page.keyboard.press('F1');
    await page.locator('.quick-input-widget input').waitFor();
    await page.keyboard.type(text);
    await page.locator('.quick-input-list .monaco-list-row', { hasText: match }).first().waitFor({ timeout: 20000 });
    await page.keyboard.press('Enter');
  };
  try {
    // A .code-workspace file opens as a multi-root workspace.
    const target = folder.endsWith('.code-workspace') ? `workspace=${encodeURIComponent(folder)}` : `folder=${encodeURIComponent(folder)}`;
    await page.goto(`http://127.0.0.1:${port}/?${target}`);
    await page.waitForSelector('.monaco-workbench', { timeout: 60000 });
    const tab = page.locator('.activitybar [aria-label^="Backend Practices"]').first();
    await tab.waitFor({ timeout: 60000 });
    await tab.click();
    await page.locator('.monaco-list-row', { hasText: 'Security' }).first().waitFor({ timeout: 60000 });
    // A wider side bar, as a user would drag it, so item titles are readable.
    const sash = page.locator('.part.sidebar').first();
    const box = await sash.boundingBox();
    if (box) {
      await page.mouse.move(box.x + box.width + 1, box.y + 300);
      await page.mouse.down();
      await page.mouse.move(box.x + 520, box.y + 300, { steps: 8 });
      await page.mouse.up();
    }
    const failing = page.locator('.monaco-list-row', { hasText: 'No secrets in the source code' }).first();
    if (await failing.count()) await failing.click();
    await page.waitForTimeout(1500);
    await page.screenshot({ path: path.join(outDir, 'sidebar.png') });
    console.log('sidebar.png');
    await palette('Problems: Focus on Problems View', 'Focus on Problems');
    await page.locator('.markers-panel .monaco-list-row').first().waitFor({ timeout: 30000 });
    await page.waitForTimeout(800);
    await page.screenshot({ path: path.join(outDir, 'problems.png') });
    console.log('problems.png');
    // Open the first finding from the Problems panel and hover its squiggle.
    const row = page.locator('.markers-panel .monaco-list-row .marker-message-details, .markers-panel .monaco-list-row').nth(1);
    await row.dblclick();
    await page.waitForTimeout(1000);
    const squiggle = page.locator('.monaco-editor .squiggly-error, .monaco-editor .squiggly-warning').first();
    await squiggle.waitFor({ timeout: 20000 });
    await squiggle.hover({ force: true });
    await page.locator('.monaco-hover').first().waitFor({ timeout: 20000 });
    await page.waitForTimeout(800);
    await page.screenshot({ path: path.join(outDir, 'hover.png') });
    console.log('hover.png');
    // The quick-fix menu on the same squiggle.
    await page.mouse.move(5, 5);
    await page.keyboard.press('Escape');
    // The editor redraws its decorations after the hover closes: wait until the squiggle has a size again (a click on
    // the old, detached one failed now and then with "element is not visible").
    await squiggle.waitFor({ state: 'visible', timeout: 20000 });
    await squiggle.click({ force: true, timeout: 20000 });
    await page.keyboard.press('Control+.');
    const menu = page.locator('.action-widget, .context-view .monaco-list').first();
    try {
      await menu.waitFor({ timeout: 4000 });
    } catch {
      await page.locator('.lightBulbWidget, .lightbulb-glyph').first().click({ force: true }); // the gutter light bulb
      await menu.waitFor({ timeout: 20000 });
    }
    await page.waitForTimeout(600);
    await page.screenshot({ path: path.join(outDir, 'quick-fix.png') });
    console.log('quick-fix.png');
    await page.keyboard.press('Escape');
    // The report webview.
    await palette('Backend Practices: Show Report', 'Show Report');
    await page.waitForTimeout(3000);
    await page.screenshot({ path: path.join(outDir, 'report.png') });
    console.log('report.png');
  } catch (e) {
    console.error('screenshots failed:', e.message);
    await page.screenshot({ path: path.join(outDir, 'failure.png') }).catch(() => {});
    code = 1;
  } finally {
    await ctx.close();
    try { process.kill(-cs.pid, 'SIGTERM'); } catch { /* gone */ }
    fs.rmSync(tmp, { recursive: true, force: true });
  }
  process.exit(code);
})();
