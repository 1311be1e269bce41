import assert from 'node:assert/strict';
import { simpleParser, type AddressObject } from 'mailparser';
import { ComposeError, composeMessage, MAX_ATTACHMENT_BYTES, MAX_REFERENCES, replyHeaders, type OutgoingMessageSpec } from '../../../src/mail/compose';
import { forwardSpec } from '../../../src/mail/processing/mailProcessing';

const ME = 'demo.user@example.com';
const base: OutgoingMessageSpec = { from: ME, to: ['carol@kitchen.test'], subject: 'Hello', text: 'Hi Carol' };

const addresses = (field: AddressObject | AddressObject[] | undefined) => (Array.isArray(field) ? field : field ? [field] : []).flatMap((f) => f.value.map((v) => v.address));

async function rejects(spec: Partial<OutgoingMessageSpec>, field: RegExp): Promise<void> {
  await assert.rejects(composeMessage({ ...base, ...spec } as OutgoingMessageSpec), (err: unknown) => err instanceof ComposeError && field.test(err.field));
}

describe('compose: outgoing RFC 5322 messages', () => {
  it('round-trips non-ASCII headers and body, attachments, Bcc and threading headers through mailparser', async () => {
    const pdf = Buffer.from([0x25, 0x50, 0x44, 0x46, 0x00, 0xff, 0x10, 0x80]);
    const composed = await composeMessage({
      from: 'Démo Üser <demo.user@example.com>',
      to: ['Zoë Ångström <zoe@example.org>', 'plain@example.org'],
      cc: ['"Cook, Carol" <carol@kitchen.test>'],
      bcc: ['hidden@example.net'],
      subject: 'Grüße — 日本語のテスト',
      text: 'Héllo\nsecond line with a very long tail '.repeat(20),
      html: '<p>Héllo</p>',
      attachments: [{ filename: 'résumé.pdf', contentType: 'application/pdf', content: pdf }],
      inReplyTo: '<parent@example.org>',
      references: ['<root@example.org>', '<parent@example.org>'],
    });
    const headerBlock = composed.raw.toString('latin1').split('\r\n\r\n')[0];
    assert.doesNotMatch(headerBlock, /[^\x00-\x7f]/, 'headers are 7-bit (RFC 2047)');
    assert.ok(composed.raw.toString('latin1').split('\r\n').every((l) => l.length <= 998), 'RFC 5322 line limit');
    const parsed = await simpleParser(composed.raw);
    assert.equal(parsed.subject, 'Grüße — 日本語のテスト');
    assert.equal(parsed.from!.value[0].name, 'Démo Üser');
    assert.deepEqual(addresses(parsed.to), ['zoe@example.org', 'plain@example.org']);
    assert.equal((parsed.to as AddressObject).value[0].name, 'Zoë Ångström');
    assert.equal((parsed.cc as AddressObject).value[0].name, 'Cook, Carol');
    assert.deepEqual(addresses(parsed.bcc), ['hidden@example.net'], 'Bcc stays in the raw message: Gmail reads recipients from it');
    assert.equal(parsed.text!.trim(), 'Héllo\nsecond line with a very long tail '.repeat(20).trim());
    assert.equal(parsed.html, '<p>Héllo</p>');
    assert.equal(parsed.attachments.length, 1);
    assert.equal(parsed.attachments[0].filename, 'résumé.pdf');
    assert.ok(parsed.attachments[0].content.equals(pdf));
    assert.equal(parsed.inReplyTo, '<parent@example.org>');
    assert.deepEqual(parsed.references, ['<root@example.org>', '<parent@example.org>']);
    assert.equal(parsed.messageId, composed.messageId);
    assert.match(composed.messageId, /^<[0-9a-f]{32}@example\.com>$/);
    const rawText = composed.raw.toString('latin1');
    assert.match(rawText, /Content-Type: text\/plain; charset=utf-8\r\nContent-Transfer-Encoding: quoted-printable/i);
    assert.match(rawText, /Content-Type: application\/pdf[^\r]*\r\nContent-Transfer-Encoding: base64/i);
    assert.doesNotMatch(rawText, /[^\x00-\x7f]/, 'the whole message is 7-bit');
    assert.deepEqual(composed.recipients, { to: ['zoe@example.org', 'plain@example.org'], cc: ['carol@kitchen.test'], bcc: ['hidden@example.net'] });
  });

  it('keeps a given Message-ID and makes a fresh one each time otherwise', async () => {
    assert.equal((await composeMessage({ ...base, messageId: '<fixed@example.com>' })).messageId, '<fixed@example.com>');
    const a = await composeMessage(base);
    const b = await composeMessage(base);
    assert.notEqual(a.messageId, b.messageId);
  });

  it('rejects header injection: CR or LF in any header value', async () => {
    await rejects({ subject: 'Hi\r\nBcc: victim@evil.test' }, /^subject$/);
    await rejects({ subject: 'Hi\nX: y' }, /^subject$/);
    await rejects({ to: ['carol@kitchen.test\r\nBcc: victim@evil.test'] }, /^to\[0\]$/);
    await rejects({ from: 'demo.user@example.com\nBcc: x@evil.test' }, /^from$/);
    await rejects({ inReplyTo: '<a@b>\r\nBcc: x@evil.test' }, /^inReplyTo$/);
    await rejects({ references: ['<a@b>', '<c@d>\nX: y'] }, /^references\[1\]$/);
    await rejects({ messageId: '<a@b>\rX: y' }, /^messageId$/);
    await rejects({ attachments: [{ filename: 'a.txt\r\nContent-Type: text/html', contentType: 'text/plain', content: Buffer.from('x') }] }, /filename$/);
    await rejects({ attachments: [{ filename: 'a.txt', contentType: 'text/plain\r\nX: y', content: Buffer.from('x') }] }, /contentType$/);
  });

  it('rejects invalid addresses, groups, several addresses in one entry, and no recipients', async () => {
    await rejects({ to: ['not an address'] }, /^to\[0\]$/);
    await rejects({ to: ['a@b.c, d@e.f'] }, /^to\[0\]$/);
    await rejects({ cc: ['friends: a@example.org, b@example.org;'] }, /^cc\[0\]$/);
    await rejects({ bcc: ['user@'] }, /^bcc\[0\]$/);
    await rejects({ to: [], cc: [], bcc: [] }, /^to$/);
    await rejects({ from: 'nobody' }, /^from$/);
    await rejects({ inReplyTo: 'no-brackets@example.org' }, /^inReplyTo$/);
    await rejects({ subject: 'x'.repeat(999) }, /^subject$/);
    await rejects({ attachments: [{ filename: 'big.bin', contentType: 'application/octet-stream', content: Buffer.alloc(MAX_ATTACHMENT_BYTES + 1) }] }, /^attachments$/);
    const deduped = await composeMessage({ ...base, to: ['carol@kitchen.test', 'Carol <CAROL@kitchen.test>'] });
    assert.deepEqual(deduped.recipients.to, ['carol@kitchen.test']);
  });

  it('never reads attachment content from files or URLs', async () => {
    const composed = await composeMessage({ ...base, attachments: [{ filename: 'passwd', contentType: 'text/plain', content: Buffer.from('/etc/passwd') }] });
    const parsed = await simpleParser(composed.raw);
    assert.equal(parsed.attachments[0].content.toString(), '/etc/passwd');
  });
});

