import { strict as assert } from 'node:assert';
import { GaxiosError } from 'gaxios';
import { GmailApiError, parseRetryAfter, redactSecrets, retryAtInMessage, toGmailError } from '../../../src/gmail/errors';
import { AccessRevokedError } from '../../../src/gmail/tokenSource';

const TOKEN = 'ya29.a0AfH6SMBsecretsecretsecret';

/** A gaxios error as the Gmail client gets it: the request config carries the bearer token. */
function gaxiosError(status: number, body: unknown, headers: Record<string, string> = {}): GaxiosError {
  const config = { url: new URL('https://gmail.googleapis.com/gmail/v1/users/me/messages/abc?access_token=' + TOKEN), headers: new Headers({ Authorization: `Bearer ${TOKEN}` }) };
  const response = { status, statusText: 'x', data: body, headers: new Headers(headers), config, ok: false, bodyUsed: true };
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  return new GaxiosError(`Request failed with status ${status} Bearer ${TOKEN}`, config as any, response as any);
}

const body = (status: number, reason: string, message: string, googleStatus?: string) => ({
  error: { code: status, message, status: googleStatus, errors: [{ reason, domain: 'global', message }] },
});

describe('gmail/errors', () => {
  const cases: Array<[string, GaxiosError, GmailApiError['kind'], boolean, RegExp]> = [
    ['404', gaxiosError(404, body(404, 'notFound', 'Requested entity was not found.')), 'notFound', false, /no message abc in this mailbox/],
    ['400', gaxiosError(400, body(400, 'invalidArgument', 'Invalid id value')), 'invalidArgument', false, /Invalid id value/],
    [
      '403 scope',
      gaxiosError(403, body(403, 'insufficientPermissions', 'Request had insufficient authentication scopes.', 'PERMISSION_DENIED')),
      'insufficientScope',
      false,
      /has not granted the scope this tool needs.*Enable the toolset again to grant it\./,
    ],
    ['429', gaxiosError(429, body(429, 'rateLimitExceeded', 'User-rate limit exceeded.'), { 'retry-after': '3' }), 'rateLimited', true, /wait until \d{4}-\d\d-\d\dT[\d:.]+Z \(3 s\)/],
    ['403 rate', gaxiosError(403, body(403, 'userRateLimitExceeded', 'User Rate Limit Exceeded')), 'rateLimited', true, /rate limiting/],
    ['403 daily', gaxiosError(403, body(403, 'dailyLimitExceeded', 'Daily Limit Exceeded')), 'quotaExhausted', false, /quota is used up/],
    ['401', gaxiosError(401, body(401, 'authError', 'Invalid Credentials')), 'unauthenticated', false, /Sign in to Google again/],
    ['503', gaxiosError(503, body(503, 'backendError', 'Backend Error')), 'unavailable', true, /temporarily unavailable/],
    ['418', gaxiosError(418, 'teapot'), 'unknown', false, /status 418/],
  ];
  for (const [name, error, kind, retryable, message] of cases) {
    it(`maps ${name} to ${kind} with an actionable message and no token`, () => {
      const mapped = toGmailError(error, { method: 'messages.get', resource: 'message abc' });
      assert.ok(mapped instanceof GmailApiError);
      assert.equal(mapped.kind, kind);
      assert.equal(mapped.retryable, retryable);
      assert.match(mapped.message, message);
      const everything = JSON.stringify({ ...mapped, message: mapped.message, stack: mapped.stack });
      assert.ok(!everything.includes(TOKEN), everything);
      assert.equal((mapped as { cause?: unknown }).cause, undefined);
    });
  }

  it('reads Retry-After as seconds or an HTTP date', () => {
    assert.equal(parseRetryAfter('7'), 7000);
    assert.equal(parseRetryAfter(new Date(Date.now() + 4000).toUTCString()) as number > 2000, true);
    assert.equal(parseRetryAfter('soon'), undefined);
    const limited = toGmailError(gaxiosError(429, body(429, 'rateLimitExceeded', 'x'), { 'retry-after': '2' }), { method: 'm' });
    assert.equal(limited instanceof GmailApiError && limited.retryAfterMs, 2000);
  });

  it('reads the wait from the message text when Gmail sends no Retry-After, and names the time', () => {
    const at = new Date(Date.now() + 14 * 60_000);
    const text = `User-rate limit exceeded.  Retry after ${at.toISOString()}`;
    const limited = toGmailError(gaxiosError(429, body(429, 'rateLimitExceeded', text, 'RESOURCE_EXHAUSTED')), { method: 'messages.get' });
    assert.ok(limited instanceof GmailApiError);
    assert.equal(limited.kind, 'rateLimited');
    assert.equal(limited.retryAt?.toISOString(), at.toISOString());
    assert.ok(limited.retryAfterMs! > 13 * 60_000 && limited.retryAfterMs! <= 14 * 60_000, String(limited.retryAfterMs));
    assert.match(limited.message, new RegExp(`wait until ${at.toISOString().replace(/\./g, '\\.')} \\(about 14 min\\)`));
    // the header, when there is one, wins over the text
    const both = toGmailError(gaxiosError(429, body(429, 'rateLimitExceeded', text), { 'retry-after': '2' }), { method: 'm' });
    assert.equal(both instanceof GmailApiError && both.retryAfterMs, 2000);
    assert.equal(retryAtInMessage('Retry after tomorrow'), undefined);
    assert.equal(retryAtInMessage('User-rate limit exceeded.  Retry after 2026-03-07T18:03:15.961Z')?.getTime(), Date.parse('2026-03-07T18:03:15.961Z'));
  });

  it('maps 413 to tooLarge with a clear "too large" message', () => {
    const big = toGmailError(gaxiosError(413, body(413, 'uploadTooLarge', 'Request payload size exceeds the limit: 5242880 bytes.')), { method: 'messages.send' });
    assert.ok(big instanceof GmailApiError);
    assert.equal(big.kind, 'tooLarge');
    assert.equal(big.retryable, false);
    assert.match(big.message, /too large/);
  });

  it('maps network failures to unavailable (retryable) and passes AccessRevokedError through', () => {
    const reset = Object.assign(new Error('socket hang up'), { code: 'ECONNRESET' });
    const mapped = toGmailError(reset, { method: 'messages.list' });
    assert.equal(mapped instanceof GmailApiError && mapped.kind, 'unavailable');
    assert.equal(mapped instanceof GmailApiError && mapped.retryable, true);
    const revoked = new AccessRevokedError();
    assert.equal(toGmailError(revoked, { method: 'messages.list' }), revoked);
  });

  it('redacts anything that looks like a credential', () => {
    const text = redactSecrets(`Authorization: Bearer ${TOKEN} refresh_token=1//0gAbCdEfGhIjKlMnOp access_token: "${TOKEN}"`);
    assert.ok(!text.includes(TOKEN));
    assert.ok(!text.includes('1//0gAbCdEfGhIjKlMnOp'));
    assert.match(text, /\[redacted\]/);
  });
});
