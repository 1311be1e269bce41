import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { Socket } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';
import { chooseFaults } from './faults/faultRule';
import { apiError, errors } from './gmail/apiErrors';
import { dispatchGmail, GMAIL_PREFIX, GMAIL_UPLOAD_PREFIX } from './gmail/gmailDispatch';
import { readBody } from './http/readBody';
import { ReplyError, jsonReply, type Reply } from './http/reply';
import { RequestContext } from './http/requestContext';
import { approval, authorize } from './oauth/authorizeRoute';
import { revoke, tokenInfo } from './oauth/revokeRoute';
import { token } from './oauth/tokenRoute';
import { redactedQuery, type RequestLogEntry } from './requestLog';
import type { FakeState } from './state';

/**
 * Room for a 35 MB message as base64 inside JSON (the routes then apply Gmail's 35 MB cap to the message itself,
 * with Google's error); anything larger is cut off here.
 */
const MAX_BODY_BYTES = 50 * 1024 * 1024;

type Handler = (ctx: RequestContext, state: FakeState) => Reply | Promise<Reply>;

/** Top-level routes: Google's OAuth endpoints and the Gmail API, all under one origin (see endpointsAt). */
function route(method: string, path: string): Handler | undefined {
  if (path.startsWith(GMAIL_PREFIX) || path.startsWith(GMAIL_UPLOAD_PREFIX)) return dispatchGmail;
  const key = `${method} ${path}`;
  switch (key) {
    case 'GET /o/oauth2/v2/auth':
      return authorize;
    case 'POST /o/oauth2/v2/auth/approval':
      return approval;
    case 'POST /token':
      return token;
    case 'POST /revoke':
      return revoke;
    case 'GET /tokeninfo':
    case 'POST /tokeninfo':
      return tokenInfo;
    default:
      return undefined;
  }
}

export function startServer(state: FakeState, log: RequestLogEntry[], port: number): Promise<{ server: Server; sockets: Set<Socket> }> {
  const sockets = new Set<Socket>();
  const server = createServer((req, res) => {
    handle(req, res, state, log).catch((err: unknown) => {
      // Never echo request content: the message may quote a token.
      if (!res.headersSent) res.writeHead(500, { 'content-type': 'application/json' }).end(JSON.stringify({ error: { code: 500, message: 'fake Google internal error', status: 'INTERNAL' } }));
      process.emitWarning(`fake Google: ${(err as Error).message}`);
    });
  });
  server.on('connection', (s) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => resolve({ server, sockets }));
  });
}

async function handle(req: IncomingMessage, res: ServerResponse, state: FakeState, log: RequestLogEntry[]): Promise<void> {
  const url = new URL(req.url ?? '/', 'http://127.0.0.1');
  const method = req.method ?? 'GET';
  const entry: RequestLogEntry = { time: new Date(state.now()).toISOString(), method, path: url.pathname, query: redactedQuery(url.searchParams), status: 0, account: undefined, quotaUnits: 0, note: undefined };
  log.push(entry);

  let body: Buffer;
  try {
    body = await readBody(req, MAX_BODY_BYTES);
  } catch {
    entry.note = 'body too large';
    if (!res.headersSent) write(res, apiError(413, 'FAILED_PRECONDITION', 'Request Entity Too Large', 'uploadTooLarge'), entry);
    else entry.status = 413;
    return;
  }
  const ctx = new RequestContext(method, url, req.headers, body);
  const faults = chooseFaults(state.settings.faults, method, url.pathname);
  const latency = state.settings.latencyMs + faults.latencyMs;
  if (latency > 0) await sleep(latency);

  const terminal = faults.terminal;
  if (terminal?.kind === 'resetBeforeReply') {
    entry.note = 'fault: reset before processing';
    reset(req);
    return;
  }
  if (terminal?.kind === 'backendError') {
    entry.note = 'fault: backend error';
    write(res, errors.backend(terminal.status ?? 500), entry);
    return;
  }

  let reply: Reply;
  const handler = route(method, url.pathname);
  try {
    if (!handler) throw errors.unknownPath();
    reply = await handler(ctx, state);
  } catch (err) {
    if (!(err instanceof ReplyError)) throw err;
    reply = err.reply;
    ctx.note = ctx.note ? `${ctx.note}: ${err.message}` : err.message;
  }
  entry.account = ctx.account;
  entry.quotaUnits = ctx.quotaUnits;
  entry.note = ctx.note;

  if (terminal?.kind === 'resetAfterProcessing') {
    entry.status = reply.status;
    entry.note = `${entry.note ?? ''} (fault: reset after processing, reply dropped)`.trim();
    reset(req);
    return;
  }
  if (terminal?.kind === 'malformedJson') {
    entry.note = `${entry.note ?? ''} (fault: malformed JSON)`.trim();
    const text = reply.body.toString();
    reply = { ...jsonReply(200, null), body: text.slice(0, Math.max(1, Math.floor(text.length / 2))) };
  }
  write(res, reply, entry);
}

function write(res: ServerResponse, reply: Reply, entry: RequestLogEntry): void {
  entry.status = reply.status;
  const body = typeof reply.body === 'string' ? Buffer.from(reply.body) : reply.body;
  res.writeHead(reply.status, { ...reply.headers, 'content-length': body.length, 'cache-control': 'no-cache, no-store, max-age=0, must-revalidate' });
  res.end(body);
}

/** A TCP reset (RST), so the client sees ECONNRESET rather than a clean close. */
function reset(req: IncomingMessage): void {
  const socket = req.socket;
  if (typeof socket.resetAndDestroy === 'function') socket.resetAndDestroy();
  else socket.destroy();
}
