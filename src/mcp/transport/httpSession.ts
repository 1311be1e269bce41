import type { IncomingMessage, ServerResponse } from 'node:http';
import { isJsonContentType } from '@modelcontextprotocol/sdk/shared/mediaType.js';
import type { Transport, TransportSendOptions } from '@modelcontextprotocol/sdk/shared/transport.js';
import {
  isInitializeRequest,
  isJSONRPCErrorResponse,
  isJSONRPCRequest,
  isJSONRPCResultResponse,
  JSONRPCMessageSchema,
  SUPPORTED_PROTOCOL_VERSIONS,
  type JSONRPCMessage,
  type MessageExtraInfo,
  type RequestId,
} from '@modelcontextprotocol/sdk/types.js';

/**
 * One MCP session of the Streamable HTTP transport, served straight on Node's http objects: the SDK's
 * McpServer connects to it as to any Transport.
 *
 * It stands in for the SDK's StreamableHTTPServerTransport, which converts every exchange to web Request,
 * Response and ReadableStream objects (through @hono/node-server) and back; that conversion was about half of
 * what a tool call cost over HTTP (bench B2). The protocol rules are the SDK's, in the same order and with the
 * same status codes and messages: Accept and Content-Type checks, JSON-RPC validation of every message with the
 * SDK's own schema, one initialize per session, the session header, the protocol-version header, one
 * standalone GET stream, DELETE to end the session, each request's answer (and the notifications and requests
 * related to it) on that POST's own answer: one JSON body when all is ready at once, else an SSE stream closed
 * once every request of the POST has its answer, with keep-alive comments so a client's body timeout never
 * fires while a tool call waits for the user's confirmation. Resumability (an event store, Last-Event-ID) is
 * not offered: every stream lives as long as its request.
 */
export class StreamableHttpSession implements Transport {
  sessionId?: string;
  onclose?: () => void;
  onerror?: (error: Error) => void;
  onmessage?: (message: JSONRPCMessage, extra?: MessageExtraInfo) => void;

  private initialized = false;
  private closed = false;
  private standalone: SseStream | undefined;
  private readonly answerOfRequest = new Map<RequestId, PostAnswer>();

  constructor(private readonly options: StreamableHttpSessionOptions) {}

  async start(): Promise<void> {
    // Nothing to open: requests arrive through handleRequest.
  }

  /**
   * Serves one HTTP request of this session; a POST's body comes already parsed. A POST that carries requests
   * resolves once their answers are written (or the client went away); a GET resolves once its stream is open.
   */
  async handleRequest(req: IncomingMessage, res: ServerResponse, parsedBody: unknown, url: URL): Promise<void> {
    if (this.closed) return this.fail(res, 404, -32001, 'Session not found');
    switch (req.method) {
      case 'POST':
        return this.handlePost(req, res, parsedBody, url);
      case 'GET':
        return this.handleGet(req, res);
      case 'DELETE':
        return this.handleDelete(req, res);
      default:
        this.onerror?.(new Error('Method not allowed.'));
        return writeJsonRpcError(res, 405, -32000, 'Method not allowed.', { allow: 'GET, POST, DELETE' });
    }
  }

  async send(message: JSONRPCMessage, options?: TransportSendOptions): Promise<void> {
    const isAnswer = isJSONRPCResultResponse(message) || isJSONRPCErrorResponse(message);
    const requestId = isAnswer ? message.id : options?.relatedRequestId;
    if (requestId === undefined) {
      if (isAnswer) throw new Error('Cannot send a response on a standalone SSE stream unless resuming a previous client request');
      // Server-initiated messages go on the GET stream, or nowhere while the client has none open.
      this.standalone?.write(message);
      return;
    }
    const answer = this.answerOfRequest.get(requestId);
    if (!answer) {
      if (this.closed) return;
      throw new Error(`No connection established for request ID: ${String(requestId)}`);
    }
    if (!isAnswer) return answer.related(message);
    this.answerOfRequest.delete(requestId);
    answer.answer(requestId, message);
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    for (const answer of new Set(this.answerOfRequest.values())) answer.end();
    this.answerOfRequest.clear();
    this.standalone?.end();
    this.standalone = undefined;
    this.onclose?.();
  }

