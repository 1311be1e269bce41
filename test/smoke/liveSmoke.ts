import { runLoopbackAuthorization } from '../../src/auth/loopbackFlow';
import { GoogleOAuth, type OAuthClientConfig } from '../../src/auth/oauthClient';
import { RefreshingTokenSource } from '../../src/auth/refreshingTokenSource';
import { GmailClient } from '../../src/gmail/client';
import { composeMessage } from '../../src/mail/compose';
import type { GoogleEndpoints } from '../../src/gmail/endpoints';
import { redactSecrets } from '../../src/gmail/errors';
import { parseMessage } from '../../src/mail/processing/parseMessage';
import { GMAIL_SCOPES } from '../../src/gmail/scopes';

/**
 * The maintainer's check against real Google, with the extension's own code (loopback + PKCE sign-in,
 * GoogleOAuth, GmailClient, the MIME composer and parser): profile, labels, one search, one read, a draft to
 * the account itself created, read back and deleted. Nothing is sent and nothing stays: the grant is revoked at
 * the end. The unit test runs this same function against the fake Google (only the endpoints and the browser
 * differ), so it cannot rot. Output is counts and ids only; no token, no mail text.
 */
export interface LiveSmokeOptions {
  readonly client: OAuthClientConfig;
  readonly endpoints: GoogleEndpoints;
  /** Opens the consent page; true when a browser took it. */
  openBrowser(url: string): Promise<boolean>;
  /** One line a step. */
  log(line: string): void;
  /** For the sign-in (default 5 minutes: a person is at the consent page). */
  readonly signInTimeoutMs?: number;
}

export interface LiveSmokeReport {
  readonly account: string;
  readonly steps: readonly string[];
}

export const SMOKE_SCOPES = [GMAIL_SCOPES.readonly, GMAIL_SCOPES.compose];

export async function runLiveSmoke(options: LiveSmokeOptions): Promise<LiveSmokeReport> {
  const steps: string[] = [];
  const step = (line: string) => {
    const safe = redactSecrets(line);
    steps.push(safe);
    options.log(safe);
  };
  const oauth = new GoogleOAuth(options.client, options.endpoints);
  const pkce = await oauth.createPkcePair();
  const { code, redirectUri } = await runLoopbackAuthorization({
    buildAuthUrl: (uri, state) => oauth.authorizationUrl({ redirectUri: uri, state, scopes: SMOKE_SCOPES, codeChallenge: pkce.codeChallenge }),
    openBrowser: options.openBrowser,
    timeoutMs: options.signInTimeoutMs,
  });
  const grant = await oauth.exchangeCode({ code, codeVerifier: pkce.codeVerifier, redirectUri });
  if (!grant.refreshToken) throw new Error('Google returned no refresh token.');
  const missing = SMOKE_SCOPES.filter((s) => !grant.grantedScopes.includes(s));
  step(`sign-in: ok, granted ${grant.grantedScopes.length} scope(s)${missing.length ? `; NOT granted: ${missing.join(', ')}` : ''}`);
  const gmail = new GmailClient({ tokenSource: new RefreshingTokenSource(oauth, grant.refreshToken, grant), endpoints: options.endpoints });
  let draftId: string | undefined;
  try {
    const profile = await gmail.getProfile();
    const account = profile.emailAddress ?? '';
    if (!account) throw new Error('the profile has no address');
    step(`profile: ok, ${profile.messagesTotal ?? 0} messages in ${profile.threadsTotal ?? 0} threads`);
    const sendAs = await gmail.listSendAs();
    step(`send-as: ok, ${sendAs.length} identit${sendAs.length === 1 ? 'y' : 'ies'}`);
    const labels = await gmail.listLabels();
    step(`labels: ok, ${labels.length} labels`);
    const search = await gmail.searchMessages({ query: 'in:inbox', maxResults: 1 });
    step(`search: ok, ${search.messages.length} hit(s), about ${search.resultSizeEstimate ?? 0} in the inbox`);
    const first = search.messages[0];
    if (first) {
      const parsed = await parseMessage(await gmail.getMessage(first.id, 'raw'));
      step(`read: ok, message ${first.id}: ${parsed.body.length} characters of body, ${parsed.attachments.length} attachment(s)`);
    } else {
      step('read: skipped, the inbox is empty');
    }
    const draft = await composeMessage({
      from: account,
      to: [account],
      subject: `gmail-tools smoke test ${new Date().toISOString()}`,
      text: 'Created and deleted by npm run smoke:live. Never sent.',
    });
    draftId = (await gmail.createDraft({ raw: draft.raw, messageId: draft.messageId })).id;
    const back = await gmail.getDraft(draftId, 'raw');
    const readBack = await parseMessage(back.message ?? {});
    if (!readBack.body.includes('Never sent.')) throw new Error(`draft ${draftId} did not read back as written`);
    step(`draft: ok, created ${draftId} to the account itself and read it back`);
    await gmail.deleteDraft(draftId);
    draftId = undefined;
    step('draft: deleted');
    return { account, steps };
  } finally {
    // A failure after the draft was made still cleans up; the grant goes either way.
    if (draftId) await gmail.deleteDraft(draftId).catch(() => step(`draft ${draftId} could not be deleted: delete it in Gmail`));
    gmail.close();
    await oauth.revoke(grant.refreshToken).then(
      () => step('revoke: ok, the grant is gone'),
      () => step('revoke: failed; remove the app at https://myaccount.google.com/permissions'),
    );
  }
}
