import type { LabelRegistry } from './labels';

/** A label change that Gmail would refuse; the route turns it into a 400. */
export class LabelChangeError extends Error {}

/** System labels that only Gmail itself sets: they follow from sending and drafting, not from modify. */
const NOT_SETTABLE = new Set(['DRAFT', 'SENT', 'CHAT']);

export interface LabelChange {
  add: readonly string[];
  remove: readonly string[];
}

/** Checks a modify request's label ids against the mailbox's labels, before anything is changed. */
export function checkLabelChange(labels: LabelRegistry, change: LabelChange): void {
  for (const id of [...change.add, ...change.remove]) {
    if (typeof id !== 'string' || !labels.get(id) || NOT_SETTABLE.has(id)) throw new LabelChangeError(`Invalid label: ${String(id)}`);
  }
  const both = change.add.find((id) => change.remove.includes(id));
  if (both) throw new LabelChangeError(`Cannot add and remove the same label: ${both}`);
  if (change.add.includes('TRASH') && change.add.includes('SPAM')) throw new LabelChangeError('Cannot add both SPAM and TRASH labels');
}

/**
 * The labels after a change. SPAM and TRASH exclude each other (a message is in one bin at most), and marking
 * spam takes the message out of the inbox, as Gmail's "Report spam" does.
 */
export function applyLabelChange(current: ReadonlySet<string>, change: LabelChange): Set<string> {
  const next = new Set(current);
  for (const id of change.remove) next.delete(id);
  for (const id of change.add) next.add(id);
  if (change.add.includes('TRASH')) next.delete('SPAM');
  if (change.add.includes('SPAM')) {
    next.delete('TRASH');
    next.delete('INBOX');
  }
  return next;
}
