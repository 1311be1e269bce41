import { finished } from 'node:stream/promises';
import { Splitter, type MimeNode, type SplitterChunk } from '@zone-eu/mailsplit';
import libmime from 'libmime';

export interface MessageHeader {
  name: string;
  value: string;
}

/** One MIME entity, numbered the way Gmail numbers `payload.partId` ('' for the root, then 0, 0.1, ...). */
export interface MimePart {
  partId: string;
  mimeType: string;
  filename: string;
  headers: MessageHeader[];
  /** Content with the transfer encoding removed (charset untouched, like Gmail's body.data). */
  content: Buffer;
  parts: MimePart[];
}

/**
 * Gmail stores messages whatever their number of parts or size of headers, up to its size limit; mailsplit's
 * own defaults (1,000 parts, 1 MB of headers a part) would make the fake refuse mail the real service keeps.
 */
export const STORE_ANY_SHAPE = { maxChildNodes: 1_000_000, maxHeadSize: 64 * 1024 * 1024 } as const;

/** Splits a raw RFC 5322 message into its MIME tree with mailsplit (the splitter mailparser itself uses). */
export async function parseMimeTree(raw: Buffer): Promise<MimePart> {
  const splitter = new Splitter({ ignoreEmbedded: true, ...STORE_ANY_SHAPE });
  const parts = new Map<MimeNode, { part: MimePart; body: Buffer[] }>();
  let root: MimePart | undefined;

  splitter.on('data', (chunk: SplitterChunk) => {
    if (chunk.type === 'node') {
      const part: MimePart = {
        partId: '',
        mimeType: chunk.contentType || defaultContentType(chunk),
        filename: chunk.filename || '',
        headers: chunk.headers ? chunk.headers.getList().map((h) => toHeader(h.line)) : [],
        content: Buffer.alloc(0),
        parts: [],
      };
      parts.set(chunk, { part, body: [] });
      const parent = chunk.parentNode ? parts.get(chunk.parentNode) : undefined;
      if (parent) {
        part.partId = parent.part.partId === '' ? String(parent.part.parts.length) : `${parent.part.partId}.${parent.part.parts.length}`;
        parent.part.parts.push(part);
      } else if (!root) {
        root = part;
      }
    } else if (chunk.type === 'body') {
      parts.get(chunk.node)?.body.push(chunk.value);
    }
  });
  splitter.end(raw);
  await finished(splitter);
  if (!root) throw new Error('not a MIME message: no header block found');
  for (const [node, { part, body }] of parts) {
    if (!node.multipart) part.content = await decodeTransfer(node, Buffer.concat(body));
  }
  return root;
}

/** RFC 2046: no Content-Type means text/plain, except inside multipart/digest where it means message/rfc822. */
function defaultContentType(node: MimeNode): string {
  return node.parentNode && node.parentNode.multipart === 'digest' ? 'message/rfc822' : 'text/plain';
}

/** Unfolds a raw header line and decodes RFC 2047 words, as Gmail's `headers[].value` shows them. */
function toHeader(binaryLine: string): MessageHeader {
  const line = utf8IfValid(binaryLine);
  const colon = line.indexOf(':');
  const name = colon < 0 ? line.trim() : line.slice(0, colon).trim();
  const rawValue = colon < 0 ? '' : line.slice(colon + 1).replace(/\r?\n(?=[ \t])/g, '').trim();
  let value = rawValue;
  try {
    value = libmime.decodeWords(rawValue);
  } catch {
    // an unknown charset stays encoded rather than failing the whole message
  }
  return { name, value };
}

const strictUtf8 = new TextDecoder('utf-8', { fatal: true });

/** mailsplit hands header lines over byte-for-char; raw 8-bit headers are UTF-8 in practice (RFC 6532), as Gmail reads them. */
function utf8IfValid(binary: string): string {
  if (!/[\u0080-\u00ff]/.test(binary)) return binary;
  try {
    return strictUtf8.decode(Buffer.from(binary, 'latin1'));
  } catch {
    return binary;
  }
}

async function decodeTransfer(node: MimeNode, encoded: Buffer): Promise<Buffer> {
  const decoder = node.getDecoder();
  const out: Buffer[] = [];
  decoder.on('data', (b: Buffer) => out.push(b));
  const finished = new Promise<void>((resolve, reject) => {
    decoder.on('end', resolve);
    decoder.on('error', reject);
  });
  decoder.end(encoded);
  await finished;
  return Buffer.concat(out);
}

/** Depth-first walk over a part and all its descendants. */
export function* walkParts(part: MimePart): Generator<MimePart> {
  yield part;
  for (const child of part.parts) yield* walkParts(child);
}
