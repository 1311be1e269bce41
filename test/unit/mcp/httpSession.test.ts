import { strict as assert } from 'node:assert';
import * as diagnostics from 'node:diagnostics_channel';
import { randomUUID } from 'node:crypto';
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import * as z from 'zod';
import { StreamableHttpSession } from '../../../src/mcp/transport/httpSession';
import { until } from '../until';

/**
 * The Streamable HTTP session transport on its own: a plain node:http server routes by session header (as the
 * front door in transport.ts does, minus its Host, Origin and secret checks) to sessions of an SDK McpServer.
 */
interface SessionServer {
  readonly url: string;
  readonly errors: string[];
  readonly sessions: Map<string, StreamableHttpSession>;
  close(): Promise<void>;
}

async function startSessionServer(keepAliveMs?: number, jsonWithinMs?: number): Promise<SessionServer> {
  const sessions = new Map<string, StreamableHttpSession>();
  const servers: McpServer[] = [];
  const errors: string[] = [];
  const httpServer = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const body = chunks.length ? (JSON.parse(Buffer.concat(chunks).toString('utf8')) as unknown) : undefined;
      const url = new URL(req.url ?? '/', 'http://localhost');
      const id = req.headers['mcp-session-id'];
      let session = typeof id === 'string' ? sessions.get(id) : undefined;
      if (!session) {
        const created = new StreamableHttpSession({ sessionIdGenerator: randomUUID, onsessioninitialized: (sid) => void sessions.set(sid, created), keepAliveMs, jsonWithinMs });
        created.onerror = (e) => errors.push(e.message);
        const server = exampleServer();
        servers.push(server);
        void server.connect(created);
        session = created;
      }
      void session.handleRequest(req, res, body, url);
    });
  });
  await new Promise<void>((resolve) => httpServer.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(httpServer.address() as AddressInfo).port}/mcp`,
    errors,
    sessions,
    close: async () => {
      await Promise.all(servers.map((s) => s.close()));
      httpServer.closeAllConnections();
      await new Promise<void>((resolve) => httpServer.close(() => resolve()));
    },
  };
}

/**
 * Calls of the `hold` tool run until the test releases them, so a test orders events on what happened (a call
 * started, an answer or a keep-alive arrived), never on how long something takes.
 */
const held = {
  started: 0,
  waiting: [] as Array<() => void>,
  release(): void {
    for (const answer of this.waiting.splice(0)) answer();
  },
};

function exampleServer(): McpServer {
  const server = new McpServer({ name: 'session-test', version: '1.0.0' });
  server.registerTool('hold', { inputSchema: {} }, async (_args, extra) => {
    const token = extra._meta?.progressToken;
    if (token !== undefined) {
      await extra.sendNotification({ method: 'notifications/progress', params: { progressToken: token, progress: 1, total: 2 } });
    }
    held.started++;
    await new Promise<void>((resolve) => held.waiting.push(resolve));
    return { content: [{ type: 'text', text: 'held' }] };
  });
  server.registerTool('wait', { inputSchema: { ms: z.number() } }, async ({ ms }, extra) => {
    const token = extra._meta?.progressToken;
    if (token !== undefined) {
      await extra.sendNotification({ method: 'notifications/progress', params: { progressToken: token, progress: 1, total: 2 } });
    }
    await new Promise((resolve) => setTimeout(resolve, ms));
    return { content: [{ type: 'text', text: `waited ${ms}` }] };
  });
  return server;
}

interface RawExchange {
  status: number;
  headers: http.IncomingHttpHeaders;
  body: string;
  /** Milliseconds from sending to the response headers, and to the end of the body. */
  headersAfterMs: number;
  endAfterMs: number;
}

function raw(
  url: string,
  init: { method?: string; headers?: Record<string, string>; body?: unknown; until?: (body: string) => boolean; onHeaders?: () => void },
): Promise<RawExchange> {
  const started = performance.now();
  return new Promise((resolve, reject) => {
    const req = http.request(url, { method: init.method ?? 'POST', headers: init.headers, agent: false }, (res) => {
      const headersAfterMs = performance.now() - started;
      init.onHeaders?.();
      let body = '';
      const done = () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body, headersAfterMs, endAfterMs: performance.now() - started });
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => {
        body += chunk;
        if (init.until?.(body)) {
          done();
          res.destroy();
        }
      });
      res.on('end', done);
    });
    req.on('error', reject);
    req.end(init.body === undefined ? undefined : JSON.stringify(init.body));
  });
}

const ACCEPT_BOTH = { 'content-type': 'application/json', accept: 'application/json, text/event-stream' };
const initialize = (id = 1) => ({
  jsonrpc: '2.0',
  id,
  method: 'initialize',
  params: { protocolVersion: '2025-06-18', capabilities: {}, clientInfo: { name: 'raw', version: '1' } },
});
const callWait = (id: number, ms: number) => ({ jsonrpc: '2.0', id, method: 'tools/call', params: { name: 'wait', arguments: { ms } } });
const callHold = (id: number) => ({ jsonrpc: '2.0', id, method: 'tools/call', params: { name: 'hold', arguments: {} } });
const keepAlivesIn = (body: string) => body.split(': keepalive\n\n').length - 1;

/** Opens a session by hand and returns the headers every later request of it carries. */
async function openSession(url: string): Promise<Record<string, string>> {
  const init = await raw(url, { headers: ACCEPT_BOTH, body: initialize() });
  assert.equal(init.status, 200);
  const headers = { ...ACCEPT_BOTH, 'mcp-session-id': String(init.headers['mcp-session-id']), 'mcp-protocol-version': '2025-06-18' };
  assert.equal((await raw(url, { headers, body: { jsonrpc: '2.0', method: 'notifications/initialized' } })).status, 202);
  return headers;
}

describe('mcp Streamable HTTP session transport', () => {
  let s: SessionServer;
  beforeEach(async () => {
    held.started = 0;
    s = await startSessionServer(150);
  });
  afterEach(async () => {
    held.release();
    await s.close();
  });

  it('serves the SDK client: tools, progress on the call’s own stream, session end on DELETE', async () => {
    const transport = new StreamableHTTPClientTransport(new URL(s.url));
    const client = new Client({ name: 'test', version: '1' });
    await client.connect(transport);
    assert.deepEqual((await client.listTools()).tools.map((t) => t.name), ['hold', 'wait']);
    const progress: number[] = [];
    const result = await client.callTool({ name: 'wait', arguments: { ms: 5 } }, undefined, { onprogress: (p) => progress.push(p.progress) });
    assert.deepEqual(result.content, [{ type: 'text', text: 'waited 5' }]);
    assert.deepEqual(progress, [1]);
    assert.equal(s.sessions.size, 1);
    const [session] = s.sessions.values();
    await transport.terminateSession();
    assert.equal(transport.sessionId, undefined);
    const after = await raw(s.url, { headers: { ...ACCEPT_BOTH, 'mcp-session-id': session.sessionId! }, body: callWait(9, 1) });
    assert.equal(after.status, 404, 'a session ended by DELETE is gone');
    await client.close();
    assert.deepEqual(s.errors, ['Session not found']);
  });

  it('sends a quick answer as one JSON body with its length; a slow call gets SSE headers at once and keep-alives', async () => {
    // Quick: a generous JSON window, so a loaded machine cannot make a call of 0 ms miss it.
    const patient = await startSessionServer(150, 10_000);
    try {
      const patientHeaders = await openSession(patient.url);
      const quick = await raw(patient.url, { headers: patientHeaders, body: callWait(2, 0) });
      assert.equal(quick.status, 200);
      assert.equal(quick.headers['content-type'], 'application/json');
      assert.equal(quick.headers['mcp-session-id'], patientHeaders['mcp-session-id']);
      assert.equal(Number(quick.headers['content-length']), Buffer.byteLength(quick.body), 'a quick answer carries Content-Length, not chunks');
      assert.deepEqual(JSON.parse(quick.body), { jsonrpc: '2.0', id: 2, result: { content: [{ type: 'text', text: 'waited 0' }] } });
    } finally {
      await patient.close();
    }

    // A call that waits (like a send waiting for the user's confirmation) must not leave the client waiting
    // for headers, nor for bytes: the headers and then keep-alives arrive while the call is still running; it
    // is released only once three keep-alives came.
    const headers = await openSession(s.url);
    let headersWhileRunning = false;
    const slow = await raw(s.url, {
      headers,
      body: callHold(3),
      onHeaders: () => void (headersWhileRunning = held.waiting.length === 1),
      until: (body) => {
        if (keepAlivesIn(body) >= 3) held.release();
        return false;
      },
    });
    assert.ok(headersWhileRunning, 'the headers came while the call was running');
    assert.equal(slow.headers['content-type'], 'text/event-stream');
    assert.equal(slow.headers['content-length'], undefined);
    assert.ok(keepAlivesIn(slow.body) >= 3);
    assert.match(slow.body, /event: message\ndata: .*"held".*\n\n$/);
  });

  it('refuses what the protocol refuses, with the SDK transport’s status codes', async () => {
    const headers = await openSession(s.url);
    const cases: Array<[string, Parameters<typeof raw>[1], number, number]> = [
      ['no text/event-stream in Accept', { headers: { ...headers, accept: 'application/json' }, body: callWait(2, 0) }, 406, -32000],
      ['not JSON', { headers: { ...headers, 'content-type': 'text/plain' }, body: callWait(2, 0) }, 415, -32000],
      ['a batch of 101', { headers, body: Array.from({ length: 101 }, (_, i) => callWait(10 + i, 0)) }, 400, -32600],
      ['not JSON-RPC', { headers, body: { hello: 'world' } }, 400, -32700],
      ['a second initialize', { headers, body: initialize(5) }, 400, -32600],
      ['no session header', { headers: { ...ACCEPT_BOTH, 'mcp-session-id': '' }, body: callWait(2, 0) }, 400, -32000],
      ['an unsupported protocol version', { headers: { ...headers, 'mcp-protocol-version': '1999-01-01' }, body: callWait(2, 0) }, 400, -32000],
      ['PUT', { method: 'PUT', headers, body: callWait(2, 0) }, 405, -32000],
      ['GET without text/event-stream', { method: 'GET', headers: { ...headers, accept: 'application/json' } }, 406, -32000],
    ];
    for (const [what, init, status, code] of cases) {
      const answer = await raw(s.url, init);
      assert.equal(answer.status, status, what);
      assert.equal((JSON.parse(answer.body) as { error: { code: number } }).error.code, code, what);
    }
    // Nothing refused reached the server: the session still answers, and calls made nothing.
    assert.match((await raw(s.url, { headers, body: callWait(99, 0) })).body, /"waited 0"/);
  });

  it('answers a quick batch as one JSON array in the batch’s order', async () => {
    const patient = await startSessionServer(150, 10_000);
    try {
      const headers = await openSession(patient.url);
      const answer = await raw(patient.url, { headers, body: [callWait(22, 20), callWait(23, 0), { jsonrpc: '2.0', method: 'notifications/ping' }] });
      assert.equal(answer.headers['content-type'], 'application/json');
      const answers = JSON.parse(answer.body) as Array<{ id: number; result: { content: Array<{ text: string }> } }>;
      assert.deepEqual(answers.map((a) => [a.id, a.result.content[0].text]), [[22, 'waited 20'], [23, 'waited 0']]);
    } finally {
      await patient.close();
    }
  });

  it('answers a slow batch on one SSE stream, each answer as it is ready, and ends it after the last', async () => {
    const headers = await openSession(s.url);
    // The held call is released only once the quick call's answer has arrived on the stream.
    const answer = await raw(s.url, {
      headers,
      body: [callHold(20), callWait(21, 0), { jsonrpc: '2.0', method: 'notifications/ping' }],
      until: (body) => {
        if (body.includes('"id":21')) held.release();
        return false;
      },
    });
    assert.equal(answer.headers['content-type'], 'text/event-stream');
    const events = answer.body.split('\n\n').filter((e) => e.startsWith('event: message'));
    const ids = events.map((e) => (JSON.parse(e.slice(e.indexOf('data: ') + 6)) as { id: number }).id);
    assert.deepEqual(ids, [21, 20], 'each answer as it is ready, the stream open until the last');
  });

  it('sends progress at once as an event, so a quick call that reports progress is answered on SSE', async () => {
    const patient = await startSessionServer(150, 10_000);
    try {
      const headers = await openSession(patient.url);
      // The call ends only once its progress has reached the client: a progress held back until the answer would
      // never arrive, and the test would time out. The JSON window is long, so only the progress can make it SSE.
      const call = { ...callHold(24), params: { name: 'hold', arguments: {}, _meta: { progressToken: 'p1' } } };
      const answer = await raw(patient.url, {
        headers,
        body: call,
        until: (body) => {
          if (body.includes('notifications/progress')) held.release();
          return false;
        },
      });
      assert.equal(answer.headers['content-type'], 'text/event-stream');
      const events = answer.body.split('\n\n').filter((e) => e.startsWith('event: message')).map((e) => JSON.parse(e.slice(e.indexOf('data: ') + 6)) as { method?: string; id?: number });
      assert.deepEqual(events.map((e) => e.method ?? e.id), ['notifications/progress', 24]);
    } finally {
      await patient.close();
    }
  });

  it('refuses a request id still waiting for its answer, and the waiting call keeps its answer', async () => {
    const headers = await openSession(s.url);
    const first = raw(s.url, { headers, body: callHold(30) });
    await until(() => held.started === 1);
    const again = await raw(s.url, { headers, body: callWait(30, 0) });
    assert.equal(again.status, 400);
    assert.match(again.body, /request id 30 is already in use/);
    const twice = await raw(s.url, { headers, body: [callWait(31, 0), callWait(31, 0)] });
    assert.equal(twice.status, 400);
    held.release();
    assert.match((await first).body, /"held".*"id":30/);
  });

  it('keeps one GET stream per session, where the server’s own notifications go', async () => {
    const headers = await openSession(s.url);
    const [session] = s.sessions.values();
    let open = false;
    const stream = raw(s.url, { method: 'GET', headers: { ...headers, accept: 'text/event-stream' }, onHeaders: () => void (open = true), until: (b) => b.includes('list_changed') });
    await until(() => open);
    const second = await raw(s.url, { method: 'GET', headers: { ...headers, accept: 'text/event-stream' } });
    assert.equal(second.status, 409);
    await session.send({ jsonrpc: '2.0', method: 'notifications/tools/list_changed' });
    const got = await stream;
    assert.equal(got.status, 200);
    assert.match(got.body, /event: message\ndata: \{"jsonrpc":"2.0","method":"notifications\/tools\/list_changed"\}/);
  });

  it('drops the answer of a client that went away, and the session serves the next call', async () => {
    const headers = await openSession(s.url);
    // Each request's server-side response, to see when the server has noticed its client is gone.
    const closedOnServer = new Set<string>();
    const onStart = (message: unknown) => {
      const { request, response } = message as { request: http.IncomingMessage; response: http.ServerResponse };
      const tag = request.headers['x-test-call'];
      if (typeof tag === 'string') response.once('close', () => closedOnServer.add(tag));
    };
    diagnostics.subscribe('http.server.request.start', onStart);
    try {
      // One that reads the stream's first bytes (a keep-alive) and goes, one that goes after its call started, and
      // one that goes before a quick answer (one JSON body, unless the loaded machine made it miss its window).
      const gone = raw(s.url, { headers: { ...headers, 'x-test-call': 'read-then-gone' }, body: callHold(4), until: () => true }).catch(() => undefined);
      const requests = ['gone-during-call', 'gone-before-quick-answer'].map((tag, i) => {
        const req = http.request(s.url, { method: 'POST', headers: { ...headers, 'x-test-call': tag }, agent: false });
        req.on('error', () => undefined);
        req.end(JSON.stringify(callHold(5 + 2 * i)));
        return req;
      });
      await until(() => held.started === 3);
      for (const req of requests) req.destroy();
      await gone;
      await until(() => closedOnServer.size === 3);
      held.release(); // every answer now goes to a client that is gone
      assert.match((await raw(s.url, { headers, body: callWait(6, 0) })).body, /"waited 0"/);
      assert.deepEqual(s.errors, [], 'no error for answers nobody waits for');
    } finally {
      diagnostics.unsubscribe('http.server.request.start', onStart);
    }
  });
});
