import type { ConfirmationRequest } from '../../src/writes/confirmer';
import type { EvidenceItem, EvidenceKind, Grade } from '../../src/writes/evidence';

/**
 * The black-box contract of serve:fake (issue 22): every confirmation is written to stderr as one line
 * `CONFIRMATION <json>`, the JSON holding what the person is shown: the tool, the account, the grade, the summary
 * and each item with its grade and reasons. Checkers outside this repository parse it; keep its fields stable.
 */
export const CONFIRMATION_PREFIX = 'CONFIRMATION ';

export interface ConfirmationRecordItem {
  readonly kind: EvidenceKind;
  readonly value: string;
  readonly grade: Grade;
  readonly reasons: readonly string[];
}

export interface ConfirmationRecord {
  readonly tool: string;
  readonly kind: ConfirmationRequest['kind'];
  readonly account: string;
  readonly grade: Grade;
  readonly summary: string;
  readonly items: readonly ConfirmationRecordItem[];
  /** The outgoing message's addresses and subject (send, draft), or the change's title (trash, labels, delete draft). */
  readonly to?: readonly string[];
  readonly cc?: readonly string[];
  readonly bcc?: readonly string[];
  readonly subject?: string;
  readonly title?: string;
  readonly messages?: number;
  /** What --confirm answered. */
  readonly answer: 'approved' | 'declined';
}

export function confirmationRecord(request: ConfirmationRequest, answer: 'approved' | 'declined'): ConfirmationRecord {
  const { evidence } = request;
  return { tool: request.tool, kind: request.kind, account: request.account, grade: evidence.grade, summary: evidence.summary, items: evidence.items.map(itemOf), ...shownChange(request), answer };
}

/**
 * One line whatever the mail said: JSON escapes line breaks and controls, and every character outside printable
 * ASCII is escaped too, so no line separator (U+2028, U+0085), bidi control or look-alike can split the line or
 * make it read differently in a terminal; JSON.parse gives the exact text back.
 */
export function confirmationLine(record: ConfirmationRecord): string {
  const json = JSON.stringify(record).replace(/[^\x20-\x7e]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
  return `${CONFIRMATION_PREFIX}${json}`;
}

/** The record of a `CONFIRMATION <json>` line, or undefined for any other line. */
export function parseConfirmationLine(line: string): ConfirmationRecord | undefined {
  if (!line.startsWith(CONFIRMATION_PREFIX)) return undefined;
  return JSON.parse(line.slice(CONFIRMATION_PREFIX.length)) as ConfirmationRecord;
}

function itemOf(item: EvidenceItem): ConfirmationRecordItem {
  return { kind: item.kind, value: item.value, grade: item.grade, reasons: [...item.reasons] };
}

function shownChange(request: ConfirmationRequest): Partial<ConfirmationRecord> {
  switch (request.kind) {
    case 'send':
    case 'draft':
      return { to: request.message.to, cc: request.message.cc, bcc: request.message.bcc, subject: request.message.subject };
    case 'deleteDraft':
      return { title: `Delete the draft "${request.subject}"`, messages: 1 };
    case 'changeMessages':
      return { title: request.title, messages: request.before.length };
  }
}
