import type { GmailReader, GmailWriter } from '../gmail/client';
import type { MailProcessor } from '../mail/processing/mailProcessor';
import type { ProvenanceTracker } from '../guard/provenance';
import type { WorkspaceFolders } from './workspaceFiles';

/** Gmail as a tool sees it: every read, drafts included, and no write (writes go through the pipeline). */
export type GmailReadAccess = GmailReader & Pick<GmailWriter, 'getDraft' | 'listDrafts'>;

export const GMAIL_READ_METHODS = [
  'getProfile',
  'listSendAs',
  'searchMessages',
  'getMessage',
  'getThread',
  'listLabels',
  'getAttachment',
  'getDraft',
  'listDrafts',
] as const satisfies ReadonlyArray<keyof GmailReadAccess>;

// Every read method must be in the list: a read added to GmailReader and forgotten here would be missing from
// the tools' view at run time ("is not a function"); this fails to compile instead.
type MissingReadMethod = Exclude<keyof GmailReadAccess, (typeof GMAIL_READ_METHODS)[number]>;
const everyReadMethodListed: [MissingReadMethod] extends [never] ? true : MissingReadMethod = true;
void everyReadMethodListed;

/** A view of a Gmail service with only its read methods, so a tool cannot reach a write even by a cast. */
export function readOnlyGmail(gmail: GmailReadAccess): GmailReadAccess {
  const view: Partial<Record<keyof GmailReadAccess, unknown>> = {};
  for (const method of GMAIL_READ_METHODS) view[method] = (gmail[method] as (...args: unknown[]) => unknown).bind(gmail);
  return Object.freeze(view) as GmailReadAccess;
}

/**
 * What building a proposal reads: Gmail (reads only), the account, the call's signal, where mail's addresses are
 * remembered, where a message replied to, forwarded or read back as a draft is parsed (off the host's loop), and the
 * open workspace folders (files to attach; absent or empty: none can be).
 */
export interface MailSource {
  readonly gmail: GmailReadAccess;
  readonly account: string;
  readonly signal: AbortSignal;
  readonly provenance: ProvenanceTracker;
  readonly workspace?: WorkspaceFolders;
  readonly mailProcessor: MailProcessor;
}