  private async handlePost(req: IncomingMessage, res: ServerResponse, parsedBody: unknown, url: URL): Promise<void> {
    const accept = req.headers.accept;
    if (!accept?.includes('application/json') || !accept.includes('text/event-stream')) {
      return this.fail(res, 406, -32000, 'Not Acceptable: Client must accept both application/json and text/event-stream');
    }
    if (!isJsonContentType(req.headers['content-type'])) {
      return this.fail(res, 415, -32000, 'Unsupported Media Type: Content-Type must be application/json');
    }
    if (Array.isArray(parsedBody) && parsedBody.length > MAX_BATCH_SIZE) {
      return this.fail(res, 400, -32600, `Invalid Request: Batch must not exceed ${MAX_BATCH_SIZE} messages`);
    }
    let messages: JSONRPCMessage[];
    try {
      messages = Array.isArray(parsedBody) ? parsedBody.map((m) => JSONRPCMessageSchema.parse(m)) : [JSONRPCMessageSchema.parse(parsedBody)];
    } catch {
      return this.fail(res, 400, -32700, 'Parse error: Invalid JSON-RPC message');
    }

    const initializing = messages.some(isInitializeRequest);
    if (initializing) {
      if (this.initialized) return this.fail(res, 400, -32600, 'Invalid Request: Server already initialized');
      if (messages.length > 1) return this.fail(res, 400, -32600, 'Invalid Request: Only one initialization request is allowed');
      this.sessionId = this.options.sessionIdGenerator();
      this.initialized = true;
      this.options.onsessioninitialized?.(this.sessionId);
    } else if (!this.acceptsSession(req, res)) {
      return;
    }
    if (this.closed) return this.fail(res, 404, -32001, 'Session not found');

    const extra: MessageExtraInfo = { requestInfo: { headers: req.headers, url } };
    const requests = messages.filter(isJSONRPCRequest);
    if (requests.length === 0) {
      // Notifications and the client's answers to our requests: accepted, nothing to stream back.
      for (const message of messages) this.onmessage?.(message, extra);
      res.writeHead(202).end();
      return;
    }
    // An id still waiting for its answer would take that answer away from the stream it belongs to.
    const ids = new Set<RequestId>();
    for (const { id } of requests) {
      if (this.answerOfRequest.has(id) || ids.has(id)) {
        return this.fail(res, 400, -32600, `Invalid Request: request id ${JSON.stringify(id)} is already in use by a request not yet answered`);
      }
      ids.add(id);
    }
    const answer = new PostAnswer(res, this.sessionId, [...ids], this.options.keepAliveMs, this.options.jsonWithinMs ?? JSON_WITHIN_MS);
    for (const id of ids) this.answerOfRequest.set(id, answer);
    // A client that goes away forfeits the answers; the calls themselves run on (the protocol has
    // notifications/cancelled for stopping them), and their answers are dropped.
    const finished = new Promise<void>((resolve) => res.once('close', resolve));
    for (const message of messages) this.onmessage?.(message, extra);
    // The POST counts as running until its answer is written (close() waits for running calls) or the client goes.
    await finished;
    answer.end();
  }

  private handleGet(req: IncomingMessage, res: ServerResponse): void {
    if (!req.headers.accept?.includes('text/event-stream')) {
      return this.fail(res, 406, -32000, 'Not Acceptable: Client must accept text/event-stream');
    }
    if (!this.acceptsSession(req, res)) return;
    if (this.standalone) return this.fail(res, 409, -32000, 'Conflict: Only one SSE stream is allowed per session');
    const stream = new SseStream(res, this.sessionId, this.options.keepAliveMs);
    stream.flushHeaders();
    this.standalone = stream;
    res.once('close', () => {
      if (this.standalone === stream) this.standalone = undefined;
      stream.end();
    });
  }

  private async handleDelete(req: IncomingMessage, res: ServerResponse): Promise<void> {
    if (!this.acceptsSession(req, res)) return;
    res.writeHead(200).end();
    await this.close();
  }

  /** The session header and protocol version of a request after initialize; answers the refusal itself. */
  private acceptsSession(req: IncomingMessage, res: ServerResponse): boolean {
    if (!this.initialized) {
      this.fail(res, 400, -32000, 'Bad Request: Server not initialized');
      return false;
    }
    const sessionId = req.headers['mcp-session-id'];
    if (sessionId === undefined) {
      this.fail(res, 400, -32000, 'Bad Request: Mcp-Session-Id header is required');
      return false;
    }
    if (sessionId !== this.sessionId) {
      this.fail(res, 404, -32001, 'Session not found');
      return false;
    }
    const version = req.headers['mcp-protocol-version'];
    if (version !== undefined && (typeof version !== 'string' || !SUPPORTED_PROTOCOL_VERSIONS.includes(version))) {
      this.fail(
        res,
        400,
        -32000,
        `Bad Request: Unsupported protocol version: ${String(version)} (supported versions: ${SUPPORTED_PROTOCOL_VERSIONS.join(', ')})`,
      );
      return false;
    }
    return true;
  }

  private fail(res: ServerResponse, status: number, code: number, message: string): void {
    this.onerror?.(new Error(message));
    writeJsonRpcError(res, status, code, message);
  }
}

export interface StreamableHttpSessionOptions {
  readonly sessionIdGenerator: () => string;
  /** Called once initialize has given the session its id, before the initialize request is handled. */
  readonly onsessioninitialized?: (sessionId: string) => void;
  /** Interval of keep-alive comments on open SSE streams (default 15 s, as the SDK's). */
  readonly keepAliveMs?: number;
  /** How long a POST's answer may wait to leave as one JSON body before it becomes an SSE stream (default 100 ms). */
  readonly jsonWithinMs?: number;
}

/** The SDK's cap on the messages of one batched POST. */
const MAX_BATCH_SIZE = 100;
const DEFAULT_KEEP_ALIVE_MS = 15_000;
/** How long a POST's answer may wait for all its answers, to leave as one JSON body, before it becomes an SSE stream. */
const JSON_WITHIN_MS = 100;

