import { errors } from './apiErrors';
import { metadataOnly } from './methodScopes';
import { booleanParam } from './queryParams';
import { MESSAGE_FORMATS, type MessageFormat } from './messageResource';
import type { GmailCall } from './gmailRoute';

/** format (default full) and metadataHeaders of messages.get / threads.get; gmail.metadata may not see bodies. */
export function readFormat(call: GmailCall, allowed: readonly MessageFormat[] = MESSAGE_FORMATS): { format: MessageFormat; metadataHeaders: string[] } {
  const q = call.ctx.url.searchParams;
  const value = (q.get('format') ?? 'full').toLowerCase();
  const format = allowed.find((f) => f === value);
  if (!format) throw errors.invalidArgument(`Invalid value at 'format' (type.googleapis.com/gmail.users.messages.get.Format), "${q.get('format')}"`);
  if (metadataOnly(call.scopes) && (format === 'full' || format === 'raw')) {
    throw errors.badRequest(`Metadata scope doesn't allow format ${format.toUpperCase()}`);
  }
  return { format, metadataHeaders: q.getAll('metadataHeaders') };
}

export function readListFilter(call: GmailCall): { q: string | undefined; labelIds: string[]; includeSpamTrash: boolean } {
  const params = call.ctx.url.searchParams;
  const q = params.get('q') ?? undefined;
  if (q && metadataOnly(call.scopes)) throw errors.badRequest("Metadata scope does not support 'q' parameter");
  const labelIds = params.getAll('labelIds').flatMap((v) => v.split(',')).filter(Boolean);
  for (const id of labelIds) if (!call.mailbox.labels.get(id)) throw errors.invalidArgument(`Invalid label: ${id}`);
  return { q, labelIds, includeSpamTrash: booleanParam(params, 'includeSpamTrash') };
}
