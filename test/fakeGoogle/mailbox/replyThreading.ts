import type { Mailbox } from './mailbox';
import type { ParsedMessage } from './parseMessage';
import type { StoredMessage } from './storedMessage';

/**
 * Gmail's rule for a message the API adds with a threadId (messages.send, drafts.create/update): it joins that
 * thread only when its In-Reply-To or References name a message of the thread and the subjects agree (reply
 * prefixes aside); otherwise Gmail quietly starts a new thread. Without a threadId, a sent message always starts
 * a new thread in the sender's mailbox, whatever its headers say.
 */
export function threadForApiMessage(thread: readonly StoredMessage[], parsed: ParsedMessage): boolean {
  return thread.some((m) => m.messageIdHeader !== undefined && parsed.references.includes(m.messageIdHeader) && m.normalizedSubject === parsed.normalizedSubject);
}

/** Mail received by an account is threaded by its headers, as at load time (see assignThreads). */
export function threadByHeaders(mailbox: Mailbox, parsed: ParsedMessage): string | undefined {
  for (const ref of [...parsed.references].reverse()) {
    const match = mailbox.findByMessageIdHeader(ref).find((m) => m.normalizedSubject === parsed.normalizedSubject);
    if (match) return match.threadId;
  }
  return undefined;
}
