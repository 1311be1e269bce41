import { strict as assert } from 'node:assert';
import * as diagnostics from 'node:diagnostics_channel';
import { promises as fs } from 'node:fs';
import * as http from 'node:http';
import * as path from 'node:path';
import * as z from 'zod';
import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import { defineTool } from '../../../src/mcp/server/toolDefinition';
import { isLoopbackHost, NONCE_HEADER } from '../../../src/mcp/transport/transport';
import { startHarness, textOf, type Harness } from './harness';
import { until } from '../until';

interface RawResponse {
  status: number;
  body: string;
  headers: http.IncomingHttpHeaders;
}

function rawRequest(target: { port?: number; socketPath?: string }, init: { method?: string; path?: string; headers?: Record<string, string>; body?: string | Buffer }): Promise<RawResponse> {
  return new Promise((resolve, reject) => {
    const req = http.request(
      { host: '127.0.0.1', ...target, method: init.method ?? 'POST', path: init.path ?? '/mcp', headers: init.headers, agent: false },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8'), headers: res.headers }));
      },
    );
    req.on('error', reject);
    req.end(init.body);
  });
}

const INIT = JSON.stringify({
  jsonrpc: '2.0',
  id: 1,
  method: 'initialize',
  params: { protocolVersion: '2025-06-18', capabilities: {}, clientInfo: { name: 'raw', version: '1' } },
});
const MCP_HEADERS = { 'content-type': 'application/json', accept: 'application/json, text/event-stream' };

