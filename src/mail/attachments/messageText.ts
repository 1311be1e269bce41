import { parseMessage } from '../processing/parseMessage';
import type { ExtractedText, ExtractionLimits } from './extractedText';

/**
 * A message attached whole (.eml, message/rfc822) read as its own mail is read: through the message pipeline
 * (MIME, the body a person reads, hidden text withheld, quoted history kept), never as its raw source, where the
 * hidden parts of its HTML would be plain to read.
 */
export async function messageText(bytes: Uint8Array, limits: ExtractionLimits): Promise<ExtractedText> {
  const raw = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('base64url');
  const parsed = await parseMessage({ id: 'attached message', raw }, { keepQuoted: true });
  const h = parsed.headers;
  const head = [`From: ${h.from}`, h.to && `To: ${h.to}`, h.cc && `Cc: ${h.cc}`, h.date && `Date: ${h.date}`, `Subject: ${h.subject}`];
  const files = parsed.attachments.map((a) => `Attached: ${a.filename}`);
  const full = [...head.filter(Boolean), '', parsed.body, ...(files.length ? ['', ...files] : [])].join('\n');
  const visible = full.length > limits.maxChars ? full.slice(0, limits.maxChars) : full;
  const counts: Record<string, number> = {};
  for (const p of parsed.untrusted.withheld) counts[p.reason] = (counts[p.reason] ?? 0) + 1;
  return {
    visibleText: visible,
    hiddenText: parsed.untrusted.hiddenText,
    hiddenRuns: counts,
    hiddenPassages: parsed.untrusted.withheld,
    truncated: visible.length < full.length || parsed.untrusted.removed.truncated,
    removed: parsed.untrusted.removed,
  };
}
