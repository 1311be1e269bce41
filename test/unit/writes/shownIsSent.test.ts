import { strict as assert } from 'node:assert';
import { composeMessage } from '../../../src/mail/compose';
import { markdownToHtml } from '../../../src/mail/markdownBody';
import { InProcessMailProcessor } from '../../../src/mail/processing/mailProcessor';
import type { ConfirmationRequest } from '../../../src/writes/confirmer';
import { approvalOf, confirmationTexts, shownTextSha256 } from '../../../src/writes/confirmationText';
import { WriteRefusedError } from '../../../src/writes/errors';
import { candidateFromRaw } from '../../../src/writes/outgoingMessage';
import type { OutgoingCandidate, SendProposal } from '../../../src/writes/proposal';
import { ME, approve, decline, editAndApprove, outgoing, pipelineWith, settle } from './pipelineHarness';

type SendRequest = Extract<ConfirmationRequest, { kind: 'send' }>;

/** A message as it would arrive from elsewhere (a draft written in Gmail): the bytes as given, read back. */
async function fromRaw(raw: string): Promise<OutgoingCandidate> {
  return (await candidateFromRaw(Buffer.from(raw.replace(/\n/g, '\r\n')), ME, undefined, new InProcessMailProcessor())).candidate;
}

const rawMessage = (headers: string, body = 'Hello') => `From: ${ME}\n${headers}\nSubject: Hi\nMessage-ID: <x1@example.com>\nMIME-Version: 1.0\nContent-Type: text/plain; charset=utf-8\n\n${body}\n`;

async function markdownMessage(markdown: string): Promise<OutgoingCandidate> {
  return outgoing({ text: markdown, html: markdownToHtml(markdown) });
}

const send = (message: OutgoingCandidate, extra: Partial<SendProposal> = {}): SendProposal => ({ kind: 'send', tool: 'send_message', message, ...extra });
const sentRaw = (s: ReturnType<typeof pipelineWith>) => (s.writer.writes.at(-1)?.args.at(-1) as { raw: Buffer } | undefined)?.raw.toString('utf8') ?? '';

