import { createHash, randomBytes, randomUUID, timingSafeEqual } from 'node:crypto';
import { promises as fs } from 'node:fs';
import * as http from 'node:http';
import { NodeStreamableHTTPServerTransport as StreamableHTTPServerTransport, toNodeHandler, toWebRequest } from '@modelcontextprotocol/node';
import { createMcpHandler, isLegacyRequest, type McpServer } from '@modelcontextprotocol/server';
import { createSocketDir } from './socketDir';

/**
 * The MCP server's front door on Node's http server, in front of the SDK's two ways of serving: clients of the
 * 2025-11-25 revision (VS Code today) keep stateful sessions, one McpServer and one StreamableHTTPServerTransport
 * per session; requests of the 2026-07-28 revision (no sessions: each carries its version and capabilities) go
 * to the SDK's per-request handler, one McpServer per request. The SDK's isLegacyRequest decides which, so the
 * routing is the SDK's own classification. Reachable either
 *  - over a unix socket in a fresh 0700 directory (a randomly named pipe on Windows) with a per-start
 *    nonce header: production, no TCP port at all; or
 *  - over TCP on 127.0.0.1 with a per-start bearer token: tests and benchmarks.
 * Checks, in order: Host is a loopback name (DNS rebinding), no foreign Origin (no web page may call us;
 * only the same-origin value http://<Host> is tolerated, which no page can carry since we serve none),
 * the secret, the path, the body size; then the SDK's transport applies the protocol's own rules (Accept and
 * Content-Type, JSON-RPC, sessions, the protocol-version header, SSE with keep-alives). The SDK's own
 * allowedHosts option is deprecated and compares the Host header exactly (port included), so the host check is ours.
 *
 * Changes of the tool list reach a 2025-11-25 client from its session's own server (notifications/tools/list_changed
 * on its GET stream); a 2026-07-28 client has no session and hears of them only on a subscriptions/listen stream it
 * opened, which the SDK's handler serves and toolListChanged() feeds.
 *
 * VS Code reads 401/403 as an OAuth challenge: a request with the right secret is never answered with
 * either; unknown sessions get 404, which makes clients start a new session.
 */
export type McpListenOptions =
  | { readonly kind: 'socket'; /** Where the private directory is preferred (default: the OS temp dir; see socketDir.ts when the path would be too long). */ readonly parentDir?: string }
  | { readonly kind: 'tcp'; /** Default 0: any free port. */ readonly port?: number };

export interface McpHttpServerOptions {
  /** Called once per 2025-11-25 client session, and once per 2026-07-28 request. */
  readonly createServer: () => McpServer;
  readonly listen: McpListenOptions;
  /** Largest accepted request body (default 1 MiB); larger ones get 413. */
  readonly maxBodyBytes?: number;
  /** Transport errors, for logs. Never carries the secret. */
  readonly onError?: (error: Error) => void;
  /**
   * How long close() lets tool calls already running finish (default 5 s) before it closes their sessions,
   * which aborts them. A restart or sign-out then still answers the call that was on its way.
   */
  readonly closeGraceMs?: number;
}

export interface RunningMcpServer {
  readonly kind: 'socket' | 'tcp';
  /** tcp: http://127.0.0.1:PORT/mcp. socket: http://localhost/mcp (send it over socketPath). */
  readonly url: string;
  /** socket only: the unix socket path, or the named pipe on Windows. */
  readonly socketPath?: string;
  readonly path: '/mcp';
  /** The header every request must carry. */
  readonly authHeader: { readonly name: string; readonly value: string };
  readonly sessionCount: number;
  /**
   * Tells the 2026-07-28 clients listening for it (subscriptions/listen with toolsListChanged) that the tool list
   * changed. A 2025-11-25 session's server announces its own changes and needs no call.
   */
  toolListChanged(): void;
  /**
   * Refuses new requests (503), lets running tool calls finish within `graceMs` (default: closeGraceMs), then
   * closes every session and the listener and removes the socket directory.
   */
  close(graceMs?: number): Promise<void>;
}

export const NONCE_HEADER = 'x-gmail-mcp-nonce';
export const MCP_PATH = '/mcp';
const DEFAULT_MAX_BODY = 1024 * 1024;
const DEFAULT_CLOSE_GRACE_MS = 5000;
const LOOPBACK_HOSTS = new Set(['localhost', '127.0.0.1', '[::1]']);

interface Session {
  readonly transport: StreamableHTTPServerTransport;
  readonly server: McpServer;
}

