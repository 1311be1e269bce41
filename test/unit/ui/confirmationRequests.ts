import type { ConfirmationRequest, OriginatedConfirmationRequest, OutgoingMessagePreview } from '../../../src/writes/confirmer';
import type { Evidence, EvidenceItem, EvidenceSource, Grade } from '../../../src/writes/evidence';
import { highestGrade } from '../../../src/writes/evidence';

/**
 * Test data for the confirmation UI: requests and their evidence built in a few words, each builder starting from an
 * ordinary value and changed only where a test says (like vscode-pull-request-github's builders).
 */

export const ACCOUNT = 'me@example.com';

export function source(overrides: Partial<EvidenceSource> = {}): EvidenceSource {
  return { messageId: 'm1', account: ACCOUNT, from: 'billing@vendor.example', subject: 'Invoice 4471', part: 'visible text', ...overrides };
}

export function item(overrides: Partial<EvidenceItem> & Pick<EvidenceItem, 'value'>): EvidenceItem {
  return { kind: 'recipient', grade: 'none', reasons: [], ...overrides };
}

/** Evidence over the items given: the grade is their highest, as the contract says. */
export function evidence(summary: string, items: readonly EvidenceItem[] = [], grade?: Grade): Evidence {
  return { grade: grade ?? highestGrade(items.map((i) => i.grade)), summary, items };
}

export const REPLY_EVIDENCE = evidence('A reply to the people of this thread; nothing in it was taken from other mail.', [
  item({ value: 'tomasz@example.com', reasons: ['the sender of the mail you reply to'] }),
]);

export const NOTICE_EVIDENCE = evidence('1 new recipient outside your domain, not supplied by mail.', [
  item({ value: 'new.person@elsewhere.example', grade: 'notice', reasons: ['never written to', 'outside your domain'] }),
]);

export const DANGER_EVIDENCE = evidence('The recipient archive@northwind-invoices.example appears only in hidden text of a flagged mail.', [
  item({
    value: 'archive@northwind-invoices.example',
    grade: 'danger',
    reasons: ['only in text hidden from you', 'never written to'],
    sources: [source({ part: 'hidden text', flagged: true })],
  }),
  item({ kind: 'link', value: 'https://northwind-invoices.example/pay', grade: 'danger', reasons: ['a link target in mail you read'], sources: [source({ part: 'link target' })] }),
]);

export function message(overrides: Partial<OutgoingMessagePreview> = {}): OutgoingMessagePreview {
  return { from: ACCOUNT, to: ['friend@example.org'], cc: [], bcc: [], subject: 'Lunch', body: 'See you at noon.', attachments: [], ...overrides };
}

type SendRequest = Extract<ConfirmationRequest, { kind: 'send' }>;

export const NO_EVIDENCE = evidence('Nothing in this change came from mail.');

export function sendRequest(overrides: Partial<SendRequest> & { readonly origin?: 'you' } = {}): OriginatedConfirmationRequest {
  return { kind: 'send', tool: 'send_message', account: ACCOUNT, evidence: NO_EVIDENCE, originalText: '', document: '', payloadHash: 'h', editable: true, message: message(), ...overrides };
}

export function changeRequest(overrides: Partial<Extract<ConfirmationRequest, { kind: 'changeMessages' }>> = {}): ConfirmationRequest {
  return { kind: 'changeMessages', tool: 'trash_messages', account: ACCOUNT, evidence: NO_EVIDENCE, title: 'Move 2 messages to Trash', before: [], after: [], payloadHash: 'h', ...overrides };
}
