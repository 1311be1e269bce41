import { strict as assert } from 'node:assert';
import { declinedText } from '../../../src/writes/declined';
import { approve, outgoing, pipelineWith, settle } from './pipelineHarness';

describe('writes: the undo-send window', () => {
  it('holds an approved send for the set seconds, counting down for the UI, then hands it to Gmail', async () => {
    const s = pipelineWith({ undoSendSeconds: 10 }, [approve]);
    const result = s.pipeline.propose({ kind: 'send', tool: 'send_message', message: await outgoing({ subject: 'Quarterly' }) }, s.report);
    await settle();
    const [held] = s.undoSend.pending();
    assert.equal(held?.subject, 'Quarterly');
    assert.equal(held?.sendsAt, s.clock.now() + 10_000);
    assert.deepEqual(s.progress.at(-1), { status: 'waitingToSend', pendingSendId: held?.id, sendsAt: held?.sendsAt });
    s.clock.advance(9_999);
    await settle();
    assert.equal(s.writer.writes.length, 0, 'nothing goes out inside the window');
    s.clock.advance(1);
    assert.equal((await result).status, 'sent');
    assert.deepEqual(s.writer.writes.map((w) => w.method), ['sendMessage']);
    assert.deepEqual(s.undoSend.pending(), []);
  });

  it('Undo inside the window: "cancelled by the user", nothing sent, the rate slot free again', async () => {
    const s = pipelineWith({ undoSendSeconds: 10, sendsPerHour: 1 }, [approve, approve]);
    const result = s.pipeline.propose({ kind: 'send', tool: 'send_draft', message: await outgoing(), draftId: 'd1' }, s.report);
    await settle();
    const [held] = s.undoSend.pending();
    assert.equal(s.undoSend.undo(held?.id ?? ''), true);
    assert.deepEqual(await result, { status: 'declined', reason: 'undone' });
    assert.match(declinedText('undone', 'sent'), /^Cancelled by the user \(Undo in the undo-send window\): nothing was sent\./);
    s.clock.advance(60_000);
    await settle();
    assert.deepEqual(s.writer.writes, []);
    assert.equal(s.undoSend.undo(held?.id ?? ''), false, 'undo of a finished send says so');
    const next = s.pipeline.propose({ kind: 'send', tool: 'send_message', message: await outgoing() }, s.report);
    await settle();
    s.clock.advance(10_000);
    assert.equal((await next).status, 'sent', 'the undone send gave its slot back');
  });

  it('the server stopping inside the window: not sent, and the result says why', async () => {
    const s = pipelineWith({ undoSendSeconds: 10 }, [approve]);
    const result = s.pipeline.propose({ kind: 'send', tool: 'send_message', message: await outgoing() }, s.report);
    await settle();
    s.undoSend.stop('me@example.com');
    assert.deepEqual(await result, { status: 'declined', reason: 'shutdown' });
    s.clock.advance(60_000);
    await settle();
    assert.deepEqual(s.writer.writes, []);
    assert.match(declinedText('shutdown', 'sent'), /Not sent: VS Code closed or the Gmail server stopped during the undo-send window/);
  });

  it('VS Code closing (dispose) stops every held send and holds nothing new', async () => {
    const s = pipelineWith({ undoSendSeconds: 10 }, [approve, approve]);
    const first = s.pipeline.propose({ kind: 'send', tool: 'send_message', message: await outgoing() }, s.report);
    await settle();
    s.undoSend.dispose();
    assert.equal((await first).status, 'declined');
    const second = await s.pipeline.propose({ kind: 'send', tool: 'send_message', message: await outgoing() }, s.report);
    assert.deepEqual(second, { status: 'declined', reason: 'shutdown' });
    assert.deepEqual(s.writer.writes, []);
  });

  it('0 seconds turns the window off: the approved send goes at once', async () => {
    const s = pipelineWith({ undoSendSeconds: 0 }, [approve]);
    assert.equal((await s.pipeline.propose({ kind: 'send', tool: 'send_message', message: await outgoing() }, s.report)).status, 'sent');
    assert.equal(s.progress.some((p) => p.status === 'waitingToSend'), false);
  });

  it("the agent's client cancelling the call inside the window sends nothing", async () => {
    const s = pipelineWith({ undoSendSeconds: 10 }, [approve]);
    const controller = new AbortController();
    const result = s.pipeline.propose({ kind: 'send', tool: 'send_message', message: await outgoing() }, s.report, controller.signal);
    await settle();
    controller.abort();
    assert.deepEqual(await result, { status: 'declined', reason: 'cancelled' });
    assert.deepEqual(s.writer.writes, []);
  });
});
