/** The fields of a Gmail message the parse reads (format=raw); a message's payload, sizes and snippet are not among them. */
export interface RawGmailMessage {
  readonly id?: string | null;
  readonly threadId?: string | null;
  readonly labelIds?: readonly string[] | null;
  readonly raw?: string | null;
  readonly internalDate?: string | null;
}

/** Only the fields the parse reads: a Gmail message's payload, sizes and snippet never cross to the worker. */
export function rawFieldsOf(message: RawGmailMessage): RawGmailMessage {
  return { id: message.id, threadId: message.threadId, labelIds: message.labelIds, raw: message.raw, internalDate: message.internalDate };
}
