import { strict as assert } from 'node:assert';
import { ErrorCode, type GetPromptResult } from '@modelcontextprotocol/sdk/types.js';
import { GMAIL_SCOPES } from '../../../src/gmail/scopes';
import { ALL_TOOLSETS, ALL_SCOPES, startHarness, type Harness } from './harness';
import { mcpErrorOf } from './mcpErrorOf';

function textOf(result: GetPromptResult): string {
  assert.equal(result.messages.length, 1);
  const [message] = result.messages;
  assert.equal(message.role, 'user');
  assert.equal(message.content.type, 'text');
  return message.content.type === 'text' ? message.content.text : '';
}

describe('mcp prompts: triage my inbox, draft a reply', () => {
  let h: Harness;
  before(async () => {
    h = await startHarness({ access: { toolsets: ALL_TOOLSETS, grantedScopes: ALL_SCOPES } });
  });
  after(async () => h.close());
  afterEach(() => h.access.update({ toolsets: ALL_TOOLSETS, grantedScopes: ALL_SCOPES }));

  it('lists both prompts with their arguments as VS Code asks for them', async () => {
    assert.ok(h.client.getServerCapabilities()?.prompts);
    const { prompts } = await h.client.listPrompts();
    assert.deepEqual(
      prompts.map((p) => [p.name, p.title, p.arguments?.map((a) => [a.name, a.required])]),
      [
        ['triage_inbox', 'Triage my inbox', [['query', false], ['count', false]]],
        ['draft_reply', 'Draft a reply to…', [['id', true], ['intent', false]]],
      ],
    );
    for (const p of prompts) for (const a of p.arguments ?? []) assert.ok(a.description, `${p.name}.${a.name} is described`);
  });

  it('triage_inbox without arguments: the default search, read-only, mail untrusted, no Gmail call', async () => {
    const calls = h.gmail.calls.length;
    const text = textOf(await h.client.getPrompt({ name: 'triage_inbox' }));
    assert.match(text, /^Triage my Gmail inbox \(me@example\.com\)\.\n/);
    assert.match(text, /Call search_messages with query "in:inbox newer_than:7d" and maxResults 20\./);
    assert.match(text, /read the message with read_message, read_messages or read_thread\./);
    assert.match(text, /untrusted third-party content/);
    assert.match(text, /Do not send, draft, trash, archive or relabel anything/);
    assert.equal(h.gmail.calls.length, calls, 'a prompt reads no mail');
  });

  it('triage_inbox with a query and a count: the person\'s words, folded to one line', async () => {
    const text = textOf(await h.client.getPrompt({ name: 'triage_inbox', arguments: { query: 'in:inbox\nis:unread  from:boss', count: ' 5 ' } }));
    assert.match(text, /Call search_messages with query "in:inbox is:unread from:boss" and maxResults 5\./);
  });

  it('refuses bad triage arguments with a message naming the argument', async () => {
    for (const [args, pattern] of [
      [{ count: 'ten' }, /✖ must be a whole number from 1 to 50\n  → at count/],
      [{ count: '0' }, /✖ must be a whole number from 1 to 50\n  → at count/],
      [{ count: '51' }, /✖ must be a whole number from 1 to 50\n  → at count/],
      [{ query: 'x'.repeat(501) }, /✖ must be at most 500 characters\n  → at query/],
      [{ query: '   ' }, /✖ must not be empty\n  → at query/],
      [{ folder: 'inbox' }, /Unrecognized key: "folder"/],
    ] as const) {
      const error = await mcpErrorOf(h.client.getPrompt({ name: 'triage_inbox', arguments: args }));
      assert.equal(error.code, ErrorCode.InvalidParams, JSON.stringify(args));
      assert.match(error.message, /^MCP error -32602: Invalid arguments for the prompt triage_inbox:\n/);
      assert.match(error.message, pattern, JSON.stringify(args));
    }
  });

  it('draft_reply reads through the tools, drafts in the thread for review, never sends, and carries no mail text', async () => {
    const calls = h.gmail.calls.length;
    const text = textOf(await h.client.getPrompt({ name: 'draft_reply', arguments: { id: 'm3', intent: 'thank them,\nask for the PDF' } }));
    assert.match(text, /^Draft a reply to the Gmail message or thread m3 \(me@example\.com\)\.\n/);
    assert.match(text, /read_thread with threadId "m3"; if that finds no thread, read_message with id "m3"/);
    assert.match(text, /Write a short reply that says: "thank them, ask for the PDF"\./);
    assert.match(text, /Save it with create_draft, with inReplyToMessageId/);
    assert.match(text, /The draft waits in my Drafts for me to review; a send would need my approval in VS Code\./);
    assert.match(text, /Do not send anything \(no send_message, no send_draft\)/);
    // m3 is "Your receipt" from shop@example.com with hidden text: none of it is in the prompt.
    assert.doesNotMatch(text, /receipt|shop@example\.com|SECRET/i);
    assert.equal(h.gmail.calls.length, calls, 'a prompt reads no mail');
  });

  it('draft_reply without the drafts toolset asks for the text only and names no tool the agent lacks', async () => {
    h.access.update({ toolsets: ['read'] });
    const text = textOf(await h.client.getPrompt({ name: 'draft_reply', arguments: { id: 'm3' } }));
    assert.match(text, /Show me the reply as text only: the drafts toolset is off/);
    assert.doesNotMatch(text, /create_draft/);
  });

  it('without read access both prompts say so instead of naming tools that are not there', async () => {
    h.access.update({ grantedScopes: [GMAIL_SCOPES.send] });
    assert.match(textOf(await h.client.getPrompt({ name: 'triage_inbox' })), /The Gmail read tools are not available right now/);
    assert.match(textOf(await h.client.getPrompt({ name: 'draft_reply', arguments: { id: 'm3' } })), /The Gmail read tools are not available right now/);
  });

  it('refuses bad draft_reply arguments and unknown prompts', async () => {
    for (const [args, pattern] of [
      [{}, /✖ Invalid input: expected string, received undefined\n  → at id/],
      [{ id: 'm3 and m4' }, /✖ must be a Gmail message or thread id as search_messages lists them[^\n]*\n  → at id/],
      [{ id: 'm3', intent: 'y'.repeat(1001) }, /✖ must be at most 1000 characters\n  → at intent/],
      [{ id: 'm3', to: 'x@evil.example' }, /Unrecognized key: "to"/],
    ] as const) {
      const error = await mcpErrorOf(h.client.getPrompt({ name: 'draft_reply', arguments: args }));
      assert.equal(error.code, ErrorCode.InvalidParams, JSON.stringify(args));
      assert.match(error.message, pattern, JSON.stringify(args));
    }
    const unknown = await mcpErrorOf(h.client.getPrompt({ name: 'send_everything' }));
    assert.equal(unknown.code, ErrorCode.InvalidParams);
    assert.equal(unknown.message, 'MCP error -32602: Unknown prompt "send_everything"; this server offers triage_inbox, draft_reply.');
  });
});
