// The mocha entry VS Code calls in extension-test mode (code-server here, @vscode/test-electron on a desktop).
// test/harness/buildTests.mjs bundles this file with every test/integration/**/*.test.ts into one CommonJS file;
// the test files reach us through the virtual module below, as loaders, because their describe()/it() calls
// need mocha's globals in place before they run.
import Mocha from 'mocha';
import bundledTestFiles from 'integration-tests:bundled';
import { RESULT_MARKER, log } from './testOutput';

export async function run(): Promise<void> {
  // Every reporter writes through Base.consoleLog; log() makes its lines reach the runner's output.
  Mocha.reporters.Base.consoleLog = log;
  const mocha = new Mocha({
    ui: 'bdd',
    color: false,
    reporter: 'spec',
    timeout: Number(process.env.INTEGRATION_TEST_TIMEOUT_MS ?? 30_000),
    ...(process.env.INTEGRATION_GREP ? { grep: process.env.INTEGRATION_GREP } : {}),
  });
  for (const { file, load } of bundledTestFiles) {
    mocha.suite.emit(Mocha.Suite.constants.EVENT_FILE_PRE_REQUIRE, globalThis, file, mocha);
    mocha.suite.emit(Mocha.Suite.constants.EVENT_FILE_REQUIRE, load(), file, mocha);
    mocha.suite.emit(Mocha.Suite.constants.EVENT_FILE_POST_REQUIRE, globalThis, file, mocha);
  }
  const stats = await new Promise<{ passes: number; failures: number; pending: number }>((resolve) => {
    const runner = mocha.run(() => resolve({ passes: runner.stats?.passes ?? 0, failures: runner.stats?.failures ?? 0, pending: runner.stats?.pending ?? 0 }));
  });
  log(`${RESULT_MARKER} ${JSON.stringify({ passed: stats.passes, failed: stats.failures, pending: stats.pending })}`);
  if (stats.failures > 0) throw new Error(`${stats.failures} integration test(s) failed`);
  if (stats.passes === 0) throw new Error('no integration test ran');
}
