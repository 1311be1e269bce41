import type { MimePart, MessageHeader } from './mimeTree';

/** Words of one searchable field, lower-cased, in order (Gmail matches whole words and phrases). */
export interface SearchWords {
  from: string[];
  to: string[];
  cc: string[];
  bcc: string[];
  deliveredTo: string[];
  subject: string[];
  body: string[];
  filenames: string[][];
}

/** A message as the fake mailbox keeps it; the Gmail resource shapes are built from this on every request. */
export interface StoredMessage {
  id: string;
  threadId: string;
  /** The message bytes as Gmail would return them for format=raw (fake-only headers removed). */
  raw: Buffer;
  root: MimePart;
  labelIds: Set<string>;
  /** Milliseconds since the epoch. */
  internalDate: number;
  historyId: number;
  snippet: string;
  messageIdHeader: string | undefined;
  references: string[];
  normalizedSubject: string;
  fromAddresses: string[];
  recipientAddresses: string[];
  words: SearchWords;
  /** attachmentId -> part, for parts that have a filename (Gmail serves those through attachments.get). */
  attachments: Map<string, MimePart>;
}

export function headerValue(headers: readonly MessageHeader[], name: string): string | undefined {
  const lower = name.toLowerCase();
  return headers.find((h) => h.name.toLowerCase() === lower)?.value;
}
