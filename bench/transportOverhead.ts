/**
 * B2 transport overhead: read_message on a cached message through the MCP transport (unix socket with its nonce,
 * TCP with its bearer token; Streamable HTTP) against the same registered handler called directly. Two clients:
 * the SDK Client on undici fetch, and one that does what VS Code's extension host does per call
 * (vscodeMcpClient.ts). The Gmail work under it (a labels re-read on the fake Google) is the same in every mode, so the
 * difference of the percentiles is what the transport costs.
 *
 * Client and server share one process and one event loop, as VS Code's MCP client and our server share the
 * extension host. The server's share is timed from Node's own http diagnostics channel (request start) to the
 * server's end() of that response (see serverExchangeTimer), so the split between what our server spends and what
 * the client spends needs no hooks in production code.
 */
import { spawnSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import * as diagnostics from 'node:diagnostics_channel';
import { existsSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { McpServer, Transport } from '@modelcontextprotocol/server';
import type { CallToolResult, JSONRPCMessage } from '@modelcontextprotocol/sdk/types.js';
import { Agent, fetch as undiciFetch } from 'undici';
import { createSocketDir } from '../src/mcp/transport/socketDir';
import { DEFAULT_ACCOUNT } from '../test/fakeGoogle';
import { sdkClient, stackOnFake, textOf, type ToolCaller } from './mcpStack';
import { vscodeMcpClient } from './vscodeMcpClient';
import { figure, ms, percentile, printReport, retiredGoal, runStandalone, type Figure } from './report';
import { syntheticMessages } from './syntheticMailbox';

const CALLS = 600;
const WARMUP = 50;

/**
 * B2's 1 ms goal is retired (issue 21): most of the overhead is the client's HTTP stack (see the floors), which differs
 * between Node releases and machines, and on a loaded machine the figure crossed 1 ms by chance and failed a fresh
 * clone's run. The figures are still printed beside the old goal, without a verdict, on this Node and on the extension
 * host's (the child process of runTransportOverheadOnExtensionHostNode).
 */
export async function runTransportOverhead(): Promise<{ figures: Figure[]; details: string[] }> {
  const target = (): [string, undefined] => [retiredGoal('<= 1 ms'), undefined];
  // Latency 0 and a quota that never binds: the transport's cost is a fraction of a millisecond and would
  // drown in 40 ms of simulated network or in the limiter's pacing.
  const { fake, stack, close } = await stackOnFake({
    accounts: [{ address: DEFAULT_ACCOUNT, messages: syntheticMessages({ matching: 5, others: 5 }) }],
    latencyMs: 0,
    quota: { unitsPerWindow: 10_000_000, windowSeconds: 1 },
  });
  try {
    const id = fake.mailbox().allMessages()[0].id;
    const socket = await stack.connect({ kind: 'socket' });
    const tcp = await stack.connect({ kind: 'tcp' });
    const args = { id };
    const vscodeSocket = await stack.connect({ kind: 'socket' }, 'vscode');
    const vscodeTcp = await stack.connect({ kind: 'tcp' }, 'vscode');
    const bare = await bareRoundTrip(await stack.direct('read_message', args));
    const least = await leastStreamableHttp(stack.createServer());
    const leastSse = await leastStreamableHttp(stack.createServer(), 'sse');
    const leastVscode = await leastStreamableHttp(stack.createServer(), 'json', 'vscode');
    const leastVscodeSse = await leastStreamableHttp(stack.createServer(), 'sse', 'vscode');
    const memory = await stack.connectInMemory();
    const modes: Array<[string, ToolCaller]> = [
      ['direct', stack.direct],
      ['memory', memory.call],
      ['socket', socket.call],
      ['tcp', tcp.call],
      ['vscode-socket', vscodeSocket.call],
      ['vscode-tcp', vscodeTcp.call],
      ['bare', bare.call],
      ['least', least.call],
      ['least-sse', leastSse.call],
      ['least-vscode', leastVscode.call],
      ['least-vscode-sse', leastVscodeSse.call],
    ];
    for (const [name, call] of modes) {
      const first = await call('read_message', args); // fills the content cache
      if (first.isError) throw new Error(`read_message via ${name} failed: ${textOf(first)}`);
    }
    const times = new Map<string, number[]>(modes.map(([name]) => [name, []]));
    const serverTimes = new Map<string, number[]>([['socket', []], ['tcp', []]]);
    const timing = serverExchangeTimer();
    // Interleaved rounds, so drift (GC, other processes on the 2 cores) hits every mode alike, each round in a new
    // order, so that no mode always follows the same one (and pays for what that one left behind: a connection to
    // close, garbage to collect).
    for (let round = 0; round < CALLS + WARMUP; round++) {
      for (const [name, call] of shuffled(modes)) {
        timing.reset();
        const started = performance.now();
        const result = await call('read_message', args);
        const elapsed = performance.now() - started;
        if (result.isError) throw new Error(`read_message via ${name} failed: ${textOf(result)}`);
        if (round >= WARMUP) {
          times.get(name)!.push(elapsed);
          if (name === 'socket' || name === 'tcp') serverTimes.get(name)!.push(timing.total());
        }
      }
    }
    timing.stop();
    const stats = new Map([...times].map(([name, t]) => {
      const sorted = [...t].sort((a, b) => a - b);
      return [name, { p50: percentile(sorted, 50), p99: percentile(sorted, 99) }];
    }));
    const serverP50 = new Map([...serverTimes].map(([name, t]) => [name, percentile([...t].sort((a, b) => a - b), 50)]));
    const d = stats.get('direct')!;
    const figures: Figure[] = [];
    const details = [
      `B2: ${CALLS} calls per mode after ${WARMUP} warm-up, interleaved; fake latency 0, quota not binding; each call re-reads the message's labels from the fake (1 HTTP request)`,
      `B2: direct handler p50 ${ms(d.p50)}, p99 ${ms(d.p99)}`,
      `B2: MCP protocol without HTTP (SDK Client and server linked in memory: JSON-RPC, tools/call validation) p50 ${ms(stats.get('memory')!.p50)}: ` +
        `${ms(stats.get('memory')!.p50 - d.p50, 3)} over the direct handler`,
      `B2: floor: a bare HTTP round trip over a unix socket (node:http server answering the same JSON-RPC bytes at once, undici fetch) p50 ${ms(stats.get('bare')!.p50, 3)}, p99 ${ms(stats.get('bare')!.p99, 3)}`,
    ];
    const leastOverhead = stats.get('least')!.p50 - d.p50;
    details.push(
      `B2: floor with MCP: the least Streamable HTTP server (node:http on a unix socket, the parsed body handed to the same McpServer, ` +
        `each answer one JSON body; no session checks, no web streams), same SDK Client and undici fetch: p50 ${ms(stats.get('least')!.p50)}, ` +
        `${ms(leastOverhead, 3)} over the direct handler`,
    );
    for (const name of ['socket', 'tcp']) {
      const s = stats.get(name)!;
      const p50 = s.p50 - d.p50;
      const p99 = s.p99 - d.p99;
      const serverShare = serverP50.get(name)! - d.p50;
      details.push(
        `B2: ${name} p50 ${ms(s.p50)}, p99 ${ms(s.p99)}; inside our HTTP server (request in to its end()) p50 ${ms(serverP50.get(name)!)}: ` +
          `server share of the overhead ${ms(serverShare, 3)}, client share (SDK Client, undici fetch, event-loop turns) ${ms(p50 - serverShare, 3)}`,
      );
      figures.push(figure('B2', `read_message overhead p50 (${name})`, ms(p50, 3), ...target()));
      figures.push(figure('B2', `read_message overhead p99 (${name})`, ms(p99, 3), '(reported)', undefined));
      figures.push(figure('B2', `server's share of the p50 overhead (${name})`, ms(serverShare, 3), '(reported)', undefined));
    }
    for (const name of ['socket', 'tcp']) {
      const s = stats.get(`vscode-${name}`)!;
      const p50 = s.p50 - d.p50;
      details.push(
        `B2: VS Code's client (${name === 'socket' ? 'undici fetch with a new Agent, so a new connection, per request' : 'the global fetch'}) over ${name}: ` +
          `p50 ${ms(s.p50)}, p99 ${ms(s.p99)}`,
      );
      figures.push(figure('B2', `read_message overhead p50 with VS Code's client (${name})`, ms(p50, 3), ...target()));
    }
    figures.push(figure('B2', 'MCP protocol share without HTTP (in-memory SDK Client), p50', ms(stats.get('memory')!.p50 - d.p50, 3), '(reported)', undefined));
    figures.push(figure('B2', 'floor: bare HTTP round trip, same payload, unix socket, p50', ms(stats.get('bare')!.p50, 3), '(reported)', undefined));
    figures.push(figure('B2', 'floor with MCP: least Streamable HTTP server, same client, overhead p50', ms(leastOverhead, 3), '(reported)', undefined));
    for (const [client, json, sse] of [['SDK Client', 'least', 'least-sse'], ["VS Code's client", 'least-vscode', 'least-vscode-sse']]) {
      const saved = stats.get(sse)!.p50 - stats.get(json)!.p50;
      details.push(
        `B2: the least server answering with one JSON body / one SSE event, ${client}, unix socket: p50 ${ms(stats.get(json)!.p50)} / ${ms(stats.get(sse)!.p50)}`,
      );
      figures.push(figure('B2', `a JSON answer instead of SSE saves, ${client}, unix socket, p50`, ms(saved, 3), '(reported)', undefined));
    }
    await socket.close();
    await tcp.close();
    await bare.close();
    await vscodeSocket.close();
    await vscodeTcp.close();
    await least.close();
    await leastSse.close();
    await leastVscode.close();
    await leastVscodeSse.close();
    await memory.close();
    return { figures, details };
  } finally {
    await close();
  }
}

/**
 * The least any HTTP transport can cost here: a node:http server on a unix socket that answers every POST with the
 * JSON-RPC response bytes of a real read_message result, called with undici's fetch (as VS Code's extension host
 * calls unix-socket servers). No MCP, no validation, no SSE.
 */
async function bareRoundTrip(result: CallToolResult): Promise<{ call: ToolCaller; close(): Promise<void> }> {
  // The same private directory the product's socket gets, so it fits the socket path limit wherever TMPDIR is.
  const { dir, socketPath } = await createSocketDir();
  const answer = (requestId: unknown) => JSON.stringify({ jsonrpc: '2.0', id: requestId, result });
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const body = answer((JSON.parse(Buffer.concat(chunks).toString('utf8')) as { id: unknown }).id);
      res.writeHead(200, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) });
      res.end(body);
    });
  });
  await new Promise<void>((resolve) => server.listen(socketPath, resolve));
  const agent = new Agent({ connect: { socketPath } });
  let nextId = 1;
  return {
    call: async (tool, args) => {
      const response = await undiciFetch('http://localhost/mcp', {
        method: 'POST',
        dispatcher: agent,
        headers: { 'content-type': 'application/json', accept: 'application/json, text/event-stream' },
        body: JSON.stringify({ jsonrpc: '2.0', id: nextId++, method: 'tools/call', params: { name: tool, arguments: args } }),
      });
      return ((await response.json()) as { result: CallToolResult }).result;
    },
    close: async () => {
      await agent.close();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await rm(dir, { recursive: true, force: true });
    },
  };
}

