import { ReplyError } from '../http/reply';
import { parseMimeTree } from '../mailbox/mimeTree';
import { apiError, errors } from './apiErrors';
import type { GmailCall } from './gmailRoute';

/** Gmail's cap on an uploaded message (the discovery document's maxSize for messages.send and drafts: 35 MB); the default of settings.maxMessageBytes. */
export const MAX_MESSAGE_BYTES = 36_700_160;

export const UPLOAD_PREFIX = '/upload';

/** Default of settings.maxPlainRequestBytes: about 5 MB, Gmail's limit on a message sent as JSON without the upload URI. */
export const MAX_PLAIN_REQUEST_BYTES = 5 * 1024 * 1024;

/** The request resource (JSON) and the raw message, wherever the client put it. */
export interface MessageRequest {
  resource: Record<string, unknown>;
  /** The message, from the resource's `raw` (metadata URI) or the uploaded media (upload URI). */
  raw: Buffer | undefined;
}

/**
 * Reads a request that carries a message, the three ways Google's clients send one: JSON with `raw` on the
 * metadata URI (what @googleapis/gmail does with `requestBody`), and on the upload URI either the message alone
 * (uploadType=media) or JSON metadata plus the message (uploadType=multipart, multipart/related).
 * `rawAt` says where `raw` sits in the JSON resource: `message.raw` for drafts, `raw` for messages.send.
 */
export async function readMessageRequest(call: GmailCall, rawAt: 'raw' | 'message.raw'): Promise<MessageRequest> {
  const { ctx } = call;
  if (!ctx.url.pathname.startsWith(UPLOAD_PREFIX)) {
    if (ctx.body.length > call.state.settings.maxPlainRequestBytes) throw errors.plainRequestTooLarge(call.state.settings.maxPlainRequestBytes);
    const resource = jsonBody(call);
    return { resource, raw: rawField(resource, rawAt, call) };
  }
  const uploadType = ctx.url.searchParams.get('uploadType');
  const contentType = String(ctx.headers['content-type'] ?? '');
  if (uploadType === 'media') {
    checkMediaType(contentType);
    return { resource: {}, raw: checkSize(ctx.body, call) };
  }
  if (uploadType === 'multipart') {
    if (!/^multipart\/related\s*;/i.test(contentType)) throw errors.badRequest('Invalid multipart request: expected Content-Type multipart/related');
    const root = await parseMimeTree(Buffer.concat([Buffer.from(`Content-Type: ${contentType}\r\n\r\n`), ctx.body])).catch(() => undefined);
    const [metadata, media] = root?.parts ?? [];
    if (!metadata || !media) throw errors.badRequest('Invalid multipart request with 0 mime parts.');
    if (!/^application\/json/i.test(metadata.mimeType)) throw errors.badRequest('Invalid multipart request: the first part must be application/json metadata');
    checkMediaType(media.mimeType);
    const resource = parseJson(metadata.content);
    return { resource, raw: checkSize(media.content, call) };
  }
  throw errors.badRequest(`Invalid upload type: ${uploadType ?? '(none)'}; the fake accepts uploadType=media or multipart`);
}

/** The JSON request body; an empty body is an empty resource, as at Google. */
export function jsonBody(call: GmailCall): Record<string, unknown> {
  if (call.ctx.body.length === 0) return {};
  const type = String(call.ctx.headers['content-type'] ?? '');
  if (type && !/^application\/json/i.test(type)) throw errors.badRequest(`Invalid request content type: ${type.split(';')[0]}`);
  return parseJson(call.ctx.body);
}

/** Rejects fields the resource does not have, with the message Google's JSON binder gives. */
export function checkFields(resource: Record<string, unknown>, allowed: readonly string[], at = ''): void {
  for (const name of Object.keys(resource)) {
    if (allowed.includes(name)) continue;
    const where = at ? ` at '${at}'` : '';
    throw new ReplyError(apiError(400, 'INVALID_ARGUMENT', `Invalid JSON payload received. Unknown name "${name}"${where}: Cannot find field.`, 'invalid'), `unknown field ${name}`);
  }
}

export function stringList(resource: Record<string, unknown>, name: string): string[] {
  const value = resource[name];
  if (value === undefined || value === null) return [];
  if (!Array.isArray(value) || value.some((v) => typeof v !== 'string')) throw errors.invalidArgument(`Invalid value at '${name}': expected a list of strings`);
  return value as string[];
}

export function objectField(resource: Record<string, unknown>, name: string): Record<string, unknown> | undefined {
  const value = resource[name];
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'object' || Array.isArray(value)) throw errors.invalidArgument(`Invalid value at '${name}': expected an object`);
  return value as Record<string, unknown>;
}

function parseJson(bytes: Buffer): Record<string, unknown> {
  let value: unknown;
  try {
    value = JSON.parse(bytes.toString('utf8'));
  } catch {
    throw new ReplyError(apiError(400, 'INVALID_ARGUMENT', 'Invalid JSON payload received. Unexpected token.', 'parseError'), 'malformed JSON');
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new ReplyError(apiError(400, 'INVALID_ARGUMENT', 'Invalid JSON payload received. Expected an object.', 'parseError'), 'JSON is not an object');
  }
  return value as Record<string, unknown>;
}

function rawField(resource: Record<string, unknown>, rawAt: 'raw' | 'message.raw', call: GmailCall): Buffer | undefined {
  const holder = rawAt === 'raw' ? resource : objectField(resource, 'message');
  const value = holder?.raw;
  if (value === undefined || value === null || value === '') return undefined;
  // Google's JSON bytes fields accept both base64 alphabets, padded or not.
  if (typeof value !== 'string' || !/^[A-Za-z0-9+/_-]*={0,2}$/.test(value) || value.length % 4 === 1) {
    throw errors.invalidArgument(`Invalid value at '${rawAt === 'raw' ? 'message.raw' : 'draft.message.raw'}' (TYPE_BYTES), Base64 decoding failed`);
  }
  return checkSize(Buffer.from(value, 'base64'), call);
}

function checkMediaType(contentType: string): void {
  const type = contentType.split(';')[0].trim().toLowerCase();
  if (!type.startsWith('message/')) throw errors.badRequest(`Media type '${type || '(none)'}' is not supported. Valid media types: [message/*]`);
}

function checkSize(raw: Buffer, call: GmailCall): Buffer {
  const limit = call.state.settings.maxMessageBytes;
  if (raw.length > limit) {
    throw new ReplyError(apiError(413, 'FAILED_PRECONDITION', `Media larger than: ${limit}`, 'uploadTooLarge'), `message of ${raw.length} bytes`);
  }
  return raw;
}
