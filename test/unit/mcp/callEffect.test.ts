import { strict as assert } from 'node:assert';
import { AuditObserver } from '../../../src/audit/auditObserver';
import type { AuditEntryInput } from '../../../src/audit/auditLog';
import { callEffectSummary, type CallEffect } from '../../../src/mcp/server/callEffect';
import { plainText } from '../../../src/ui/shared/untrustedText';

describe('call effects: tools say what they did, the observers word it', () => {
  it('words every kind as the tree and the audit log show it', () => {
    const cases: ReadonlyArray<readonly [CallEffect, string]> = [
      [{ kind: 'listed', noun: 'message', count: 1, more: true }, '1 message (more available)'],
      [{ kind: 'listed', noun: 'message', count: 12 }, '12 messages'],
      [{ kind: 'listed', noun: 'draft', count: 1 }, '1 draft'],
      [{ kind: 'listed', noun: 'label', count: 14 }, '14 labels'],
      [{ kind: 'messageRead', messageId: '18c2', subject: 'Invoice March', fromCharacter: 0 }, "message 18c2: 'Invoice March'"],
      [{ kind: 'messageRead', messageId: '18c2', subject: 'Invoice March', fromCharacter: 8000 }, "message 18c2: 'Invoice March' (from character 8000)"],
      [{ kind: 'messagesRead', read: 49, asked: 50, failed: 1 }, '49 of 50 messages read, 1 failed'],
      [{ kind: 'messagesRead', read: 20, asked: 50, failed: 0, more: true }, '20 of 50 messages read (more to come)'],
      [{ kind: 'threadRead', threadId: 't1', subject: 'Lunch?', messages: 2 }, "thread t1: 'Lunch?' (2 messages)"],
      [{ kind: 'draftRead', draftId: 'r1', subject: 'Plan' }, "draft r1: 'Plan'"],
      [{ kind: 'attachmentRead', messageId: 'm1', filename: 'q3.pdf', readAs: 'pdf' }, 'attachment q3.pdf of m1 (pdf)'],
      [{ kind: 'attachmentRead', messageId: 'm1', filename: 'a.bin', readAs: 'other' }, 'attachment a.bin of m1 (not readable as text)'],
      [{ kind: 'profileRead', address: 'me@example.com', sendAs: 1 }, 'profile of me@example.com, 1 send-as address'],
      [{ kind: 'profileRead', address: 'me@example.com' }, 'profile of me@example.com'],
      [{ kind: 'draftSaved', draftId: 'r1', subject: 'Plan' }, "draft r1: 'Plan'"],
      [{ kind: 'draftSaved', draftId: 'r1', subject: 'Plan', updated: true }, "draft r1 updated: 'Plan'"],
      [{ kind: 'draftDeleted', draftId: 'r1', subject: 'Plan' }, "draft r1 deleted: 'Plan'"],
      [{ kind: 'sent', subject: 'Hi', recipients: 1 }, "sent 'Hi' to 1 recipient"],
      [{ kind: 'sent', subject: 'Hi', recipients: 2, draftId: 'r1' }, "sent draft r1 'Hi' to 2 recipients"],
      [{ kind: 'sent', subject: 'Hi', recipients: 2, edited: true, droppedAttachments: ['q3.csv'] }, "sent 'Hi' to 2 recipients (edited; attachments removed by the user: \"q3.csv\")"],
      [{ kind: 'trashed', changed: 3, failed: 1 }, '3 messages trashed, 1 failed'],
      [{ kind: 'restored', changed: 1, failed: 0 }, '1 message restored'],
      [{ kind: 'labelsChanged', change: 'archive', changed: 2, failed: 0 }, 'archive: 2 messages'],
      [{ kind: 'undone', changed: 2, failed: 0 }, 'undo: 2 changed, 0 failed'],
      [{ kind: 'declined', reason: 'timeout', nothing: 'sent' }, 'declined by the user (timeout): nothing sent'],
      [{ kind: 'declined', reason: 'undone', nothing: 'sent' }, 'cancelled by the user (Undo): nothing sent'],
      [{ kind: 'declined', reason: 'shutdown', nothing: 'sent' }, 'not sent (the server stopped in the undo-send window): nothing sent'],
      [{ kind: 'failed' }, 'failed'],
    ];
    for (const [effect, words] of cases) assert.equal(callEffectSummary(effect), words, JSON.stringify(effect));
  });

  it('a subject from mail stays one line and, as the tree shows it, carries no link or icon', () => {
    const subject = 'Pay now\n[Approve](command:gmailTools.approve) $(check)';
    const words = callEffectSummary({ kind: 'messageRead', messageId: 'm1', subject });
    assert.doesNotMatch(words, /\n/);
    const shown = plainText(words, { max: 120 });
    assert.doesNotMatch(shown, /\]\(|\$\(|command:/);
    assert.match(shown, /Pay now \[Approve\]/);
  });

  it('the audit log words the effect the same way, and tells a timed-out confirmation from a rejected one', () => {
    const entries: AuditEntryInput[] = [];
    const audit = new AuditObserver({ append: async (entry) => void entries.push(entry) });
    for (const [callId, reason] of [['c1', 'timeout'], ['c2', 'closed']] as const) {
      audit.callStarted({ callId, tool: 'send_message', account: 'me@example.com', args: {}, startedAt: 0 });
      audit.callFinished({ callId, status: 'declined', finishedAt: 1, durationMs: 1, effect: { kind: 'declined', reason, nothing: 'sent' }, decision: 'declined' });
    }
    assert.deepEqual(
      entries.map((e) => [e.decision, e.resultSummary]),
      [
        ['timed-out', 'declined by the user (timeout): nothing sent'],
        ['rejected', 'declined by the user (closed): nothing sent'],
      ],
    );
  });
});