describe('writes: what is approved is what is sent (issue 22, item 5)', () => {
  describe('names shown are names sent', () => {
    it('an attachment named with a right-to-left override shows the override as an escape, and that name is sent', async () => {
      const s = pipelineWith({}, [approve]);
      const message = await outgoing({ attachments: [{ filename: 'invoice\u202Efdp.exe', contentType: 'application/octet-stream', content: Buffer.from('MZ') }] });
      assert.equal((await s.pipeline.propose(send(message), s.report)).status, 'sent');
      const request = s.confirmer.requests[0] as SendRequest;
      assert.match(request.document, /^ {2}invoice\\u202Efdp\.exe \(application\/octet-stream, 2 B, sha256 [0-9a-f]{12}\)$/m);
      assert.doesNotMatch(request.document, /\u202E/, 'no raw override in the document');
      assert.doesNotMatch(request.document, /invoicefdp\.exe/, 'not shown cleaned');
    });

    it('a zero-width character in a display name or the subject of bytes sent as they are shows as an escape', async () => {
      const s = pipelineWith({}, [approve]);
      const message = await fromRaw(rawMessage('To: "=?UTF-8?Q?Bob=E2=80=8B_Smith?=" <bob@example.com>').replace('Subject: Hi', 'Subject: =?UTF-8?Q?Pay=E2=80=8Bment?='));
      await s.pipeline.propose(send(message, { draftId: 'd1' }), s.report);
      const request = s.confirmer.requests[0] as SendRequest;
      assert.match(request.document, /^To: bob@example\.com \(Bob\\u200B Smith\)$/m);
      assert.match(request.document, /^Subject: Pay\\u200Bment$/m);
    });

    it('a fullwidth or small at sign or an ideographic full stop in a display name: refused when composed, escaped when sent as is', async () => {
      for (const name of ['ceo\uFF20corp.example', 'ceo\uFE6Bcorp.example', 'ceo@corp\u3002example']) {
        await assert.rejects(composeMessage({ from: ME, to: [`"${name}" <drop@evil.example>`], subject: 's', text: 't' }), /reads as the "@" or "\." of an address/);
      }
      const s = pipelineWith({}, [approve]);
      const message = await fromRaw(rawMessage('To: "=?UTF-8?Q?ceo=EF=BC=A0corp=E3=80=82example?=" <drop@evil.example>'));
      await s.pipeline.propose(send(message, { draftId: 'd1' }), s.report);
      assert.match((s.confirmer.requests[0] as SendRequest).document, /^To: drop@evil\.example \(ceo\\uFF20corp\\u3002example\)$/m);
    });

    it('a long, blank-padded display name never hides the address: the address comes first and the name is cut with a count', async () => {
      const s = pipelineWith({}, [approve]);
      const padded = `Accounts Payable${' '.repeat(40)}${'x'.repeat(80)}`;
      const message = await fromRaw(rawMessage(`To: "${padded}" <drop@evil.example>, bob@example.com`));
      await s.pipeline.propose(send(message, { draftId: 'd1' }), s.report);
      const to = /^To: (.*)$/m.exec((s.confirmer.requests[0] as SendRequest).document)?.[1] ?? '';
      assert.ok(to.startsWith('drop@evil.example ('), to);
      assert.match(to, /… \+\d+ more characters\), bob@example\.com$/);
      assert.ok(to.length < 140, `${to.length} characters`);
    });
  });

  describe('markdown bodies: the HTML made from the approved text, every link listed with its decoded target', () => {
    for (const [trick, link] of [
      ['a backslash-escaped link', '[our portal](https://pay\\.evil.example/login)'],
      ['an entity-escaped link', '[our portal](https://pay&#46;evil&#x2e;example/login)'],
      ['an autolink', '<https://pay.evil.example/login>'],
    ] as const) {
      it(`${trick} read from mail is listed with its target and marked as from mail`, async () => {
        const s = pipelineWith({}, [approve]);
        s.provenance.recordText('Log in at https://pay.evil.example/login today', { messageId: 'm1', field: 'body' });
        await s.pipeline.propose(send(await markdownMessage(`Please use ${link}.`)), s.report);
        const request = s.confirmer.requests[0] as SendRequest;
        assert.match(request.document, /^Format: Markdown/m);
        assert.match(request.document, /^Link: ⚠ from mail you read: https:\/\/pay\.evil\.example\/login$/m);
        assert.ok(request.evidence.items.some((i) => i.kind === 'link' && i.value.includes('https://pay.evil.example/login') && i.grade !== 'none'), JSON.stringify(request.evidence.items));
      });
    }

    it('a link whose target did not come from mail is listed without the mark', async () => {
      const s = pipelineWith({}, [approve]);
      await s.pipeline.propose(send(await markdownMessage('See [the plan](https://docs.example.com/plan).')), s.report);
      assert.match((s.confirmer.requests[0] as SendRequest).document, /^Link: https:\/\/docs\.example\.com\/plan$/m);
    });

    it('character references stay the characters typed: the HTML says what the text says', () => {
      const html = markdownToHtml('&#80;&#97;&#121; the invoice to &#x49;BAN 12');
      assert.doesNotMatch(html, /Pay the invoice|IBAN/);
      assert.match(html, /&amp;#80;&amp;#97;&amp;#121; the invoice to &amp;#x49;BAN 12/);
    });

    it('![](url) is refused with a clear error: a remote image would load when the message is opened', () => {
      assert.throws(() => markdownToHtml('Thanks! ![](https://track.evil.example/p.gif?u=1)'), /cannot carry images[\s\S]*track\.evil\.example/);
    });

    it('an HTML part that loads a remote image (a draft written elsewhere) is listed as "loads from"', async () => {
      const s = pipelineWith({}, [approve]);
      const composed = await composeMessage({ from: ME, to: ['bob@example.com'], subject: 'Hi', text: 'Hi', html: '<p>Hi <img src="https://track.example/p.gif"><a href="https://ok.example/">x</a></p>' });
      const message = (await candidateFromRaw(composed.raw, ME, undefined, new InProcessMailProcessor())).candidate;
      await s.pipeline.propose(send(message, { draftId: 'd1' }), s.report);
      const document = (s.confirmer.requests[0] as SendRequest).document;
      assert.match(document, /^Image: loads from https:\/\/track\.example\/p\.gif$/m);
      assert.match(document, /^Link: https:\/\/ok\.example\/$/m);
    });
  });

  describe('the approval binds to the text shown, checked again right before Gmail', () => {
    it('bytes changed after the approval (same length, in place) are refused: nothing is sent', async () => {
      const s = pipelineWith();
      const message = await outgoing({ text: 'Pay Bob 100 EUR' });
      s.confirmer.script((r) => {
        const approval = approvalOf(r);
        const at = message.raw.indexOf('Pay Bob 100 EUR');
        assert.ok(at > 0);
        message.raw.write('Pay Eve 900 EUR', at, 'utf8');
        return approval;
      });
      await assert.rejects(s.pipeline.propose(send(message), s.report), (e: unknown) => e instanceof WriteRefusedError && /does not read as the one you approved; nothing was sent/.test(e.message));
      assert.deepEqual(s.writer.writes, []);
    });

    it('an approval of other text than the confirmation showed is refused', async () => {
      const s = pipelineWith({}, [(r) => ({ approved: true, shownTextSha256: shownTextSha256({ left: confirmationTexts(r).left, right: 'To: bob@example.com\n\nsomething else' }) })]);
      await assert.rejects(s.pipeline.propose(send(await outgoing()), s.report), /other text than this confirmation showed/);
      assert.deepEqual(s.writer.writes, []);
    });

    it('an edit is shown again as its rebuilt bytes render, with a note; declining that sends nothing', async () => {
      const s = pipelineWith({}, [editAndApprove((d) => d.replace('Hi Bob', 'Hi Bob, wire it to the new account')), decline]);
      const base = await outgoing();
      const rebuild: SendProposal['rebuild'] = async (edit) => outgoing({ to: edit.to, subject: edit.subject, text: edit.body });
      assert.deepEqual(await s.pipeline.propose(send(base, { rebuild }), s.report), { status: 'declined', reason: 'declined' });
      const [first, second] = s.confirmer.requests as SendRequest[];
      assert.doesNotMatch(first.document, /^Note:/m);
      assert.match(second.document, /^Note: ⚠ The message was changed in the confirmation/m);
      assert.match(second.document, /wire it to the new account/);
      assert.deepEqual(s.writer.writes, []);
    });

    it('an edit approved again sends the rebuilt bytes', async () => {
      const s = pipelineWith({}, [editAndApprove((d) => d.replace('Hi Bob', 'Hi Robert')), approve]);
      const rebuild: SendProposal['rebuild'] = async (edit) => outgoing({ to: edit.to, subject: edit.subject, text: edit.body });
      const result = await s.pipeline.propose(send(await outgoing(), { rebuild }), s.report);
      assert.equal(result.status, 'sent');
      assert.match(sentRaw(s), /Hi Robert/);
    });
  });

  describe('nothing is sent after shutdown began', () => {
    for (const seconds of [0, 2]) {
      it(`with undoSendSeconds ${seconds}: a confirmation approved after the server began to stop sends nothing`, async () => {
        let answer!: () => void;
        const s = pipelineWith({ undoSendSeconds: seconds });
        s.confirmer.script((r) => new Promise((resolve) => (answer = () => resolve(approvalOf(r)))));
        const pending = s.pipeline.propose(send(await outgoing()), s.report);
        await settle();
        s.shutdown.abort();
        answer();
        await settle();
        s.clock.advance(seconds * 1000 + 1);
        assert.deepEqual(await pending, { status: 'declined', reason: 'shutdown' });
        assert.deepEqual(s.writer.writes, []);
      });
    }

    it('with undoSendSeconds 2: the server beginning to stop while the send is held sends nothing', async () => {
      const s = pipelineWith({ undoSendSeconds: 2 }, [approve]);
      const pending = s.pipeline.propose(send(await outgoing()), s.report);
      await settle();
      assert.equal(s.undoSend.pending().length, 1);
      s.shutdown.abort();
      s.clock.advance(2001);
      assert.deepEqual(await pending, { status: 'declined', reason: 'shutdown' });
      assert.deepEqual(s.writer.writes, []);
    });

    it('without a shutdown the same send goes out (the tests above can fail)', async () => {
      const s = pipelineWith({ undoSendSeconds: 2 }, [approve]);
      const pending = s.pipeline.propose(send(await outgoing()), s.report);
      await settle();
      s.clock.advance(2001);
      assert.equal((await pending).status, 'sent');
      assert.equal(s.writer.writes.length, 1);
    });
  });
});

