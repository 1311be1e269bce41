import { jsonReply, type Reply } from '../http/reply';
import type { RequestContext } from '../http/requestContext';
import type { FakeState } from '../state';
import { oauthError } from './oauthErrors';
import { shortHash } from './tokenHash';

/** POST /revoke: `token` (access or refresh, in the form or the query) revokes the whole grant, as at Google. */
export function revoke(ctx: RequestContext, state: FakeState): Reply {
  const token = ctx.form().get('token') ?? ctx.url.searchParams.get('token');
  if (!token) return oauthError(400, 'invalid_request', 'Missing required parameter: token');
  const revoked = state.grants.revokeByToken(token);
  ctx.note = `revoke ${shortHash(token)}: ${revoked ? 'revoked' : 'invalid'}`;
  return revoked ? jsonReply(200, {}) : oauthError(400, 'invalid_token', 'Token expired or revoked');
}

/** GET or POST /tokeninfo?access_token=...: what Google says about a live access token. */
export function tokenInfo(ctx: RequestContext, state: FakeState): Reply {
  const bearer = /^Bearer\s+(.+)$/i.exec(String(ctx.headers.authorization ?? ''))?.[1];
  const token = ctx.url.searchParams.get('access_token') ?? ctx.form().get('access_token') ?? bearer;
  if (!token) return oauthError(400, 'invalid_request', 'Either access_token, id_token, or token_handle required');
  const check = state.grants.checkAccessToken(token);
  if (!check.ok) return oauthError(400, 'invalid_token', 'Invalid Value');
  ctx.account = check.account;
  const expiresIn = Math.max(0, Math.floor((check.expiresAt - state.now()) / 1000));
  return jsonReply(200, {
    azp: check.clientId,
    aud: check.clientId,
    scope: check.scopes.join(' '),
    exp: String(Math.floor(check.expiresAt / 1000)),
    expires_in: String(expiresIn),
    email: check.account,
    email_verified: 'true',
    access_type: 'offline',
  });
}
