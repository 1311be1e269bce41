import { gmail } from '@googleapis/gmail';
import type { GoogleEndpoints } from './endpoints';

/**
 * The address of the account a fresh access token belongs to (users.getProfile), so sessions are named by
 * the mailbox they open. Needs no scope beyond what reading requires; no OpenID scope is asked for.
 */
export async function lookupAccountAddress(endpoints: GoogleEndpoints, accessToken: string): Promise<string> {
  const api = gmail({ version: 'v1', rootUrl: endpoints.gmailRootUrl });
  try {
    const { data } = await api.users.getProfile(
      { userId: 'me', fields: 'emailAddress' },
      { headers: { Authorization: `Bearer ${accessToken}` }, retry: false },
    );
    if (!data.emailAddress) throw new Error('no address');
    return data.emailAddress;
  } catch (err) {
    const status = (err as { response?: { status?: number } })?.response?.status;
    throw new Error(`Signed in, but Gmail did not tell which account this is${status ? ` (HTTP ${status})` : ''}. Try signing in again.`);
  }
}
