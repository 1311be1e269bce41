import { strict as assert } from 'node:assert';
import { renderOutgoingDocument } from '../../../src/writes/outgoingDocument';
import type { ConfirmationRequest } from '../../../src/writes/confirmer';
import { ALICE, ME, approve, decline, editAndApprove, startWriteHarness, textOf, timeout, type WriteHarness } from './writeHarness';
import { approvalOf } from '../../../src/writes/confirmationText';

type SendRequest = Extract<ConfirmationRequest, { kind: 'send' }>;

describe('mcp send tools against the fake Google (confirmation, threading, recovery)', () => {
  let h: WriteHarness;
  before(async () => {
    h = await startWriteHarness();
  });
  after(async () => h?.close());
  beforeEach(() => h.confirmer.reset());

  const idOf = async (subject: string) => {
    const r = await h.gmail.searchMessages({ query: `subject:"${subject}" from:${ALICE}` });
    const m = r.messages.find((x) => x.headers.subject === subject);
    assert.ok(m, `no message "${subject}"`);
    return m;
  };
  const lastSendRequest = () => h.confirmer.requests.at(-1) as SendRequest;

  it('sends a new message only after approval, with the request bound to the payload and recipients marked', async () => {
    h.confirmer.script(approve);
    const result = await h.call('send_message', { to: ['Bob <bob@example.com>', 'dana@elsewhere.example'], subject: 'Lunch Friday?', body: 'Shall we?' });
    assert.equal(result.isError, undefined, textOf(result));
    const structured = result.structuredContent as { status: string; id: string; rfc822MessageId: string };
    assert.equal(structured.status, 'sent');
    const request = lastSendRequest();
    assert.equal(request.kind, 'send');
    assert.equal(request.account, ME);
    assert.equal(request.editable, true);
    assert.equal(request.originalText, '');
    assert.match(request.payloadHash, /^[0-9a-f]{64}$/);
    assert.deepEqual(request.message.to, ['Bob <bob@example.com>', 'dana@elsewhere.example']);
    // bob was written to before (in Sent); dana is new and on another domain: a notice, nothing more.
    const grades = Object.fromEntries(request.evidence.items.filter((i) => i.kind === 'recipient').map((i) => [i.value, i.grade]));
    assert.equal(grades['dana@elsewhere.example'], 'notice', JSON.stringify(request.evidence.items));
    assert.notEqual(grades['bob@example.com'], 'notice', JSON.stringify(request.evidence.items));
    assert.equal(request.evidence.grade, 'notice');
    const sent = h.fake.findByMessageId(structured.rfc822MessageId, ME);
    assert.equal(sent.length, 1);
    assert.ok(sent[0].labelIds.includes('SENT'));
    assert.equal(sent[0].subject, 'Lunch Friday?');
    const { progress, finished } = h.last();
    assert.deepEqual(progress.map((p) => p.status), ['awaitingApproval', 'approved']);
    // While it waits, the row names the mail by the subject its confirmation shows, not by an id.
    assert.deepEqual(progress[0].glance, { subject: 'Lunch Friday?', to: ['Bob <bob@example.com>', 'dana@elsewhere.example'], recipients: 2 });
    assert.equal(finished.status, 'succeeded');
    assert.equal(finished.edited, undefined);
    // The tree names the mail by its subject and recipients.
    assert.deepEqual(finished.glance, { subject: 'Lunch Friday?', to: ['Bob <bob@example.com>', 'dana@elsewhere.example'], recipients: 2 });
  });

  it('replies in the thread: threadId, In-Reply-To, References, "Re:" subject, reply-all', async () => {
    const original = await idOf('Re: Project plan');
    h.confirmer.script(approve);
    const result = await h.call('send_message', { replyToMessageId: original.id, replyAll: true, body: 'Thanks, looks good.' });
    assert.equal(result.isError, undefined, textOf(result));
    const request = lastSendRequest();
    assert.match(request.originalText, /^From: Alice <alice@example\.com>\nTo: demo\.user@example\.com\nCc: Carol <carol@partner\.example\.org>\n/);
    assert.match(request.originalText, /\nAttachments:\n  plan\.pdf \(application\/pdf, 13 B, sha256 [0-9a-f]{12}\)\n/);
    assert.equal(request.message.threadId, original.threadId);
    const [sent] = h.fake.findByMessageId((result.structuredContent as { rfc822MessageId: string }).rfc822MessageId, ME);
    assert.equal(sent.threadId, original.threadId);
    assert.equal(sent.inReplyTo, '<plan-2@example.com>');
    assert.deepEqual(sent.references, ['<plan-root@example.com>', '<plan-2@example.com>']);
    assert.equal(sent.subject, 'Re: Project plan');
    assert.match(sent.to, /alice@example\.com/);
    assert.match(sent.cc, /carol@partner\.example\.org/);
    // Alice is also an account of the fake: her copy lands in her thread about the plan.
    const aliceCopy = h.fake.findByMessageId(sent.messageId as string, ALICE);
    assert.equal(aliceCopy.length, 1);
  });

  it('forwards with the original attachments and an attachment referenced from another message', async () => {
    const original = await idOf('Re: Project plan');
    h.confirmer.script(approve);
    const result = await h.call('send_message', {
      forwardMessageId: original.id,
      to: ['erin@example.com'],
      body: 'FYI, see below.',
      attachments: [{ messageId: original.id, filename: 'plan.pdf' }],
    });
    assert.equal(result.isError, undefined, textOf(result));
    const request = lastSendRequest();
    assert.equal(request.message.subject, 'Fwd: Re: Project plan');
    assert.deepEqual(request.message.attachments.map((a) => a.filename), ['plan.pdf', 'plan.pdf']);
    const [sent] = h.fake.findByMessageId((result.structuredContent as { rfc822MessageId: string }).rfc822MessageId, ME);
    assert.deepEqual(sent.attachments.map((a) => [a.filename, a.content.toString()]), [['plan.pdf', '%PDF-1.4 plan'], ['plan.pdf', '%PDF-1.4 plan']]);
    assert.match(sent.text, /FYI, see below\.[\s\S]*Forwarded message[\s\S]*Here is the plan as a PDF\./);

    const missing = await h.call('send_message', { to: ['erin@example.com'], subject: 'x', body: 'x', attachments: [{ messageId: original.id, filename: 'nope.pdf' }] });
    assert.equal(missing.isError, true);
    assert.match(textOf(missing), /has no attachment "nope\.pdf" \(it has: "plan\.pdf"\)/);
  });

  it("traces a mail's file by its bytes: forwarded with its message it is quiet; attached to someone outside its thread, it is danger", async () => {
    const original = await idOf('Re: Project plan');
    h.confirmer.script(decline);
    await h.call('send_message', { forwardMessageId: original.id, to: ['erin@example.com'], body: 'FYI', attachments: [{ messageId: original.id, filename: 'plan.pdf' }] });
    const forwarded = lastSendRequest().evidence.items.filter((i) => i.kind === 'attachment');
    assert.deepEqual(forwarded.map((i) => i.grade), ['none', 'none'], JSON.stringify(forwarded));

    h.confirmer.script(decline);
    await h.call('send_message', { to: ['erin@example.com'], subject: 'The plan', body: 'Here it is.', attachments: [{ messageId: original.id, filename: 'plan.pdf' }] });
    const request = lastSendRequest();
    const file = request.evidence.items.find((i) => i.kind === 'attachment');
    assert.equal(file?.grade, 'danger', JSON.stringify(request.evidence.items));
    assert.match(file?.reasons.join(' ') ?? '', /attachment plan\.pdf of "Re: Project plan"/);
    assert.equal(request.evidence.grade, 'danger');
  });

  it('sends exactly the document the user edited, and reports "edited"', async () => {
    h.confirmer.script((r) => {
      const send = r as SendRequest;
      const edited = renderOutgoingDocument({ ...send.message, to: ['Frank <frank@example.com>'], subject: 'Edited subject', body: 'The user rewrote this.\r\nTwo lines.' });
      return approvalOf(r, edited);
    }, (r) => {
      // The edit comes back as the bytes rebuilt from it render, with a note, to be approved again.
      const again = r as SendRequest;
      assert.match(again.document, /^From: .*\nNote: ⚠ The message was changed in the confirmation/);
      assert.match(again.document, /^To: frank@example\.com \(Frank\)$/m);
      return approvalOf(r);
    });
    const since = h.fake.requestLog.length;
    const result = await h.call('send_message', { to: ['gina@example.com'], subject: 'Original subject', body: 'Agent text' });
    assert.equal(result.isError, undefined, textOf(result));
    const structured = result.structuredContent as { edited: boolean; rfc822MessageId: string };
    assert.equal(structured.edited, true);
    assert.match(textOf(result), /edited/);
    const [sent] = h.fake.findByMessageId(structured.rfc822MessageId, ME);
    assert.equal(sent.subject, 'Edited subject');
    assert.match(sent.to, /frank@example\.com/);
    assert.doesNotMatch(sent.to, /gina/);
    assert.equal(sent.text.replace(/\r\n/g, '\n').trim(), 'The user rewrote this.\nTwo lines.');
    assert.equal(h.writesSince(since).filter((e) => e.path.endsWith('/messages/send')).length, 1);
    const { progress, finished } = h.last();
    assert.deepEqual(progress.map((p) => p.status), ['awaitingApproval', 'awaitingApproval', 'edited']);
    assert.equal(finished.edited, true);
  });

  it('refuses an edit that changes From, adds a header, changes attachments or exceeds the limit: nothing is sent', async () => {
    const edits: Array<[(doc: string) => string, RegExp]> = [
      [(d) => d.replace(`From: ${ME}`, 'From: ceo@example.com'), /"From:" must stay/],
      [(d) => d.replace('Subject:', 'Reply-To: evil@attacker.example\nSubject:'), /"Reply-To" cannot be set/],
      [(d) => d.replace('Attachments: (none)', 'Attachments: secrets.zip (application/zip, 1 KB)'), /not one of the proposed attachments/],
      [(d) => d.replace('Attachments: (none)', 'Attachments:\n  secrets.zip (application/zip, 1 KB)'), /not one of the proposed attachments/],
      [(d) => d.replace('Subject: Edit me', 'Subject: Edit me\nFormat: Markdown'), /"Format:" line cannot be added/],
      [(d) => d.replace(/^To: .*$/m, `To: ${Array.from({ length: 21 }, (_, i) => `p${i}@example.com`).join(', ')}`), /21 recipients, the limit is 20 per message/],
      [(d) => d.replace(/^To: .*$/m, 'To: not an address'), /not a valid email address/],
    ];
    for (const [edit, expected] of edits) {
      h.confirmer.script(editAndApprove(edit));
      const since = h.fake.requestLog.length;
      const result = await h.call('send_message', { to: ['hal@example.com'], subject: 'Edit me', body: 'text' });
      assert.equal(result.isError, true, textOf(result));
      assert.match(textOf(result), expected);
      assert.match(textOf(result), /[Nn]othing was sent/);
      assert.deepEqual(h.writesSince(since), []);
      assert.equal(h.last().finished.status, 'failed');
    }
  });

  it('declined, timed-out and wrongly bound approvals make no write', async () => {
    for (const [answer, reason] of [[decline, 'declined'], [timeout, 'timeout']] as const) {
      h.confirmer.script(answer);
      const since = h.fake.requestLog.length;
      const result = await h.call('send_message', { to: ['ivy@example.com'], subject: 'Never sent', body: 'x' });
      assert.equal(result.isError, undefined);
      assert.deepEqual(result.structuredContent, { status: 'declined', reason });
      assert.match(textOf(result), /^Declined by the user.*: nothing was sent\./);
      assert.deepEqual(h.writesSince(since), [], 'no write request');
      assert.equal(h.last().finished.status, 'declined');
      assert.deepEqual(h.last().finished.glance, { subject: 'Never sent', to: ['ivy@example.com'], recipients: 1, declined: reason });
      assert.deepEqual(h.last().progress.map((p) => p.status), ['awaitingApproval']);
    }
    h.confirmer.script(() => ({ approved: true, shownTextSha256: '0'.repeat(64) }));
    const since = h.fake.requestLog.length;
    const wrong = await h.call('send_message', { to: ['ivy@example.com'], subject: 'Never sent', body: 'x' });
    assert.equal(wrong.isError, true);
    assert.match(textOf(wrong), /other text than this confirmation showed/);
    assert.deepEqual(h.writesSince(since), []);
    assert.equal(h.fake.sentMessages(ME).filter((m) => m.subject === 'Never sent').length, 0);
  });

  it('a reset after Gmail processed the send: found in Sent, reported sent, no duplicate', async () => {
    h.fake.injectFault({ kind: 'resetAfterProcessing', path: '/messages/send', method: 'POST', times: 1 });
    h.confirmer.script(approve);
    const since = h.fake.requestLog.length;
    const result = await h.call('send_message', { to: ['jack@example.com'], subject: 'Reset after processing', body: 'once' });
    assert.equal(result.isError, undefined, textOf(result));
    assert.match(textOf(result), /found in Sent: it was sent once/);
    assert.equal(h.fake.sentMessages(ME).filter((m) => m.subject === 'Reset after processing').length, 1);
    const log = h.fake.requestLog.slice(since);
    assert.equal(log.filter((e) => e.path.endsWith('/messages/send')).length, 1, 'not sent again');
    assert.ok(log.some((e) => e.method === 'GET' && String(e.query.q).startsWith('rfc822msgid:')), 'looked in Sent');
  });

  it('a 5xx before processing: not in Sent, retried once, one message', async () => {
    h.fake.injectFault({ kind: 'backendError', status: 503, path: '/messages/send', method: 'POST', times: 1 });
    h.confirmer.script(approve);
    const since = h.fake.requestLog.length;
    const result = await h.call('send_message', { to: ['kim@example.com'], subject: 'Backend error first', body: 'twice asked, once sent' });
    assert.equal(result.isError, undefined, textOf(result));
    assert.equal(h.fake.sentMessages(ME).filter((m) => m.subject === 'Backend error first').length, 1);
    assert.deepEqual(h.fake.requestLog.slice(since).filter((e) => e.path.endsWith('/messages/send')).map((e) => e.status), [503, 200]);
  });

  it('two 5xx in a row: gives up after one retry with a clear error, nothing sent twice', async () => {
    h.fake.injectFault({ kind: 'backendError', status: 500, path: '/messages/send', method: 'POST', times: 2 });
    h.confirmer.script(approve);
    const result = await h.call('send_message', { to: ['kim@example.com'], subject: 'Backend error twice', body: 'x' });
    assert.equal(result.isError, true);
    assert.match(textOf(result), /temporarily unavailable/);
    assert.equal(h.fake.sentMessages(ME).filter((m) => m.subject === 'Backend error twice').length, 0);
  });

  it('drafts: create (no confirmation), list, update, send_draft (not editable), decline keeps the draft', async () => {
    const asked = h.confirmer.requests.length;
    const original = await idOf('Re: Project plan');
    const created = await h.call('create_draft', { inReplyToMessageId: original.id, body: 'Draft reply' });
    assert.equal(created.isError, undefined, textOf(created));
    assert.equal(h.confirmer.requests.length, asked, 'a draft needs no confirmation');
    const { draftId, threadId } = created.structuredContent as { draftId: string; threadId: string };
    assert.equal(threadId, original.threadId);

    const list = await h.call('list_drafts', {});
    assert.ok((list.structuredContent as { drafts: Array<{ draftId: string; subject: string }> }).drafts.some((d) => d.draftId === draftId && d.subject === 'Re: Project plan'));

    const updated = await h.call('update_draft', { draftId, body: 'Better draft reply', cc: ['lee@example.com'] });
    assert.equal(updated.isError, undefined, textOf(updated));
    const draftView = h.fake.drafts(ME).find((d) => d.draftId === draftId);
    assert.ok(draftView);
    assert.equal(draftView.inReplyTo, '<plan-2@example.com>', 'threading kept');
    assert.match(draftView.text, /Better draft reply/, textOf(updated) + JSON.stringify(h.confirmer.requests.slice(asked).map((r) => r.evidence)));

    h.confirmer.script(decline);
    const since = h.fake.requestLog.length;
    const declined = await h.call('send_draft', { draftId });
    assert.deepEqual(declined.structuredContent, { status: 'declined', reason: 'declined' });
    assert.deepEqual(h.writesSince(since), []);
    assert.ok(h.fake.drafts(ME).some((d) => d.draftId === draftId), 'the draft is still there');

    h.confirmer.script((r) => approvalOf(r, 'From: x@example.com\n'));
    const notEditable = await h.call('send_draft', { draftId });
    assert.equal(notEditable.isError, true);
    assert.match(textOf(notEditable), /cannot be edited/);
    assert.equal((h.confirmer.requests.at(-1) as SendRequest).editable, false);

    h.confirmer.script(approve);
    const sent = await h.call('send_draft', { draftId });
    assert.equal(sent.isError, undefined, textOf(sent));
    const request = lastSendRequest();
    assert.equal(request.message.body.trim(), 'Better draft reply');
    assert.deepEqual(request.message.cc, ['lee@example.com']);
    assert.ok(!h.fake.drafts(ME).some((d) => d.draftId === draftId), 'the draft is gone');
    const message = h.fake.message((sent.structuredContent as { id: string }).id, ME);
    assert.equal(message?.threadId, original.threadId);
    assert.ok(message?.labelIds.includes('SENT'));
  });

  it('rejects unknown fields, header injection and too many recipients before any confirmation or write', async () => {
    const asked = h.confirmer.requests.length;
    const since = h.fake.requestLog.length;
    const cases: Array<[Record<string, unknown>, RegExp]> = [
      [{ to: ['a@example.com'], subject: 's', body: 'b', approved: true }, /Unknown field "approved"/],
      [{ to: ['a@example.com\r\nBcc: spy@evil.example'], subject: 's', body: 'b' }, /one address on one line/],
      [{ to: ['a@example.com'], subject: 'Hi\nBcc: spy@evil.example', body: 'b' }, /must be one line/],
      [{ to: Array.from({ length: 21 }, (_, i) => `r${i}@example.com`), subject: 's', body: 'b' }, /21 recipients, the limit is 20 per message/],
      [{ to: ['a@example.com'], subject: 's', body: 'x'.repeat(200 * 1024 + 1) }, /at most 200 KB/],
      [{ subject: 's', body: 'b' }, /at least one recipient/],
      [{ to: ['a@example.com'], subject: 's', body: 'b', replyToMessageId: 'abc', forwardMessageId: 'def' }, /not both/],
    ];
    for (const [args, expected] of cases) {
      const result = await h.call('send_message', args);
      assert.equal(result.isError, true, JSON.stringify(args).slice(0, 80));
      assert.match(textOf(result), expected);
      assert.equal(h.last().finished.status, 'failed', 'rejected calls reach the observer');
    }
    assert.equal(h.confirmer.requests.length, asked);
    assert.deepEqual(h.writesSince(since), []);
  });
});