/**
 * What any Streamable HTTP server costs with this client: a node:http server on a unix socket that reads the body,
 * hands the parsed message to the same McpServer through the least Transport that works (no session or header
 * checks, no resumability, no web streams) and answers each request with one JSON body, as ours does a quick one,
 * or (answerAs 'sse') with one SSE event in a body of known length, as ours did before. The client is the same SDK
 * Client with undici fetch, or VS Code's way. Ours less this is what our transport layer adds; the JSON and SSE
 * variants side by side are what the choice of JSON saves each client.
 */
async function leastStreamableHttp(
  server: McpServer,
  answerAs: 'json' | 'sse' = 'json',
  client: 'sdk' | 'vscode' = 'sdk',
): Promise<{ call: ToolCaller; close(): Promise<void> }> {
  const { dir, socketPath } = await createSocketDir();
  const waiting = new Map<string | number, ServerResponse>();
  const transport: Transport = {
    sessionId: randomUUID(),
    start: async () => undefined,
    close: async () => transport.onclose?.(),
    send: async (message: JSONRPCMessage) => {
      const id = 'id' in message ? message.id : undefined;
      const res = id === undefined ? undefined : waiting.get(id);
      if (!res || id === undefined) return;
      waiting.delete(id);
      const body = answerAs === 'json' ? JSON.stringify(message) : `event: message\ndata: ${JSON.stringify(message)}\n\n`;
      const type = answerAs === 'json' ? 'application/json' : 'text/event-stream';
      res.writeHead(200, { 'content-type': type, 'content-length': Buffer.byteLength(body), 'mcp-session-id': transport.sessionId! });
      res.end(body);
    },
  };
  await server.connect(transport);
  const http = createServer((req, res) => {
    if (req.method !== 'POST') return void res.writeHead(405).end();
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const message = JSON.parse(Buffer.concat(chunks).toString('utf8')) as JSONRPCMessage;
      if (!('id' in message) || !('method' in message)) {
        res.writeHead(202).end();
      } else {
        waiting.set(message.id, res);
      }
      transport.onmessage?.(message);
    });
  });
  await new Promise<void>((resolve) => http.listen(socketPath, resolve));
  const caller =
    client === 'sdk' ? await sdkClient('http://localhost/mcp', { socketPath }) : { ...(await vscodeMcpClient('http://localhost/mcp', { socketPath, headers: {} })), close: async () => undefined };
  return {
    call: caller.call,
    close: async () => {
      await caller.close();
      await server.close();
      await new Promise<void>((resolve) => http.close(() => resolve()));
      await rm(dir, { recursive: true, force: true });
    },
  };
}

