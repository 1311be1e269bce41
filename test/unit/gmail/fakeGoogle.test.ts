import { strict as assert } from 'node:assert';
import * as path from 'node:path';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import { GmailClient } from '../../../src/gmail/client';
import { GmailApiError } from '../../../src/gmail/errors';
import { GMAIL_SCOPES } from '../../../src/gmail/scopes';
import { createGmailMcpServer } from '../../../src/mcp/server/server';
import { ToolAccess } from '../../../src/mcp/server/toolAccess';
import { startMcpHttpServer, type RunningMcpServer } from '../../../src/mcp/transport/transport';
import { createFakeGoogle, type FakeGoogle } from '../../fakeGoogle/index';
import { signIn } from '../fakeGoogle/helpers';
import { InProcessMailProcessor } from '../../../src/mail/processing/mailProcessor';

const FIXTURES = path.resolve(__dirname, '../../fixtures/mail');

describe('GmailClient and the MCP server against the fake Google', () => {
  let fake: FakeGoogle;
  let gmail: GmailClient;
  let running: RunningMcpServer;
  let client: Client;
  const results: string[] = [];
  const call = async (name: string, args: Record<string, unknown> = {}) => {
    const r = (await client.callTool({ name, arguments: args })) as CallToolResult;
    results.push(JSON.stringify(r));
    return r;
  };
  const text = (r: CallToolResult) => r.content.map((c) => (c.type === 'text' ? c.text : '')).join('\n');

  before(async () => {
    fake = await createFakeGoogle({ mailboxDir: FIXTURES, autoConsent: true });
    // A real OAuth PKCE sign-in with google-auth-library; the TokenSource hands out its access token.
    const oauth = await signIn(fake, [GMAIL_SCOPES.readonly]);
    gmail = new GmailClient({
      tokenSource: { getAccessToken: async () => (await oauth.getAccessToken()).token as string },
      endpoints: fake.endpoints,
    });
    const access = new ToolAccess({ toolsets: ['read'], readOnly: true, grantedScopes: [GMAIL_SCOPES.readonly] });
    running = await startMcpHttpServer({
      listen: { kind: 'tcp' },
      createServer: () => createGmailMcpServer({ gmail, account: fake.accounts[0], mailProcessor: new InProcessMailProcessor(), access, observer: { callStarted() {}, callFinished() {} } }),
    });
    client = new Client({ name: 'fake-google-test', version: '1' });
    await client.connect(
      new StreamableHTTPClientTransport(new URL(running.url), { requestInit: { headers: { [running.authHeader.name]: running.authHeader.value } } }),
    );
  });
  after(async () => {
    await client?.close();
    await running?.close();
    gmail?.close();
    await fake?.close();
  });

  it('reads profile, labels, a search and a whole thread, with requests the fake accepts', async () => {
    const profile = await call('get_profile');
    assert.match(text(profile), new RegExp(`Account ${fake.accounts[0].replace('.', '\\.')}: \\d+ messages`));
    assert.equal((await call('list_labels')).isError, undefined);

    const search = await call('search_messages', { query: 'subject:"Q3 roadmap"', maxResults: 10 });
    assert.equal(search.isError, undefined, text(search));
    const hits = (search.structuredContent as { messages: Array<{ id: string; threadId: string; subject: string }> }).messages;
    assert.ok(hits.length >= 3, `${hits.length} hits`);
    assert.ok(hits.every((h) => /Q3 roadmap/i.test(h.subject)));

    const thread = await call('read_thread', { threadId: hits[0].threadId });
    assert.equal(thread.isError, undefined, text(thread));
    const t = thread.structuredContent as { messageCount: number; newestMessageId: string };
    assert.ok(t.messageCount >= 3);
    assert.match(text(thread), /=== Earlier in this thread/);

    const message = await call('read_message', { id: t.newestMessageId });
    assert.equal(message.isError, undefined, text(message));
    // The search (when the message was among its hits) or read_thread fetched the newest message's content once;
    // every read after it comes from the cache and only re-reads the labels (format=minimal).
    await call('read_message', { id: t.newestMessageId });
    const formats = fake.requestLog
      .filter((e) => e.path.endsWith(`/messages/${t.newestMessageId}`))
      .map((e) => e.query.format)
      .filter((f) => f !== 'metadata');
    assert.equal(formats[0], 'raw');
    assert.deepEqual(formats.slice(1), formats.slice(1).map(() => 'minimal'));
    assert.ok(formats.length === 3 || formats.length === 4, formats.join(', '));
    assert.ok(fake.requestLog.every((e) => e.status < 400 || e.path.includes('ffff') || e.path.includes('0000')), 'the fake accepted every request');
  });

  it('maps the fake\'s 404 to notFound, and never lets a token into a result', async () => {
    const missing = await call('read_message', { id: 'ffffffffffffffff' });
    assert.equal(missing.isError, true);
    assert.match(text(missing), /no message ffffffffffffffff/);
    await assert.rejects(gmail.getThread('0000000000000000'), (e: unknown) => e instanceof GmailApiError && e.kind === 'notFound');
    const all = results.join('\n');
    for (const token of fake.issuedTokens()) assert.ok(!all.includes(token), 'a token leaked into a tool result');
  });
});
