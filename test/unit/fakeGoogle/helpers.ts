import path from 'node:path';
import { gmail, type gmail_v1 } from '@googleapis/gmail';
import { CodeChallengeMethod, OAuth2Client } from 'google-auth-library';
import type { FakeGoogle } from '../../fakeGoogle/index';

export const TEST_MAIL_DIR = path.join(__dirname, 'mail');
export const REDIRECT_URI = 'http://127.0.0.1:53682/oauth2callback';
export const SCOPE = {
  readonly: 'https://www.googleapis.com/auth/gmail.readonly',
  modify: 'https://www.googleapis.com/auth/gmail.modify',
  compose: 'https://www.googleapis.com/auth/gmail.compose',
  send: 'https://www.googleapis.com/auth/gmail.send',
  metadata: 'https://www.googleapis.com/auth/gmail.metadata',
};

export function oauthClient(fake: FakeGoogle, redirectUri = REDIRECT_URI): OAuth2Client {
  return new OAuth2Client({
    clientId: fake.client.clientId,
    clientSecret: fake.client.clientSecret,
    redirectUri,
    endpoints: { oauth2AuthBaseUrl: fake.endpoints.authUrl, oauth2TokenUrl: fake.endpoints.tokenUrl, oauth2RevokeUrl: fake.endpoints.revokeUrl, tokenInfoUrl: fake.tokenInfoUrl },
  });
}

export interface AuthStart {
  client: OAuth2Client;
  codeVerifier: string;
  state: string;
  authUrl: string;
}

export async function startAuth(fake: FakeGoogle, scopes: string[], extra: { includeGrantedScopes?: boolean; loginHint?: string; prompt?: string } = {}): Promise<AuthStart> {
  const client = oauthClient(fake);
  const { codeVerifier, codeChallenge } = await client.generateCodeVerifierAsync();
  const state = `state-${Math.random().toString(36).slice(2)}`;
  const authUrl = client.generateAuthUrl({
    access_type: 'offline',
    scope: scopes,
    state,
    code_challenge: codeChallenge,
    code_challenge_method: CodeChallengeMethod.S256,
    include_granted_scopes: extra.includeGrantedScopes,
    login_hint: extra.loginHint,
    prompt: extra.prompt,
  });
  return { client, codeVerifier: codeVerifier!, state, authUrl };
}

/** Answers the consent page like a user: ticks `tick` (default: what the page pre-ticked) and clicks #approve or #deny. */
export async function answerConsent(authUrl: string, decision: 'allow' | 'deny', tick?: string[]): Promise<URL> {
  const page = await fetch(authUrl, { redirect: 'manual' });
  if (page.status === 302) return new URL(page.headers.get('location')!);
  const html = await page.text();
  if (page.status !== 200) throw new Error(`consent page ${page.status}: ${html.slice(0, 300)}`);
  const form = new URLSearchParams();
  form.set('request_id', /name="request_id" value="([^"]+)"/.exec(html)![1]);
  form.set('account', /<option value="([^"]+)" selected>/.exec(html)![1]);
  const hidden = [...html.matchAll(/<input type="hidden" name="scope" value="([^"]+)">/g)].map((m) => m[1]);
  const preTicked = [...html.matchAll(/name="scope" value="([^"]+)" checked>/g)].map((m) => m[1]);
  for (const s of [...hidden, ...(tick ?? preTicked)]) form.append('scope', s);
  form.set('decision', decision);
  const action = new URL('/o/oauth2/v2/auth/approval', authUrl);
  const answer = await fetch(action, { method: 'POST', body: form, redirect: 'manual' });
  if (answer.status !== 302) throw new Error(`consent answer ${answer.status}: ${(await answer.text()).slice(0, 300)}`);
  return new URL(answer.headers.get('location')!);
}

/** The whole PKCE code flow with the real google-auth-library client; returns a client holding tokens. */
export async function signIn(fake: FakeGoogle, scopes: string[], extra: Parameters<typeof startAuth>[2] = {}): Promise<OAuth2Client> {
  const start = await startAuth(fake, scopes, extra);
  const redirect = await answerConsent(start.authUrl, 'allow');
  if (redirect.searchParams.get('state') !== start.state) throw new Error('state mismatch');
  const { tokens } = await start.client.getToken({ code: redirect.searchParams.get('code')!, codeVerifier: start.codeVerifier });
  start.client.setCredentials(tokens);
  return start.client;
}

export function gmailFor(fake: FakeGoogle, auth: OAuth2Client): gmail_v1.Gmail {
  // googleapis-common nests its own google-auth-library 10.5 whose OAuth2Client type differs only in private
  // members from the project's 10.9; at run time the client is used through its public request API.
  return gmail({ version: 'v1', auth: auth as unknown as gmail_v1.Options['auth'], rootUrl: fake.endpoints.gmailRootUrl, retry: false });
}

/** The status and Google error body of a rejected googleapis call. */
export async function failure(promise: Promise<unknown>): Promise<{ status: number; body: { error: { code: number; message: string; status: string; errors: { reason: string; domain: string; message: string }[]; details?: { reason?: string }[] } }; headers: Record<string, string> }> {
  try {
    await promise;
  } catch (err) {
    const e = err as { status?: number; response?: { status: number; data: unknown; headers: Headers | Record<string, string> } };
    if (!e.response) throw err;
    const h = e.response.headers;
    const headers: Record<string, string> = {};
    if (typeof (h as Headers).forEach === 'function') (h as Headers).forEach((v, k) => (headers[k.toLowerCase()] = v));
    else for (const [k, v] of Object.entries(h)) headers[k.toLowerCase()] = String(v);
    return { status: e.response.status, body: e.response.data as never, headers };
  }
  throw new Error('expected the call to fail');
}
