import type { gmail_v1 } from '@googleapis/gmail';
import type { GmailRoute } from './gmailRoute';

/** users.settings: only the send-as list, which the read scopes allow; every settings change stays out of the fake. */
export const settingsRoutes: GmailRoute[] = [
  {
    httpMethod: 'GET',
    path: 'settings/sendAs',
    method: 'settings.sendAs.list',
    params: [],
    handle: ({ mailbox }): gmail_v1.Schema$ListSendAsResponse => ({ sendAs: mailbox.sendAs.map((s) => ({ ...s })) }),
  },
];
