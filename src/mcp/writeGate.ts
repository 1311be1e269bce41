import type { ToolCallProgressStatus } from './callObserver';
import type { ConfirmationDecision, ConfirmationRequest, Confirmer, MessageLine, OutgoingMessagePreview } from './confirmer';
import { OutgoingDocumentError, attachmentsLine, parseOutgoingDocument, type OutgoingDocumentFields } from './outgoingDocument';
import { payloadHash, sha256Hex } from './payloadHash';
import type { OutgoingForAssessment, WritePolicy } from './writePolicy';

/** Limits the user sets (settings); the tools' schemas carry only hard caps. */
export interface WriteLimits {
  /** To + Cc + Bcc of one outgoing message (default 20). */
  readonly maxRecipients: number;
  /** The most messages trash_messages / modify_labels may pick by a query (default 25). */
  readonly maxQueryMessages: number;
  /** A change of more messages than this needs the user to type the count (default 25). */
  readonly typedCountThreshold: number;
}

export const DEFAULT_WRITE_LIMITS: WriteLimits = Object.freeze({ maxRecipients: 20, maxQueryMessages: 25, typedCountThreshold: 25 });

export type DeclineReason = Extract<ConfirmationDecision, { approved: false }>['reason'];

export interface Declined {
  readonly approved: false;
  readonly reason: DeclineReason;
}

/** A write the gate would not let through for a reason other than the user's answer (policy, wrong approval, bad edit). */
export class WriteRefusedError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'WriteRefusedError';
  }
}

/** A message ready to go, as bytes and as the user will see it. */
export interface OutgoingCandidate {
  readonly raw: Buffer;
  /** `<id@host>` of the raw message, or undefined when it has none (a draft written elsewhere). */
  readonly messageId: string | undefined;
  readonly preview: OutgoingForAssessment;
}

export interface SendProposal {
  readonly tool: string;
  readonly args: Readonly<Record<string, unknown>>;
  readonly candidate: OutgoingCandidate;
  /** Left side of the diff: the original replied to or forwarded, or empty. */
  readonly originalText: string;
  /** For send_draft: the draft that is sent. */
  readonly draftId?: string;
  /**
   * Builds the message again from the user's edited document (same threading, same attachments). Absent: the
   * message cannot be edited (send_draft sends the draft as it is).
   */
  readonly rebuild?: (fields: OutgoingDocumentFields) => Promise<OutgoingCandidate>;
}

export interface ApprovedSend {
  readonly approved: true;
  /** Exactly what the user approved: the proposal's message, or the one built from their edit. */
  readonly candidate: OutgoingCandidate;
  readonly edited: boolean;
}

export interface ChangeProposal {
  readonly tool: string;
  readonly args: Readonly<Record<string, unknown>>;
  readonly title: string;
  readonly before: readonly MessageLine[];
  readonly after: readonly MessageLine[];
  /** What will execute: ids and label ids, nothing the user cannot see in the lines. */
  readonly payload: Readonly<Record<string, unknown>>;
}

export interface WriteGateDeps {
  readonly account: string;
  readonly confirmer: Confirmer;
  readonly policy: WritePolicy;
  /** A function when the limits follow the user's settings live. */
  readonly limits: WriteLimits | (() => WriteLimits);
}

/** Reports the confirmation's progress to the call's observer. */
export type ProgressReporter = (status: ToolCallProgressStatus) => void;

/**
 * The gate every write goes through: policy check -> the exact payload and its hash -> the Confirmer (the
 * user) -> the approval checked against that hash -> only then the caller writes, and only what was
 * approved. Nothing here writes; a declined or refused call returns or throws before any write.
 */
export class WriteGate {
  constructor(private readonly deps: WriteGateDeps) {}

  get limits(): WriteLimits {
    return typeof this.deps.limits === 'function' ? this.deps.limits() : this.deps.limits;
  }

  /** A write the user does not confirm (drafts stay in the mailbox): the policy may still refuse it. */
  async check(tool: string, args: Readonly<Record<string, unknown>>): Promise<void> {
    const verdict = await this.deps.policy.beforeWrite(tool, args);
    if (!verdict.allowed) throw new WriteRefusedError(verdict.message);
  }

