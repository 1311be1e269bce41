import { jsonReply, type Reply } from '../http/reply';
import type { RequestContext } from '../http/requestContext';
import { QUOTA_UNITS } from '../quota/quotaUnits';
import { findMailbox, type FakeState } from '../state';
import { errors } from './apiErrors';
import { applyFields } from './fieldsMask';
import { NO_CONTENT, type GmailRoute } from './gmailRoute';
import { draftsRoutes } from './draftsRoutes';
import { UPLOAD_PREFIX } from './messageRequest';
import { organizeRoutes } from './organizeRoutes';
import { sendRoutes } from './sendRoutes';
import { labelsRoutes } from './labelsRoutes';
import { messagesRoutes } from './messagesRoutes';
import { METHOD_SCOPES, rpcMethodName } from './methodScopes';
import { profileRoutes } from './profileRoute';
import { checkKnownParams } from './queryParams';
import { settingsRoutes } from './settingsRoutes';
import { threadsRoutes } from './threadsRoutes';

/** Every Gmail method the fake serves. */
export const GMAIL_ROUTES: GmailRoute[] = [...profileRoutes, ...messagesRoutes, ...threadsRoutes, ...labelsRoutes, ...sendRoutes, ...draftsRoutes, ...organizeRoutes, ...settingsRoutes];

export const GMAIL_PREFIX = '/gmail/v1/users/';
/** Google's media upload URI for the methods that take a message (messages.send, drafts.*). */
export const GMAIL_UPLOAD_PREFIX = `${UPLOAD_PREFIX}${GMAIL_PREFIX}`;

/** Runs the checks every Gmail method shares (auth, scope, user, parameters, quota), then the route. */
export async function dispatchGmail(ctx: RequestContext, state: FakeState): Promise<Reply> {
  const upload = ctx.url.pathname.startsWith(GMAIL_UPLOAD_PREFIX);
  const rest = ctx.url.pathname.slice(upload ? GMAIL_UPLOAD_PREFIX.length : GMAIL_PREFIX.length).split('/').map(safeDecode);
  const [userId, ...segments] = rest;
  const found = matchRoute(ctx.method, segments);
  if (!found || !userId || (upload && !found.route.upload)) throw errors.unknownPath();
  const { route, params } = found;

  const bearer = /^Bearer\s+(\S+)\s*$/i.exec(String(ctx.headers.authorization ?? ''))?.[1];
  if (!bearer) throw errors.missingCredentials();
  const check = state.grants.checkAccessToken(bearer);
  if (!check.ok) throw errors.invalidCredentials(`access token ${check.reason}`);
  ctx.account = check.account;
  const allowed = METHOD_SCOPES[route.method] ?? [];
  if (!check.scopes.some((s) => allowed.includes(s))) throw errors.insufficientScope(rpcMethodName(route.method));
  if (userId !== 'me' && userId.toLowerCase() !== check.account.toLowerCase()) throw errors.delegationDenied(userId);
  const mailbox = findMailbox(state, check.account);
  if (!mailbox) throw errors.notFound();
  checkKnownParams(ctx.url.searchParams, route.params);

  const units = QUOTA_UNITS[route.method];
  const decision = await state.quota.charge(check.account, units);
  if (!decision.ok) throw decision.kind === 'rate' ? errors.rateLimited(decision.retryAt, state.settings.rateLimitRetryAfterHeader, state.now()) : errors.dailyLimit();
  ctx.quotaUnits = units;
  ctx.note = route.method;

  const value = await route.handle({ ctx, state, mailbox, scopes: check.scopes, params });
  if (value === NO_CONTENT) return { status: 204, headers: {}, body: '' };
  return jsonReply(200, applyFields(value, ctx.url.searchParams.get('fields')));
}

function matchRoute(httpMethod: string, segments: string[]): { route: GmailRoute; params: Record<string, string> } | undefined {
  for (const route of GMAIL_ROUTES) {
    if (route.httpMethod !== httpMethod) continue;
    const pattern = route.path.split('/');
    if (pattern.length !== segments.length) continue;
    const params: Record<string, string> = {};
    const ok = pattern.every((p, i) => {
      if (p.startsWith(':')) {
        params[p.slice(1)] = segments[i];
        return segments[i] !== '';
      }
      return p === segments[i];
    });
    if (ok) return { route, params };
  }
  return undefined;
}

function safeDecode(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
}