describe('compose: replyHeaders', () => {
  const original = {
    messageId: '<m2@kitchen.test>',
    references: '<m0@example.com> <m1@example.com>',
    subject: 'Lunch plans',
    from: 'Carol Cook <carol@kitchen.test>',
    to: 'Demo User <demo.user@example.com>, bob@builder.test',
    cc: '"Alice, A." <alice@example.com>, demo.user@example.com',
  };

  it('reply: to the sender, "Re:" once, In-Reply-To and References extended', () => {
    const h = replyHeaders(original, { replyAll: false, self: ME });
    assert.deepEqual(h.to, ['Carol Cook <carol@kitchen.test>']);
    assert.deepEqual(h.cc, []);
    assert.equal(h.subject, 'Re: Lunch plans');
    assert.equal(h.inReplyTo, '<m2@kitchen.test>');
    assert.deepEqual(h.references, ['<m0@example.com>', '<m1@example.com>', '<m2@kitchen.test>']);
    for (const subject of ['Re: Lunch plans', 'RE: Lunch plans', 'Aw: Mittag', 'AW: Mittag', 're:x']) {
      assert.equal(replyHeaders({ ...original, subject }, { replyAll: false, self: ME }).subject, subject, subject);
    }
    assert.equal(replyHeaders({ ...original, subject: 'Fwd: news' }, { replyAll: false, self: ME }).subject, 'Re: Fwd: news');
    assert.equal(replyHeaders({ ...original, subject: undefined }, { replyAll: false, self: ME }).subject, 'Re:');
  });

  it('reply all: everyone on To and Cc except the account, without duplicates; a Reply-To at the sender\'s domain wins over From', () => {
    const h = replyHeaders({ ...original, replyTo: 'orders@kitchen.test' }, { replyAll: true, self: [ME, 'Demo.User@Example.com'] });
    assert.deepEqual(h.to, ['orders@kitchen.test']);
    assert.deepEqual(h.replyToSetAside, []);
    assert.deepEqual(h.cc, ['bob@builder.test', '"Alice, A." <alice@example.com>']);
    const again = replyHeaders({ ...original, cc: 'carol@kitchen.test' }, { replyAll: true, self: ME });
    assert.deepEqual(again.cc, ['bob@builder.test'], 'the sender is not copied twice');
  });

  it('a Reply-To is followed only inside the sender\'s organisation; elsewhere the reply goes to the sender and says so', () => {
    const to = (replyTo: string, from = original.from) => {
      const h = replyHeaders({ ...original, from, replyTo }, { replyAll: false, self: ME });
      return { to: h.to, aside: h.replyToSetAside };
    };
    assert.deepEqual(to('Carol <carol-dated-1030@kitchen.test>'), { to: ['Carol <carol-dated-1030@kitchen.test>'], aside: [] }, 'same domain');
    assert.deepEqual(to('reply+abc@reply.kitchen.test'), { to: ['reply+abc@reply.kitchen.test'], aside: [] }, 'under the sender\'s domain');
    assert.deepEqual(to('Carol Cook <carol@kitchen-mail.test>'), { to: ['Carol Cook <carol@kitchen.test>'], aside: ['carol@kitchen-mail.test'] }, 'another domain, even with the same name');
    assert.deepEqual(to('list@lists.test'), { to: ['Carol Cook <carol@kitchen.test>'], aside: ['list@lists.test'] }, 'a list elsewhere');
    assert.deepEqual(to('ops@kitchen.test', 'Carol <carol@eu.kitchen.test>'), { to: ['Carol <carol@eu.kitchen.test>'], aside: ['ops@kitchen.test'] }, 'a subdomain does not vouch for its parent');
    assert.deepEqual(to('mallory@gmail.com', 'Carol <carol@gmail.com>'), { to: ['Carol <carol@gmail.com>'], aside: ['mallory@gmail.com'] }, 'two addresses at a public provider are two people');
    assert.deepEqual(to('carol@kitchen.test, drop@evil.test'), { to: ['Carol Cook <carol@kitchen.test>'], aside: ['drop@evil.test'] }, 'one outside address sets the Reply-To aside');
    assert.deepEqual(to('drop@ＥＶＩＬ.test'), { to: ['Carol Cook <carol@kitchen.test>'], aside: ['drop@ＥＶＩＬ.test'] }, 'fullwidth letters fold before the domain is compared');
  });

  it('reply all drops a copied name that shows another address or an @ look-alike, keeping the address it goes to', () => {
    const h = replyHeaders({ ...original, cc: '"ann@home.example via Team" <team@list.example>, "Bob﹫work" <bob@builder.test>, Carol <carol@kitchen.test>' }, { replyAll: true, self: ME });
    assert.ok(h.cc.includes('team@list.example'), h.cc.join(' | '));
    assert.ok(h.cc.includes('bob@builder.test'), h.cc.join(' | '));
    assert.ok(!h.cc.some((a) => a.includes('ann@home.example') || a.includes('﹫')), h.cc.join(' | '));
  });

  it('replying to one\'s own message goes to its recipients', () => {
    const h = replyHeaders({ messageId: '<m1@example.com>', subject: 'Lunch plans', from: 'Demo User <demo.user@example.com>', to: 'Carol Cook <carol@kitchen.test>' }, { replyAll: false, self: ME });
    assert.deepEqual(h.to, ['Carol Cook <carol@kitchen.test>']);
    assert.deepEqual(h.references, ['<m1@example.com>']);
  });

  it('falls back to In-Reply-To for References, caps long chains, and refuses a message without Message-ID', () => {
    assert.deepEqual(replyHeaders({ ...original, references: undefined, inReplyTo: '<m1@example.com>' }, { replyAll: false, self: ME }).references, ['<m1@example.com>', '<m2@kitchen.test>']);
    const long = Array.from({ length: 40 }, (_, i) => `<r${i}@example.com>`);
    const capped = replyHeaders({ ...original, references: long }, { replyAll: false, self: ME }).references;
    assert.equal(capped.length, MAX_REFERENCES);
    assert.equal(capped[0], '<r0@example.com>');
    assert.equal(capped.at(-1), '<m2@kitchen.test>');
    assert.throws(() => replyHeaders({ ...original, messageId: undefined }, { replyAll: false, self: ME }), ComposeError);
    assert.throws(() => replyHeaders({ ...original, subject: 'x\r\nBcc: a@b.c' }, { replyAll: false, self: ME }), ComposeError);
  });
});