  async confirmSend(proposal: SendProposal, progress: ProgressReporter, signal?: AbortSignal): Promise<ApprovedSend | Declined> {
    await this.check(proposal.tool, proposal.args);
    const { candidate } = proposal;
    const preview = await this.previewOf(candidate, signal);
    const payload = {
      kind: 'send',
      tool: proposal.tool,
      account: this.deps.account,
      draftId: proposal.draftId ?? null,
      threadId: candidate.preview.threadId ?? null,
      messageId: candidate.messageId ?? null,
      rawSha256: sha256Hex(candidate.raw),
      message: {
        from: preview.from,
        to: preview.to,
        cc: preview.cc,
        bcc: preview.bcc,
        subject: preview.subject,
        bodySha256: sha256Hex(preview.body),
        attachments: preview.attachments.map((a) => ({ filename: a.filename, mimeType: a.mimeType, size: a.size })),
        inReplyTo: preview.inReplyTo ?? null,
      },
    };
    const request: ConfirmationRequest = {
      kind: 'send',
      tool: proposal.tool,
      account: this.deps.account,
      originalText: proposal.originalText,
      message: preview,
      payloadHash: payloadHash(payload),
      editable: proposal.rebuild !== undefined,
    };
    const decision = await this.ask(request, progress, signal);
    if (!decision.approved) return decision;

    if (decision.editedDocument === undefined) {
      progress('approved');
      return { approved: true, candidate, edited: false };
    }
    if (!proposal.rebuild) throw new WriteRefusedError('This message cannot be edited before sending (a draft is sent as it is); nothing was sent.');
    const fields = this.readEdit(decision.editedDocument, preview);
    const rebuilt = await proposal.rebuild(fields).catch((error: unknown) => {
      throw new WriteRefusedError(`The edited message is not valid: ${error instanceof Error ? error.message : String(error)}. Nothing was sent.`);
    });
    // The user's own edit still meets the user's own limits (domain lists, recipient count).
    await this.deps.policy.assessOutgoing(rebuilt.preview, signal);
    progress('edited');
    return { approved: true, candidate: rebuilt, edited: true };
  }

  async confirmChange(proposal: ChangeProposal, progress: ProgressReporter, signal?: AbortSignal): Promise<{ readonly approved: true } | Declined> {
    await this.check(proposal.tool, proposal.args);
    const count = proposal.before.length;
    const request: ConfirmationRequest = {
      kind: 'changeMessages',
      tool: proposal.tool,
      account: this.deps.account,
      title: proposal.title,
      before: proposal.before,
      after: proposal.after,
      payloadHash: payloadHash({ kind: 'changeMessages', tool: proposal.tool, account: this.deps.account, ...proposal.payload }),
      ...(count > this.limits.typedCountThreshold ? { typedCountRequired: count } : {}),
    };
    const decision = await this.ask(request, progress, signal);
    if (!decision.approved) return decision;
    if (decision.editedDocument !== undefined) throw new WriteRefusedError('A change of messages cannot be edited; nothing was changed.');
    progress('approved');
    return { approved: true };
  }

  private async previewOf(candidate: OutgoingCandidate, signal: AbortSignal | undefined): Promise<OutgoingMessagePreview> {
    const assessment = await this.deps.policy.assessOutgoing(candidate.preview, signal);
    return { ...candidate.preview, markedRecipients: [...assessment.markedRecipients], untrustedLinks: [...assessment.untrustedLinks] };
  }

  private async ask(request: ConfirmationRequest, progress: ProgressReporter, signal: AbortSignal | undefined): Promise<ConfirmationDecision> {
    progress('awaitingApproval');
    const decision = await this.deps.confirmer.confirm(request, signal);
    if (!decision || typeof decision !== 'object') throw new WriteRefusedError('The confirmation gave no answer; nothing was done.');
    if (decision.approved !== true) return { approved: false, reason: decision.reason ?? 'declined' };
    if (decision.payloadHash !== request.payloadHash) {
      throw new WriteRefusedError('The approval was given for a different payload than this call would execute; nothing was done.');
    }
    return decision;
  }

  /** The user's edit, checked like tool input: From stays the account, attachments unchanged, recipients within the limit. */
  private readEdit(document: string, preview: OutgoingMessagePreview): OutgoingDocumentFields {
    let fields: OutgoingDocumentFields;
    try {
      fields = parseOutgoingDocument(document);
    } catch (error) {
      if (error instanceof OutgoingDocumentError) throw new WriteRefusedError(`The edited message is not valid: ${error.message} Nothing was sent.`);
      throw error;
    }
    if (bare(fields.from) !== this.deps.account.toLowerCase()) {
      throw new WriteRefusedError(`"From:" must stay ${this.deps.account}; nothing was sent.`);
    }
    if (fields.attachmentsLine !== attachmentsLine(preview.attachments)) {
      throw new WriteRefusedError('The attachments cannot be changed in the edited message; nothing was sent.');
    }
    const recipients = fields.to.length + fields.cc.length + fields.bcc.length;
    if (recipients === 0) throw new WriteRefusedError('The edited message has no recipient; nothing was sent.');
    if (recipients > this.limits.maxRecipients) {
      throw new WriteRefusedError(`The edited message has ${recipients} recipients; the limit is ${this.limits.maxRecipients}. Nothing was sent.`);
    }
    return fields;
  }
}

/** The text a declined call returns to the agent. */
export function declinedText(reason: DeclineReason, nothing: 'sent' | 'changed'): string {
  const why = reason === 'timeout' ? ' (the confirmation timed out)' : reason === 'closed' ? ' (the confirmation was closed)' : '';
  return `Declined by the user${why}: nothing was ${nothing}. Do not retry unless the user asks for it.`;
}

function bare(formatted: string): string {
  const match = /<([^<>]+)>\s*$/.exec(formatted);
  return (match ? match[1] : formatted).trim().toLowerCase();
}
