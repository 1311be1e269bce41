import type { GmailMethod } from '../quota/quotaUnits';

const S = 'https://www.googleapis.com/auth/gmail.';
const FULL = 'https://mail.google.com/';

/*
 * Scopes that allow each read method, as Google's reference lists them: readonly and modify read mail;
 * gmail.compose reads only the profile (and drafts); gmail.send alone allows none. gmail.metadata allows
 * reads without bodies (checked in the routes: no format=full/raw and no q).
 */
const READ = [FULL, `${S}readonly`, `${S}modify`, `${S}metadata`];

/*
 * Write methods, from the reference pages: sending needs gmail.send, compose or modify; drafts need compose or
 * modify (reading drafts also readonly); labels on messages need modify; permanent deletion needs full access
 * (https://mail.google.com/), which our app never asks for.
 */
const SEND = [FULL, `${S}modify`, `${S}compose`, `${S}send`];
const DRAFTS = [FULL, `${S}modify`, `${S}compose`];
const DRAFTS_READ = [...DRAFTS, `${S}readonly`];
const ORGANIZE = [FULL, `${S}modify`];
const DELETE = [FULL];

export const METHOD_SCOPES: Partial<Record<GmailMethod, readonly string[]>> = {
  getProfile: [...READ, `${S}compose`],
  'messages.list': READ,
  'messages.get': READ,
  'messages.attachments.get': [FULL, `${S}readonly`, `${S}modify`],
  'threads.list': READ,
  'threads.get': READ,
  'labels.list': [...READ, `${S}labels`],
  'labels.get': [...READ, `${S}labels`],
  'messages.send': SEND,
  'drafts.create': DRAFTS,
  'drafts.update': DRAFTS,
  'drafts.delete': DRAFTS,
  'drafts.send': DRAFTS,
  'drafts.get': DRAFTS_READ,
  'drafts.list': DRAFTS_READ,
  'messages.modify': ORGANIZE,
  'messages.trash': ORGANIZE,
  'messages.untrash': ORGANIZE,
  'messages.batchModify': ORGANIZE,
  'threads.modify': ORGANIZE,
  'threads.trash': ORGANIZE,
  'threads.untrash': ORGANIZE,
  // users.settings.sendAs.list: readable with the read scopes and settings.basic (which we never ask for).
  'settings.sendAs.list': [FULL, `${S}readonly`, `${S}modify`, `${S}settings.basic`],
  'messages.delete': DELETE,
  'messages.batchDelete': DELETE,
  'threads.delete': DELETE,
};

export const METADATA_SCOPE = `${S}metadata`;

/** True when the token's only read access is gmail.metadata (no bodies, no search). */
export function metadataOnly(scopes: readonly string[]): boolean {
  return scopes.includes(METADATA_SCOPE) && !scopes.some((s) => READ.includes(s) && s !== METADATA_SCOPE);
}

/** Google's internal method names, as they appear in ACCESS_TOKEN_SCOPE_INSUFFICIENT error details. */
export function rpcMethodName(method: GmailMethod): string {
  const [resource, verb] = method.includes('.') ? method.split('.').slice(-2) : ['users', method];
  const pascal = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);
  return `caribou.api.proto.MailboxService.${pascal(verb)}${resource === 'users' ? '' : pascal(resource.replace(/s$/, ''))}`;
}
