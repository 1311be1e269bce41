import assert from 'node:assert/strict';
import { fingerprint, redactSecrets, redactValue } from '../../../src/audit/redact';

const ACCESS = 'ya29.a0AfB_byC3xYz-EXAMPLEexampleEXAMPLE1234567890abcdef';
const REFRESH = '1//0gEXAMPLErefreshTOKEN-abcdefghijklmnop_1234567890';

describe('audit/redact', () => {
  const secrets: Array<[string, string]> = [
    ['access token', `token ${ACCESS} end`],
    ['refresh token', `rt=${REFRESH}`],
    ['bearer header', 'Authorization: Bearer abc.def-ghi_jkl123456'],
    ['client secret', 'GOCSPX-AbCdEfGhIjKlMnOpQrStUvWxYz12'],
    ['api key', 'AIzaSyA1234567890abcdefghijklmnopqrstuv'],
    ['jwt', 'eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiIxMjM0NTY3ODkwIn0.c2lnbmF0dXJlLXBhcnQ'],
    ['long hex', 'a3f1c9e2b7d4a3f1c9e2b7d4a3f1c9e2b7d4a3f1c9e2'],
    ['opaque base64url', 'k9Xq2LmP7vRt4NwZ8sYb3HcJ6dFg1QeA0uTiOp5'],
  ];
  for (const [name, text] of secrets) {
    it(`replaces a ${name}`, () => {
      const out = redactSecrets(text);
      assert.match(out, /\[redacted [a-z-]+\]/);
      const secretPart = text.split(/\s|=|: /).find((piece) => piece.length >= 20) ?? text;
      assert.equal(out.includes(secretPart), false, out);
    });
  }

  it('leaves Gmail ids, addresses and ordinary words alone', () => {
    const text = 'message 18c2f0a1b2c3d4e5 from dana@example.com about Quarterly-Planning-Review';
    assert.equal(redactSecrets(text), text);
  });

  it('replaces bodies by length and hash, secrets by a marker, and cuts long strings', () => {
    const args = {
      to: ['a@example.com'],
      subject: 'x'.repeat(500),
      body: 'Dear Bob, the secret plan is…',
      attachments: [{ filename: 'a.txt', content: 'private' }],
      access_token: ACCESS,
      nested: { note: `see ${REFRESH}` },
    };
    const out = redactValue(args) as Record<string, unknown>;
    const json = JSON.stringify(out);
    assert.equal(json.includes('secret plan'), false);
    assert.equal(json.includes('private'), false);
    assert.equal(json.includes(ACCESS), false);
    assert.equal(json.includes(REFRESH), false);
    assert.equal(out.body, fingerprint('Dear Bob, the secret plan is…'));
    assert.match(String(out.body), /^\[29 chars sha256:[0-9a-f]{12}\]$/);
    assert.equal(out.access_token, '[redacted]');
    assert.ok(String(out.subject).length < 260);
    assert.deepEqual(out.to, ['a@example.com']);
  });

  it('handles cycles, depth, buffers and long arrays', () => {
    const cyclic: Record<string, unknown> = { a: 1 };
    cyclic.self = cyclic;
    const out = redactValue({ cyclic, buf: Buffer.from('abc'), list: Array.from({ length: 60 }, (_, i) => i) }) as Record<string, unknown>;
    assert.equal((out.cyclic as Record<string, unknown>).self, '[circular]');
    assert.equal(out.buf, '[3 bytes]');
    assert.equal((out.list as unknown[]).length, 51);
  });
});
