import { ReplyError } from '../http/reply';
import { apiError, errors } from './apiErrors';

/** Google's system parameters, accepted on every method. */
const STANDARD_PARAMS = new Set(['fields', 'prettyPrint', 'alt', 'quotaUser', 'key', 'callback', 'uploadType', 'upload_protocol', '$.xgafv', 'access_token', 'oauth_token']);

/** Rejects query parameters the method does not have, with the error Google's front end gives. */
export function checkKnownParams(params: URLSearchParams, allowed: readonly string[]): void {
  for (const name of params.keys()) {
    if (STANDARD_PARAMS.has(name) || allowed.includes(name)) continue;
    const message = `Invalid JSON payload received. Unknown name "${name}": Cannot bind query parameter. Field '${name}' could not be found in request message.`;
    throw new ReplyError(apiError(400, 'INVALID_ARGUMENT', message, 'invalid'), `unknown parameter ${name}`);
  }
}

export function booleanParam(params: URLSearchParams, name: string): boolean {
  const value = params.get(name);
  if (value === null) return false;
  if (value === 'true' || value === '1') return true;
  if (value === 'false' || value === '0') return false;
  throw errors.invalidArgument(`Invalid value at '${snake(name)}' (TYPE_BOOL), "${value}"`);
}

/** maxResults: Gmail's default is 100 and it never returns more than 500 at once. */
export function pageSizeParam(params: URLSearchParams, defaultSize = 100, maxSize = 500): number {
  const value = params.get('maxResults');
  if (value === null) return defaultSize;
  if (!/^\d{1,10}$/.test(value)) throw errors.invalidArgument(`Invalid value at 'max_results' (TYPE_UINT32), "${value}"`);
  const n = Number(value);
  if (n === 0) return defaultSize;
  return Math.min(n, maxSize);
}

/** Opaque page tokens: the offset into the result list, so that they look like Gmail's (decimal strings). */
export function pageOffsetParam(params: URLSearchParams): number {
  const token = params.get('pageToken');
  if (token === null || token === '') return 0;
  if (!/^\d{1,18}$/.test(token)) throw errors.invalidArgument('Invalid pageToken');
  const offset = BigInt(token) - PAGE_TOKEN_BASE;
  if (offset < 0n || offset > 1_000_000_000n) throw errors.invalidArgument('Invalid pageToken');
  return Number(offset);
}

const PAGE_TOKEN_BASE = 10_000_000_000_000_000n;

export function pageTokenFor(offset: number): string {
  return String(PAGE_TOKEN_BASE + BigInt(offset));
}

/** One page of a list, as maxResults and pageToken ask for it, with the token of the next page if any. */
export function pageOf<T>(items: readonly T[], params: URLSearchParams): { page: T[]; nextPageToken?: string } {
  const size = pageSizeParam(params);
  const offset = pageOffsetParam(params);
  const page = items.slice(offset, offset + size);
  return offset + size < items.length ? { page, nextPageToken: pageTokenFor(offset + size) } : { page };
}

/** Gmail message and thread ids are hexadecimal. */
export function checkId(id: string): string {
  if (!/^[0-9a-fA-F]{1,32}$/.test(id)) throw errors.invalidArgument('Invalid id value');
  return id.toLowerCase();
}

function snake(name: string): string {
  return name.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);
}
