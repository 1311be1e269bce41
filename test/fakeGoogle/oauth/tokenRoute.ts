import { jsonReply, type Reply } from '../http/reply';
import type { RequestContext } from '../http/requestContext';
import type { FakeState } from '../state';
import type { OAuthClient } from './clients';
import { oauthError } from './oauthErrors';
import { isValidVerifier, verifierMatchesS256 } from './pkce';
import { shortHash } from './tokenHash';

/** POST /token: authorization_code (with PKCE) and refresh_token grants, answering Google's JSON. */
export function token(ctx: RequestContext, state: FakeState): Reply {
  const form = ctx.form();
  const auth = authenticateClient(ctx, form, state);
  if ('status' in auth) return auth;
  const grantType = form.get('grant_type');
  if (grantType === 'authorization_code') return exchangeCode(ctx, form, auth, state);
  if (grantType === 'refresh_token') return refresh(ctx, form, auth, state);
  if (!grantType) return oauthError(400, 'invalid_request', 'Missing required parameter: grant_type');
  return oauthError(400, 'unsupported_grant_type', `Invalid grant_type: ${grantType}`);
}

/** Client credentials from the form (client_secret_post) or an HTTP Basic header (client_secret_basic). */
function authenticateClient(ctx: RequestContext, form: URLSearchParams, state: FakeState): OAuthClient | Reply {
  let clientId = form.get('client_id') ?? undefined;
  let secret = form.get('client_secret') ?? undefined;
  const basic = /^Basic\s+(.+)$/i.exec(String(ctx.headers.authorization ?? ''));
  if (basic) {
    const decoded = Buffer.from(basic[1], 'base64').toString('utf8');
    const colon = decoded.indexOf(':');
    clientId = decodeURIComponent(decoded.slice(0, colon));
    secret = decodeURIComponent(decoded.slice(colon + 1));
  }
  if (!clientId) return oauthError(400, 'invalid_request', 'Could not determine client ID from request.');
  const client = state.clients.get(clientId);
  if (!client) return oauthError(401, 'invalid_client', 'The OAuth client was not found.');
  if (secret !== client.clientSecret) return oauthError(401, 'invalid_client', 'Unauthorized');
  return client;
}

function exchangeCode(ctx: RequestContext, form: URLSearchParams, client: OAuthClient, state: FakeState): Reply {
  const code = form.get('code');
  if (!code) return oauthError(400, 'invalid_request', 'Missing required parameter: code');
  const taken = state.grants.takeCode(code);
  ctx.note = `code ${shortHash(code)}: ${taken.status}`;
  if (taken.status !== 'ok' || !taken.code) return oauthError(400, 'invalid_grant', taken.status === 'unknown' ? 'Malformed auth code.' : 'Bad Request');
  const record = taken.code;
  if (record.clientId !== client.clientId) return oauthError(400, 'invalid_grant', 'Bad Request');
  const redirectUri = form.get('redirect_uri');
  if (!redirectUri) return oauthError(400, 'invalid_request', 'Missing parameter: redirect_uri');
  if (redirectUri !== record.redirectUri) return oauthError(400, 'redirect_uri_mismatch', 'Bad Request');
  const verifier = form.get('code_verifier');
  if (!verifier) return oauthError(400, 'invalid_grant', 'Missing code verifier.');
  if (!isValidVerifier(verifier) || !verifierMatchesS256(verifier, record.codeChallenge)) return oauthError(400, 'invalid_grant', 'Invalid code verifier.');

  const ttl = state.settings.accessTokenTtlSeconds;
  const issued = state.grants.tokensForCode(record, ttl);
  ctx.account = record.account;
  ctx.note = `code exchanged; access ${shortHash(issued.accessToken)}${issued.refreshToken ? `, refresh ${shortHash(issued.refreshToken)}` : ''}`;
  return jsonReply(200, {
    access_token: issued.accessToken,
    expires_in: ttl,
    ...(issued.refreshToken ? { refresh_token: issued.refreshToken } : {}),
    scope: issued.scopes.join(' '),
    token_type: 'Bearer',
  });
}

function refresh(ctx: RequestContext, form: URLSearchParams, client: OAuthClient, state: FakeState): Reply {
  const refreshToken = form.get('refresh_token');
  if (!refreshToken) return oauthError(400, 'invalid_request', 'Missing required parameter: refresh_token');
  const narrow = (form.get('scope') ?? '').split(/\s+/).filter(Boolean);
  const ttl = state.settings.accessTokenTtlSeconds;
  const result = state.grants.refresh(refreshToken, client.clientId, ttl, narrow);
  if (result === 'invalid') {
    ctx.note = `refresh ${shortHash(refreshToken)} rejected`;
    return oauthError(400, 'invalid_grant', 'Token has been expired or revoked.');
  }
  if (result === 'client') return oauthError(401, 'unauthorized_client', 'Unauthorized');
  if (result === 'scope') return oauthError(400, 'invalid_scope', 'Some requested scopes were not granted.');
  ctx.note = `refreshed; access ${shortHash(result.accessToken)}`;
  return jsonReply(200, { access_token: result.accessToken, expires_in: ttl, scope: result.scopes.join(' '), token_type: 'Bearer' });
}
