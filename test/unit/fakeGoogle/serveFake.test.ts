import assert from 'node:assert/strict';
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { once } from 'node:events';
import path from 'node:path';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import { GRADES } from '../../../src/writes/evidence';
import { parseConfirmationLine, type ConfirmationRecord } from '../../standalone/confirmationLine';
import { parseServeFakeArgs } from '../../standalone/serveFakeArgs';

const ENTRY = path.join(__dirname, '..', '..', 'standalone', 'serveFake.ts');

interface ServeFakeInfo {
  url: string;
  bearerToken: string;
  account: string;
  admin: string;
  toolsets: string[];
  confirm: string;
  accounts?: Array<{ account: string; url: string; bearerToken: string }>;
}

interface Running {
  info: ServeFakeInfo;
  client: Client;
  stderr: () => string;
  stop(): Promise<void>;
}

async function serveFake(args: string[]): Promise<Running> {
  const child: ChildProcessWithoutNullStreams = spawn(process.execPath, ['--import', 'tsx', ENTRY, ...args], { stdio: ['pipe', 'pipe', 'pipe'] });
  let out = '';
  let err = '';
  child.stdout.setEncoding('utf8');
  child.stderr.on('data', (d: Buffer) => (err += d.toString()));
  while (!out.includes('\n')) {
    const [chunk] = (await Promise.race([once(child.stdout, 'data'), once(child, 'exit').then(() => ['exit'])])) as string[];
    if (chunk === 'exit') throw new Error(`serve:fake exited early: ${err}`);
    out += chunk;
  }
  const info = JSON.parse(out.split('\n')[0]) as ServeFakeInfo;
  const client = new Client({ name: 'serve-fake-test', version: '1.0.0' });
  await client.connect(
    new StreamableHTTPClientTransport(new URL(info.url), { requestInit: { headers: { Authorization: `Bearer ${info.bearerToken}` } } }),
  );
  return {
    info,
    client,
    stderr: () => err,
    stop: async () => {
      await client.close();
      child.kill('SIGTERM');
      if (child.exitCode === null) await once(child, 'exit');
    },
  };
}

/** The CONFIRMATION lines of serve:fake's stderr, parsed; every other line is ignored. */
function confirmations(stderr: string): ConfirmationRecord[] {
  return stderr.split('\n').map(parseConfirmationLine).filter((r): r is ConfirmationRecord => r !== undefined);
}

async function sent(admin: string): Promise<Array<{ subject: string; to: string }>> {
  return (await (await fetch(`${admin}/sent`)).json()) as Array<{ subject: string; to: string }>;
}

async function sendOne(client: Client, subject: string): Promise<CallToolResult> {
  return (await client.callTool({ name: 'send_message', arguments: { to: ['Pat <pat@example.com>'], subject, body: 'See you there.' } })) as CallToolResult;
}

/**
 * Each test starts a child that compiles the whole server with tsx before it answers: CPU-bound work that took over
 * 40 s on a loaded 2-core machine. The deadline is only there to end a hang.
 */
const CHILD_TEST_TIMEOUT_MS = 180_000;

