// Launches the integration suite in a real VS Code with @vscode/test-electron's runTests. Desktop VS Code is used
// when BP_VSCODE_EXECUTABLE names one, or when a display is available and it can be downloaded; otherwise (headless,
// offline machines) runTests starts code-server's real workbench through scripts/host/code-shim, after installing it
// into .vscode-test/host on first use.
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { downloadAndUnzipVSCode, runTests } from '@vscode/test-electron';

const ROOT = path.resolve(__dirname, '../../..');

async function vscodeExecutable(): Promise<string> {
  if (process.env.BP_VSCODE_EXECUTABLE) return process.env.BP_VSCODE_EXECUTABLE;
  if (process.env.DISPLAY) {
    try {
      return await downloadAndUnzipVSCode({ version: 'stable', cachePath: path.join(ROOT, '.vscode-test') });
    } catch (error) {
      console.log(`[itest] desktop VS Code unavailable (${(error as Error).message}); using code-server`);
    }
  }
  execFileSync('sh', [path.join(ROOT, 'scripts/host/install.sh')], { stdio: 'inherit' });
  return path.join(ROOT, 'scripts/host/code-shim');
}

async function main(): Promise<void> {
  // Tests edit files, so each run gets a fresh copy of the fixture workspace.
  const workspace = fs.mkdtempSync(path.join(os.tmpdir(), 'bp-itest-ws-'));
  fs.cpSync(path.join(ROOT, 'test/fixtures/workspaces/basic'), workspace, { recursive: true });
  try {
    await runTests({
      vscodeExecutablePath: await vscodeExecutable(),
      extensionDevelopmentPath: ROOT,
      extensionTestsPath: path.join(__dirname, 'index'),
      launchArgs: [workspace, '--disable-extensions'],
      ...(process.env.BP_EDITOR_BENCH ? { extensionTestsEnv: { BP_EDITOR_BENCH: process.env.BP_EDITOR_BENCH } } : {}),
    });
  } finally {
    fs.rmSync(workspace, { recursive: true, force: true });
  }
}

main().catch(error => {
  console.error('[itest] integration tests failed:', (error as Error).message ?? error);
  process.exit(1);
});
