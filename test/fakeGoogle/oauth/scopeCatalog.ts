/** Scopes the fake's authorization server knows; anything else is answered with invalid_scope, as Google does. */
const GMAIL = 'https://www.googleapis.com/auth/gmail.';
export const KNOWN_SCOPES = new Set([
  'https://mail.google.com/',
  `${GMAIL}readonly`,
  `${GMAIL}modify`,
  `${GMAIL}compose`,
  `${GMAIL}send`,
  `${GMAIL}insert`,
  `${GMAIL}labels`,
  `${GMAIL}metadata`,
  `${GMAIL}settings.basic`,
  `${GMAIL}settings.sharing`,
  'openid',
  'email',
  'profile',
  'https://www.googleapis.com/auth/userinfo.email',
  'https://www.googleapis.com/auth/userinfo.profile',
]);

/** Sign-in scopes have no checkbox on Google's granular consent screen: they are always granted. */
export function isSignInScope(scope: string): boolean {
  return scope === 'openid' || scope === 'email' || scope === 'profile' || scope.startsWith('https://www.googleapis.com/auth/userinfo.');
}

/** Google accepts the short aliases and answers with the long form. */
export function canonicalScope(scope: string): string {
  if (scope === 'email') return 'https://www.googleapis.com/auth/userinfo.email';
  if (scope === 'profile') return 'https://www.googleapis.com/auth/userinfo.profile';
  return scope;
}

export function describeScope(scope: string): string {
  const descriptions: Record<string, string> = {
    'https://mail.google.com/': 'Read, compose, send, and permanently delete all your email from Gmail',
    [`${GMAIL}readonly`]: 'View your email messages and settings',
    [`${GMAIL}modify`]: 'Read, compose, and send emails from your Gmail account',
    [`${GMAIL}compose`]: 'Manage drafts and send emails',
    [`${GMAIL}send`]: 'Send email on your behalf',
    [`${GMAIL}metadata`]: 'View your email message metadata such as labels and headers, but not the email body',
    [`${GMAIL}labels`]: 'See and edit your email labels',
  };
  return descriptions[scope] ?? scope;
}
