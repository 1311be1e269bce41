import { parseMessage, type ParsedMessage } from '../mailbox/parseMessage';
import { HeaderLimitError } from '../mailbox/headerLimits';
import { prepareOutgoing } from '../mailbox/outgoing';
import { threadByHeaders, threadForApiMessage } from '../mailbox/replyThreading';
import type { StoredMessage } from '../mailbox/storedMessage';
import { findMailbox } from '../state';
import { errors } from './apiErrors';
import type { GmailCall } from './gmailRoute';
import { checkId } from './queryParams';

/** Parses a raw message from a request; Gmail answers 400 for bytes that are not a message. */
export async function parseRequestMessage(raw: Buffer, now: number): Promise<ParsedMessage> {
  let parsed: ParsedMessage;
  try {
    parsed = await parseMessage(raw, now);
  } catch (error) {
    if (error instanceof HeaderLimitError) throw errors.invalidArgument(`Message header size exceeds Gmail's limits: ${error.message}`);
    throw errors.invalidArgument('Invalid raw message: not an RFC 822 message');
  }
  // The API's internalDate for a message it creates is the time it was created, not the Date header.
  return { ...parsed, internalDate: now, dateHeaderMissing: false };
}

/**
 * The thread a message created through the API joins: the requested one when Gmail's rules allow it (see
 * threadForApiMessage), else none (a new thread). An unknown thread id is an error.
 */
export function requestedThread(call: GmailCall, threadId: unknown, parsed: ParsedMessage): string | undefined {
  if (threadId === undefined || threadId === null || threadId === '') return undefined;
  if (typeof threadId !== 'string') throw errors.invalidArgument("Invalid value at 'message.thread_id' (TYPE_STRING)");
  const id = checkId(threadId);
  const thread = call.mailbox.getThread(id);
  if (!thread) throw errors.notFound();
  return threadForApiMessage(thread, parsed) ? id : undefined;
}

export interface SendOptions {
  raw: Buffer;
  /** threadId from the request (messages.send), or the draft's thread (drafts.send). */
  threadId: unknown;
  /** drafts.send: the draft's thread is kept whatever the headers say, as the draft already lives there. */
  keepThread?: string;
}

/**
 * Sends like Gmail: fills in Message-ID/Date/From, stores the sender's copy (Bcc kept) labelled SENT, and delivers
 * the copy without Bcc to every recipient that is an account of this fake, threaded there by its headers.
 */
export async function sendMessage(call: GmailCall, options: SendOptions): Promise<StoredMessage> {
  const now = call.state.now();
  const me = call.mailbox.address.toLowerCase();
  const senders = call.mailbox.sendAs.filter((s) => s.isPrimary || s.verificationStatus === 'accepted').map((s) => s.sendAsEmail ?? '');
  const outgoing = prepareOutgoing(options.raw, call.mailbox.address, now, senders);
  if (outgoing.recipients.length === 0) throw errors.invalidArgument('Recipient address required');
  const parsed = await parseRequestMessage(outgoing.senderCopy, now);
  const threadId = options.keepThread ?? requestedThread(call, options.threadId, parsed);
  const labels = outgoing.recipients.includes(me) ? ['SENT', 'INBOX', 'UNREAD'] : ['SENT'];
  const stored = call.mailbox.addMessage(parsed, labels, threadId);

  let delivered = 0;
  for (const address of outgoing.recipients) {
    const mailbox = address === me ? undefined : findMailbox(call.state, address);
    if (!mailbox) continue;
    const copy = await parseRequestMessage(outgoing.recipientCopy, now);
    mailbox.addMessage(copy, ['INBOX', 'UNREAD'], threadByHeaders(mailbox, copy));
    delivered++;
  }
  const extras = [...outgoing.changes, ...(delivered ? [`delivered to ${delivered} local account(s)`] : [])];
  call.ctx.note = `${call.ctx.note ?? ''} Message-ID ${outgoing.messageId}${extras.length ? ` (${extras.join(', ')})` : ''}`.trim();
  return stored;
}