export async function startMcpHttpServer(options: McpHttpServerOptions): Promise<RunningMcpServer> {
  const maxBodyBytes = options.maxBodyBytes ?? DEFAULT_MAX_BODY;
  const secret = randomBytes(32).toString('hex');
  const authHeader =
    options.listen.kind === 'socket' ? { name: NONCE_HEADER, value: secret } : { name: 'authorization', value: `Bearer ${secret}` };
  const expectedDigest = digest(authHeader.value);
  const sessions = new Map<string, Session>();
  const report = (error: unknown) => options.onError?.(error instanceof Error ? error : new Error(String(error)));
  const modern = createMcpHandler(() => options.createServer(), { legacy: 'reject', onerror: report, maxRequestBodySize: maxBodyBytes });
  const serveModern = toNodeHandler(modern, { onerror: report, maxRequestBodySize: maxBodyBytes });

  const handle = async (req: http.IncomingMessage, res: http.ServerResponse, releaseFromGrace: () => void): Promise<void> => {
    if (!isLoopbackHost(req.headers.host)) return refuse(res, 403, 'Forbidden: the Host header must be localhost, 127.0.0.1 or [::1].');
    if (req.headers.origin !== undefined && req.headers.origin !== `http://${req.headers.host}`) {
      return refuse(res, 403, 'Forbidden: requests from web pages (with an Origin header) are not accepted.');
    }
    const presented = req.headers[authHeader.name];
    if (typeof presented !== 'string' || !timingSafeEqual(digest(presented), expectedDigest)) {
      return refuse(res, 401, `Unauthorized: missing or wrong ${authHeader.name === NONCE_HEADER ? NONCE_HEADER : 'bearer token'}.`);
    }
    if (new URL(req.url ?? '/', 'http://localhost').pathname !== MCP_PATH) return refuse(res, 404, `Not found: the MCP endpoint is ${MCP_PATH}.`);
    const declared = Number(req.headers['content-length']);
    if (Number.isFinite(declared) && declared > maxBodyBytes) {
      return refuse(res, 413, `Request body too large: at most ${maxBodyBytes} bytes.`);
    }

    // The body is read here, on Node's streams, with the size cap holding for chunked bodies that declare no length.
    let parsedBody: unknown;
    if (req.method === 'POST') {
      const body = await readBody(req, maxBodyBytes);
      if (body === undefined) return refuse(res, 413, `Request body too large: at most ${maxBodyBytes} bytes.`);
      try {
        parsedBody = JSON.parse(body);
      } catch {
        return refuse(res, 400, 'Parse error: the request body is not valid JSON.', -32700);
      }
    }

    // A subscriptions/listen stream stays open until its client or close() ends it, like a 2025 session's GET
    // stream: close() does not wait for it as for a tool call.
    if (isListenRequest(parsedBody)) releaseFromGrace();

    // A request in a session we opened comes from a 2025-11-25 client (only its initialize opens one), so the
    // calls of such a client skip the classification, which builds a web Request from the Node one.
    const sessionId = req.headers['mcp-session-id'];
    const session = typeof sessionId === 'string' ? sessions.get(sessionId) : undefined;
    if (session) {
      await session.transport.handleRequest(req, res, parsedBody);
      return;
    }
    if (!(await isLegacyRequest(await toWebRequest(req, parsedBody), parsedBody, { maxRequestBodySize: maxBodyBytes }))) {
      await serveModern(req, res, parsedBody);
      return;
    }
    if (typeof sessionId === 'string') return refuse(res, 404, 'Session not found: start a new session with initialize.', -32001);
    if (req.method !== 'POST') return refuse(res, 400, 'Bad request: no session; send initialize first.');

    const server = options.createServer();
    const transport: StreamableHTTPServerTransport = new StreamableHTTPServerTransport({
      sessionIdGenerator: () => randomUUID(),
      onsessioninitialized: (id) => void sessions.set(id, { transport, server }),
    });
    // Set before connect(): the SDK chains its own close handling after ours.
    transport.onclose = () => {
      if (transport.sessionId) sessions.delete(transport.sessionId);
    };
    transport.onerror = report;
    await server.connect(transport);
    await transport.handleRequest(req, res, parsedBody);
    // Anything but a successful initialize leaves no session behind.
    if (!transport.sessionId || !sessions.has(transport.sessionId)) await server.close();
  };

  // POSTs carry the tool calls, each running until its answer is written or its client goes away; a GET is the
  // long-lived notification stream and is not waited for on close.
  let accepting = true;
  let postsInFlight = 0;
  let onDrained: (() => void) | undefined;
  const httpServer = http.createServer((req, res) => {
    if (!accepting) return refuse(res, 503, 'Service unavailable: the Gmail MCP server is shutting down.');
    let counted = req.method === 'POST';
    const releaseFromGrace = () => {
      if (!counted) return;
      counted = false;
      if (--postsInFlight === 0) onDrained?.();
    };
    if (counted) {
      postsInFlight++;
      res.once('close', releaseFromGrace);
    }
    handle(req, res, releaseFromGrace).catch((error: unknown) => {
      report(error);
      if (!res.headersSent) refuse(res, 500, 'Internal error in the MCP transport.', -32603);
      else res.end();
    });
  });

  let socketDir: string | undefined;
  let socketPath: string | undefined;
  if (options.listen.kind === 'socket') {
    if (process.platform === 'win32') {
      socketPath = `\\\\.\\pipe\\gmail-mcp-${randomBytes(16).toString('hex')}`;
    } else {
      ({ dir: socketDir, socketPath } = await createSocketDir({ parentDir: options.listen.parentDir }));
    }
    try {
      await listen(httpServer, socketPath);
      if (socketDir) await fs.chmod(socketPath, 0o600);
    } catch (error) {
      httpServer.close();
      if (socketDir) await fs.rm(socketDir, { recursive: true, force: true });
      throw error;
    }
  } else {
    await listen(httpServer, options.listen.port ?? 0, '127.0.0.1');
  }

  const address = httpServer.address();
  const url =
    options.listen.kind === 'tcp' && address && typeof address === 'object'
      ? `http://127.0.0.1:${address.port}${MCP_PATH}`
      : `http://localhost${MCP_PATH}`;

  let closing: Promise<void> | undefined;
  return {
    kind: options.listen.kind,
    url,
    socketPath,
    path: MCP_PATH,
    authHeader,
    get sessionCount() {
      return sessions.size;
    },
    toolListChanged() {
      modern.notify.toolsChanged();
    },
    close(graceMs = options.closeGraceMs ?? DEFAULT_CLOSE_GRACE_MS) {
      closing ??= (async () => {
        accepting = false;
        if (postsInFlight > 0 && graceMs > 0) {
          let timer: NodeJS.Timeout | undefined;
          await new Promise<void>((resolve) => {
            onDrained = resolve;
            timer = setTimeout(resolve, graceMs);
          });
          clearTimeout(timer);
        }
        const open = [...sessions.values()];
        sessions.clear();
        await Promise.allSettled([...open.map((s) => s.server.close()), modern.close()]);
        await new Promise<void>((resolve) => {
          httpServer.close(() => resolve());
          httpServer.closeAllConnections();
        });
        if (socketDir) await fs.rm(socketDir, { recursive: true, force: true });
      })();
      return closing;
    },
  };
}

