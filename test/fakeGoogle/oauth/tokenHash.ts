import { createHash, randomBytes } from 'node:crypto';

/** A short, non-reversible tag for a secret, safe to put in logs. */
export function shortHash(secret: string): string {
  return `sha256:${createHash('sha256').update(secret).digest('hex').slice(0, 10)}`;
}

/** Token formats modelled on Google's (`ya29.` access tokens, `1//` refresh tokens, `4/` codes). */
export function newSecret(prefix: string): string {
  return `${prefix}${randomBytes(32).toString('base64url')}`;
}
