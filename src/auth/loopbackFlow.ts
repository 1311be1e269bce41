import { randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { UserFacingError } from '../errors/userFacingError';

/**
 * RFC 8252 loopback redirect: a one-shot HTTP server on 127.0.0.1 with an ephemeral port receives the
 * authorization code. State defeats CSRF; PKCE (made by the caller) binds the code to this flow.
 */
export interface LoopbackAuthorizationRequest {
  /** Builds Google's authorization URL for this redirect URI and state. */
  buildAuthUrl(redirectUri: string, state: string): string;
  /** Opens the URL in the user's browser; false when it could not be opened. */
  openBrowser(url: string): Promise<boolean>;
  signal?: AbortSignal;
  /** Default 5 minutes. */
  timeoutMs?: number;
}

export interface LoopbackAuthorizationResult {
  readonly code: string;
  readonly redirectUri: string;
}

/** Sign-in ended without a grant (cancelled, timed out, no browser, read access unticked): told in the sign-in notification. */
export class AuthorizationCancelledError extends UserFacingError {
  readonly category = 'gmail';

  constructor(message: string) {
    super(message);
    this.name = 'AuthorizationCancelledError';
  }
}

const CALLBACK_PATH = '/oauth2callback';

export async function runLoopbackAuthorization(req: LoopbackAuthorizationRequest): Promise<LoopbackAuthorizationResult> {
  const state = randomBytes(24).toString('base64url');
  const timeoutMs = req.timeoutMs ?? 5 * 60_000;
  let settle!: { resolve: (r: LoopbackAuthorizationResult) => void; reject: (e: Error) => void };
  const outcome = new Promise<LoopbackAuthorizationResult>((resolve, reject) => (settle = { resolve, reject }));
  let redirectUri = '';
  // Rejections that arrive before anyone awaits (abort during listen) must not become unhandled.
  outcome.catch(() => undefined);

  const server = createServer((request: IncomingMessage, response: ServerResponse) => {
    const url = new URL(request.url ?? '/', 'http://127.0.0.1');
    if (request.method !== 'GET' || url.pathname !== CALLBACK_PATH) {
      response.writeHead(404).end();
      return;
    }
    // A request without our state is someone else's (or a forged) redirect: ignore it, keep waiting.
    if (url.searchParams.get('state') !== state) {
      respond(response, 400, 'This sign-in link is not the one VS Code is waiting for. Start the sign-in again from VS Code.');
      return;
    }
    const error = url.searchParams.get('error');
    const code = url.searchParams.get('code');
    if (error) {
      respond(response, 200, 'Sign-in was not completed. You can close this tab and return to VS Code.');
      settle.reject(
        new AuthorizationCancelledError(
          error === 'access_denied' ? 'You declined access on Google\'s consent page.' : `Google reported an error: ${error}.`,
        ),
      );
      return;
    }
    if (!code) {
      respond(response, 400, 'The sign-in response carried no code. Start the sign-in again from VS Code.');
      return;
    }
    respond(response, 200, 'Signed in. You can close this tab and return to VS Code.');
    settle.resolve({ code, redirectUri });
  });
  server.on('connection', (socket) => socket.unref());

  const timer = setTimeout(
    () => settle.reject(new AuthorizationCancelledError('Sign-in timed out after 5 minutes without an answer from the browser.')),
    timeoutMs,
  );
  const onAbort = () => settle.reject(new AuthorizationCancelledError('Sign-in was cancelled.'));
  req.signal?.addEventListener('abort', onAbort, { once: true });

  try {
    if (req.signal?.aborted) throw new AuthorizationCancelledError('Sign-in was cancelled.');
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(0, '127.0.0.1', () => resolve());
    });
    const { port } = server.address() as AddressInfo;
    redirectUri = `http://127.0.0.1:${port}${CALLBACK_PATH}`;
    const opened = await req.openBrowser(req.buildAuthUrl(redirectUri, state));
    if (!opened) throw new AuthorizationCancelledError('The browser could not be opened for sign-in.');
    return await outcome;
  } finally {
    clearTimeout(timer);
    req.signal?.removeEventListener('abort', onAbort);
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }
}

function respond(response: ServerResponse, status: number, message: string): void {
  const html = `<!doctype html><html><head><meta charset="utf-8"><title>Gmail tools sign-in</title></head>` +
    `<body style="font-family:sans-serif;margin:3em"><p>${message}</p></body></html>`;
  response.writeHead(status, {
    'Content-Type': 'text/html; charset=utf-8',
    'Cache-Control': 'no-store',
    'Referrer-Policy': 'no-referrer',
  });
  response.end(html);
}
