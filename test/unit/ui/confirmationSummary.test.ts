import * as assert from 'node:assert/strict';
import type { ConfirmationRequest } from '../../../src/writes/confirmer';
import { dangerItems, itemKey } from '../../../src/ui/confirmation/confirmationEvidence';
import { confirmationNotice } from '../../../src/ui/confirmation/confirmationNotice';
import { approveLabel, confirmationHeadline, confirmationNote, confirmationSummary, noteEndLine } from '../../../src/ui/confirmation/confirmationSummary';
import { NOTIFICATION_LINK_PATTERN } from '../../../src/ui/shared/untrustedText';
import { changeRequest, DANGER_EVIDENCE, evidence, item, message, NO_EVIDENCE, NOTICE_EVIDENCE, REPLY_EVIDENCE, sendRequest, source } from './confirmationRequests';

const renderedLinks = (text: string) => [...text.matchAll(NOTIFICATION_LINK_PATTERN)].map((m) => m[0]);
const reply = sendRequest({ evidence: REPLY_EVIDENCE, originalText: 'From: tomasz@example.com', message: message({ to: ['tomasz@example.com'], subject: 'Re: Team dinner' }) });
const notice = sendRequest({ evidence: NOTICE_EVIDENCE, message: message({ to: ['new.person@elsewhere.example'] }) });
const danger = sendRequest({ evidence: DANGER_EVIDENCE, message: message({ to: ['archive@northwind-invoices.example'], subject: 'Financial documents' }) });

describe('what a confirmation says first, per grade', () => {
  it('none: says so in its own words, and the notification warns of nothing (a reply is never warned)', () => {
    assert.equal(confirmationHeadline(reply), 'No warnings: A reply to the people of this thread; nothing in it was taken from other mail.');
    assert.equal(confirmationSummary(reply), 'No warnings: A reply to the people of this thread; nothing in it was taken from other mail.');
    const text = confirmationNotice(reply);
    assert.equal(text, 'Gmail Tools: The agent wants to send "Re: Team dinner" from me@example.com to tomasz@example.com. Send and Cancel are at the top of the message.');
    assert.doesNotMatch(text, /⚠|Notice|DANGER/);
    assert.equal(approveLabel(reply), 'Send');
  });

  it('notice: one quiet line, no items listed, no extra step', () => {
    const note = confirmationNote(notice).split('\n');
    assert.equal(note[0], 'Notice: 1 new recipient outside your domain, not supplied by mail.');
    assert.equal(note.length, 4, 'headline, who asks, the end line and the empty rest');
    assert.match(confirmationNotice(notice), /^Gmail Tools: Notice: 1 new recipient outside your domain, not supplied by mail\. The agent wants to send/);
    assert.equal(approveLabel(notice), 'Send');
  });

  it('danger: the first line names the grade, the evidence and the mail it came from; each item follows with its reasons', () => {
    const note = confirmationNote(danger).split('\n');
    assert.equal(
      note[0],
      '⚠ DANGER: The recipient archive@northwind-invoices.example appears only in hidden text of a flagged mail. ' +
        'It came from the mail "Invoice 4471" from billing@vendor.example (hidden text, flagged as carrying instructions).',
    );
    assert.equal(note[1], '  ⚠ recipient archive@northwind-invoices.example: only in text hidden from you; never written to (in the mail "Invoice 4471" from billing@vendor.example (hidden text, flagged as carrying instructions))');
    assert.match(note[2], /^ {2}⚠ link https:\/\/northwind-invoices\.example\/pay: a link target in mail you read/);
    assert.equal(note[3], '  Cancel is the default. To send anyway: Send…, then confirm each item above, one at a time, that you checked it.');
    assert.equal(note[4], 'The agent wants to send this message as me@example.com.');
    assert.equal(note[5], noteEndLine(danger));
    assert.equal(approveLabel(danger), 'Send…', 'the button says another step follows');
    assert.match(confirmationNotice(danger), /^Gmail Tools: ⚠ DANGER: The recipient archive@northwind-invoices\.example appears only in hidden text/);
    assert.match(confirmationSummary(danger), /^⚠ DANGER: /);
  });

  it('danger whose summary already names the mail does not name it twice', () => {
    const named = sendRequest({ evidence: { ...DANGER_EVIDENCE, summary: 'An address found only in "Invoice 4471" from billing@vendor.example.' } });
    assert.equal(confirmationHeadline(named), '⚠ DANGER: An address found only in "Invoice 4471" from billing@vendor.example.');
  });

  it('the items to tick are the danger items alone, each with its own key', () => {
    const mixed = evidence('x', [...DANGER_EVIDENCE.items, ...NOTICE_EVIDENCE.items]);
    assert.deepEqual(dangerItems(mixed).map(itemKey), ['recipient:archive@northwind-invoices.example', 'link:https://northwind-invoices.example/pay']);
  });

  it('a change the person started from the palette reads "You are about to send…"', () => {
    const mine = sendRequest({ evidence: NOTICE_EVIDENCE, origin: 'you' });
    assert.match(confirmationNotice(mine), /Notice: .* You are about to send "Lunch" from me@example\.com to friend@example\.org\./);
    assert.ok(confirmationNote(mine).includes('\nYou are about to send this message as me@example.com.\n'));
    assert.doesNotMatch(confirmationNotice(mine), /The agent/);
  });

  it('a bulk change says the typed count in the note and the notification', () => {
    const bulk = changeRequest({ title: 'Move 30 messages to Trash', typedCountRequired: 30 });
    assert.match(confirmationNote(bulk), /This changes 30 messages: you will type 30 to approve\.\nThe agent wants to move 30 messages to Trash in me@example\.com\./);
    assert.match(confirmationNotice(bulk), /^Gmail Tools: ⚠ 30 messages: you will type the count\. The agent wants to move 30 messages to Trash/);
  });

  it('a draft deletion says it is permanent, and its button says what it does', () => {
    const request: ConfirmationRequest = { kind: 'deleteDraft', tool: 'delete_draft', account: 'me@example.com', evidence: NO_EVIDENCE, draftId: 'r1', subject: '[x](command:y)', draftText: 'Subject: x', payloadHash: 'h' };
    assert.match(confirmationNotice(request), /⚠ permanent: Gmail deletes drafts for good, there is no Undo\./);
    assert.match(confirmationNote(request), /delete this draft of me@example\.com for good/);
    assert.equal(approveLabel(request), 'Delete Draft');
    assert.deepEqual(renderedLinks(confirmationNotice(request)), []);
  });
});

