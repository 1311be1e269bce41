/** The fields of a Gmail message the parse reads (format=raw); a message's payload, sizes and snippet are not among them. */
export interface RawGmailMessage {
  readonly id?: string | null;
  readonly threadId?: string | null;
  readonly labelIds?: readonly string[] | null;
  readonly raw?: string | null;
  readonly internalDate?: string | null;
}
