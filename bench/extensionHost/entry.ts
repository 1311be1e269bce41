// Runs inside VS Code's extension host (code-server, extension-test mode) as the tests entry of
// bench/extensionHost/run.ts: times the extension's activation, signs in to the fake Google like a user, starts
// the MCP server through VS Code, then reads 1,000 distinct messages through vscode.lm.invokeTool and reports the
// extension host's memory before and after (with gc), and after a second pass of the same reads. Prints one line: BENCH_RESULT {json}.
// With BENCH_ACTIVATION_ONLY=1 it stops after the activation figures.
import { readFileSync } from 'node:fs';
// eslint-disable-next-line no-restricted-imports -- this file is a tests entry that runs inside VS Code's extension host (like test/integration), never part of the extension
import * as vscode from 'vscode';
import { EXT_HOST_MARKER, RESULT_MARKER } from '../../test/integration/testOutput';
import { exposedGc, memoryAfterGc } from '../memory';

const EXTENSION_ID = 'guarded-mail.gmail-mcp-guarded';
export const RESULT_PREFIX = 'BENCH_RESULT ';
const CONCURRENCY = 8;

function out(line: string): void {
  console.log(EXT_HOST_MARKER + line);
}

async function until<T>(what: string, probe: () => Promise<T | undefined>, timeoutMs: number): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 150));
  }
}

/** Ends the run early without an error (BENCH_ACTIVATION_ONLY). */
class Finished extends Error {}

interface PerfMark {
  readonly name: string;
  readonly startTime: number;
}

/**
 * VS Code's own activation marks for an extension (its extension host records them in
 * globalThis.MonacoPerformanceMarks, the source of "Developer: Show Running Extensions"): from the start of
 * loading the extension's code to activate() resolving, whoever triggered the activation.
 */
function activationFromMarks(id: string): { activationMs?: number; codeLoadingMs?: number; activateCallMs?: number } {
  const marks = (globalThis as { MonacoPerformanceMarks?: { getMarks(): PerfMark[] } }).MonacoPerformanceMarks?.getMarks() ?? [];
  const at = (what: string) => marks.find((m) => m.name === `code/extHost/${what}/${id}`)?.startTime;
  const willLoad = at('willLoadExtensionCode');
  const didLoad = at('didLoadExtensionCode');
  const willActivate = at('willActivateExtension');
  const didActivate = at('didActivateExtension');
  if (willLoad === undefined || didActivate === undefined) return {};
  return {
    activationMs: didActivate - willLoad,
    codeLoadingMs: didLoad === undefined ? undefined : didLoad - willLoad,
    activateCallMs: willActivate === undefined ? undefined : didActivate - willActivate,
  };
}

const toolName = (name: string) => vscode.lm.tools.find((t) => t.name.startsWith('mcp_') && t.name.endsWith(`_${name}`))?.name;

export async function run(): Promise<void> {
  const result: Record<string, unknown> = {};
  try {
    const ext = vscode.extensions.getExtension(EXTENSION_ID);
    if (!ext) throw new Error(`${EXTENSION_ID} is not loaded`);
    result.activeBeforeBench = ext.isActive;
    await ext.activate();
    Object.assign(result, activationFromMarks(EXTENSION_ID));
    if (process.env.BENCH_ACTIVATION_ONLY === '1') throw new Finished();

    const clientJson = process.env.FAKE_GOOGLE_CLIENT_JSON;
    const idsFile = process.env.BENCH_MESSAGE_IDS;
    if (!clientJson || !idsFile) throw new Error('run through bench/extensionHost/run.ts');
    if ((await vscode.commands.executeCommand('gmailTools.importOAuthClient', vscode.Uri.file(clientJson))) !== true) throw new Error('import of the OAuth client failed');
    const account = await vscode.commands.executeCommand<string | undefined>('gmailTools.signIn');
    if (!account) throw new Error('sign-in failed');
    const serverStarted = performance.now();
    const readMessage = await until('the read_message tool', async () => {
      const found = toolName('read_message');
      if (found) return found;
      await vscode.commands.executeCommand('workbench.mcp.startServer', '*', { waitForLiveTools: true, autoTrustChanges: true });
      return toolName('read_message');
    }, 60_000);
    result.serverStartMs = performance.now() - serverStarted;

    const ids = JSON.parse(readFileSync(idsFile, 'utf8')) as string[];
    const read = async (id: string) => {
      let r: vscode.LanguageModelToolResult | undefined;
      // Right after VS Code started the server it may re-register the tools once ("was not contributed").
      for (let attempt = 0; !r; attempt++) {
        try {
          r = await vscode.lm.invokeTool(toolName('read_message') ?? readMessage, { input: { id }, toolInvocationToken: undefined });
        } catch (error) {
          if (attempt >= 20 || !/not contributed/.test(String(error))) throw error;
          await vscode.commands.executeCommand('workbench.mcp.startServer', '*', { waitForLiveTools: true, autoTrustChanges: true });
          await new Promise((resolve) => setTimeout(resolve, 500));
        }
      }
      const text = r.content.map((p) => (p instanceof vscode.LanguageModelTextPart ? p.value : '')).join('');
      if (!text.includes(id)) throw new Error(`read_message ${id} returned: ${text.slice(0, 300)}`);
    };
    const readAll = async (list: readonly string[]) => {
      let next = 0;
      await Promise.all(Array.from({ length: CONCURRENCY }, async () => {
        while (next < list.length) await read(list[next++]);
      }));
    };
    const gc = exposedGc();
    result.gcExposed = gc !== undefined;
    // Warm-up on other messages than the measured ones: code paths compiled, VS Code's tool plumbing set up.
    const warmup = ids.slice(0, 20);
    const measured = ids.slice(20);
    await readAll(warmup);
    const before = await memoryAfterGc(gc);
    const readStarted = performance.now();
    await readAll(measured);
    result.readMs = performance.now() - readStarted;
    result.messagesRead = measured.length;
    const after = await memoryAfterGc(gc);
    result.before = before;
    result.after = after;
    // The same reads again: a leak grows again by about as much; an allocator's high-water mark does not.
    await readAll(measured);
    result.afterSecondPass = await memoryAfterGc(gc);
  } catch (error) {
    if (!(error instanceof Finished)) result.error = (error as Error).stack ?? String(error);
  }
  out(RESULT_PREFIX + JSON.stringify(result));
  // The harness counts a run as clean only with mocha-style counts; this entry is one "test".
  out(`${RESULT_MARKER} ${JSON.stringify({ passed: result.error ? 0 : 1, failed: result.error ? 1 : 0, pending: 0 })}`);
  if (result.error) throw new Error(String(result.error));
}
