// `npm run test:integration`: the integration suite in a real VS Code 1.139.1 (code-server, headless).
// Ends with one line "N passed, N failed" and a non-zero exit on any failure.
// Env: INTEGRATION_SKIP_BUILD=1 (use dist/ as it is), INTEGRATION_GREP (mocha grep), INTEGRATION_TIMEOUT_MS (whole run, default 10 min), HARNESS_KEEP_SCRATCH=1.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { ROOT, ensureCache, runExtensionTests, stopAll } from './codeServer.mjs';
import { buildIntegrationTests } from './buildTests.mjs';
import { startServices } from './integrationServices.mjs';

const started = Date.now();
let passed = 0;
let failed = 1;
let services;
try {
  ensureCache();
  if (existsSync(path.join(ROOT, 'esbuild.mjs')) && process.env.INTEGRATION_SKIP_BUILD !== '1') {
    const build = spawnSync(process.execPath, ['esbuild.mjs'], { cwd: ROOT, stdio: 'inherit' });
    if (build.status !== 0) throw new Error(`node esbuild.mjs failed (exit ${build.status ?? build.signal})`);
  }
  const { outfile, testFiles } = await buildIntegrationTests();
  console.log(`[integration] ${testFiles.length} test file(s) bundled into ${path.relative(ROOT, outfile)}`);
  services = await startServices({ host: 'code-server' });
  const result = await runExtensionTests({
    extensionPath: ROOT,
    testsEntry: outfile,
    env: { ...services.env, ...(process.env.INTEGRATION_GREP ? { INTEGRATION_GREP: process.env.INTEGRATION_GREP } : {}) },
    settings: services.settings,
    onPopup: services.onPopup,
    onPage: services.onPage,
    timeoutMs: Number(process.env.INTEGRATION_TIMEOUT_MS ?? 10 * 60_000),
  });
  passed = result.passed ?? 0;
  failed = result.failed ?? 0;
  if (result.exitCode !== 0 && failed === 0) failed = 1; // crashed or timed out before mocha could count
  console.log(`[integration] exit ${result.exitCode} after ${((Date.now() - started) / 1000).toFixed(1)} s; log ${path.relative(ROOT, result.logFile)}`);
} catch (error) {
  console.error(`[integration] ${error.stack ?? error}`);
} finally {
  await services?.stop();
  await stopAll();
}
console.log(`${passed} passed, ${failed} failed`);
process.exit(failed > 0 ? 1 : 0);
