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
  /** Also served on the upload URI (/upload/gmail/v1/users/...), for methods that take a message. */
  upload?: boolean;
  /** The resource to answer with (200, JSON), or NO_CONTENT for Google's empty 204 answers. */
  handle(call: GmailCall): unknown | Promise<unknown>;
}

/** Returned by a route whose method answers 204 with an empty body (deletes, batchModify). */
export const NO_CONTENT = Symbol('no content');
