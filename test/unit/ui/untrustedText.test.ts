import * as assert from 'node:assert/strict';
import type { ConfirmationRequest, MarkedRecipient } from '../../../src/writes/confirmer';
import { confirmationNotice } from '../../../src/ui/confirmationNotice';
import { NOTIFICATION_LINK_PATTERN, plainLines, plainText } from '../../../src/ui/untrustedText';

const renderedLinks = (text: string) => [...text.matchAll(NOTIFICATION_LINK_PATTERN)].map((m) => m[0]);

describe('untrusted text in VS Code UI', () => {
  it('breaks every link form VS Code renders in a notification, keeping the words', () => {
    const attacks = [
      'Invoice 4411 [Cancel](command:gmailTools.confirm.approve "Cancel")',
      '[Open](https://evil.example/x)',
      "[x](file:///etc/passwd 'y')",
      '[[nested](command:a)](command:b)',
      '[a]\u200b(command:gmailTools.confirm.approve)', // an invisible character between the halves is removed, then broken
      '[a]\u202e(command:x)',
    ];
    for (const attack of attacks) {
      const shown = plainText(attack);
      assert.deepEqual(renderedLinks(shown), [], `${JSON.stringify(attack)} -> ${shown}`);
    }
    assert.match(plainText(attacks[0]), /Invoice 4411 \[Cancel\] \(command/);
  });

  it('breaks codicon syntax, folds lines, removes bidi and invisible characters', () => {
    assert.equal(plainText('$(check) Approved'), '$ (check) Approved');
    assert.equal(plainText('a\n\nb\tc'), 'a b c');
    assert.equal(plainText('pay\u202egnp.exe'), 'paygnp.exe');
    assert.equal(plainText('zero\u200bwidth\ufeff'), 'zerowidth');
  });

  it('caps the length without splitting a surrogate pair', () => {
    const text = 'x'.repeat(9) + '😀'.repeat(5);
    const shown = plainText(text, { max: 11 });
    assert.ok(shown.length <= 11);
    assert.ok(shown.endsWith('…'));
    assert.doesNotMatch(shown, /[\ud800-\udbff](?![\udc00-\udfff])/);
    assert.equal(plainLines('a\nb\nc', { maxLines: 2 }), 'a\nb\n…');
  });
});

describe('the confirmation notification text', () => {
  const send = (subject: string, to: string[], marks: MarkedRecipient[]): ConfirmationRequest => ({
    kind: 'send',
    tool: 'send_message',
    account: 'me@example.com',
    originalText: '',
    document: '',
    payloadHash: 'h',
    editable: true,
    message: { from: 'me@example.com', to, cc: [], bcc: [], subject, body: 'b', attachments: [], markedRecipients: marks, untrustedLinks: [] },
  });

  it('puts the warnings first, before any mail-derived field', () => {
    const notice = confirmationNotice(send('Re: Invoice', ['a@evil.example'], [{ address: 'a@evil.example', reasons: ['untrusted', 'external', 'new'] }]));
    assert.ok(notice.indexOf('⚠') >= 0 && notice.indexOf('⚠') < notice.indexOf('Invoice'), notice);
    assert.match(notice, /1 recipient taken from mail you read \(a@evil\.example\)/);
  });

  it('a long subject and many recipients cannot push the warnings out of sight or grow without bound', () => {
    const to = Array.from({ length: 40 }, (_, i) => `person${i}@example.org`);
    const notice = confirmationNotice(send('S'.repeat(5000), to, [{ address: to[0], reasons: ['external'] }]));
    assert.ok(notice.length < 600, `${notice.length} characters`);
    assert.ok(notice.startsWith('Gmail Tools: ⚠'), notice);
    assert.match(notice, /and 37 more/);
  });

  it('names look-alike domains and a Reply-To redirect among the warnings', () => {
    const notice = confirmationNotice(send('Re: Invoice', ['x@p\u0430ypal.com', 'y@redirect.example'], [
      { address: 'x@p\u0430ypal.com', reasons: ['lookalike', 'external'] },
      { address: 'y@redirect.example', reasons: ['replyTo'] },
    ]));
    assert.match(notice, /^Gmail Tools: ⚠ 1 look-alike domain \(x@p.ypal\.com\); the reply goes to the original's Reply-To, not its sender \(y@redirect\.example\)/);
  });

  it('a command link in the subject is not a link in the notification', () => {
    const notice = confirmationNotice(send('Re: Invoice 4411 [Cancel](command:gmailTools.confirm.approve "Cancel")', ['b@example.org'], []));
    assert.deepEqual(renderedLinks(notice), []);
  });

  it('a change names the bulk typed count first', () => {
    const notice = confirmationNotice({ kind: 'changeMessages', tool: 'trash_messages', account: 'me@example.com', title: 'Move 30 messages to Trash', before: [], after: [], payloadHash: 'h', typedCountRequired: 30 });
    assert.match(notice, /^Gmail Tools: ⚠ 30 messages: you will type the count\. The agent wants to move 30 messages to Trash/);
  });
});
