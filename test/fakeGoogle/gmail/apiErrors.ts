import { jsonReply, ReplyError, type Reply } from '../http/reply';

/** Google's JSON error body for its REST APIs: {error:{code, message, errors:[{message, domain, reason}], status}}. */
export function apiError(
  code: number,
  status: string,
  message: string,
  reason: string,
  options: { domain?: string; headers?: Record<string, string>; extra?: Record<string, unknown>; details?: unknown[] } = {},
): Reply {
  return jsonReply(
    code,
    {
      error: {
        code,
        message,
        errors: [{ message, domain: options.domain ?? 'global', reason, ...options.extra }],
        status,
        ...(options.details ? { details: options.details } : {}),
      },
    },
    options.headers,
  );
}

const AUTH_HELP =
  'Expected OAuth 2 access token, login cookie or other valid authentication credential. See https://developers.google.com/identity/sign-in/web/devconsole-project.';

export const errors = {
  missingCredentials: () =>
    new ReplyError(
      apiError(401, 'UNAUTHENTICATED', `Request is missing required authentication credential. ${AUTH_HELP}`, 'required', {
        extra: { location: 'Authorization', locationType: 'header' },
        headers: { 'www-authenticate': 'Bearer realm="https://accounts.google.com/"' },
      }),
      'no bearer token',
    ),
  invalidCredentials: (why: string) =>
    new ReplyError(
      apiError(401, 'UNAUTHENTICATED', `Request had invalid authentication credentials. ${AUTH_HELP}`, 'authError', {
        extra: { location: 'Authorization', locationType: 'header' },
        headers: { 'www-authenticate': 'Bearer realm="https://accounts.google.com/", error="invalid_token"' },
      }),
      why,
    ),
  insufficientScope: (method: string) =>
    new ReplyError(
      apiError(403, 'PERMISSION_DENIED', 'Request had insufficient authentication scopes.', 'insufficientPermissions', {
        headers: { 'www-authenticate': 'Bearer realm="https://accounts.google.com/", error="insufficient_scope"' },
        details: [
          {
            '@type': 'type.googleapis.com/google.rpc.ErrorInfo',
            reason: 'ACCESS_TOKEN_SCOPE_INSUFFICIENT',
            domain: 'googleapis.com',
            metadata: { service: 'gmail.googleapis.com', method },
          },
        ],
      }),
      `insufficient scope for ${method}`,
    ),
  notFound: () => new ReplyError(apiError(404, 'NOT_FOUND', 'Requested entity was not found.', 'notFound'), 'not found'),
  invalidArgument: (message: string) => new ReplyError(apiError(400, 'INVALID_ARGUMENT', message, 'invalidArgument'), message),
  badRequest: (message: string) => new ReplyError(apiError(400, 'INVALID_ARGUMENT', message, 'badRequest'), message),
  delegationDenied: (userId: string) =>
    new ReplyError(apiError(403, 'PERMISSION_DENIED', `Delegation denied for ${userId}`, 'forbidden'), 'other user'),
  /** Gmail's wording, the time in the message; the Retry-After header only when asked for (see FakeGoogleSettings). */
  rateLimited: (retryAt: Date, withHeader: boolean, now: number) => {
    const message = `User-rate limit exceeded.  Retry after ${retryAt.toISOString()}`;
    const seconds = Math.max(1, Math.ceil((retryAt.getTime() - now) / 1000));
    return new ReplyError(
      apiError(429, 'RESOURCE_EXHAUSTED', message, 'rateLimitExceeded', { domain: 'usageLimits', headers: withHeader ? { 'retry-after': String(seconds) } : {} }),
      'per-user rate limit',
    );
  },
  plainRequestTooLarge: (limit: number) =>
    new ReplyError(apiError(413, 'FAILED_PRECONDITION', `Request payload size exceeds the limit: ${limit} bytes.`, 'uploadTooLarge'), 'plain request over the limit'),
  dailyLimit: () =>
    new ReplyError(
      apiError(403, 'PERMISSION_DENIED', 'Quota exceeded for quota metric \'Queries\' and limit \'Queries per day\' of service \'gmail.googleapis.com\'.', 'dailyLimitExceeded', {
        domain: 'usageLimits',
      }),
      'daily quota exhausted',
    ),
  backend: (code: 500 | 503) =>
    code === 500
      ? apiError(500, 'INTERNAL', 'Backend Error', 'backendError')
      : apiError(503, 'UNAVAILABLE', 'The service is currently unavailable.', 'backendError'),
  unknownPath: () => new ReplyError(apiError(404, 'NOT_FOUND', 'Not Found', 'notFound'), 'unknown path'),
};
