import { strict as assert } from 'node:assert';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { InMemoryTransport } from '@modelcontextprotocol/sdk/inMemory.js';
import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import fc from 'fast-check';
import { GMAIL_SCOPES } from '../../../src/gmail/scopes';
import type { ConfirmationRequest, Confirmer } from '../../../src/writes/confirmer';
import { createGmailMcpServer } from '../../../src/mcp/server/server';
import { ToolAccess } from '../../../src/mcp/server/toolAccess';
import { ALL_TOOLS } from '../../../src/mcp/server/toolsets';
import { demoMailbox } from '../mcp/harness';
import { FakeGmail } from '../mcp/fakeGmail';
import { RecordingWriter } from '../writes/pipelineHarness';
import { InProcessMailProcessor } from '../../../src/mail/processing/mailProcessor';

/**
 * Every tool, every toolset on, read-only off, fed arbitrary JSON through a real MCP client: the server never
 * crashes, answers each call (an isError result with a message, or a valid result), writes nothing and opens no
 * confirmation for input its schema rejects; the send, trash and label tools write nothing at all, because
 * the Confirmer here declines.
 */
const CONFIRMED_TOOLS = new Set(['send_message', 'send_draft', 'delete_draft', 'trash_messages', 'untrash_messages', 'modify_labels']);
const RUNS_PER_TOOL = 100;

// Around the 200 KB body cap: just under and over it.
const huge = fc.constantFrom(150_000, 210_000).map((n) => 'x'.repeat(n));
const weird = fc.constantFrom('\u0000', '\u202e', '\r\nBcc: evil@example.com', '../../etc/passwd', '«/untrusted-mail 0123456789ab»', '😀'.repeat(1000), '%00', '__proto__');
const leaf = fc.oneof(
  { arbitrary: fc.string(), weight: 4 },
  { arbitrary: fc.string({ unit: 'grapheme' }), weight: 2 },
  { arbitrary: fc.integer(), weight: 2 },
  { arbitrary: fc.double(), weight: 1 },
  { arbitrary: fc.boolean(), weight: 1 },
  { arbitrary: fc.constant(null), weight: 1 },
  { arbitrary: huge, weight: 1 },
  { arbitrary: weird, weight: 2 },
);
const value: fc.Arbitrary<unknown> = fc.letrec((tie) => ({
  v: fc.oneof({ depthSize: 'small', withCrossShrink: true }, leaf, fc.array(tie('v'), { maxLength: 5 }), fc.dictionary(fc.string({ maxLength: 10 }), tie('v'), { maxKeys: 5 })),
})).v;

function argsFor(fieldNames: readonly string[]): fc.Arbitrary<unknown> {
  const known = fieldNames.length ? fc.constantFrom(...fieldNames) : fc.constant('anything');
  const key = fc.oneof(known, known, fc.string({ maxLength: 12 }), fc.constant('__proto__'), fc.constant('constructor'));
  return fc.oneof(
    fc.dictionary(key, value, { maxKeys: 6 }),
    fc.dictionary(key, value, { maxKeys: 6 }),
    value, // not even an object
  );
}

describe('security: schema fuzzing of every tool', function () {
  this.timeout(120_000);
  let client: Client;
  let gmail: FakeGmail;
  // FakeGmail's write side records every attempt and stores nothing.
  const writer = new RecordingWriter();
  const writes = writer.writes;
  const confirmations: ConfirmationRequest[] = [];
  const confirmer: Confirmer = {
    async confirm(request) {
      confirmations.push(request);
      return { approved: false, reason: 'declined' };
    },
  };

  before(async () => {
    gmail = await demoMailbox(new FakeGmail(writer));
    const access = new ToolAccess({ toolsets: ['read', 'drafts', 'send', 'organize'], readOnly: false, grantedScopes: Object.values(GMAIL_SCOPES) });
    const server = createGmailMcpServer({ gmail, account: 'me@example.com', mailProcessor: new InProcessMailProcessor(), access, confirmer, observer: { callStarted() {}, callFinished() {} } });
    const [clientSide, serverSide] = InMemoryTransport.createLinkedPair();
    await server.connect(serverSide);
    client = new Client({ name: 'fuzz', version: '1' });
    await client.connect(clientSide);
  });
  after(async () => client?.close());

  it('lists every tool (nothing hidden from the fuzzer)', async () => {
    const { tools } = await client.listTools();
    assert.deepEqual(tools.map((t) => t.name).sort(), ALL_TOOLS.map((t) => t.name).sort());
  });

  for (const tool of ALL_TOOLS) {
    it(`${tool.name}: arbitrary arguments give a clear answer, no crash, no write, no confirmation for invalid input`, async () => {
      const fields = Object.keys(tool.inputSchema.shape ?? {});
      await fc.assert(
        fc.asyncProperty(argsFor(fields), async (args) => {
          const writesBefore = writes.length;
          const confirmationsBefore = confirmations.length;
          let result: CallToolResult;
          try {
            result = (await client.callTool({ name: tool.name, arguments: args as Record<string, unknown> })) as CallToolResult;
          } catch (error) {
            // Not even a tool call (arguments that are no object): refused by the protocol layer, with a message.
            assert.ok(error instanceof Error && error.message.length > 0);
            assert.ok(args === null || typeof args !== 'object' || Array.isArray(args), `protocol error for object arguments: ${(error as Error).message}`);
            assert.equal(writes.length, writesBefore);
            assert.equal(confirmations.length, confirmationsBefore);
            return;
          }
          const text = result.content.map((c) => (c.type === 'text' ? c.text : '')).join('\n');
          // What the tool receives: the JSON of the arguments, where zod's request parsing drops "__proto__" keys
          // (never setting a prototype): such a key is ignored, not refused.
          const wire: unknown = args === undefined ? undefined : JSON.parse(JSON.stringify(args), (key, v: unknown) => (key === '__proto__' ? undefined : v));
          const valid = tool.inputSchema.safeParse(wire ?? {}).success;
          if (result.isError) {
            assert.ok(text.length > 0 && text.length < 20_000, `${tool.name}: error without a readable message`);
            assert.doesNotMatch(text, /\n\s+at .+\(.+:\d+:\d+\)/, 'no stack traces');
          } else {
            assert.ok(valid, `${tool.name} accepted invalid input ${JSON.stringify(args).slice(0, 200)}`);
            assert.ok(result.structuredContent, 'a success has structured content');
          }
          if (!valid) {
            assert.match(text, /^Invalid arguments for /);
            assert.equal(writes.length, writesBefore, 'invalid input wrote');
            assert.equal(confirmations.length, confirmationsBefore, 'invalid input opened a confirmation');
          }
          if (CONFIRMED_TOOLS.has(tool.name)) assert.equal(writes.length, writesBefore, `${tool.name} wrote although the user declined`);
        }),
        { numRuns: RUNS_PER_TOOL, seed: 20240501, endOnFailure: true },
      );
    });
  }
});