function isListenRequest(body: unknown): boolean {
  return typeof body === 'object' && body !== null && (body as { method?: unknown }).method === 'subscriptions/listen';
}

/** Host without port must be a loopback name; VS Code sends "localhost" over the socket. */
export function isLoopbackHost(host: string | undefined): boolean {
  if (!host) return false;
  const match = /^(\[[^\]]+\]|[^:]+)(?::(\d{1,5}))?$/.exec(host.trim().toLowerCase());
  return match !== null && LOOPBACK_HOSTS.has(match[1]);
}

function digest(value: string): Buffer {
  return createHash('sha256').update(value, 'utf8').digest();
}

/** A JSON-RPC error with no id, as the whole HTTP answer, in the SDK transport's shape. */
function refuse(res: http.ServerResponse, status: number, message: string, code = -32000): void {
  const body = JSON.stringify({ jsonrpc: '2.0', error: { code, message }, id: null });
  res.writeHead(status, { connection: 'close', 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) });
  res.end(body);
}

/** The whole body as text, or undefined once it passes `limit` bytes (the rest is not read). */
function readBody(req: http.IncomingMessage, limit: number): Promise<string | undefined> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const onData = (chunk: Buffer) => {
      size += chunk.length;
      if (size > limit) {
        req.off('data', onData);
        req.off('end', onEnd);
        req.pause();
        resolve(undefined);
        return;
      }
      chunks.push(chunk);
    };
    const onEnd = () => resolve(Buffer.concat(chunks, size).toString('utf8'));
    req.on('data', onData);
    req.once('end', onEnd);
    // Also a client that goes away mid-body (Node reports it as ECONNRESET): the request ends as failed.
    req.once('error', reject);
  });
}

function listen(server: http.Server, target: string | number, host?: string): Promise<void> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    const done = () => {
      server.off('error', reject);
      resolve();
    };
    if (typeof target === 'string') server.listen(target, done);
    else server.listen(target, host, done);
  });
}
