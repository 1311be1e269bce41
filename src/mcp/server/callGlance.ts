import { parseAddressList } from '../../guard/addresses';
import type { DeclineReason } from '../../writes/pipeline';

/**
 * What a person recognises a call by in the tool-call view ("Read 'Q3 roadmap' from Sam Patel", "Search
 * 'from:sam' — 4 messages"): the subject and the sender or recipients of the mail it was about, an attachment's
 * name, how many items came back, why a write changed nothing. Header text only, never a body; capped by
 * capGlance before it leaves the MCP room. The strings come from mail or from the model, so the UI shows them
 * only through its plainText rule; the audit log does not take them (it records arguments and the summary).
 */
export interface CallGlance {
  readonly subject?: string;
  /** The sender as a person reads it: the display name, or the address when there is none. */
  readonly from?: string;
  /** The first recipients of a send or draft (at most MAX_GLANCE_RECIPIENTS); `recipients` counts all of them. */
  readonly to?: readonly string[];
  readonly recipients?: number;
  /** An attachment's file name. */
  readonly file?: string;
  /** Items the call returned: search hits, messages read, labels, drafts. */
  readonly count?: number;
  /** More items than returned: a next page or a cursor exists. */
  readonly more?: boolean;
  /** Why a write that was not done changed nothing. */
  readonly declined?: DeclineReason;
}

/** Longest subject, name or file name a glance carries; the tree cuts shorter still. */
export const MAX_GLANCE_CHARS = 200;
export const MAX_GLANCE_RECIPIENTS = 3;

/** A glance with every string cut to MAX_GLANCE_CHARS and at most MAX_GLANCE_RECIPIENTS recipients; junk dropped. */
export function capGlance(glance: CallGlance | undefined): CallGlance | undefined {
  if (!glance) return undefined;
  const text = (value: unknown) => (typeof value === 'string' && value.length ? value.slice(0, MAX_GLANCE_CHARS) : undefined);
  const count = (value: unknown) => (typeof value === 'number' && Number.isSafeInteger(value) && value >= 0 ? value : undefined);
  const to = Array.isArray(glance.to) ? glance.to.slice(0, MAX_GLANCE_RECIPIENTS).map(text).filter((t): t is string => t !== undefined) : [];
  const capped: CallGlance = {
    ...(text(glance.subject) !== undefined ? { subject: text(glance.subject) } : {}),
    ...(text(glance.from) !== undefined ? { from: text(glance.from) } : {}),
    ...(to.length ? { to } : {}),
    ...(count(glance.recipients) !== undefined ? { recipients: count(glance.recipients) } : {}),
    ...(text(glance.file) !== undefined ? { file: text(glance.file) } : {}),
    ...(count(glance.count) !== undefined ? { count: count(glance.count) } : {}),
    ...(glance.more === true ? { more: true } : {}),
    ...(typeof glance.declined === 'string' ? { declined: glance.declined } : {}),
  };
  return Object.keys(capped).length ? capped : undefined;
}

/** "Sam Patel" for `"Sam Patel" <sam@example.com>`, the address when there is no name, the header as is when unparsable. */
export function senderName(fromHeader: string): string {
  try {
    const first = parseAddressList(fromHeader, 'from')[0];
    if (first) return first.name || first.address;
  } catch {
    // A From header the parser refuses is still what the person sees in their mail app.
  }
  return fromHeader;
}

/** The recipients of an outgoing message for a glance: the first few and how many in all. */
export function recipientsGlance(recipients: readonly string[]): Pick<CallGlance, 'to' | 'recipients'> {
  return recipients.length ? { to: recipients.slice(0, MAX_GLANCE_RECIPIENTS), recipients: recipients.length } : {};
}

/** An outgoing message's glance: its subject and its recipients (To, Cc and Bcc alike). */
export function outgoingGlance(preview: { readonly subject: string; readonly to: readonly string[]; readonly cc: readonly string[]; readonly bcc: readonly string[] }): CallGlance {
  return { subject: preview.subject, ...recipientsGlance([...preview.to, ...preview.cc, ...preview.bcc]) };
}
