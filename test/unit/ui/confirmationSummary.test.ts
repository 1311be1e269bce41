import * as assert from 'node:assert/strict';
import type { ConfirmationRequest, MarkedRecipient } from '../../../src/writes/confirmer';
import { confirmationNotice } from '../../../src/ui/confirmationNotice';
import { approveLabel, confirmationSummary } from '../../../src/ui/confirmationSummary';
import { NOTIFICATION_LINK_PATTERN } from '../../../src/ui/untrustedText';

const send = (subject: string, to: string[], marks: MarkedRecipient[], untrustedLinks: string[] = [], cc: string[] = []): ConfirmationRequest => ({
  kind: 'send',
  tool: 'send_message',
  account: 'me@example.com',
  originalText: '',
  document: '',
  payloadHash: 'h',
  editable: true,
  message: { from: 'me@example.com', to, cc, bcc: [], subject, body: 'b', attachments: [], markedRecipients: marks, untrustedLinks },
});

describe('the risk summary at the top of a confirmation', () => {
  it('counts the recipients and each kind of warning, the links from mail last', () => {
    const summary = confirmationSummary(
      send('Re: Invoice', ['a@evil.example'], [
        { address: 'a@evil.example', reasons: ['untrusted', 'external', 'new'] },
        { address: 'b@other.example', reasons: ['external', 'new'] },
      ], ['https://evil.example/pay'], ['b@other.example']),
    );
    assert.equal(summary, '⚠ To 2 recipients: 1 taken from a mail you read, 1 outside your domain; 1 link from mail you read.');
  });

  it('names look-alike domains, a Reply-To redirect and new recipients, most telling first', () => {
    const summary = confirmationSummary(
      send('Hi', ['x@p\u0430ypal.com', 'y@redirect.example', 'z@example.com', 'w@example.com'], [
        { address: 'x@p\u0430ypal.com', reasons: ['lookalike', 'external'] },
        { address: 'y@redirect.example', reasons: ['replyTo'] },
        { address: 'z@example.com', reasons: ['new'] },
      ]),
    );
    assert.match(summary, /^⚠ To 4 recipients: 1 with a look-alike domain, 1 from the original's Reply-To, not its sender, 1 outside your domain, 1 never written to before\.$/);
  });

  it('counts the attachments after the recipients, and the notice says a markdown body goes as HTML', () => {
    const withFiles = send('Figures', ['friend@example.org'], []);
    if (withFiles.kind !== 'send') throw new Error('a send');
    const files = [
      { filename: 'q3.csv', mimeType: 'text/csv', size: 10, sha256: 'a'.repeat(64) },
      { filename: 'notes.md', mimeType: 'text/markdown', size: 5, sha256: 'b'.repeat(64) },
    ];
    const request: ConfirmationRequest = { ...withFiles, message: { ...withFiles.message, attachments: files, bodyFormat: 'markdown' } };
    assert.equal(confirmationSummary(request), 'To 1 recipient, none marked. 2 attachments.');
    assert.match(confirmationNotice(request), /to friend@example\.org with 2 attachments, as HTML made from markdown\. Review the diff\.$/);
  });

  it('says plainly when nothing is marked, and a link from mail alone is still a warning', () => {
    assert.equal(confirmationSummary(send('Lunch', ['friend@example.org'], [])), 'To 1 recipient, none marked.');
    assert.match(confirmationSummary(send('Lunch', ['friend@example.org'], [], ['https://a.example', 'https://b.example'])), /^⚠ To 1 recipient, none marked; 2 links from mail you read\.$/);
  });

  it('no link or codicon syntax survives from a hostile subject, label title or account, and the line stays short', () => {
    const hostile = '$(check) Approved [Send](command:gmailTools.confirm.approve "Send") $($(sync~spin))' + 'x'.repeat(500);
    const hostileSend: ConfirmationRequest = { ...send(hostile, [hostile], [{ address: hostile, reasons: ['untrusted'] }], [hostile]), account: hostile };
    const hostileChange: ConfirmationRequest = { kind: 'changeMessages', tool: 'label_messages', account: hostile, title: `Add label ${hostile} to 2 messages`, before: [], after: [], payloadHash: 'h' };
    for (const summary of [confirmationSummary(hostileSend), confirmationSummary(hostileChange)]) {
      assert.doesNotMatch(summary, /\$\(/, summary);
      assert.deepEqual([...summary.matchAll(NOTIFICATION_LINK_PATTERN)], [], summary);
      assert.doesNotMatch(summary, /command:/, summary);
      assert.ok(summary.length < 120, `${summary.length} characters: ${summary}`);
    }
    assert.match(confirmationSummary(hostileChange), /Add label \$ \(check\) Approved \[Send\]/, 'the words are still there to read');
  });

  it('a draft deletion says it is permanent, and its button says what it does', () => {
    const request: ConfirmationRequest = { kind: 'deleteDraft', tool: 'delete_draft', account: 'me@example.com', draftId: 'r1', subject: '[x](command:y)', draftText: 'Subject: x', payloadHash: 'h' };
    assert.equal(confirmationSummary(request), '⚠ Permanent: Gmail deletes drafts for good, there is no Undo.');
    assert.equal(approveLabel(request), 'Delete Draft');
  });

  it('a change names the message count and the typed-count need first', () => {
    const line = { id: 'm', date: 'd', from: 'f', subject: 's', labels: [] };
    const change = (n: number, typed?: number): ConfirmationRequest => ({
      kind: 'changeMessages', tool: 'trash_messages', account: 'me@example.com', title: `Move ${n} messages to Trash`,
      before: Array.from({ length: n }, () => line), after: [], payloadHash: 'h', typedCountRequired: typed,
    });
    assert.equal(confirmationSummary(change(30, 30)), '⚠ 30 messages: you will type 30 to approve. Move 30 messages to Trash.');
    assert.equal(confirmationSummary(change(2)), '2 messages. Move 2 messages to Trash.');
    assert.equal(approveLabel(change(2)), 'Apply');
    assert.equal(approveLabel(send('s', [], [])), 'Send');
  });
});
