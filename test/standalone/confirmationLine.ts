import { bareAddress } from '../../src/gmail/addresses';
import type { ConfirmationRequest, MarkedRecipient, OutgoingMessagePreview } from '../../src/writes/confirmer';
import { highestGrade, type Evidence, type EvidenceItem, type EvidenceKind, type Grade } from '../../src/writes/evidence';

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
  /** Where the grade comes from: the request's evidence, or (until every request carries evidence) the recipient
   *  marks the request had before, translated by fallbackFromMarks; a checker can tell the two apart. */
  readonly gradedBy: 'evidence' | 'recipient marks (fallback: the request carries no evidence)';
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

/**
 * The request's evidence, read through a wider type: this line is written both before and after the evidence engine
 * gives every request its evidence (issue 22), and must not add a field of its own to ConfirmationRequest.
 */
function evidenceOf(request: ConfirmationRequest): Evidence | undefined {
  return (request as ConfirmationRequest & { readonly evidence?: Evidence }).evidence;
}

export function confirmationRecord(request: ConfirmationRequest, answer: 'approved' | 'declined'): ConfirmationRecord {
  const evidence = evidenceOf(request);
  const graded = evidence
    ? { grade: evidence.grade, summary: evidence.summary, items: evidence.items.map(itemOf), gradedBy: 'evidence' as const }
    : { ...fallbackFromMarks(request), gradedBy: 'recipient marks (fallback: the request carries no evidence)' as const };
  return { tool: request.tool, kind: request.kind, account: request.account, ...graded, ...shownChange(request), answer };
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

const MARK_GRADE: Record<MarkedRecipient['reasons'][number], Grade> = { untrusted: 'danger', replyTo: 'danger', lookalike: 'danger', new: 'notice', external: 'notice' };
const MARK_WORDS: Record<MarkedRecipient['reasons'][number], string> = {
  untrusted: 'appeared in mail read this session',
  replyTo: "the original's Reply-To sends the reply here instead of to its sender",
  lookalike: 'look-alike domain',
  new: 'never written to',
  external: 'outside the account\'s domain',
};

/** The grade the older recipient marks imply: what the person was shown before evidence existed. */
export function fallbackFromMarks(request: ConfirmationRequest): { grade: Grade; summary: string; items: ConfirmationRecordItem[] } {
  if (request.kind !== 'send' && request.kind !== 'draft') {
    return { grade: 'none', summary: 'No evidence: this confirmation carries no grade for the messages it changes.', items: [] };
  }
  const items = [...recipientItems(request.message), ...request.message.untrustedLinks.map((url): ConfirmationRecordItem => ({ kind: 'link', value: url, grade: 'danger', reasons: ['link taken from mail read this session'] }))];
  const grade = highestGrade(items.map((i) => i.grade));
  return { grade, summary: `No evidence; graded from the recipient marks: ${grade}.`, items };
}

function recipientItems(message: OutgoingMessagePreview): ConfirmationRecordItem[] {
  const marks = new Map(message.markedRecipients.map((m) => [m.address.toLowerCase(), m.reasons]));
  const addresses = [...new Set([...message.to, ...message.cc, ...message.bcc])];
  return addresses.map((address) => {
    const reasons = marks.get(bareAddress(address)) ?? [];
    return { kind: 'recipient', value: address, grade: highestGrade(reasons.map((r) => MARK_GRADE[r])), reasons: reasons.map((r) => MARK_WORDS[r]) };
  });
}
