import type { Evidence } from './evidence';

/**
 * The confirmation step of the writes pipeline: the pipeline asks; the user answers through the extension's
 * diff-style confirmation (src/ui/confirmation/confirmDiff.ts). The model has no tool or argument that approves, skips or
 * pre-approves: only a Confirmer decides.
 */

/** The outgoing message exactly as it will be sent (and as the recipient will see it). */
export interface OutgoingMessagePreview {
  readonly from: string;
  readonly to: readonly string[];
  readonly cc: readonly string[];
  readonly bcc: readonly string[];
  readonly subject: string;
  /** The text/plain part; for a markdown body, the markdown the HTML part is rendered from. */
  readonly body: string;
  /** 'markdown': the message also carries an HTML part rendered from `body` (mail/markdownBody). 'html': a message
   *  read back (a draft) whose body is its HTML part, `body` being the text a reader of it sees. */
  readonly bodyFormat?: 'markdown' | 'html';
  /** sha256 (hex) of each attachment's bytes: the confirmation shows its start, the payload hash binds the bytes. */
  readonly attachments: ReadonlyArray<{ readonly filename: string; readonly mimeType: string; readonly size: number; readonly sha256: string }>;
  /** Set for replies: the thread the message joins. */
  readonly threadId?: string;
  readonly inReplyTo?: string;
}

/** One affected message, one line in the diff. */
export interface MessageLine {
  readonly id: string;
  readonly date: string;
  readonly from: string;
  readonly subject: string;
  readonly labels: readonly string[];
}

export type ConfirmationRequest =
  | {
      readonly kind: 'send';
      readonly tool: string;
      readonly account: string;
      /** Where each item of the change came from and what that means: the grade and its reasons (writes/evidence). */
      readonly evidence: Evidence;
      /** Left side of the diff: the message replied to or forwarded, as text; empty for a new message. */
      readonly originalText: string;
      readonly message: OutgoingMessagePreview;
      /** The right side: the outgoing message rendered from the exact bytes that will be sent (writes/sentDocument). */
      readonly document: string;
      /** sha256 of the exact payload that will execute if approved unedited. */
      readonly payloadHash: string;
      /** Whether the user may edit the outgoing message before approving (send_draft: no, the draft is sent as is). */
      readonly editable: boolean;
    }
  | {
      /** An update of a draft the agent did not create: left the draft as it is, right as it will be saved. */
      readonly kind: 'draft';
      readonly tool: string;
      readonly account: string;
      /** Where each item of the change came from and what that means: the grade and its reasons (writes/evidence). */
      readonly evidence: Evidence;
      readonly previousText: string;
      readonly message: OutgoingMessagePreview;
      /** The right side: the draft rendered from the exact bytes that will be saved (writes/sentDocument). */
      readonly document: string;
      readonly payloadHash: string;
    }
  | {
      /** Deleting a draft for good: left the draft, right nothing. */
      readonly kind: 'deleteDraft';
      readonly tool: string;
      readonly account: string;
      /** Where each item of the change came from and what that means: the grade and its reasons (writes/evidence). */
      readonly evidence: Evidence;
      readonly draftId: string;
      readonly subject: string;
      readonly draftText: string;
      readonly payloadHash: string;
    }
  | {
      readonly kind: 'changeMessages';
      readonly tool: string;
      readonly account: string;
      /** Where each item of the change came from and what that means: the grade and its reasons (writes/evidence). */
      readonly evidence: Evidence;
      /** "Move 3 messages to Trash", "Remove label Work from 2 messages". */
      readonly title: string;
      readonly before: readonly MessageLine[];
      readonly after: readonly MessageLine[];
      readonly payloadHash: string;
      /** When set, the user must type this number to approve (bulk changes over the threshold). */
      readonly typedCountRequired?: number;
    };

export type ConfirmationDecision =
  | {
      readonly approved: true;
      /**
       * sha256 of the texts the person was shown and approved, as writes/confirmationText's shownTextSha256 computes
       * it over [left, right] (right: the person's edit when there is one). The pipeline compares it with the texts
       * it renders from what it is about to do: an approval is for exactly what was shown.
       */
      readonly shownTextSha256: string;
      /** For editable sends: the right side as the user left it, when changed (parsed by parseOutgoingDocument). */
      readonly editedDocument?: string;
    }
  | { readonly approved: false; readonly reason: 'declined' | 'closed' | 'timeout' | 'cancelled' };

/** Who started a change: absent for the agent; 'you' when the person started it (the command palette). */
export type ConfirmationOrigin = 'you';

/** A request as the person's UI receives it: the server says when the person, not the agent, started the change. */
export type OriginatedConfirmationRequest = ConfirmationRequest & { readonly origin?: ConfirmationOrigin };

export interface Confirmer {
  confirm(request: ConfirmationRequest, signal?: AbortSignal): Promise<ConfirmationDecision>;
}

/** Without a user to ask, nothing is approved. */
export const DENY_ALL: Confirmer = {
  async confirm() {
    return { approved: false, reason: 'declined' };
  },
};
