import { strict as assert } from 'node:assert';
import { ProvenanceTracker } from '../../../src/guard/provenance';
import type { MailSource } from '../../../src/writes/mailSource';
import { prepareOutgoing } from '../../../src/writes/outgoingMessage';
import { InProcessMailProcessor } from '../../../src/mail/processing/mailProcessor';
import { FakeGmail } from '../mcp/fakeGmail';

async function sourceWith(labelIds: string[]): Promise<MailSource> {
  const gmail = new FakeGmail();
  await gmail.add(
    'm1',
    't1',
    {
      from: 'Alice <alice@example.com>',
      replyTo: 'Billing <billing@redirect.example>',
      to: 'me@example.com',
      subject: 'Invoice',
      text: 'Please pay.',
      messageId: '<inv-1@example.com>',
      date: new Date('2024-03-01T10:00:00Z'),
    },
    labelIds,
  );
  return { gmail, account: 'me@example.com', signal: new AbortController().signal, provenance: new ProvenanceTracker(), mailProcessor: new InProcessMailProcessor() };
}

describe('writes: a reply and the original\'s Reply-To', () => {
  it('replies to the sender, not to a Reply-To at another domain, shows the Reply-To on the left side, and remembers the original\'s addresses as untrusted', async () => {
    const source = await sourceWith(['INBOX']);
    const prepared = await prepareOutgoing(source, { replyToMessageId: 'm1', body: 'Paid.' });
    assert.deepEqual(prepared.candidate.preview.to, ['Alice <alice@example.com>']);
    assert.deepEqual(prepared.replyToSetAside, ['billing@redirect.example']);
    assert.match(prepared.original?.text ?? '', /^From: Alice <alice@example\.com>\nReply-To: Billing <billing@redirect\.example>\nTo: me@example\.com\n/);
    assert.deepEqual(prepared.original?.replyToRedirect, []);
    assert.equal(source.provenance.isUntrustedAddress('billing@redirect.example'), true, 'a reply needs no read: the original counts like one');
  });

  it('a Reply-To the agent names itself is listed as the redirect, for its mark', async () => {
    const source = await sourceWith(['INBOX']);
    const prepared = await prepareOutgoing(source, { replyToMessageId: 'm1', to: ['billing@redirect.example'], body: 'Paid.' });
    assert.deepEqual(prepared.candidate.preview.to, ['Alice <alice@example.com>', 'billing@redirect.example']);
    assert.deepEqual(prepared.original?.replyToRedirect, ['billing@redirect.example']);
    assert.deepEqual(prepared.replyToSetAside, []);
  });

  it("the user's own mail (SENT) is not remembered as untrusted", async () => {
    const source = await sourceWith(['SENT']);
    await prepareOutgoing(source, { replyToMessageId: 'm1', body: 'Again.' });
    assert.equal(source.provenance.isUntrustedAddress('billing@redirect.example'), false);
  });
});
