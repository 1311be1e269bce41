import * as assert from 'node:assert/strict';
import { NOTIFICATION_LINK_PATTERN, plainLines, plainText } from '../../../src/ui/shared/untrustedText';

const renderedLinks = (text: string) => [...text.matchAll(NOTIFICATION_LINK_PATTERN)].map((m) => m[0]);

describe('untrusted text in VS Code UI', () => {
  it('breaks every link form VS Code renders in a notification, keeping the words', () => {
    const attacks = [
      'Invoice 4411 [Cancel](command:gmailTools.confirm.approve "Cancel")',
      '[Open](https://evil.example/x)',
      "[x](file:///etc/passwd 'y')",
      '[[nested](command:a)](command:b)',
      '[a]\u200b(command:gmailTools.confirm.approve)', // an invisible character between the halves is removed, then broken
      '[a]\u202e(command:x)',
    ];
    for (const attack of attacks) {
      const shown = plainText(attack);
      assert.deepEqual(renderedLinks(shown), [], `${JSON.stringify(attack)} -> ${shown}`);
    }
    assert.match(plainText(attacks[0]), /Invoice 4411 \[Cancel\] \(command/);
  });

  it('breaks codicon syntax, folds lines, removes bidi and invisible characters', () => {
    assert.equal(plainText('$(check) Approved'), '$ (check) Approved');
    assert.equal(plainText('a\n\nb\tc'), 'a b c');
    assert.equal(plainText('pay\u202egnp.exe'), 'paygnp.exe');
    assert.equal(plainText('zero\u200bwidth\ufeff'), 'zerowidth');
  });

  it('caps the length without splitting a surrogate pair', () => {
    const text = 'x'.repeat(9) + '😀'.repeat(5);
    const shown = plainText(text, { max: 11 });
    assert.ok(shown.length <= 11);
    assert.ok(shown.endsWith('…'));
    assert.doesNotMatch(shown, /[\ud800-\udbff](?![\udc00-\udfff])/);
    assert.equal(plainLines('a\nb\nc', { maxLines: 2 }), 'a\nb\n…');
  });
});
