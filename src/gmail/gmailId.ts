/**
 * What a Gmail message, thread, label or draft id can be: letters, digits, "-" and "_" (the tools' schemas, prompt
 * arguments, message URIs, the arguments of an Undo).
 */
export const GMAIL_ID_PATTERN = /^[A-Za-z0-9_-]{1,128}$/;

/** Ids that arrive with a command (a URI, a tree item) are checked before any request is made with them. */
export function isGmailId(id: unknown): id is string {
  return typeof id === 'string' && GMAIL_ID_PATTERN.test(id);
}
