import { htmlReply, redirectReply, type Reply } from '../http/reply';
import type { RequestContext } from '../http/requestContext';
import type { FakeState } from '../state';
import { renderAuthErrorPage, renderConsentPage } from './consentPage';
import { isLoopbackRedirect } from './loopbackRedirect';
import { isValidChallenge } from './pkce';
import { canonicalScope, isSignInScope, KNOWN_SCOPES } from './scopeCatalog';
import type { AuthorizationRequest } from './pendingAuthorizations';

/** GET /o/oauth2/v2/auth: validates the request like Google, then shows the consent page or, with autoConsent, answers at once. */
export function authorize(ctx: RequestContext, state: FakeState): Reply {
  const q = ctx.url.searchParams;
  const clientId = q.get('client_id') ?? '';
  const client = state.clients.get(clientId);
  if (!client) return errorPage(401, 'invalid_client', 'The OAuth client was not found.', ctx);
  const redirectUri = q.get('redirect_uri') ?? '';
  if (!redirectUri) return errorPage(400, 'invalid_request', 'Missing required parameter: redirect_uri', ctx);
  if (!isLoopbackRedirect(redirectUri)) {
    return errorPage(400, 'redirect_uri_mismatch', `You can't sign in to this app because it doesn't comply with Google's OAuth 2.0 policy. redirect_uri=${redirectUri}`, ctx);
  }
  const responseType = q.get('response_type');
  if (responseType !== 'code') return errorPage(400, 'unsupported_response_type', `Invalid response_type: ${responseType ?? '(missing)'}`, ctx);
  const scopeParam = (q.get('scope') ?? '').trim();
  if (!scopeParam) return errorPage(400, 'invalid_request', 'Missing required parameter: scope', ctx);
  const requested = [...new Set(scopeParam.split(/\s+/))];
  const unknown = requested.filter((s) => !KNOWN_SCOPES.has(s));
  if (unknown.length) return errorPage(400, 'invalid_scope', `Some requested scopes were invalid. {invalid=[${unknown.join(', ')}]}`, ctx);
  const challenge = q.get('code_challenge') ?? '';
  const method = q.get('code_challenge_method') ?? '';
  if (!challenge || method !== 'S256' || !isValidChallenge(challenge)) {
    return errorPage(400, 'invalid_request', 'code_challenge with code_challenge_method=S256 is required (PKCE).', ctx);
  }
  const accessType = q.get('access_type') ?? 'online';
  if (accessType !== 'online' && accessType !== 'offline') return errorPage(400, 'invalid_request', `Invalid access_type: ${accessType}`, ctx);
  const prompt = (q.get('prompt') ?? '').split(/\s+/).filter(Boolean);
  const includeGranted = q.get('include_granted_scopes') === 'true';
  const loginHint = q.get('login_hint') ?? undefined;

  const request: Omit<AuthorizationRequest, 'expiresAt'> = {
    clientId,
    redirectUri,
    state: q.get('state') ?? undefined,
    scopes: requested.map(canonicalScope),
    codeChallenge: challenge,
    offline: accessType === 'offline',
    forceConsent: prompt.includes('consent'),
    includeGrantedScopes: includeGranted,
    loginHint,
  };
  const accounts = [...state.accounts.values()].map((m) => m.address);
  const hinted = loginHint ? accounts.find((a) => a.toLowerCase() === loginHint.toLowerCase()) : undefined;
  const account = hinted ?? accounts[0];
  const preTicked = new Set(scopesUserWouldTick(request.scopes, state.settings.grantFewerScopes));

  if (state.settings.autoConsent) {
    ctx.note = 'auto consent';
    return approve(state, request, account, [...preTicked]);
  }
  const requestId = state.pending.add(request);
  ctx.note = 'consent page shown';
  const alreadyGranted = includeGranted ? [...(state.grants.grantFor(account, clientId)?.scopes ?? [])] : [];
  return htmlReply(
    200,
    renderConsentPage({ requestId, appName: client.name ?? clientId, accounts, selectedAccount: account, requestedScopes: request.scopes, alreadyGranted, preTicked }),
  );
}

/** POST /o/oauth2/v2/auth/approval: the consent form's answer. */
export function approval(ctx: RequestContext, state: FakeState): Reply {
  const form = ctx.form();
  const request = state.pending.take(form.get('request_id') ?? '');
  if (!request) return errorPage(400, 'invalid_request', 'This consent request has expired or was already answered. Start the sign-in again.', ctx);
  if (form.get('decision') !== 'allow') {
    ctx.note = 'consent denied';
    return redirectReply(withParams(request.redirectUri, { error: 'access_denied', state: request.state }));
  }
  const account = [...state.accounts.values()].map((m) => m.address).find((a) => a === form.get('account'));
  if (!account) return errorPage(400, 'invalid_request', 'Unknown account.', ctx);
  const ticked = form.getAll('scope').filter((s) => request.scopes.includes(s));
  ctx.note = 'consent given';
  return approve(state, request, account, ticked);
}

function approve(state: FakeState, request: Omit<AuthorizationRequest, 'expiresAt'>, account: string, ticked: string[]): Reply {
  const granted = new Set([...ticked, ...request.scopes.filter(isSignInScope)]);
  if (request.includeGrantedScopes) for (const s of state.grants.grantFor(account, request.clientId)?.scopes ?? []) granted.add(s);
  const scopes = [...granted];
  const code = state.grants.issueCode({
    clientId: request.clientId,
    redirectUri: request.redirectUri,
    codeChallenge: request.codeChallenge,
    account,
    scopes,
    offline: request.offline,
    forceConsent: request.forceConsent,
  });
  return redirectReply(withParams(request.redirectUri, { state: request.state, code, scope: scopes.join(' '), authuser: '0', prompt: 'consent' }));
}

/** What a user ticks: everything asked, unless the test switched granular consent on. */
function scopesUserWouldTick(requested: string[], fewer: boolean | string[]): string[] {
  const optional = requested.filter((s) => !isSignInScope(s));
  if (fewer === true) return [];
  if (Array.isArray(fewer)) return optional.filter((s) => fewer.includes(s));
  return optional;
}

function withParams(uri: string, params: Record<string, string | undefined>): string {
  const url = new URL(uri);
  for (const [k, v] of Object.entries(params)) if (v !== undefined) url.searchParams.set(k, v);
  return url.toString();
}

function errorPage(status: number, error: string, description: string, ctx: RequestContext): Reply {
  ctx.note = error;
  return htmlReply(status, renderAuthErrorPage(status, error, description));
}
