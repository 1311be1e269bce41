import { UserFacingError } from '../errors/userFacingError';

/**
 * Continuation cursors: where the next page of a long message or thread starts. Opaque to the agent
 * (base64url JSON), checked on the way back in so a cursor cannot be replayed against another message.
 */
export type CursorScope = 'message' | 'thread' | 'batch';

export interface Cursor {
  readonly scope: CursorScope;
  /** Message id for 'message', thread id for 'thread', a digest of the id list for 'batch'. */
  readonly id: string;
  /** Character offset where the next page starts (for 'batch': in the body of message `item`). */
  readonly offset: number;
  /** 'batch' only: the position in the id list of the message the next page starts with. */
  readonly item?: number;
}

const SCOPE_CODES: Record<CursorScope, string> = { message: 'm', thread: 't', batch: 'b' };
const SCOPES_BY_CODE = new Map(Object.entries(SCOPE_CODES).map(([scope, code]) => [code, scope as CursorScope]));

export class InvalidCursorError extends UserFacingError {
  readonly category = 'input';
  constructor(detail: string) {
    super(`Invalid cursor: ${detail}. Pass the cursor exactly as the previous result gave it, or omit it to start at the beginning.`);
    this.name = 'InvalidCursorError';
  }
}

const MAX_CURSOR_LENGTH = 512;

export function encodeCursor(cursor: Cursor): string {
  const payload = { v: 1, s: SCOPE_CODES[cursor.scope], i: cursor.id, o: cursor.offset, ...(cursor.scope === 'batch' ? { n: cursor.item ?? 0 } : {}) };
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
  const p = payload as { v?: unknown; s?: unknown; i?: unknown; o?: unknown; n?: unknown };
  const scope = typeof p?.s === 'string' ? SCOPES_BY_CODE.get(p.s) : undefined;
  if (p?.v !== 1 || !scope || typeof p.i !== 'string' || !isCount(p.o) || (scope === 'batch' && !isCount(p.n))) {
    throw new InvalidCursorError('not a cursor from this server');
  }
  const cursor: Cursor = { scope, id: p.i, offset: p.o, ...(scope === 'batch' ? { item: p.n as number } : {}) };
  if (cursor.scope !== expected.scope || cursor.id !== expected.id) {
    throw new InvalidCursorError(
      expected.scope === 'batch'
        ? 'it was not given for this list of message ids; pass the same ids, in the same order, as the call that gave it'
        : `it belongs to ${cursor.scope === 'batch' ? 'a batch read' : `${cursor.scope} ${cursor.id}`}, not ${expected.scope} ${expected.id}`,
    );
  }
  return cursor;
}

function isCount(value: unknown): value is number {
  return Number.isSafeInteger(value) && (value as number) >= 0;
}
