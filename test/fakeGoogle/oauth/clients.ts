/** An OAuth client registered with the fake (a "Desktop app" client in Google Cloud terms). */
export interface OAuthClient {
  clientId: string;
  clientSecret: string;
  /** Shown on the consent page. */
  name?: string;
}

export const DEFAULT_TEST_CLIENT: Readonly<Required<OAuthClient>> = Object.freeze({
  clientId: '000000000000-fakegoogletestclient.apps.googleusercontent.com',
  clientSecret: 'GOCSPX-fake-google-test-client-secret',
  name: 'Gmail Tools for Agent Mode (test)',
});
