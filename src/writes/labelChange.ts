import type { gmail_v1 } from '@googleapis/gmail';
import { ProposalError } from './errors';

/** What modify_labels asks for, in the user's words. */
export interface LabelActions {
  readonly archive?: boolean;
  readonly markRead?: boolean;
  readonly markUnread?: boolean;
  readonly star?: boolean;
  readonly unstar?: boolean;
  readonly addLabels?: readonly string[];
  readonly removeLabels?: readonly string[];
}

export interface ResolvedLabelChange {
  readonly add: readonly string[];
  readonly remove: readonly string[];
  /** "archive, mark read, add label Work". */
  readonly description: string;
}

/** System labels that have their own tools or cannot be set by hand: trash is trash_messages, the rest are Gmail's. */
const NOT_SETTABLE = new Set(['TRASH', 'SPAM', 'DRAFT', 'SENT', 'CHAT']);

/**
 * Label ids from actions and label names or ids (names matched case-insensitively against the account's labels).
 * Contradictions (star and unstar, a label both added and removed) and no-ops are refused.
 */
export function resolveLabelChange(actions: LabelActions, labels: readonly gmail_v1.Schema$Label[]): ResolvedLabelChange {
  const add = new Set<string>();
  const remove = new Set<string>();
  const words: string[] = [];
  if (actions.markRead && actions.markUnread) throw new ProposalError('markRead and markUnread contradict each other.');
  if (actions.star && actions.unstar) throw new ProposalError('star and unstar contradict each other.');
  const flag = (on: boolean | undefined, into: Set<string>, label: string, word: string) => {
    if (!on) return;
    into.add(label);
    words.push(word);
  };
  flag(actions.archive, remove, 'INBOX', 'archive');
  flag(actions.markRead, remove, 'UNREAD', 'mark read');
  flag(actions.markUnread, add, 'UNREAD', 'mark unread');
  flag(actions.star, add, 'STARRED', 'star');
  flag(actions.unstar, remove, 'STARRED', 'unstar');
  const byId = new Map(labels.filter((l) => l.id).map((l) => [l.id as string, l]));
  const byName = new Map(labels.filter((l) => l.id && l.name).map((l) => [(l.name as string).toLowerCase(), l]));
  const resolve = (nameOrId: string): gmail_v1.Schema$Label => {
    const label = byId.get(nameOrId) ?? byName.get(nameOrId.toLowerCase());
    if (!label) {
      const known = labels.filter((l) => l.type === 'user').map((l) => `"${l.name}"`).slice(0, 30).join(', ');
      throw new ProposalError(`No label "${nameOrId}" in this mailbox (user labels: ${known || 'none'}). Labels are not created here.`);
    }
    if (NOT_SETTABLE.has(label.id as string)) {
      throw new ProposalError(`The label ${label.id} cannot be changed with modify_labels${label.id === 'TRASH' ? ' (use trash_messages / untrash_messages)' : ''}.`);
    }
    return label;
  };
  for (const name of actions.addLabels ?? []) {
    const label = resolve(name);
    add.add(label.id as string);
    words.push(`add label ${label.name ?? label.id}`);
  }
  for (const name of actions.removeLabels ?? []) {
    const label = resolve(name);
    remove.add(label.id as string);
    words.push(`remove label ${label.name ?? label.id}`);
  }
  const both = [...add].filter((id) => remove.has(id));
  if (both.length) throw new ProposalError(`The label${both.length === 1 ? '' : 's'} ${both.join(', ')} would be both added and removed.`);
  if (add.size === 0 && remove.size === 0) throw new ProposalError('Nothing to change: give archive, markRead, markUnread, star, unstar, addLabels or removeLabels.');
  return { add: [...add].sort(), remove: [...remove].sort(), description: words.join(', ') };
}

/** A message's labels after the change. */
export function labelsAfter(labelIds: readonly string[], change: Pick<ResolvedLabelChange, 'add' | 'remove'>): string[] {
  const next = labelIds.filter((l) => !change.remove.includes(l));
  for (const l of change.add) if (!next.includes(l)) next.push(l);
  return next;
}

export interface InverseLabelChange {
  readonly ids: readonly string[];
  readonly addLabelIds: readonly string[];
  readonly removeLabelIds: readonly string[];
}

/**
 * The exact inverse per message: only labels the change really added are removed again, and only labels it
 * really removed come back (a message that was already starred stays starred on undo). Messages needing the
 * same inverse are grouped.
 */
export function inverseLabelChanges(
  messages: ReadonlyArray<{ readonly id: string; readonly labelIds: readonly string[] }>,
  change: Pick<ResolvedLabelChange, 'add' | 'remove'>,
): InverseLabelChange[] {
  const groups = new Map<string, { ids: string[]; addLabelIds: string[]; removeLabelIds: string[] }>();
  for (const m of messages) {
    const added = change.add.filter((l) => !m.labelIds.includes(l));
    const removed = change.remove.filter((l) => m.labelIds.includes(l));
    if (added.length === 0 && removed.length === 0) continue;
    const key = `${removed.join(',')}|${added.join(',')}`;
    const group = groups.get(key) ?? { ids: [], addLabelIds: removed, removeLabelIds: added };
    group.ids.push(m.id);
    groups.set(key, group);
  }
  return [...groups.values()];
}
