import { strict as assert } from 'node:assert';
import { ToolListChangedNotificationSchema } from '@modelcontextprotocol/sdk/types.js';
import * as z from 'zod';
import { GMAIL_SCOPES } from '../../../src/gmail/scopes';
import { toolAvailability, toolsetGranted } from '../../../src/mcp/server/toolAccess';
import { defineTool } from '../../../src/mcp/server/toolDefinition';
import { strictInput } from '../../../src/mcp/tools/shared/schemas';
import { ALL_TOOLS } from '../../../src/mcp/server/toolsets';
import { startHarness, textOf } from './harness';
import { until } from '../until';
import { mcpErrorOf } from './mcpErrorOf';

/** A stand-in write tool: the send toolset has no tools yet, but access rules must already hold for it. */
const fakeSend = defineTool({
  name: 'fake_send',
  toolset: 'send',
  title: 'Fake send',
  description: 'test only',
  inputSchema: strictInput({ to: z.string() }),
  outputSchema: z.object({ ok: z.boolean() }),
  annotations: { readOnlyHint: false, destructiveHint: true, openWorldHint: true, idempotentHint: false },
  proposes: ['send'],
  async handler() {
    return { text: 'sent', structured: { ok: true }, effect: { kind: 'sent', subject: 'test', recipients: 1 } };
  },
});
const readTools = ALL_TOOLS.filter((t) => t.toolset === 'read');

describe('mcp tool access', () => {
  it('grants a toolset by its own scope or a broader one', () => {
    assert.ok(toolsetGranted('read', [GMAIL_SCOPES.readonly]));
    assert.ok(toolsetGranted('read', [GMAIL_SCOPES.modify]));
    assert.ok(!toolsetGranted('read', [GMAIL_SCOPES.send]));
    assert.ok(toolsetGranted('send', [GMAIL_SCOPES.compose]));
    assert.ok(!toolsetGranted('organize', [GMAIL_SCOPES.readonly]));
  });

  it('read-only wins over enabled toolsets and granted scopes', () => {
    const settings = { toolsets: ['read', 'send'] as const, readOnly: true, grantedScopes: Object.values(GMAIL_SCOPES) };
    assert.deepEqual(toolAvailability(fakeSend, { ...settings, toolsets: [...settings.toolsets] }), { enabled: false, reason: 'readOnly' });
    assert.deepEqual(toolAvailability(readTools[0], { ...settings, toolsets: [...settings.toolsets] }), { enabled: true });
    assert.deepEqual(toolAvailability(fakeSend, { toolsets: ['read'], readOnly: false, grantedScopes: [GMAIL_SCOPES.send] }), { enabled: false, reason: 'toolsetOff' });
    assert.deepEqual(toolAvailability(fakeSend, { toolsets: ['send'], readOnly: false, grantedScopes: [GMAIL_SCOPES.readonly] }), { enabled: false, reason: 'scopeNotGranted' });
  });

  it('changes the live tool list (tools/list_changed) when the grant, toolsets or read-only switch change', async () => {
    const h = await startHarness({ tools: [...readTools, fakeSend], access: { toolsets: ['read', 'send'], grantedScopes: [GMAIL_SCOPES.readonly] } });
    try {
      let changes = 0;
      h.client.setNotificationHandler(ToolListChangedNotificationSchema, async () => {
        changes++;
      });
      const names = async () => (await h.client.listTools()).tools.map((t) => t.name).sort();
      assert.ok(!(await names()).includes('fake_send'), 'scope not granted: not offered');

      h.access.update({ grantedScopes: [GMAIL_SCOPES.readonly, GMAIL_SCOPES.send] });
      assert.ok((await names()).includes('fake_send'));
      assert.equal(textOf(await h.call('fake_send', { to: 'x' })), 'sent');

      h.access.update({ readOnly: true });
      assert.ok(!(await names()).includes('fake_send'));
      // A tool that is not listed is unknown to the client: the SDK answers its call with the protocol error the
      // MCP specification gives unknown tools (InvalidParams), before any handler of ours runs.
      const refused = await mcpErrorOf(h.call('fake_send', { to: 'x' }));
      assert.equal(refused.code, -32602);
      assert.match(refused.message, /disabled/);

      h.access.update({ readOnly: false, toolsets: ['send'] });
      assert.deepEqual(await names(), ['fake_send']);
      await until(() => changes >= 3);
      await names(); // one more round trip, in which a fourth notification would have arrived
      assert.equal(changes, 3, 'one list_changed notification per settings change, however many tools it turns on or off');
    } finally {
      await h.close();
    }
  });

  it('offers no tool at all when reading is not granted', async () => {
    const h = await startHarness({ access: { grantedScopes: [GMAIL_SCOPES.send] } });
    try {
      assert.deepEqual((await h.client.listTools()).tools, []);
    } finally {
      await h.close();
    }
  });
});
