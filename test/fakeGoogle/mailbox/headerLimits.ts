/**
 * The limits Gmail enforces on a message's headers (support.google.com/a/answer/14016360): it refuses mail past
 * them, incoming and outgoing alike, so the fake refuses to store such a message too.
 */
export const GMAIL_HEADER_LIMITS = Object.freeze({
  totalBytes: 500 * 1024,
  count: 5000,
  /** A single header's value after the colon; To, Cc and References are exempt (they count toward the total). */
  valueBytes: 32 * 1024,
  nameBytes: 1024,
  messageIdChars: 500,
  subjectChars: 998,
});

const EXEMPT_FROM_VALUE_LIMIT = new Set(['to', 'cc', 'references']);

export class HeaderLimitError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'HeaderLimitError';
  }
}

/** Throws HeaderLimitError when the message's top-level header block passes one of Gmail's limits. */
export function checkHeaderLimits(raw: Buffer): void {
  const block = headerBlock(raw);
  const limits = GMAIL_HEADER_LIMITS;
  if (block.length > limits.totalBytes) throw new HeaderLimitError(`its headers take ${block.length} bytes (at most ${limits.totalBytes})`);
  const fields = block.toString('latin1').split(/\r?\n(?![ \t])/).filter((field) => field.length > 0);
  if (fields.length > limits.count) throw new HeaderLimitError(`it has ${fields.length} headers (at most ${limits.count})`);
  for (const field of fields) {
    const colon = field.indexOf(':');
    if (colon < 0) continue;
    const name = field.slice(0, colon).trim().toLowerCase();
    const value = field.slice(colon + 1).replace(/\r?\n/g, '').trim();
    if (colon > limits.nameBytes) throw new HeaderLimitError(`a header name is ${colon} bytes long (at most ${limits.nameBytes})`);
    if (!EXEMPT_FROM_VALUE_LIMIT.has(name) && value.length > limits.valueBytes) {
      throw new HeaderLimitError(`its ${name} header is ${value.length} bytes long (at most ${limits.valueBytes})`);
    }
    if (name === 'subject' && value.length > limits.subjectChars) {
      throw new HeaderLimitError(`its Subject is ${value.length} characters long (at most ${limits.subjectChars})`);
    }
    if (name === 'message-id' && value.length > limits.messageIdChars) {
      throw new HeaderLimitError(`its Message-ID is ${value.length} characters long (at most ${limits.messageIdChars})`);
    }
  }
}

/** The bytes before the first empty line (all of them when there is none). */
function headerBlock(raw: Buffer): Buffer {
  const crlf = raw.indexOf('\r\n\r\n');
  const lf = raw.indexOf('\n\n');
  const ends = [crlf, lf].filter((at) => at >= 0);
  return ends.length ? raw.subarray(0, Math.min(...ends)) : raw;
}
