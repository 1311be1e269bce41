import type { MessageSummary } from '../gmail/client';
import type { LabelNamer } from '../mail/render';
import type { OutgoingEdit } from './outgoingDocument';
import type { OutgoingMessagePreview } from './confirmer';

/**
 * What a tool that changes the mailbox hands to the writes pipeline: one typed proposal carrying exactly what
 * would execute (the final recipients and message bytes, or the messages actually selected). The pipeline
 * decides from the kind and these values, never from the tool's name or raw arguments.
 */
export type WriteProposal = SendProposal | DraftProposal | DraftDeletionProposal | ChangeProposal;

export type WriteKind = WriteProposal['kind'];

/** A message ready to go, as bytes and as the user will see it. */
export interface OutgoingCandidate {
  readonly raw: Buffer;
  /** `<id@host>` of the raw message, or undefined when it has none (a draft written elsewhere). */
  readonly messageId: string | undefined;
  /** The final headers and body of `raw`: the recipients here are the ones the policy checks. */
  readonly preview: OutgoingMessagePreview;
}

/** The message replied to or forwarded, for the diff's left side and the Reply-To mark. */
export interface OriginalMessage {
  readonly text: string;
  /** Recipients the reply goes to only because of the original's Reply-To (differing from its From). */
  readonly replyToRedirect: readonly string[];
  /** For the evidence (writes/evidenceAssessor): which message, replied to or forwarded, and its people. */
  readonly messageId?: string;
  readonly threadId?: string;
  readonly use?: 'reply' | 'forward';
  /** Its sender (a reply to it is never warned) and its From, To and Cc (the thread's people). */
  readonly sender?: string;
  readonly correspondents?: readonly string[];
}

export interface SendProposal {
  readonly kind: 'send';
  /** For the confirmation's title and the records only. */
  readonly tool: string;
  readonly message: OutgoingCandidate;
  readonly original?: OriginalMessage;
  /** Sends this draft (drafts.send with exactly `message`'s bytes). */
  readonly draftId?: string;
  /** Builds the message again from the user's edit; absent: it cannot be edited (a draft is sent as it is). */
  rebuild?(edit: OutgoingEdit): Promise<OutgoingCandidate>;
}

export interface DraftProposal {
  readonly kind: 'draft';
  readonly tool: string;
  readonly message: OutgoingCandidate;
  /** A reply draft: the message replied to (its people are the thread's). */
  readonly original?: OriginalMessage;
  /** For an update: the draft as it is now. Absent: a new draft. */
  readonly existing?: { readonly draftId: string; readonly message: OutgoingCandidate };
}

/** Deleting a draft: permanent (Gmail's drafts have no trash), so it has no Undo. */
export interface DraftDeletionProposal {
  readonly kind: 'deleteDraft';
  readonly tool: string;
  readonly draftId: string;
  /** The draft as it is now: the diff's left side. */
  readonly message: OutgoingCandidate;
}

export type ChangeAction =
  | { readonly type: 'trash' }
  | { readonly type: 'untrash' }
  | { readonly type: 'labels'; readonly add: readonly string[]; readonly remove: readonly string[]; readonly description: string };

export interface ChangeProposal {
  readonly kind: 'change';
  readonly tool: string;
  readonly action: ChangeAction;
  /** The messages actually selected (by ids, query or thread), with their labels now. */
  readonly selected: readonly MessageSummary[];
  /** "Move 3 messages to Trash". */
  readonly title: string;
  /** Label names for the diff's lines. */
  readonly labelName: LabelNamer;
}
