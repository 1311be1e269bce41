import { strict as assert } from 'node:assert';
import { UserLimits } from '../../../src/guard/userLimits';
import { confirmationNotice } from '../../../src/ui/confirmation/confirmationNotice';
import type { ConfirmationRequest } from '../../../src/writes/confirmer';
import { parseOutgoingDocument } from '../../../src/writes/outgoingDocument';
import { ME, approve, editAndApprove, startWriteHarness, textOf, type WriteHarness } from './writeHarness';

/** A stored message's text as lines end in the diff. */
const textOfView = (text: string | undefined) => (text ?? '').replace(/\r\n/g, '\n').trimEnd();

type SendRequest = Extract<ConfirmationRequest, { kind: 'send' }>;

// The fake's account has a verified alias team@example.com (display name "Team Desk", an HTML signature with a
// link and a tracking image) and a pending one, old.address@example.com (test/fakeGoogle/mailbox/sendAs.ts).
const SIGNATURE = '-- \nTeam Desk\nhelp [https://team.example/help]';

describe('send-as: from a verified alias, with its signature', function () {
  this.timeout(30_000);
  let h: WriteHarness;
  before(async () => {
    h = await startWriteHarness();
  });
  after(async () => h?.close());
  beforeEach(() => h.confirmer.reset());

  it('an unverified or unknown from is refused, naming the allowed addresses: no confirmation, nothing written', async () => {
    const since = h.fake.requestLog.length;
    const asked = h.confirmer.requests.length;
    for (const [tool, from] of [['send_message', 'old.address@example.com'], ['create_draft', 'ceo@example.com']] as const) {
      const result = await h.call(tool, { from, to: ['bob@example.com'], subject: 'Hi', body: 'Hello' });
      assert.equal(result.isError, true, tool);
      assert.match(textOf(result), /"from" must be one of the account's verified send-as addresses: demo\.user@example\.com, team@example\.com\./);
      assert.doesNotMatch(textOf(result), /old\.address/);
    }
    assert.equal(h.confirmer.requests.length, asked);
    assert.deepEqual(h.writesSince(since), []);
  });

  it('send_message from a verified alias: the From line shows it and is marked, the signature is in the diff and in Sent', async () => {
    h.confirmer.script(approve);
    const result = await h.call('send_message', { from: 'team@example.com', to: ['bob@example.com'], subject: 'From the desk', body: 'We are on it.' });
    assert.equal(result.isError, undefined, textOf(result));
    const request = h.confirmer.requests.at(-1) as SendRequest;
    assert.equal(request.message.from, 'Team Desk <team@example.com>');
    const document = request.document;
    assert.match(document, /^From: team@example\.com \(Team Desk\)\nNote: ⚠ From is not the account \(demo\.user@example\.com\)/);
    assert.ok(document.endsWith(`\n\nWe are on it.\n\n${SIGNATURE}`), document);
    assert.doesNotMatch(document, /tracker\.example/, 'the signature went through the sanitiser: no tracking image');
    assert.match(confirmationNotice(request), /sent as team@example\.com, not the account/);
    // The document with its Note line reads back (an edit keeps the alias as From).
    assert.equal(parseOutgoingDocument(document).from, 'Team Desk <team@example.com>');

    const sent = h.fake.message((result.structuredContent as { id: string }).id, ME);
    assert.equal(sent?.header('from'), 'Team Desk <team@example.com>');
    assert.ok(textOfView(sent?.text).endsWith(SIGNATURE), sent?.text);
  });

  it('an edit keeps the alias as From; an edit that changes From is refused and sends nothing', async () => {
    const edit = editAndApprove;
    // An edit is shown again as rebuilt, and approved again.
    h.confirmer.script(edit((d) => d.replace('First version.', 'Edited version.')), approve);
    const edited = await h.call('send_message', { from: 'team@example.com', to: ['bob@example.com'], subject: 'Edit me', body: 'First version.' });
    assert.equal(edited.isError, undefined, textOf(edited));
    const sent = h.fake.message((edited.structuredContent as { id: string }).id, ME);
    assert.equal(sent?.header('from'), 'Team Desk <team@example.com>');
    assert.match(textOfView(sent?.text), /^Edited version\.\n\n-- \nTeam Desk/);

    h.confirmer.script(edit((d) => d.replace('From: team@example.com (Team Desk)', `From: ${ME}`)));
    const since = h.fake.requestLog.length;
    const refused = await h.call('send_message', { from: 'team@example.com', to: ['bob@example.com'], subject: 'Edit me', body: 'Again.' });
    assert.equal(refused.isError, true);
    assert.match(textOf(refused), /"From:" must stay team@example\.com; nothing was sent/);
    assert.deepEqual(h.writesSince(since), []);
  });

  it('the account as from: no Note line, no signature, no send-as lookup needed', async () => {
    h.confirmer.script(approve);
    const since = h.fake.requestLog.length;
    const result = await h.call('send_message', { from: ME, to: ['bob@example.com'], subject: 'Plain', body: 'Just me.' });
    assert.ok(!h.fake.requestLog.slice(since).some((e) => e.path.endsWith('/settings/sendAs')));
    assert.equal(result.isError, undefined, textOf(result));
    const request = h.confirmer.requests.at(-1) as SendRequest;
    const document = request.document;
    assert.match(document, /^From: demo\.user@example\.com\nTo:/);
    assert.ok(document.endsWith('\n\nJust me.'), document);
  });

  it('create_draft and update_draft take from; the draft carries the alias and its signature once', async () => {
    const created = await h.call('create_draft', { from: 'team@example.com', to: ['bob@example.com'], subject: 'Desk draft', body: 'Draft text.' });
    assert.equal(created.isError, undefined, textOf(created));
    const { draftId } = created.structuredContent as { draftId: string };
    let draft = h.fake.drafts(ME).find((d) => d.draftId === draftId);
    assert.equal(draft?.header('from'), 'Team Desk <team@example.com>');
    assert.ok(textOfView(draft?.text).endsWith(SIGNATURE), draft?.text);

    const updated = await h.call('update_draft', { draftId, from: 'team@example.com', subject: 'Desk draft 2' });
    assert.equal(updated.isError, undefined, textOf(updated));
    draft = h.fake.drafts(ME).find((d) => d.draftId === draftId);
    assert.equal(textOfView(draft?.text).split(SIGNATURE).length, 2, 'the signature is not appended twice');
    const refused = await h.call('update_draft', { draftId, from: 'old.address@example.com' });
    assert.equal(refused.isError, true);
    assert.match(textOf(refused), /verified send-as addresses: demo\.user@example\.com, team@example\.com/);
  });

  it('with gmailTools.compose.signature off, the alias sends without its signature', async () => {
    const off = await startWriteHarness({ userLimits: new UserLimits({ settings: () => ({ undoSendSeconds: 0, appendSignature: false }) }) });
    try {
      off.confirmer.script(approve);
      const result = await off.call('send_message', { from: 'team@example.com', to: ['bob@example.com'], subject: 'No sig', body: 'Bare.' });
      assert.equal(result.isError, undefined, textOf(result));
      const request = off.confirmer.requests.at(-1) as SendRequest;
      assert.equal(request.message.from, 'Team Desk <team@example.com>');
      assert.equal(request.message.body, 'Bare.');
      const sent = off.fake.message((result.structuredContent as { id: string }).id, ME);
      assert.doesNotMatch(sent?.text ?? '', /Team Desk/);
    } finally {
      await off.close();
    }
  });
});
