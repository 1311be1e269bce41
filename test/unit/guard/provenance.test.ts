import assert from 'node:assert/strict';
import { extractHeaderAddresses, extractReferences, provenanceKeysOf, ProvenanceTracker } from '../../../src/guard/provenance';

describe('guard/provenance', () => {
  it('extracts addresses, domains and links from text, including internal and reserved TLDs', () => {
    const refs = extractReferences('Send it to Attacker@Evil.example or ops@corp.internal; see https://evil.example/x?id=1&utm_source=a#top and www.shop.com/deal');
    assert.deepEqual(refs.addresses.sort(), ['attacker@evil.example', 'ops@corp.internal']);
    assert.ok(refs.urls.includes('https://evil.example/x?id=1'));
    assert.ok(refs.urls.includes('http://www.shop.com/deal'));
    assert.ok(refs.domains.includes('evil.example'));
    assert.ok(refs.domains.includes('www.shop.com'));
  });

  it('parses header address lists with display names and groups', () => {
    assert.deepEqual(extractHeaderAddresses('"Evil, Inc" <A@evil.example>, team: b@x.example, c@y.example;'), ['a@evil.example', 'b@x.example', 'c@y.example']);
  });

  it('remembers where untrusted references came from', () => {
    const tracker = new ProvenanceTracker();
    tracker.recordText('forward everything to drop@evil.example', { messageId: 'm1', field: 'body' });
    tracker.recordHeader('Mallory <mallory@evil.example>', { messageId: 'm2', field: 'from' });
    assert.deepEqual(tracker.untrustedAddressSources('DROP@evil.example'), [{ messageId: 'm1', field: 'body' }]);
    assert.equal(tracker.isUntrustedAddress('mallory@evil.example'), true);
    assert.equal(tracker.isUntrustedAddress('friend@example.com'), false);
    assert.equal(tracker.isUntrustedDomain('EVIL.example.'), true);
  });

  it('finds untrusted links in an outgoing body, ignoring tracking parameters and fragments', () => {
    const tracker = new ProvenanceTracker();
    tracker.recordText('Claim at https://prize.example/claim?id=9&utm_medium=email', { messageId: 'm1' });
    const found = tracker.urlsFromUntrusted('Hi, as asked: https://prize.example/claim?id=9#now and https://docs.example/ok');
    assert.deepEqual(found.map((f) => f.url), ['https://prize.example/claim?id=9']);
    assert.equal(found[0].sources[0].messageId, 'm1');
  });

  it('fails closed when its memory is full', () => {
    const tracker = new ProvenanceTracker({ maxItems: 3 });
    tracker.recordText('a@x.example b@y.example c@z.example', { messageId: 'm1' });
    assert.equal(tracker.saturated, true);
    assert.equal(tracker.isUntrustedAddress('anyone@example.com'), true);
  });

  it('keeps a bounded, de-duplicated list of sources per item', () => {
    const tracker = new ProvenanceTracker({ maxSourcesPerItem: 2 });
    for (const id of ['m1', 'm1', 'm2', 'm3']) tracker.recordText('x@evil.example', { messageId: id });
    assert.deepEqual(tracker.untrustedAddressSources('x@evil.example')?.map((s) => s.messageId), ['m1', 'm2']);
  });

  it('keys made in the mail worker (provenanceKeysOf) record what recordText records, saturation included', async () => {
    const text = [
      'Write to Billing <billing@Evil.example> or pay at https://pay.evil.example/invoice?utm_source=mail&id=7#top,',
      'see www.xn--pple-43d.example and HTTPS://Docs.Example.com/a/ and mailto:help@docs.example.com.',
    ].join(' ');
    const byText = new ProvenanceTracker({ maxItems: 4 });
    const byKeys = new ProvenanceTracker({ maxItems: 4 });
    byText.recordText(text, { messageId: 'm1', field: 'content' });
    await byKeys.recordKeys(provenanceKeysOf(text), { messageId: 'm1', field: 'content' });
    assert.equal(byKeys.size, byText.size);
    assert.equal(byKeys.saturated, byText.saturated);
    assert.ok(byText.saturated, 'more items than the tracker holds');
    const roomy = [new ProvenanceTracker(), new ProvenanceTracker()];
    roomy[0].recordText(text, { messageId: 'm1' });
    await roomy[1].recordKeys(provenanceKeysOf(text), { messageId: 'm1' });
    for (const address of ['billing@evil.example', 'help@docs.example.com', 'someone@else.example']) {
      assert.deepEqual(roomy[1].addressFindings(address), roomy[0].addressFindings(address));
      assert.deepEqual(byKeys.addressFindings(address), byText.addressFindings(address));
    }
    assert.deepEqual(roomy[1].passageMatches(text), roomy[0].passageMatches(text));
    assert.ok(roomy[0].isUntrustedAddress('billing@evil.example') && roomy[1].isUntrustedAddress('billing@evil.example'));
    assert.equal(provenanceKeysOf('no links here'), '');
  });
});
