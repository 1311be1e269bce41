/**
 * B4, our part of the extension host's memory: the same 1,000 read_message calls as the code-server benchmark,
 * but on our stack alone in plain Node (GmailClient, MCP server on its unix socket, an SDK client, 8 calls at a
 * time), so the extension host's figure can be split into what our code keeps and what VS Code's MCP client and
 * chat plumbing keep. A second pass of the same reads tells a leak (grows again) from a high-water mark (does not).
 */
import { DEFAULT_ACCOUNT } from '../test/fakeGoogle';
import { stackOnFake, textOf, type ToolCaller } from './mcpStack';
import { exposedGc, memoryAfterGc } from './memory';
import { figure, mb, runStandalone, type Figure } from './report';
import { syntheticMessages } from './syntheticMailbox';

const WARMUP = 20;
const MEASURED = 1000;
const CONCURRENCY = 8;


export async function runStackMemory(): Promise<{ figures: Figure[]; details: string[] }> {
  const gc = exposedGc();
  const { fake, stack, close } = await stackOnFake({
    accounts: [{ address: DEFAULT_ACCOUNT, messages: syntheticMessages({ matching: 0, others: WARMUP + MEASURED }) }],
    latencyMs: 0,
    quota: { unitsPerWindow: 10_000_000, windowSeconds: 1 },
  });
  try {
    const socket = await stack.connect({ kind: 'socket' });
    const ids = fake.mailbox().allMessages().map((m) => m.id);
    const readAll = (list: readonly string[]) => readConcurrently(socket.call, list);
    await readAll(ids.slice(0, WARMUP));
    const measured = ids.slice(WARMUP);
    fake.requestLog.length = 0;
    const before = await memoryAfterGc(gc);
    await readAll(measured);
    fake.requestLog.length = 0;
    const after = await memoryAfterGc(gc);
    await readAll(measured);
    fake.requestLog.length = 0;
    const second = await memoryAfterGc(gc);
    await socket.close();
    const line = (m: NodeJS.MemoryUsage) => `heapUsed ${mb(m.heapUsed)}, heapTotal ${mb(m.heapTotal)}, external ${mb(m.external)}, rss ${mb(m.rss)}`;
    return {
      figures: [
        figure('B4', `our stack alone (plain Node): heap growth after ${measured.length} reads`, mb(after.heapUsed - before.heapUsed), '(reported)', undefined, 'includes the content cache of the messages read'),
        figure('B4', `our stack alone (plain Node): RSS growth after ${measured.length} reads`, mb(after.rss - before.rss), '(reported)', undefined),
        figure('B4', 'our stack alone (plain Node): heap growth over a second pass of the same reads', mb(second.heapUsed - after.heapUsed), '(reported)', undefined),
        figure('B4', 'our stack alone (plain Node): RSS growth over a second pass of the same reads', mb(second.rss - after.rss), '(reported)', undefined),
      ],
      details: [
        `B4: our stack alone: ${measured.length} read_message calls over the unix socket, ${CONCURRENCY} at a time, fake Google in the same process (its request log emptied before each snapshot); gc exposed: ${gc !== undefined}`,
        `B4: our stack alone before: ${line(before)}`,
        `B4: our stack alone after:  ${line(after)}`,
        `B4: our stack alone after a second pass: ${line(second)}`,
      ],
    };
  } finally {
    await close();
  }
}

async function readConcurrently(call: ToolCaller, ids: readonly string[]): Promise<void> {
  let next = 0;
  await Promise.all(
    Array.from({ length: CONCURRENCY }, async () => {
      while (next < ids.length) {
        const id = ids[next++];
        const result = await call('read_message', { id });
        if (result.isError || !textOf(result).includes(id)) throw new Error(`read_message ${id} failed: ${textOf(result).slice(0, 300)}`);
      }
    }),
  );
}

runStandalone(module, runStackMemory);