describe('writes: Undo is a change like any other, started by the person', () => {
  it('runs without a confirmation, through the pipeline, and returns what changed', async () => {
    const s = pipelineWith();
    const outcome = await s.pipeline.undo({ tool: 'untrash_messages', args: { ids: ['m1', 'm2'] } });
    assert.deepEqual(outcome.result.changed, ['m1', 'm2']);
    assert.equal(s.confirmer.requests.length, 0, 'the person asked for it: nothing to confirm');
    assert.deepEqual(s.writer.writes.map((w) => w.method), ['untrashMessages']);
  });

  it("meets the user's limits: more messages than one change may touch is refused, nothing changed", async () => {
    const s = pipelineWith({ maxMessagesPerChange: 2 });
    await assert.rejects(s.pipeline.undo({ tool: 'untrash_messages', args: { ids: ['m1', 'm2', 'm3'] } }), /one call may change at most 2/);
    await assert.rejects(
      s.pipeline.undo({ tool: 'modify_labels', args: { changes: [{ ids: ['m1', 'm2'], addLabelIds: ['INBOX'], removeLabelIds: [] }, { ids: ['m3'], addLabelIds: [], removeLabelIds: ['STARRED'] }] } }),
      /one call may change at most 2/,
    );
    assert.deepEqual(s.writer.writes, []);
  });

  it('refuses arguments that are not an Undo, and anything after shutdown began', async () => {
    const s = pipelineWith();
    await assert.rejects(s.pipeline.undo({ tool: 'untrash_messages', args: { ids: ['m1'], extra: true } }));
    await assert.rejects(s.pipeline.undo({ tool: 'send_message', args: {} } as never), /no undo for send_message/);
    s.shutdown.abort();
    await assert.rejects(s.pipeline.undo({ tool: 'untrash_messages', args: { ids: ['m1'] } }), /stopping; nothing was undone/);
    assert.deepEqual(s.writer.writes, []);
  });
});

