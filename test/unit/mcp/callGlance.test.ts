import * as assert from 'node:assert/strict';
import { capGlance, MAX_GLANCE_CHARS, outgoingGlance, senderName } from '../../../src/mcp/server/callGlance';

describe('the glance a call gives the tree (subject, sender or recipients, counts)', () => {
  it('caps every string and the recipient list, and drops what is not a glance field', () => {
    const capped = capGlance({
      subject: 's'.repeat(5000),
      from: 'f'.repeat(5000),
      to: ['a@x.example', 'b@x.example', 'c@x.example', 'd@x.example', 'e'.repeat(900)],
      recipients: 5,
      file: 'n'.repeat(5000),
      count: -1,
      body: 'never carried',
    } as never);
    assert.equal(capped?.subject?.length, MAX_GLANCE_CHARS);
    assert.equal(capped?.from?.length, MAX_GLANCE_CHARS);
    assert.equal(capped?.file?.length, MAX_GLANCE_CHARS);
    assert.deepEqual(capped?.to, ['a@x.example', 'b@x.example', 'c@x.example']);
    assert.equal(capped?.recipients, 5);
    assert.equal('count' in (capped ?? {}), false, 'a negative count is junk');
    assert.equal('body' in (capped ?? {}), false);
    assert.equal(capGlance({}), undefined);
  });

  it("names the sender by display name, by address without one, and keeps a header it cannot parse", () => {
    assert.equal(senderName('"Sam Patel" <sam@example.com>'), 'Sam Patel');
    assert.equal(senderName('sam@example.com'), 'sam@example.com');
    assert.equal(senderName('not an address'), 'not an address');
  });

  it('an outgoing message counts To, Cc and Bcc alike', () => {
    assert.deepEqual(outgoingGlance({ subject: 'Hi', to: ['a@x.example'], cc: ['b@x.example'], bcc: ['c@x.example', 'd@x.example'] }), {
      subject: 'Hi',
      to: ['a@x.example', 'b@x.example', 'c@x.example'],
      recipients: 4,
    });
  });
});
