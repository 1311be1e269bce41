import assert from 'node:assert/strict';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { AuditLog } from '../../../src/audit/auditLog';
import { AuditObserver } from '../../../src/audit/auditObserver';
import { threadResourceUri } from '../../../src/mcp/resources/threadResource';
import { approve, startWriteHarness, type WriteHarness } from '../mcp/writeHarness';

type AuditLine = { tool: string; origin?: string; args: Record<string, unknown>; decision: string; messageIds?: string[] };

/**
 * The audit log tells a thread the person attached to the chat (an MCP resource, which the server runs as
 * read_thread) from the agent reading the same thread: a person reviewing the log must see who asked for each read.
 */
describe('audit: calls run for an MCP resource carry their origin', function () {
  this.timeout(60_000);
  let dir: string;
  let log: AuditLog;
  let h: WriteHarness;
  let threadId: string;

  before(async () => {
    dir = await mkdtemp(join(tmpdir(), 'audit-origin-'));
    log = new AuditLog({ directory: dir });
    h = await startWriteHarness({ observer: new AuditObserver(log) });
    const found = await h.gmail.searchMessages({ query: 'subject:"Project plan"', maxResults: 1 });
    threadId = found.messages[0].threadId as string;
  });
  after(async () => {
    await h.close();
    await rm(dir, { recursive: true, force: true });
  });

  const linesSince = async (count: number): Promise<AuditLine[]> => {
    await log.flush();
    const lines = (await readFile(log.path, 'utf8').catch(() => '')).split('\n').filter(Boolean);
    return lines.slice(count).map((line) => JSON.parse(line) as AuditLine);
  };

  it('an attached thread is written as read_thread with origin "resource"; the agent\'s read of it has no origin', async () => {
    await h.client.readResource({ uri: threadResourceUri(threadId) });
    await h.call('read_thread', { threadId });
    const [attached, agents] = await linesSince(0);
    assert.equal(attached.tool, 'read_thread');
    assert.equal(attached.origin, 'resource');
    assert.deepEqual(attached.args, { threadId });
    assert.equal(attached.decision, 'allowed');
    assert.ok(attached.messageIds?.length);
    assert.equal(agents.tool, 'read_thread');
    assert.equal('origin' in agents, false, 'the agent\'s own call carries no origin');
  });

  it('the picker\'s listing of recent threads is written as search_messages with origin "resource"', async () => {
    const before = (await linesSince(0)).length;
    await h.client.listResources();
    const [listing] = await linesSince(before);
    assert.equal(listing.tool, 'search_messages');
    assert.equal(listing.origin, 'resource');
    assert.deepEqual(listing.args, { query: 'in:inbox', maxResults: 10, includeSpamTrash: false, preview: false });
  });

  it('an origin other than "resource" never reaches the file', async () => {
    const before = (await linesSince(0)).length;
    await log.append({ account: 'a@example.com', tool: 'read_thread', origin: 'agent' as unknown as 'resource', args: {}, decision: 'allowed' });
    const [line] = await linesSince(before);
    assert.equal('origin' in line, false);
  });
});

describe('audit: a change the person started from the palette is recorded with origin "you"', function () {
  this.timeout(60_000);
  let dir: string;
  let log: AuditLog;
  let h: WriteHarness;

  before(async () => {
    dir = await mkdtemp(join(tmpdir(), 'audit-you-'));
    log = new AuditLog({ directory: dir });
    h = await startWriteHarness({ observer: new AuditObserver(log), origin: 'you' });
  });
  after(async () => {
    await h.close();
    await rm(dir, { recursive: true, force: true });
  });

  it('the confirmation says the person started it, and the audit line and the observer carry origin "you"', async () => {
    h.confirmer.script(approve);
    await h.call('send_message', { to: ['friend@example.org'], subject: 'From the palette', body: 'x' });
    assert.equal((h.confirmer.requests.at(-1) as { origin?: string } | undefined)?.origin, 'you');
    await log.flush();
    const lines = (await readFile(log.path, 'utf8')).split('\n').filter(Boolean).map((l) => JSON.parse(l) as AuditLine);
    const sent = lines.find((l) => l.tool === 'send_message');
    assert.equal(sent?.origin, 'you');
    assert.equal(sent?.decision, 'approved');
    assert.ok(h.started.filter((e) => e.tool === 'send_message').every((e) => e.origin === 'you'));
  });
});
