import * as assert from 'node:assert/strict';
import type { ToolCallStatus } from '../../../src/mcp/server/callObserver';
import { groupCalls, timeGroupOf } from '../../../src/ui/calls/callTimeGroups';

// Local times, as a person's clock reads them: Thursday 3 December 2026, 14:30.
const now = new Date(2026, 11, 3, 14, 30).getTime();
const at = (day: number, hour: number, minute = 0) => new Date(2026, 11, day, hour, minute).getTime();
const call = (id: string, startedAt: number, status: ToolCallStatus = 'succeeded') => ({ id, startedAt, status });

describe('the tool-call view groups calls by time, waiting ones first', () => {
  it('puts a call in Today, Yesterday, Earlier this week or Older by the local calendar day', () => {
    assert.equal(timeGroupOf(at(3, 0, 0), now), 'today');
    assert.equal(timeGroupOf(at(2, 23, 59), now), 'yesterday');
    assert.equal(timeGroupOf(at(2, 0, 0), now), 'yesterday');
    assert.equal(timeGroupOf(at(1, 23, 0), now), 'week');
    assert.equal(timeGroupOf(new Date(2026, 10, 27, 0, 0).getTime(), now), 'week'); // 27 November: the seventh day, counting today
    assert.equal(timeGroupOf(new Date(2026, 10, 26, 23, 59).getTime(), now), 'older');
  });

  it('lists the calls waiting for the person on top, then the time groups in order, each newest first', () => {
    const groups = groupCalls(
      [
        call('old', new Date(2026, 9, 1).getTime()),
        call('today-early', at(3, 9)),
        call('yesterday', at(2, 17)),
        call('today-late', at(3, 14, 10)),
        call('approval', at(3, 8), 'awaitingApproval'),
        call('undo-window', at(3, 14, 20), 'waitingToSend'),
      ],
      now,
    );
    assert.deepEqual(
      groups.map((g) => [g.label, g.calls.map((c) => c.id)]),
      [
        ['Waiting for you', ['undo-window', 'approval']],
        ['Today', ['today-late', 'today-early']],
        ['Yesterday', ['yesterday']],
        ['Older', ['old']],
      ],
    );
  });

  it('keeps group ids stable across refreshes and leaves empty groups out', () => {
    const first = groupCalls([call('a', at(3, 10))], now).map((g) => g.id);
    const again = groupCalls([call('b', at(3, 11)), call('a', at(3, 10))], now).map((g) => g.id);
    assert.deepEqual(first, ['today']);
    assert.deepEqual(again, ['today']);
    assert.deepEqual(groupCalls([], now), []);
  });
});
