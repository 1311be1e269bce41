import type { OutgoingHttpHeaders } from 'node:http';

/** What a route answers; the server writes it (or a fault replaces it). */
export interface Reply {
  status: number;
  headers?: OutgoingHttpHeaders;
  body: string | Buffer;
}

export function jsonReply(status: number, value: unknown, headers: OutgoingHttpHeaders = {}): Reply {
  return { status, headers: { 'content-type': 'application/json; charset=UTF-8', ...headers }, body: JSON.stringify(value, null, 2) };
}

export function htmlReply(status: number, html: string): Reply {
  return { status, headers: { 'content-type': 'text/html; charset=utf-8', 'x-frame-options': 'DENY' }, body: html };
}

export function redirectReply(location: string): Reply {
  return { status: 302, headers: { location, 'content-type': 'text/html; charset=UTF-8' }, body: '' };
}

/** Thrown by a handler to answer with a given reply (errors read more simply than nested returns). */
export class ReplyError extends Error {
  constructor(readonly reply: Reply, note?: string) {
    super(note ?? `HTTP ${reply.status}`);
  }
}