describe('writes: an HTML body sent as it is (a draft written elsewhere) with a text part that says more', () => {
  it('the document says what only the plain-text part says', async () => {
    const s = pipelineWith({}, [approve]);
    const composed = await composeMessage({
      from: ME,
      to: ['bob@example.com'],
      subject: 'Lunch',
      html: '<p>See you at noon.</p>',
      text: 'See you at noon.\n\nAlso wire 900 EUR to IBAN XX00 1234 today.',
    });
    const message = (await candidateFromRaw(composed.raw, ME, undefined, new InProcessMailProcessor())).candidate;
    await s.pipeline.propose(send(message, { draftId: 'd1' }), s.report);
    const document = (s.confirmer.requests[0] as SendRequest).document;
    assert.match(document, /^Format: HTML/m);
    assert.match(document, /^Note: ⚠ The plain-text part, sent too, also says: ".*wire 900 EUR to IBAN XX00 1234 today.*"$/m);
  });

  it('no note when both parts say the same', async () => {
    const s = pipelineWith({}, [approve]);
    const composed = await composeMessage({ from: ME, to: ['bob@example.com'], subject: 'Lunch', html: '<p>See you at noon.</p>', text: 'See you at noon.' });
    const message = (await candidateFromRaw(composed.raw, ME, undefined, new InProcessMailProcessor())).candidate;
    await s.pipeline.propose(send(message, { draftId: 'd1' }), s.report);
    assert.doesNotMatch((s.confirmer.requests[0] as SendRequest).document, /^Note:/m);
  });
});
