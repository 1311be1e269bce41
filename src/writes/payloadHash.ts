import { createHash } from 'node:crypto';
import canonicalize from 'canonicalize';

/**
 * The hash an approval is bound to: sha256 over the RFC 8785 canonical JSON of the exact payload (key order,
 * number and string forms fixed by the `canonicalize` package), so the same payload always hashes the same and
 * any change to what would execute changes the hash.
 */
export function payloadHash(payload: unknown): string {
  const canonical = canonicalize(payload);
  if (canonical === undefined) throw new TypeError('payloadHash: the payload is not JSON');
  return createHash('sha256').update(canonical, 'utf8').digest('hex');
}

/** sha256 of bytes, hex: how message bodies and attachments enter a payload (the payload stays small). */
export function sha256Hex(bytes: Buffer | string): string {
  return createHash('sha256').update(bytes).digest('hex');
}
