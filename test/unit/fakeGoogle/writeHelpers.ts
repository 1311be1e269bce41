import type { gmail_v1 } from '@googleapis/gmail';
import type { FakeGoogle } from '../../fakeGoogle/index';
import { gmailFor, signIn } from './helpers';

export const ME = 'demo.user@example.com';
export const FULL_SCOPE = 'https://mail.google.com/';

/** A Gmail API client for the account, signed in with exactly these scopes (the real OAuth flow). */
export async function apiWith(fake: FakeGoogle, scopes: string[], account?: string): Promise<gmail_v1.Gmail> {
  return gmailFor(fake, await signIn(fake, scopes, account ? { loginHint: account } : {}));
}

export function base64url(raw: Buffer): string {
  return raw.toString('base64url');
}

/** The Gmail id of the one message with this subject (search over everything, spam and trash included). */
export async function idBySubject(api: gmail_v1.Gmail, subject: string): Promise<{ id: string; threadId: string }> {
  const list = await api.users.messages.list({ userId: 'me', q: `subject:"${subject}"`, includeSpamTrash: true });
  const found = list.data.messages ?? [];
  if (found.length !== 1) throw new Error(`expected one message with subject ${subject}, found ${found.length}`);
  return { id: found[0].id!, threadId: found[0].threadId! };
}

/** Header value of a messages.get (format metadata or full) answer. */
export function headerOf(message: gmail_v1.Schema$Message, name: string): string | undefined {
  return message.payload?.headers?.find((h) => h.name?.toLowerCase() === name.toLowerCase())?.value ?? undefined;
}

/**
 * Per-call options for media uploads: googleapis-common rewrites a client-wide rootUrl into the metadata URL but
 * not into the upload URL, which would otherwise go to gmail.googleapis.com.
 */
export function uploadAt(fake: FakeGoogle): { rootUrl: string } {
  return { rootUrl: fake.endpoints.gmailRootUrl };
}
