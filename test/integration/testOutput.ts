// Output of the integration suite that must reach the runner's terminal.
//
// In code-server the workbench sends its own log lines down the same channel as the extension host's console
// (window.codeAutomationLog), and VS Code does not let an extension replace console methods, so the runner
// (test/harness/codeServer.mjs, same constants) streams only lines with EXT_HOST_MARKER; everything else,
// including a test's plain console.log, is in the run's log file under .test-output/logs/. Under
// @vscode/test-electron the console goes straight to the terminal, so no marker is added there.
import { format } from 'node:util';

export const EXT_HOST_MARKER = '[ext-host] ';
/** Printed once after mocha finishes, followed by {"passed","failed","pending"} as JSON. */
export const RESULT_MARKER = '[integration-result]';

const marker = process.env.HARNESS_HOST === 'electron' ? '' : EXT_HOST_MARKER;

/** console.log that shows in the runner's output (use it in tests for lines worth seeing in CI logs). */
export function log(...args: unknown[]): void {
  console.log(marker + format(...args));
}