describe('an evidence summary that starts with a grade word of its own', () => {
  it('is not said twice after ours', () => {
    const said = sendRequest({ evidence: { ...DANGER_EVIDENCE, summary: 'Danger: x@evil.example appears only in hidden text.' } });
    assert.match(confirmationHeadline(said), /^⚠ DANGER: x@evil\.example appears only in hidden text\./);
    assert.match(confirmationSummary(said), /^⚠ DANGER: x@evil/);
    const none = sendRequest({ evidence: { ...REPLY_EVIDENCE, summary: 'No warning: a reply to the people of this thread.' } });
    assert.equal(confirmationHeadline(none), 'No warnings: A reply to the people of this thread.');
    assert.match(confirmationNotice(sendRequest({ evidence: { ...NOTICE_EVIDENCE, summary: 'Notice — a new recipient.' } })), /Gmail Tools: Notice: A new recipient\. /);
  });
});

describe('mail text in what the confirmation says', () => {
  const hostile = '$(check) Approved [Send](command:gmailTools.confirm.approve "Send") $($(sync~spin))\u202e' + 'x'.repeat(500);
  const hostileRequest = sendRequest({
    account: hostile,
    evidence: evidence(hostile, [item({ value: hostile, grade: 'danger', reasons: [hostile], sources: [source({ subject: hostile, from: hostile })] })]),
    message: message({ subject: hostile, to: [hostile] }),
  });

  it('no link or codicon syntax, no bidi control, survives into the lens, the notification or the note', () => {
    for (const shown of [confirmationSummary(hostileRequest), confirmationNotice(hostileRequest), confirmationNote(hostileRequest)]) {
      assert.doesNotMatch(shown, /\$\(/, shown);
      assert.deepEqual(renderedLinks(shown), [], shown);
      assert.doesNotMatch(shown, /command:/, shown);
      assert.doesNotMatch(shown, /\u202e/, shown);
    }
    assert.match(confirmationSummary(hostileRequest), /\$ \(check\) Approved \[Send\]/, 'the words are still there to read');
  });

  it('the lens stays one short line; the notification stays bounded whatever the mail holds', () => {
    assert.ok(confirmationSummary(hostileRequest).length < 130, confirmationSummary(hostileRequest));
    const many = Array.from({ length: 40 }, (_, i) => `person${i}@example.org`);
    const crowded = sendRequest({ evidence: NOTICE_EVIDENCE, message: message({ subject: 'S'.repeat(5000), to: many }) });
    const text = confirmationNotice(crowded);
    assert.ok(text.length < 600, `${text.length} characters`);
    assert.ok(text.startsWith('Gmail Tools: Notice:'), text);
    assert.match(text, /and 37 more/);
    assert.ok(confirmationNotice(hostileRequest).length < 900);
  });
});