/** A copy of `items` in a random order (Fisher–Yates). */
function shuffled<T>(items: readonly T[]): T[] {
  const copy = [...items];
  for (let i = copy.length - 1; i > 0; i--) {
    const j = Math.floor(Math.random() * (i + 1));
    [copy[i], copy[j]] = [copy[j], copy[i]];
  }
  return copy;
}

/**
 * Sums, per tool call, the time our HTTP server holds each MCP request (one call may be more than one request): from
 * the request's start to the server's own end() of its response. Not to the response's 'finish': that is reported a
 * turn of the event loop later, after the client sharing this loop may already have read and handled the answer
 * (a JSON answer, at once), which would count the client's work as the server's, or spill into the next call.
 */
function serverExchangeTimer(): { reset(): void; total(): number; stop(): void } {
  let total = 0;
  const onStart = (message: unknown) => {
    const { request, response } = message as { request: IncomingMessage; response: ServerResponse };
    if (!request.url?.startsWith('/mcp')) return;
    const at = performance.now();
    const end = response.end.bind(response) as (...args: unknown[]) => ServerResponse;
    // Timed on this one response object only; nothing in production is hooked.
    response.end = ((...args: unknown[]) => {
      total += performance.now() - at;
      response.end = end as ServerResponse['end'];
      return end(...args);
    }) as ServerResponse['end'];
  };
  diagnostics.subscribe('http.server.request.start', onStart);
  return {
    reset: () => void (total = 0),
    total: () => total,
    stop: () => diagnostics.unsubscribe('http.server.request.start', onStart),
  };
}

