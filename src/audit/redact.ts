import { createHash } from 'node:crypto';

/**
 * Redaction shared by every logger: token-shaped strings never reach a file, mail bodies are replaced by
 * their length and a short hash (enough to tell two calls apart, not to read them), long strings are cut.
 */

// Google access tokens (ya29.), refresh tokens (1//), OAuth client secrets (GOCSPX-), API keys (AIza),
// authorization codes (4/0…), JWTs, Bearer/Basic credentials, and long opaque base64url or hex runs.
const SECRET_PATTERNS: Array<[string, RegExp]> = [
  ['bearer', /\b(?:Bearer|Basic)\s+[A-Za-z0-9._~+/=-]{8,}/gi],
  ['google-access-token', /\bya29\.[A-Za-z0-9._-]{8,}/g],
  ['google-refresh-token', /(?<![A-Za-z0-9])1\/\/[A-Za-z0-9._-]{8,}/g],
  ['google-auth-code', /(?<![A-Za-z0-9])4\/[0-9A-Za-z._-]{20,}/g],
  ['client-secret', /\bGOCSPX-[A-Za-z0-9_-]{8,}/g],
  ['api-key', /\bAIza[0-9A-Za-z_-]{30,}/g],
  ['jwt', /\beyJ[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]*/g],
  ['private-key', /-----BEGIN [A-Z ]*PRIVATE KEY-----[\s\S]*?(?:-----END [A-Z ]*PRIVATE KEY-----|$)/g],
  ['hex-secret', /(?<![A-Za-z0-9])[0-9a-fA-F]{40,}(?![A-Za-z0-9])/g],
  // Long mixed-case-and-digit base64url runs; Gmail ids (16 hex) and ordinary words stay.
  ['opaque-secret', /(?<![A-Za-z0-9+/_-])(?=[A-Za-z0-9+/_-]*[0-9])(?=[A-Za-z0-9+/_-]*[a-z])(?=[A-Za-z0-9+/_-]*[A-Z])[A-Za-z0-9+/_-]{32,}={0,2}/g],
];

/** Keys whose values are credentials whatever they look like. */
const SECRET_KEYS = /^(?:access_?token|refresh_?token|id_?token|token|client_?secret|secret|password|passwd|authorization|auth|code|code_?verifier|api_?key|cookie|nonce)$/i;
/** Keys whose values are mail content: logged as length and hash only. */
const BODY_KEYS = /^(?:body|text|html|content|raw|snippet|bodyText|bodyHtml|textBody|htmlBody|data|message|payload|attachments?)$/i;

export interface RedactOptions {
  /** Strings longer than this are cut (default 200). */
  maxStringChars?: number;
  /** Arrays longer than this are cut (default 50). */
  maxArrayItems?: number;
  /** Nesting deeper than this is replaced (default 8). */
  maxDepth?: number;
}

export function redactSecrets(text: string): string {
  let out = text;
  for (const [kind, pattern] of SECRET_PATTERNS) out = out.replace(pattern, `[redacted ${kind}]`);
  return out;
}

/** "[412 chars sha256:1a2b3c4d5e6f]": identifies content without revealing it. */
export function fingerprint(value: string): string {
  const hash = createHash('sha256').update(value, 'utf8').digest('hex').slice(0, 12);
  return `[${value.length} chars sha256:${hash}]`;
}

export function cut(text: string, maxChars: number): string {
  return text.length <= maxChars ? text : `${text.slice(0, maxChars)}… [${text.length - maxChars} more chars]`;
}

/** A JSON-safe copy of tool arguments (or any value) fit for a log file. */
export function redactValue(value: unknown, options: RedactOptions = {}): unknown {
  const maxString = options.maxStringChars ?? 200;
  const maxItems = options.maxArrayItems ?? 50;
  const maxDepth = options.maxDepth ?? 8;
  const seen = new WeakSet<object>();
  const visit = (input: unknown, key: string | undefined, depth: number): unknown => {
    if (input === null || input === undefined) return input ?? null;
    if (key !== undefined && SECRET_KEYS.test(key) && input !== '') return '[redacted]';
    if (typeof input === 'string') {
      if (key !== undefined && BODY_KEYS.test(key)) return fingerprint(input);
      return cut(redactSecrets(input), maxString);
    }
    if (typeof input === 'number' || typeof input === 'boolean') return input;
    if (typeof input === 'bigint') return input.toString();
    if (typeof input !== 'object') return `[${typeof input}]`;
    if (seen.has(input)) return '[circular]';
    if (depth >= maxDepth) return '[nested too deep]';
    seen.add(input);
    if (Buffer.isBuffer(input) || ArrayBuffer.isView(input)) return `[${(input as ArrayBufferView).byteLength} bytes]`;
    if (Array.isArray(input)) {
      const items = input.slice(0, maxItems).map((item) => visit(item, key !== undefined && BODY_KEYS.test(key) ? key : undefined, depth + 1));
      if (input.length > maxItems) items.push(`[${input.length - maxItems} more items]`);
      return items;
    }
    const out: Record<string, unknown> = {};
    for (const [childKey, child] of Object.entries(input)) {
      if (key !== undefined && BODY_KEYS.test(key) && typeof child === 'string') out[redactSecrets(childKey)] = fingerprint(child);
      else out[cut(redactSecrets(childKey), 64)] = visit(child, childKey, depth + 1);
    }
    return out;
  };
  return visit(value, undefined, 0);
}
