import * as assert from 'node:assert/strict';
import { listReferences, splitListFooter, MAX_FOOTER_LINES } from '../../../src/mail/listFooter';

const HEADERS = [
  { key: 'list-id', line: 'List-Id: Garden club talk <garden-talk.lists.example.org>' },
  { key: 'list-post', line: 'List-Post: <mailto:garden-talk@lists.example.org>' },
  { key: 'list-unsubscribe', line: 'List-Unsubscribe: <https://lists.example.org/mailman/listinfo/garden-talk>,\r\n <mailto:garden-talk-request@lists.example.org?subject=unsubscribe>' },
  { key: 'subject', line: 'Subject: Tomatoes' },
];
const LIST = listReferences(HEADERS);
const FOOTER = ['_______________________________________________', 'Garden-talk mailing list', 'garden-talk@lists.example.org', 'https://lists.example.org/mailman/listinfo/garden-talk'].join('\n');
const POST = 'The tomatoes are ready on Saturday.\n\n--\nPat Green\n+1 555 0100';

describe('mail/listFooter', () => {
  it('reads the links, addresses and name of the List-* headers, folded lines included, nothing of other headers', () => {
    assert.deepEqual([...LIST.links].sort(), ['garden-talk-request@lists.example.org', 'garden-talk@lists.example.org', 'lists.example.org/mailman/listinfo/garden-talk']);
    assert.equal(LIST.name, 'garden-talk');
    assert.deepEqual(listReferences([{ key: 'subject', line: 'Subject: <https://a.example/x>' }]), { links: [] });
  });

  it('collapses the footer a list server appended, with its line count, and keeps it whole', () => {
    const { body, footer } = splitListFooter(`${POST}\n\n${FOOTER}\n`, LIST);
    assert.equal(body, `${POST}\n\n[4 mailing-list footer lines collapsed]`);
    assert.equal(footer, FOOTER);
  });

  it('takes the footer by the list name when the headers\' host differs, only next to a link or address', () => {
    const renamed = listReferences([{ key: 'list-id', line: 'List-Id: <garden-talk.example.net>' }]);
    assert.equal(splitListFooter(`${POST}\n${FOOTER}`, renamed).footer, FOOTER);
    const nameOnly = `${POST}\n________\nGarden-talk mailing list, see you there`;
    assert.equal(splitListFooter(nameOnly, renamed).body, nameOnly);
  });

  it('keeps what the sender wrote: a signature or an advertisement above the footer, any block that does not name the list', () => {
    const sponsored = `${POST}\n\n-------------------------\nThis list is sponsored by: Seeds Inc\nhttps://seeds.example.com/offer\n${FOOTER}`;
    const { body } = splitListFooter(sponsored, LIST);
    assert.ok(body.startsWith(`${POST}\n\n-------------------------\nThis list is sponsored by: Seeds Inc\nhttps://seeds.example.com/offer`), body);
    const unrelated = `${POST}\n\n--\nPat Green, https://pat.example.com`;
    assert.equal(splitListFooter(unrelated, LIST).body, unrelated);
  });

  it('keeps the body as it came without List-* headers, for a long trailing block, or when the footer is all there is', () => {
    assert.equal(splitListFooter(`${POST}\n${FOOTER}`, { links: [] }).body, `${POST}\n${FOOTER}`);
    const long = `${POST}\n${FOOTER}\n${Array.from({ length: MAX_FOOTER_LINES }, (_, i) => `line ${i}`).join('\n')}`;
    assert.equal(splitListFooter(long, LIST).body, long);
    assert.equal(splitListFooter(FOOTER, LIST).body, FOOTER);
  });
});