/**
 * B2 again in a child process on the Node that runs our server in VS Code: code-server 1.139's extension host
 * (Node 24, from the test cache). Figure names say which runtime they were measured on.
 */
export async function runTransportOverheadOnExtensionHostNode(options: { readonly install: boolean }): Promise<{ figures: Figure[]; details: string[] }> {
  const harnessPath = '../test/harness/codeServer.mjs';
  const harness = (await import(harnessPath)) as { NODE24: string; ensureCache(): void };
  if (options.install) harness.ensureCache();
  else if (!existsSync(harness.NODE24)) {
    const note = 'not measured: no Node 24 in the test cache (npm run bench without --skip-vscode installs it)';
    return { figures: [figure('B2', "read_message overhead p50 on the extension host's Node 24", 'n/a', retiredGoal('<= 1 ms'), undefined, note)], details: [] };
  }
  const child = spawnSync(harness.NODE24, [require.resolve('tsx/cli'), __filename, '--json'], { encoding: 'utf8', maxBuffer: 16 * 1024 * 1024 });
  if (child.status !== 0) throw new Error(`B2 under ${harness.NODE24} failed: ${child.stderr}`);
  const measured = JSON.parse(child.stdout.slice(child.stdout.indexOf(JSON_MARKER) + JSON_MARKER.length)) as { version: string; figures: Figure[]; details: string[] };
  const runtime = `Node ${measured.version.slice(1).split('.')[0]}, the extension host's`;
  return {
    figures: measured.figures.map((f) => ({ ...f, name: `${f.name}, ${runtime}` })),
    details: measured.details.map((line) => line.replace(/^B2: /, `B2 (${runtime} ${measured.version}): `)),
  };
}

const JSON_MARKER = '\n[b2-json]';

runStandalone(module, runTransportOverhead, (report) =>
  process.argv.includes('--json') ? process.stdout.write(`${JSON_MARKER}${JSON.stringify({ version: process.version, ...report })}`) : printReport(report),
);