describe('serve:fake (test/standalone/serveFake.ts)', () => {
  it('with --confirm approve, every toolset is listed and a send reaches the fake\'s Sent', async function () {
    this.timeout(CHILD_TEST_TIMEOUT_MS);
    const run = await serveFake(['--toolsets', 'read,drafts,send,organize', '--confirm', 'approve']);
    try {
      assert.deepEqual(run.info.toolsets, ['read', 'drafts', 'send', 'organize']);
      const names = (await run.client.listTools()).tools.map((t) => t.name);
      for (const tool of ['search_messages', 'create_draft', 'send_draft', 'send_message', 'trash_messages', 'modify_labels']) {
        assert.ok(names.includes(tool), `${tool} listed (got ${names.join(', ')})`);
      }
      const before = await sent(run.info.admin);
      const result = await sendOne(run.client, 'Approved by the flag');
      assert.notEqual(result.isError, true, JSON.stringify(result.content));
      const after = await sent(run.info.admin);
      assert.equal(after.length, before.length + 1);
      assert.equal(after.at(-1)!.subject, 'Approved by the flag');
      const [shown] = confirmations(run.stderr());
      assert.equal(shown.tool, 'send_message');
      assert.equal(shown.kind, 'send');
      assert.equal(shown.account, 'demo.user@example.com');
      assert.equal(shown.subject, 'Approved by the flag');
      assert.equal(shown.answer, 'approved');
    } finally {
      await run.stop();
    }
  });

  it('with --confirm decline (the default answer), a send is declined and Sent is unchanged', async function () {
    this.timeout(CHILD_TEST_TIMEOUT_MS);
    const run = await serveFake(['--toolsets', 'read,send']);
    try {
      assert.equal(run.info.confirm, 'decline');
      const names = (await run.client.listTools()).tools.map((t) => t.name);
      assert.ok(names.includes('send_message'));
      assert.ok(!names.includes('trash_messages'), 'organize is off');
      const before = await sent(run.info.admin);
      const result = await sendOne(run.client, 'Declined by the flag');
      assert.deepEqual(result.structuredContent, { status: 'declined', reason: 'declined' });
      assert.deepEqual(await sent(run.info.admin), before);
      const lines = confirmations(run.stderr());
      assert.equal(lines.length, 1, run.stderr());
      assert.equal(lines[0].answer, 'declined');
      assert.ok(GRADES.includes(lines[0].grade), `grade ${lines[0].grade}`);
      assert.equal(typeof lines[0].summary, 'string');
      const recipient = lines[0].items.find((item) => item.kind === 'recipient');
      assert.ok(recipient, JSON.stringify(lines[0]));
      assert.match(recipient.value, /pat@example\.com/);
      assert.ok(GRADES.includes(recipient.grade));
      assert.ok(Array.isArray(recipient.reasons));
    } finally {
      await run.stop();
    }
  });

  it('with --second-mailbox, both accounts are served and each confirmation names the account that sends', async function () {
    this.timeout(60000);
    const workAccount = path.join(__dirname, '..', '..', 'fixtures', 'work-account');
    const run = await serveFake(['--toolsets', 'read,send', '--second-mailbox', workAccount]);
    const second = new Client({ name: 'serve-fake-test-b', version: '1.0.0' });
    try {
      const accounts = run.info.accounts ?? [];
      assert.deepEqual(accounts.map((a) => a.account), ['demo.user@example.com', 'sam.rivera@northwind.example']);
      assert.equal(accounts[0].url, run.info.url);
      await second.connect(new StreamableHTTPClientTransport(new URL(accounts[1].url), { requestInit: { headers: { Authorization: `Bearer ${accounts[1].bearerToken}` } } }));
      const found = (await second.callTool({ name: 'search_messages', arguments: { query: 'subject:"badge"' } })) as CallToolResult;
      const hits = (found.structuredContent as { messages: Array<{ id: string }> }).messages;
      assert.ok(hits.length > 0, 'B has its own mail');
      await second.callTool({ name: 'read_message', arguments: { id: hits[0].id } });
      await sendOne(run.client, 'From A after reading B');
      const lines = confirmations(run.stderr());
      assert.equal(lines.length, 1);
      assert.equal(lines[0].account, 'demo.user@example.com');
      assert.equal(lines[0].subject, 'From A after reading B');
    } finally {
      await second.close();
      await run.stop();
    }
  });

  it('without --toolsets only the read tools are offered', async function () {
    this.timeout(CHILD_TEST_TIMEOUT_MS);
    const run = await serveFake([]);
    try {
      const names = (await run.client.listTools()).tools.map((t) => t.name);
      assert.ok(names.includes('read_message'));
      assert.ok(!names.some((n) => ['send_message', 'create_draft', 'trash_messages'].includes(n)), names.join(', '));
    } finally {
      await run.stop();
    }
  });

  it('a bad flag exits 2 with a message naming it, before starting anything', async function () {
    this.timeout(CHILD_TEST_TIMEOUT_MS);
    const child = spawn(process.execPath, ['--import', 'tsx', ENTRY, '--toolsets', 'read,admin'], { stdio: ['ignore', 'pipe', 'pipe'] });
    let err = '';
    let out = '';
    child.stderr.on('data', (d: Buffer) => (err += d.toString()));
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    const [code] = await once(child, 'exit');
    assert.equal(code, 2);
    assert.match(err, /unknown toolset "admin"/);
    assert.equal(out, '');
  });
});

describe('serve:fake flags', () => {
  it('parses toolsets and the answer', () => {
    const options = parseServeFakeArgs(['--toolsets', 'read, organize,read', '--confirm', 'approve', '--port', '0']);
    assert.deepEqual(options.toolsets, ['read', 'organize']);
    assert.equal(options.confirm, 'approve');
  });

  it('defaults to read only and declining', () => {
    const options = parseServeFakeArgs([]);
    assert.deepEqual(options.toolsets, ['read']);
    assert.equal(options.confirm, 'decline');
  });

  it('serves a new project\'s 6,000 quota units a minute, or 15,000 with --older-project-quota', () => {
    assert.equal(parseServeFakeArgs([]).unitsPerMinute, 6_000);
    assert.equal(parseServeFakeArgs(['--older-project-quota']).unitsPerMinute, 15_000);
  });

  it('refuses an unknown answer, an empty toolset list, a bad port and unknown flags', () => {
    assert.throws(() => parseServeFakeArgs(['--confirm', 'yes']), /--confirm must be approve or decline, got "yes"/);
    assert.throws(() => parseServeFakeArgs(['--toolsets', ',']), /--toolsets needs at least one/);
    assert.throws(() => parseServeFakeArgs(['--port', '70000']), /--port must be 0-65535/);
    assert.throws(() => parseServeFakeArgs(['--auto-approve']), /Unknown option '--auto-approve'/);
  });
});
