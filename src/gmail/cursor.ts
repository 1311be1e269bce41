/**
 * Continuation cursors: where the next page of a long message or thread starts. Opaque to the agent
 * (base64url JSON), checked on the way back in so a cursor cannot be replayed against another message.
 */
export type CursorScope = 'message' | 'thread';

export interface Cursor {
  readonly scope: CursorScope;
  /** Message id for 'message', thread id for 'thread'. */
  readonly id: string;
  /** Character offset where the next page starts. */
  readonly offset: number;
}

export class InvalidCursorError extends Error {
  constructor(detail: string) {
    super(`Invalid cursor: ${detail}. Pass the cursor exactly as the previous result gave it, or omit it to start at the beginning.`);
    this.name = 'InvalidCursorError';
  }
}

const MAX_CURSOR_LENGTH = 512;

export function encodeCursor(cursor: Cursor): string {
  const payload = { v: 1, s: cursor.scope === 'message' ? 'm' : 't', i: cursor.id, o: cursor.offset };
  return Buffer.from(JSON.stringify(payload), 'utf8').toString('base64url');
}

export function decodeCursor(text: string, expected: { scope: CursorScope; id: string }): Cursor {
  if (text.length > MAX_CURSOR_LENGTH || !/^[A-Za-z0-9_-]+$/.test(text)) throw new InvalidCursorError('not a cursor from this server');
  let payload: unknown;
  try {
    payload = JSON.parse(Buffer.from(text, 'base64url').toString('utf8'));
  } catch {
    throw new InvalidCursorError('not a cursor from this server');
  }
  const p = payload as { v?: unknown; s?: unknown; i?: unknown; o?: unknown };
  if (p?.v !== 1 || (p.s !== 'm' && p.s !== 't') || typeof p.i !== 'string' || !Number.isSafeInteger(p.o) || (p.o as number) < 0) {
    throw new InvalidCursorError('not a cursor from this server');
  }
  const cursor: Cursor = { scope: p.s === 'm' ? 'message' : 'thread', id: p.i, offset: p.o as number };
  if (cursor.scope !== expected.scope || cursor.id !== expected.id) {
    throw new InvalidCursorError(`it belongs to ${cursor.scope} ${cursor.id}, not ${expected.scope} ${expected.id}`);
  }
  return cursor;
}