describe('mcp transport', () => {
  describe('TCP on 127.0.0.1 with a bearer token', () => {
    let h: Harness;
    let port: number;
    let auth: Record<string, string>;
    before(async () => {
      h = await startHarness();
      port = Number(new URL(h.running.url).port);
      auth = { [h.running.authHeader.name]: h.running.authHeader.value };
    });
    after(async () => h.close());

    it('serves /mcp on 127.0.0.1 with a random bearer token', () => {
      assert.match(h.running.url, /^http:\/\/127\.0\.0\.1:\d+\/mcp$/);
      assert.equal(h.running.kind, 'tcp');
      assert.equal(h.running.authHeader.name, 'authorization');
      assert.match(h.running.authHeader.value, /^Bearer [0-9a-f]{64}$/);
      assert.equal(h.running.sessionCount, 1);
    });

    it('refuses a missing or wrong bearer token with 401 and no OAuth challenge', async () => {
      const none = await rawRequest({ port }, { headers: MCP_HEADERS, body: INIT });
      assert.equal(none.status, 401);
      assert.equal(none.headers['www-authenticate'], undefined);
      const wrong = await rawRequest({ port }, { headers: { ...MCP_HEADERS, authorization: 'Bearer ' + '0'.repeat(64) }, body: INIT });
      assert.equal(wrong.status, 401);
    });

    it('refuses foreign Host headers and any foreign Origin with 403', async () => {
      const rebinding = await rawRequest({ port }, { headers: { ...MCP_HEADERS, ...auth, host: 'evil.example:80' }, body: INIT });
      assert.equal(rebinding.status, 403);
      const browser = await rawRequest({ port }, { headers: { ...MCP_HEADERS, ...auth, origin: 'http://localhost:3000' }, body: INIT });
      assert.equal(browser.status, 403);
    });

    it('answers 404 off /mcp, 413 over the body cap, 404 for unknown sessions, 400 for GET without a session', async () => {
      assert.equal((await rawRequest({ port }, { path: '/other', headers: { ...MCP_HEADERS, ...auth }, body: INIT })).status, 404);
      const big = Buffer.alloc(1024 * 1024 + 10, 0x20);
      assert.equal((await rawRequest({ port }, { headers: { ...MCP_HEADERS, ...auth }, body: big })).status, 413);
      const chunked = await rawRequest({ port }, { headers: { ...MCP_HEADERS, ...auth, 'transfer-encoding': 'chunked' }, body: big });
      assert.equal(chunked.status, 413, 'a body without Content-Length is capped while streaming');
      const stale = await rawRequest({ port }, { headers: { ...MCP_HEADERS, ...auth, 'mcp-session-id': 'no-such-session' }, body: INIT });
      assert.equal(stale.status, 404);
      assert.equal((await rawRequest({ port }, { method: 'GET', headers: { ...auth, accept: 'text/event-stream' } })).status, 400);
    });

    it('answers a body that is not JSON with a JSON-RPC parse error and no session', async () => {
      const before = h.running.sessionCount;
      const res = await rawRequest({ port }, { headers: { ...MCP_HEADERS, ...auth }, body: '{"jsonrpc":"2.0","id":1,"method":"initialize",' });
      assert.equal(res.status, 400);
      assert.equal(JSON.parse(res.body).error.code, -32700);
      assert.equal(h.running.sessionCount, before);
    });

    it('serves a 2026-07-28 request without a session, behind the same Host, Origin and secret checks', async () => {
      const modern = JSON.stringify({
        jsonrpc: '2.0',
        id: 7,
        method: 'tools/list',
        params: { _meta: { 'io.modelcontextprotocol/protocolVersion': '2026-07-28', 'io.modelcontextprotocol/clientCapabilities': {} } },
      });
      const headers = { ...MCP_HEADERS, 'mcp-protocol-version': '2026-07-28', 'mcp-method': 'tools/list' };
      const sessions = h.running.sessionCount;
      const served = await rawRequest({ port }, { headers: { ...headers, ...auth }, body: modern });
      assert.equal(served.status, 200, served.body);
      assert.equal(served.headers['mcp-session-id'], undefined);
      const answer = JSON.parse(served.body.startsWith('{') ? served.body : (/^data: (.*)$/m.exec(served.body)?.[1] ?? '')) as { id: number; result: { tools: Array<{ name: string }> } };
      assert.equal(answer.id, 7);
      assert.ok(answer.result.tools.length > 0);
      assert.equal(h.running.sessionCount, sessions, 'no session is kept for a 2026-07-28 request');

      assert.equal((await rawRequest({ port }, { headers, body: modern })).status, 401);
      assert.equal((await rawRequest({ port }, { headers: { ...headers, ...auth, origin: 'https://evil.example' }, body: modern })).status, 403);
      assert.equal((await rawRequest({ port }, { headers: { ...headers, ...auth, host: 'evil.example' }, body: modern })).status, 403);
    });

    it('answers a non-initialize first request without leaving a session behind', async () => {
      const before = h.running.sessionCount;
      const res = await rawRequest({ port }, { headers: { ...MCP_HEADERS, ...auth }, body: JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'tools/list' }) });
      assert.equal(res.status, 400);
      assert.equal(h.running.sessionCount, before);
    });

    it('opens a session on initialize and closes it on DELETE', async () => {
      const init = await rawRequest({ port }, { headers: { ...MCP_HEADERS, ...auth }, body: INIT });
      assert.equal(init.status, 200);
      const sessionId = init.headers['mcp-session-id'] as string;
      assert.ok(sessionId);
      assert.equal(h.running.sessionCount, 2);
      const del = await rawRequest({ port }, { method: 'DELETE', headers: { ...auth, 'mcp-session-id': sessionId } });
      assert.equal(del.status, 200);
      assert.equal(h.running.sessionCount, 1);
    });
  });

  describe('unix socket with a nonce header', function () {
    if (process.platform === 'win32') return;
    let h: Harness;
    before(async () => {
      h = await startHarness({ listen: { kind: 'socket' } });
    });
    after(async () => h.close());

    it('listens on mcp.sock in a fresh 0700 directory and requires the nonce', async () => {
      const socketPath = h.running.socketPath as string;
      assert.equal(path.basename(socketPath), 'mcp.sock');
      const dirMode = (await fs.stat(path.dirname(socketPath))).mode & 0o777;
      assert.equal(dirMode, 0o700);
      assert.equal(h.running.authHeader.name, NONCE_HEADER);
      assert.match(h.running.authHeader.value, /^[0-9a-f]{64}$/);
      assert.equal(h.running.url, 'http://localhost/mcp');
      const without = await rawRequest({ socketPath }, { headers: { ...MCP_HEADERS, host: 'localhost' }, body: INIT });
      assert.equal(without.status, 401);
      const wrong = await rawRequest({ socketPath }, { headers: { ...MCP_HEADERS, host: 'localhost', [NONCE_HEADER]: 'f'.repeat(64) }, body: INIT });
      assert.equal(wrong.status, 401);
    });

    it('serves a real MCP client over the socket (Host: localhost, as VS Code sends)', async () => {
      const { tools } = await h.client.listTools();
      assert.deepEqual(tools.map((t) => t.name).sort(), ['get_attachment', 'get_profile', 'list_labels', 'read_message', 'read_messages', 'read_thread', 'search_messages']);
      const profile = await h.call('get_profile');
      assert.match(textOf(profile), /me@example\.com/);
    });

    it('removes the socket directory on close', async () => {
      const dir = path.dirname(h.running.socketPath as string);
      await h.close();
      await assert.rejects(fs.stat(dir), { code: 'ENOENT' });
      h = await startHarness({ listen: { kind: 'socket' } }); // for after()
    });
  });

  describe('close() while a tool call is running', () => {
    /** A tool whose call runs until the test releases it, or fails when the call is aborted. */
    function heldTool() {
      const release: Array<() => void> = [];
      const tool = defineTool({
        name: 'held_echo',
        toolset: 'read',
        title: 'Held echo',
        description: 'Answers when the test releases it.',
        inputSchema: z.strictObject({}),
        outputSchema: z.object({ answered: z.boolean() }),
        annotations: { readOnlyHint: true },
        handler: (_args, ctx) =>
          new Promise((resolve, reject) => {
            release.push(() => resolve({ text: 'answered', structured: { answered: true }, effect: { kind: 'listed', noun: 'message', count: 0 } }));
            ctx.signal.addEventListener('abort', () => reject(new Error('aborted')));
          }),
      });
      return { tool, release: () => release.forEach((answer) => answer()), running: () => release.length };
    }

    it('lets the running call answer, and refuses new requests meanwhile', async () => {
      const held = heldTool();
      const h = await startHarness({ tools: [held.tool], closeGraceMs: 60_000 });
      const port = Number(new URL(h.running.url).port);
      const auth = { [h.running.authHeader.name]: h.running.authHeader.value };
      const call = h.call('held_echo');
      await until(() => held.running() === 1);
      const closed = h.running.close();
      const late = await rawRequest({ port }, { headers: { ...MCP_HEADERS, ...auth }, body: INIT });
      assert.equal(late.status, 503, 'a request after close() began is refused while the call runs');
      held.release();
      const result = await call;
      assert.equal(result.isError, undefined);
      assert.equal(textOf(result), 'answered');
      await closed;
      assert.equal(h.running.sessionCount, 0);
      await h.client.close();
    });

    it('aborts a call that outlasts the grace period instead of waiting for it', async () => {
      const held = heldTool();
      const h = await startHarness({ tools: [held.tool], closeGraceMs: 150 });
      // The client would wait for its own request timeout; what matters is the server side.
      void h.client.callTool({ name: 'held_echo', arguments: {} }, undefined, { timeout: 60_000 }).catch(() => undefined);
      await until(() => held.running() === 1);
      const started = Date.now();
      await h.running.close();
      assert.ok(Date.now() - started < 5000, 'close() returned after the grace period, not after the call');
      await until(() => h.finished.length > 0);
      assert.equal(h.finished.length, 1, 'the aborted call was reported');
      assert.equal(h.finished[0].status, 'failed');
      assert.equal(h.running.sessionCount, 0);
      await h.client.close().catch(() => undefined);
    });

    it('does not count a request whose client went away mid-body as running', async () => {
      const h = await startHarness({ closeGraceMs: 60_000 });
      const port = Number(new URL(h.running.url).port);
      let arrived = false;
      const onArrival = () => void (arrived = true);
      diagnostics.subscribe('http.server.request.start', onArrival);
      const req = http.request({ host: '127.0.0.1', port, method: 'POST', path: '/mcp', agent: false, headers: { ...MCP_HEADERS, [h.running.authHeader.name]: h.running.authHeader.value, 'content-length': '1000' } });
      req.on('error', () => undefined);
      req.write('{"jsonrpc":"2.0",');
      await until(() => arrived);
      diagnostics.unsubscribe('http.server.request.start', onArrival);
      req.destroy();
      // close() may begin before the server notices the client is gone: it then waits only until it does.
      const started = Date.now();
      await h.client.close();
      await h.running.close();
      assert.ok(Date.now() - started < 5000, 'close() did not wait for the abandoned request');
    });

    it('close(0), as at shutdown, aborts a running call at once whatever the configured grace', async () => {
      const held = heldTool();
      const h = await startHarness({ tools: [held.tool], closeGraceMs: 60_000 });
      void h.client.callTool({ name: 'held_echo', arguments: {} }, undefined, { timeout: 60_000 }).catch(() => undefined);
      await until(() => held.running() === 1);
      const started = Date.now();
      await h.running.close(0);
      assert.ok(Date.now() - started < 5000, 'close(0) did not wait for the configured grace');
      await until(() => h.finished.length > 0);
      assert.equal(h.finished[0]?.status, 'failed');
    });
  });

  describe('the SDK transport behind the front door', () => {
    it('sends a call\'s progress on the call\'s own stream before its answer, over the socket', async function () {
      if (process.platform === 'win32') this.skip();
      let release!: () => void;
      const released = new Promise<void>((resolve) => (release = resolve));
      const tool = defineTool({
        name: 'progress_echo',
        toolset: 'read',
        title: 'Progress echo',
        description: 'Reports progress, then answers once the test saw it.',
        inputSchema: z.strictObject({}),
        outputSchema: z.object({ answered: z.boolean() }),
        annotations: { readOnlyHint: true },
        handler: async (_args, ctx) => {
          ctx.reportProgress(1, 2, 'half way');
          await released;
          return { text: 'answered', structured: { answered: true }, effect: { kind: 'listed', noun: 'message', count: 0 } };
        },
      });
      const h = await startHarness({ tools: [tool], listen: { kind: 'socket' } });
      try {
        const progress: Array<{ progress: number; total?: number; message?: string }> = [];
        const result = (await h.client.callTool({ name: 'progress_echo', arguments: {} }, undefined, {
          onprogress: (p) => {
            progress.push(p);
            release();
          },
        })) as CallToolResult;
        assert.deepEqual(progress, [{ progress: 1, total: 2, message: 'half way' }]);
        assert.equal(textOf(result), 'answered');
      } finally {
        await h.close();
      }
    });
  });

  it('accepts only loopback Host names, with or without a port', () => {
    for (const ok of ['localhost', 'localhost:1234', '127.0.0.1', '127.0.0.1:80', '[::1]', '[::1]:8080', 'LOCALHOST']) assert.ok(isLoopbackHost(ok), ok);
    for (const bad of [undefined, '', 'evil.example', 'localhost.evil.example', '127.0.0.1.nip.io', '[::2]', 'localhost:abc', '0.0.0.0']) {
      assert.ok(!isLoopbackHost(bad), String(bad));
    }
  });
});
