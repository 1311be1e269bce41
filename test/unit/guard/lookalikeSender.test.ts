import assert from 'node:assert/strict';
import { domainLookalike, parseMailbox, recipientLookalike, senderLookalikes } from '../../../src/guard/lookalikeSender';

const kinds = (header: string): string[] => senderLookalikes(parseMailbox(header)!).map((f) => f.kind);

describe('guard/lookalikeSender', () => {
  it('parses the sender forms our headers show', () => {
    assert.deepEqual(parseMailbox('"security@google.com" <x@evil.example>'), { name: 'security@google.com', address: 'x@evil.example' });
    assert.deepEqual(parseMailbox('Alice <alice@example.com>'), { name: 'Alice', address: 'alice@example.com' });
    assert.deepEqual(parseMailbox('alice@example.com'), { address: 'alice@example.com' });
    assert.equal(parseMailbox('not an address'), undefined);
  });

  it('flags a display name that is another address, and says both', () => {
    const [finding] = senderLookalikes(parseMailbox('"security@google.com" <x@evil.example>')!);
    assert.equal(finding.kind, 'display-name-address');
    assert.match(finding.message, /security@google\.com.*x@evil\.example/);
    assert.deepEqual(kinds('PayPal Billing (billing@paypal.com) <notice@pay-pal-support.example>'), ['display-name-address']);
  });

  it('leaves a display name that is the sender\'s own address, or a plain name, alone', () => {
    assert.deepEqual(kinds('"alice@example.com" <Alice@Example.com>'), []);
    assert.deepEqual(kinds('Alice Smith <alice@example.com>'), []);
    assert.deepEqual(kinds('Zoë Müller <zoe@müller.example>'), []);
    assert.deepEqual(kinds('Иван <ivan@пример.рф>'), [], 'a wholly Cyrillic domain with Cyrillic-only letters is no look-alike');
  });

  it('flags a domain that mixes scripts in one label (Cyrillic а in paypal)', () => {
    assert.deepEqual(kinds('PayPal <service@p\u0430ypal.com>'), ['mixed-script-domain']);
    assert.equal(recipientLookalike('boss@g\u03bfogle.com')?.kind, 'mixed-script-domain');
  });

  it('flags a label written wholly in Latin-looking Cyrillic letters (аррӏе for apple)', () => {
    const finding = domainLookalike('\u0430\u0440\u0440\u04cf\u0435.com');
    assert.equal(finding?.kind, 'confusable-domain');
  });

  it('decodes punycode before judging, and shows both forms', () => {
    // xn--pple-43d.com is "аpple.com" with a Cyrillic а.
    const finding = recipientLookalike('help@xn--pple-43d.com');
    assert.equal(finding?.kind, 'mixed-script-domain');
    assert.match(finding!.message, /xn--pple-43d\.com/);
    assert.equal(recipientLookalike('ana@xn--mnchen-3ya.de'), undefined, 'münchen.de is an honest IDN');
    assert.equal(recipientLookalike('ana@example.com'), undefined);
  });
});
