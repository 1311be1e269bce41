// `npm run test:electron`: the same bundled integration suite in desktop VS Code through @vscode/test-electron,
// for machines that can download VS Code (this sandbox cannot; it uses runIntegration.mjs with code-server).
// Env: VSCODE_VERSION (default 1.139.1, the version code-server runs; "stable" for the newest),
// INTEGRATION_GREP, INTEGRATION_SKIP_BUILD=1. On Linux without a display, run it under xvfb-run.
import { runTests } from '@vscode/test-electron';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { buildIntegrationTests, ROOT } from './buildTests.mjs';
import { startServices } from './integrationServices.mjs';

const scratch = path.join(ROOT, '.test-output/electron');
let services;
let exitCode = 1;
try {
  if (existsSync(path.join(ROOT, 'esbuild.mjs')) && process.env.INTEGRATION_SKIP_BUILD !== '1') {
    const build = spawnSync(process.execPath, ['esbuild.mjs'], { cwd: ROOT, stdio: 'inherit' });
    if (build.status !== 0) throw new Error(`node esbuild.mjs failed (exit ${build.status ?? build.signal})`);
  }
  const { outfile } = await buildIntegrationTests();
  services = await startServices({ host: 'electron' });

  rmSync(scratch, { recursive: true, force: true });
  const userDataDir = path.join(scratch, 'user-data');
  const extensionsDir = path.join(scratch, 'extensions');
  const folder = path.join(scratch, 'workspace');
  for (const dir of [path.join(userDataDir, 'User'), extensionsDir, folder]) mkdirSync(dir, { recursive: true });
  writeFileSync(path.join(userDataDir, 'User/settings.json'), JSON.stringify({
    'workbench.startupEditor': 'none',
    'security.workspace.trust.enabled': false,
    'telemetry.telemetryLevel': 'off',
    'update.mode': 'none',
    'extensions.autoUpdate': false,
    ...services.settings,
  }, null, 2));

  // runTests resolves with the exit code when it is 0 and rejects otherwise.
  exitCode = await runTests({
    version: process.env.VSCODE_VERSION ?? '1.139.1',
    extensionDevelopmentPath: ROOT,
    extensionTestsPath: outfile,
    extensionTestsEnv: {
      ...services.env,
      ...(process.env.INTEGRATION_GREP ? { INTEGRATION_GREP: process.env.INTEGRATION_GREP } : {}),
    },
    launchArgs: [folder, '--user-data-dir', userDataDir, '--extensions-dir', extensionsDir,
      '--disable-workspace-trust', '--skip-welcome', '--skip-release-notes'],
  });
} catch (error) {
  console.error(`[electron] ${error?.stack ?? error}`);
} finally {
  await services?.stop();
}
process.exit(exitCode === 0 ? 0 : 1);