describe('compose: forwardSpec', () => {
  it('"Fwd:" subject, the original quoted below the note, its attachments carried over', async () => {
    const png = Buffer.from('89504e470d0a1a0a0000000d49484452', 'hex');
    const original = await composeMessage({
      from: 'Bob <bob@builder.test>',
      to: [ME],
      subject: 'Plans für morgen',
      text: 'Original body text',
      attachments: [
        { filename: 'plan.png', contentType: 'image/png', content: png },
        { filename: 'notes.txt', contentType: 'text/plain', content: Buffer.from('ñ notes') },
      ],
    });
    const spec = await forwardSpec(original.raw, { from: ME, to: ['carol@kitchen.test'], note: 'FYI' });
    assert.equal(spec.subject, 'Fwd: Plans für morgen');
    assert.match(spec.text, /^FYI\n\n---------- Forwarded message ---------\nFrom: "?Bob"? <bob@builder\.test>\nDate: .+\nSubject: Plans für morgen\nTo: demo\.user@example\.com\n\nOriginal body text/);
    assert.deepEqual(spec.attachments!.map((a) => [a.filename, a.contentType]), [['plan.png', 'image/png'], ['notes.txt', 'text/plain']]);
    assert.ok(spec.attachments![0].content.equals(png));
    assert.equal(spec.inReplyTo, original.messageId);

    const forwarded = await simpleParser((await composeMessage(spec)).raw);
    assert.equal(forwarded.attachments.length, 2);
    assert.ok(forwarded.attachments[0].content.equals(png));
    assert.equal(forwarded.attachments[1].content.toString(), 'ñ notes');
    const again = await forwardSpec((await composeMessage(spec)).raw, { from: ME, to: ['x@example.org'] });
    assert.equal(again.subject, 'Fwd: Plans für morgen', 'not doubled');
  });

  it('uses the HTML as text when the original has no text part', async () => {
    const raw = Buffer.from('From: a@example.org\r\nTo: b@example.org\r\nSubject: html only\r\nContent-Type: text/html; charset=utf-8\r\n\r\n<p>Hello <b>there</b></p>\r\n');
    const spec = await forwardSpec(raw, { from: ME, to: ['carol@kitchen.test'] });
    assert.match(spec.text, /Hello there/i);
    assert.equal(spec.html, undefined, 'the original HTML is not re-sent');
    await assert.rejects(forwardSpec(Buffer.alloc(0), { from: ME, to: ['c@example.org'] }), ComposeError);
  });
});