/** A JSON-RPC error with no id, as an HTTP answer of its own. */
export function writeJsonRpcError(res: ServerResponse, status: number, code: number, message: string, headers: Record<string, string> = {}): void {
  writeJsonBody(res, status, { jsonrpc: '2.0', error: { code, message }, id: null }, headers);
}

/** `value` as a whole application/json answer, in one write with its headers and a Content-Length. */
function writeJsonBody(res: ServerResponse, status: number, value: unknown, headers: Record<string, string>): void {
  const body = JSON.stringify(value);
  res.writeHead(status, { ...headers, 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) });
  res.end(body);
}

/**
 * The HTTP answer to one POST that carries requests. When every answer is ready within jsonWithinMs and
 * nothing else had to go out first, they leave as one application/json body (an array for a batch, in the
 * batch's order), in one write with the headers and a Content-Length: the protocol lets the server choose JSON
 * or SSE for each POST, and the SDK's client reads a JSON body with less work than an event stream (bench B2). A call
 * that takes longer, such as a send waiting for the user's confirmation, or one that sends progress or asks the
 * client something first, turns the answer into an SSE stream: its headers go out then, so that no client's wait
 * for response headers runs out, then keep-alive comments, its events as they come, and the end after the last
 * answer.
 */
class PostAnswer {
  private readonly pending: Set<RequestId>;
  private readonly ready = new Map<RequestId, JSONRPCMessage>();
  private stream: SseStream | undefined;
  private readonly streamDue: NodeJS.Timeout;

  constructor(
    private readonly res: ServerResponse,
    private readonly sessionId: string | undefined,
    private readonly order: readonly RequestId[],
    private readonly keepAliveMs: number | undefined,
    jsonWithinMs: number,
  ) {
    this.pending = new Set(order);
    this.streamDue = setTimeout(() => this.toStream()?.flushHeaders(), jsonWithinMs);
    this.streamDue.unref();
  }

  /** The answer to one of the POST's requests; the last one ends the HTTP answer. */
  answer(id: RequestId, message: JSONRPCMessage): void {
    this.pending.delete(id);
    const last = this.pending.size === 0;
    if (this.stream) return this.stream.write(message, last);
    this.ready.set(id, message);
    if (last) this.writeJson();
  }

  /** A notification or request that belongs to one of the POST's requests: it must go out now, as an event. */
  related(message: JSONRPCMessage): void {
    this.toStream()?.write(message);
  }

  /** Ends the answer early (the session closes, or the client went away): what is ready goes out as events. */
  end(): void {
    clearTimeout(this.streamDue);
    (this.stream ?? this.toStream())?.end();
  }

  private writeJson(): void {
    clearTimeout(this.streamDue);
    if (this.res.writableEnded || this.res.destroyed) return;
    const answers = this.order.map((id) => this.ready.get(id));
    writeJsonBody(this.res, 200, answers.length === 1 ? answers[0] : answers, this.sessionId === undefined ? {} : { 'mcp-session-id': this.sessionId });
  }

  /** Switches to an SSE stream, with the answers already ready as its first events; none once the answer is written. */
  private toStream(): SseStream | undefined {
    if (this.stream || this.res.writableEnded || this.res.destroyed) return this.stream;
    clearTimeout(this.streamDue);
    this.stream = new SseStream(this.res, this.sessionId, this.keepAliveMs);
    for (const id of this.order) {
      const message = this.ready.get(id);
      if (message) this.stream.write(message);
    }
    this.ready.clear();
    return this.stream;
  }
}

/** One open text/event-stream answer: the events of one POST's requests, or the session's GET stream. */
class SseStream {
  private readonly keepAlive: NodeJS.Timeout;

  constructor(
    private readonly res: ServerResponse,
    sessionId: string | undefined,
    keepAliveMs = DEFAULT_KEEP_ALIVE_MS,
  ) {
    // Headers set, not yet written: the first event leaves in one write with them.
    res.statusCode = 200;
    res.setHeader('content-type', 'text/event-stream');
    res.setHeader('cache-control', 'no-cache, no-transform');
    res.setHeader('connection', 'keep-alive');
    res.setHeader('x-accel-buffering', 'no');
    if (sessionId !== undefined) res.setHeader('mcp-session-id', sessionId);
    this.keepAlive = setInterval(() => this.open && this.res.write(': keepalive\n\n'), keepAliveMs);
    this.keepAlive.unref();
  }

  private get open(): boolean {
    return !this.res.writableEnded && !this.res.destroyed;
  }

  flushHeaders(): void {
    if (this.open && !this.res.headersSent) this.res.flushHeaders();
  }

  /** Writes one event; the last one ends the stream. */
  write(message: JSONRPCMessage, last = false): void {
    if (!this.open) return;
    const event = `event: message\ndata: ${JSON.stringify(message)}\n\n`;
    if (last) {
      clearInterval(this.keepAlive);
      this.res.end(event);
    } else {
      this.res.write(event);
    }
  }

  end(): void {
    clearInterval(this.keepAlive);
    if (this.open) this.res.end();
  }
}
