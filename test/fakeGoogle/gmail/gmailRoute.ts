import type { Mailbox } from '../mailbox/mailbox';
import type { GmailMethod } from '../quota/quotaUnits';
import type { RequestContext } from '../http/requestContext';
import type { FakeState } from '../state';

/** An authenticated, authorised Gmail call, handed to a route after the checks every method shares. */
export interface GmailCall {
  ctx: RequestContext;
  state: FakeState;
  mailbox: Mailbox;
  scopes: readonly string[];
  /** Path parameters (id, messageId, ...). */
  params: Record<string, string>;
}

export interface GmailRoute {
  httpMethod: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  /** Path below /gmail/v1/users/{userId}/, with :name segments. */
  path: string;
  method: GmailMethod;
  /** Query parameters the method accepts (besides Google's standard ones). */
  params: readonly string[];
  handle(call: GmailCall): unknown | Promise<unknown>;
}
