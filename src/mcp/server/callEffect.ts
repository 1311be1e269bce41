import type { AttachmentKind } from '../../mail/attachments/attachmentKind';
import { oneLine } from '../../text/oneLine';
import { plural } from '../../text/plural';
import type { DeclineReason } from '../../writes/pipeline';

/**
 * What a tool call did, as data: a tool returns one (never words), and the observers (the tool-call tree and the
 * audit log) word it with callEffectSummary. Subjects and file names come from mail: they are data here, and each
 * observer shows the summary through its own rule for untrusted text.
 */
export type CallEffect =
  | { readonly kind: 'listed'; readonly noun: 'message' | 'draft' | 'label'; readonly count: number; readonly more?: boolean }
  | { readonly kind: 'messageRead'; readonly messageId: string; readonly subject: string; readonly fromCharacter?: number }
  | { readonly kind: 'messagesRead'; readonly read: number; readonly asked: number; readonly failed: number; readonly more?: boolean }
  | { readonly kind: 'threadRead'; readonly threadId: string; readonly subject: string; readonly messages: number }
  | { readonly kind: 'draftRead'; readonly draftId: string; readonly subject: string; readonly fromCharacter?: number }
  | { readonly kind: 'attachmentRead'; readonly messageId: string; readonly filename: string; readonly readAs: AttachmentKind }
  | { readonly kind: 'profileRead'; readonly address: string; readonly sendAs?: number }
  | { readonly kind: 'draftSaved'; readonly draftId: string; readonly subject: string; readonly updated?: boolean }
  | { readonly kind: 'draftDeleted'; readonly draftId: string; readonly subject: string }
  | {
      readonly kind: 'sent';
      readonly subject: string;
      readonly recipients: number;
      /** Set when a saved draft was sent. */
      readonly draftId?: string;
      readonly edited?: boolean;
      /** File names of attachments the person removed in the confirmation. */
      readonly droppedAttachments?: readonly string[];
    }
  | { readonly kind: 'trashed' | 'restored'; readonly changed: number; readonly failed: number }
  | { readonly kind: 'labelsChanged'; readonly change: string; readonly changed: number; readonly failed: number }
  /** Undo of a trash or label change, started by the person from the tree. */
  | { readonly kind: 'undone'; readonly changed: number; readonly failed: number }
  | { readonly kind: 'declined'; readonly reason: DeclineReason; readonly nothing: 'sent' | 'changed' | 'saved' | 'deleted' }
  /** The call failed: observers show its error instead. */
  | { readonly kind: 'failed' };

/** A subject or file name inside a summary: one line, and short enough for a tree row's tooltip. */
const MAIL_TEXT_MAX = 200;

/** The one line for people that the tree's result row and the audit log's resultSummary show for a call. */
export function callEffectSummary(effect: CallEffect): string {
  const quoted = (text: string) => `'${oneLine(text, MAIL_TEXT_MAX)}'`;
  const failed = (count: number) => (count ? `, ${count} failed` : '');
  const fromCharacter = (at: number | undefined) => (at ? ` (from character ${at})` : '');
  switch (effect.kind) {
    case 'listed':
      return `${plural(effect.count, effect.noun)}${effect.more ? ' (more available)' : ''}`;
    case 'messageRead':
      return `message ${effect.messageId}: ${quoted(effect.subject)}${fromCharacter(effect.fromCharacter)}`;
    case 'messagesRead':
      return `${effect.read} of ${effect.asked} messages read${failed(effect.failed)}${effect.more ? ' (more to come)' : ''}`;
    case 'threadRead':
      return `thread ${effect.threadId}: ${quoted(effect.subject)} (${plural(effect.messages, 'message')})`;
    case 'draftRead':
      return `draft ${effect.draftId}: ${quoted(effect.subject)}${fromCharacter(effect.fromCharacter)}`;
    case 'attachmentRead':
      return `attachment ${oneLine(effect.filename, MAIL_TEXT_MAX)} of ${effect.messageId} (${effect.readAs === 'other' ? 'not readable as text' : effect.readAs})`;
    case 'profileRead':
      return `profile of ${effect.address}${effect.sendAs === undefined ? '' : `, ${effect.sendAs} send-as address${effect.sendAs === 1 ? '' : 'es'}`}`;
    case 'draftSaved':
      return `draft ${effect.draftId}${effect.updated ? ' updated' : ''}: ${quoted(effect.subject)}`;
    case 'draftDeleted':
      return `draft ${effect.draftId} deleted: ${quoted(effect.subject)}`;
    case 'sent': {
      const dropped = (effect.droppedAttachments ?? []).map((name) => `"${oneLine(name, MAIL_TEXT_MAX)}"`).join(', ');
      const edited = effect.edited ? ` (edited${dropped ? `; attachments removed by the user: ${dropped}` : ''})` : '';
      return `sent ${effect.draftId ? `draft ${effect.draftId} ` : ''}${quoted(effect.subject)} to ${plural(effect.recipients, 'recipient')}${edited}`;
    }
    case 'trashed':
    case 'restored':
      return `${plural(effect.changed, 'message')} ${effect.kind}${failed(effect.failed)}`;
    case 'labelsChanged':
      return `${effect.change}: ${plural(effect.changed, 'message')}${failed(effect.failed)}`;
    case 'undone':
      return `undo: ${effect.changed} changed, ${effect.failed} failed`;
    case 'declined':
      return `${declinedBy(effect.reason)}: nothing ${effect.nothing}`;
    case 'failed':
      return 'failed';
  }
}


function declinedBy(reason: DeclineReason): string {
  if (reason === 'shutdown') return 'not sent (the server stopped in the undo-send window)';
  if (reason === 'undone') return 'cancelled by the user (Undo)';
  return `declined by the user (${reason})`;
}
