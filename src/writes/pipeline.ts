import type { BulkChangeResult, DraftRef, GmailWriter, SendResult } from '../gmail/client';
import type { UserLimits, UserLimitSettings, SendReservation } from '../guard/userLimits';
import type { ProvenanceTracker } from '../guard/provenance';
import type { MailProcessor } from '../mail/processing/mailProcessor';
import { bareAddress } from '../guard/addresses';
import { GmailApiError } from '../gmail/errors';
import { isAccessRevoked } from '../gmail/tokenSource';
import type { ConfirmationDecision, ConfirmationRequest, Confirmer, MessageLine, OutgoingMessagePreview } from './confirmer';
import { WriteRefusedError } from './errors';
import { inverseLabelChanges, labelsAfter } from './labelChange';
import { messageLine } from './messageSelection';
import { OutgoingDocumentError, attachmentEntry, formatLine, parseOutgoingDocument, renderOutgoingDocument, type OutgoingEdit } from './outgoingDocument';
import { confirmationTexts, shownTextSha256 } from './confirmationText';
import { payloadHash, sha256Hex } from './payloadHash';
import { readSentMessage, sentDocumentText, type SentDocumentOptions, type SentMessageView } from './sentDocument';
import type { ChangeProposal, DraftDeletionProposal, DraftProposal, OutgoingCandidate, SendProposal, WriteKind, WriteProposal } from './proposal';
import type { Evidence } from './evidence';
import { assessChangeEvidence, assessOutgoingEvidence, type OriginalForEvidence, type WrittenToHistory } from './evidenceAssessor';
import { readUndo, type WriteUndo } from './undo';
import type { UndoSendWindow } from './undoSend';

export type DeclineReason = Extract<ConfirmationDecision, { approved: false }>['reason'] | 'undone' | 'shutdown';

export interface Declined {
  readonly status: 'declined';
  readonly reason: DeclineReason;
}

export interface Sent {
  readonly status: 'sent';
  readonly sent: SendResult;
  /** What went out: the proposal's message, or the one built from the user's edit. */
  readonly message: OutgoingCandidate;
  readonly edited: boolean;
  /** Attachments the user removed in the confirmation (their filenames): proposed, not sent. */
  readonly droppedAttachments: readonly string[];
}

export interface SavedDraft {
  readonly status: 'saved';
  readonly draft: DraftRef;
  /** The user approved the update in the diff (a draft the agent did not create). */
  readonly confirmed: boolean;
}

export interface DeletedDraft {
  readonly status: 'deleted';
  readonly draftId: string;
}

export interface Changed {
  readonly status: 'changed';
  readonly result: BulkChangeResult;
  /** The call that reverses what was done, for the tree view's Undo. */
  readonly undo?: WriteUndo;
}

export interface WriteOutcomes {
  readonly send: Sent;
  readonly draft: SavedDraft;
  readonly deleteDraft: DeletedDraft;
  readonly change: Changed;
}

export type WriteOutcome<P extends WriteProposal> = WriteOutcomes[P['kind']] | Declined;

/** How far a write got, for the call's observer: the confirmation opened, was answered, the send waits for Undo. */
export type WriteProgress =
  | { readonly status: 'approved' | 'edited' }
  /** What the confirmation is about, so the call's row can name it while it waits (subject and recipients). */
  | { readonly status: 'awaitingApproval'; readonly subject?: string; readonly recipients?: readonly string[] }
  | { readonly status: 'waitingToSend'; readonly pendingSendId?: string; readonly sendsAt: number };

export type ProgressReporter = (progress: WriteProgress) => void;

/** The one road a write takes; tools get this and a read-only Gmail, never Gmail's write methods. */
export interface WriteAccess {
  propose<P extends WriteProposal>(proposal: P, progress: ProgressReporter, signal?: AbortSignal): Promise<WriteOutcome<P>>;
}

export interface WritePipelineDeps {
  readonly account: string;
  /** The only holder of Gmail's write methods. */
  readonly gmail: GmailWriter;
  readonly confirmer: Confirmer;
  /** The user's limits (one type, from the settings) and the send-rate window; shared by the account's sessions. */
  readonly limits: UserLimits;
  /** Addresses and links seen in mail of this account's sessions. */
  readonly provenance: ProvenanceTracker;
  /** Whom the account has written to (writes/recipientMarks' SentHistory), for the evidence; without it nobody is a
   *  known correspondent. */
  readonly sentHistory?: WrittenToHistory;
  readonly undoSend: UndoSendWindow;
  /** Drafts the agent created since the server started (shared by the account's sessions). */
  readonly agentDrafts: Set<string>;
  /** Parses the message bytes the confirmation is rendered from (off the extension host's thread in production). */
  readonly mailProcessor: MailProcessor;
  /** Aborted when the server this pipeline serves begins to stop: from then on nothing is sent, held or not. */
  readonly shutdown?: AbortSignal;
  /** The call this pipeline serves, for the undo-send list (set per call). */
  readonly callId?: string;
}

/**
 * The pipeline every change to the mailbox goes through, in this order: policy (the user's limits on the final
 * recipients or the messages actually selected; a send takes its slot of the hourly rate here) -> confirmation
 * (the Confirmer, i.e. the person) -> the approval checked against the hash of the exact payload -> for a send,
 * the undo-send window -> execution through Gmail -> the record for Undo. Nothing writes before the steps
 * before it passed; a declined, refused or undone write returns or throws with nothing written.
 */
export class WritePipeline implements WriteAccess {
  constructor(private readonly deps: WritePipelineDeps) {}

  /** A pipeline for one call: the same account state, the call's id on what it holds for Undo. */
  forCall(callId: string): WritePipeline {
    return new WritePipeline({ ...this.deps, callId });
  }

  /** Only the given kinds pass (a tool's declared proposals); anything else is refused before any step. */
  restrictedTo(kinds: readonly WriteKind[], tool: string): WriteAccess {
    return {
      propose: (proposal, progress, signal) => {
        if (!kinds.includes(proposal.kind)) {
          return Promise.reject(new WriteRefusedError(`${tool} declared no ${proposal.kind} proposals, so it cannot make one; nothing was done.`));
        }
        return this.propose(proposal, progress, signal);
      },
    };
  }

  async propose<P extends WriteProposal>(proposal: P, progress: ProgressReporter, signal?: AbortSignal): Promise<WriteOutcome<P>> {
    const p: WriteProposal = proposal;
    switch (p.kind) {
      case 'send':
        return (await this.send(p, progress, signal)) as WriteOutcome<P>;
      case 'draft':
        return (await this.draft(p, progress, signal)) as WriteOutcome<P>;
      case 'deleteDraft':
        return (await this.deleteDraft(p, progress, signal)) as WriteOutcome<P>;
      case 'change':
        return (await this.change(p, progress, signal)) as WriteOutcome<P>;
    }
  }

  private get settings(): UserLimitSettings {
    return this.deps.limits.settings;
  }

  private async send(proposal: SendProposal, progress: ProgressReporter, signal: AbortSignal | undefined): Promise<Sent | Declined> {
    this.checkRecipients(proposal.message, 'sent');
    const reservation = this.deps.limits.reserveSend();
    if (!reservation.allowed) throw new WriteRefusedError(reservation.message);
    let handedOver = false;
    try {
      const originalText = proposal.original?.text ?? '';
      const proposedAttachments = proposal.message.preview.attachments;
      let message = proposal.message;
      // Which of the proposal's attachments the current message carries (rebuild takes indexes into the proposal's).
      let carried = proposedAttachments.map((_, i) => i);
      let notes: string[] = [];
      let edited = false;
      let approval: ShownApproval | undefined;
      for (let round = 1; approval === undefined; round++) {
        const preview = message.preview;
        const shown = await this.shown(message, notes, signal);
        const request: ConfirmationRequest = {
          kind: 'send',
          tool: proposal.tool,
          account: this.deps.account,
          evidence: await this.outgoingEvidence(message, proposal.original, signal),
          originalText,
          message: preview,
          document: shown.document,
          payloadHash: payloadHash(sendPayload(this.deps.account, proposal, message, preview)),
          editable: proposal.rebuild !== undefined,
        };
        const decision = await this.ask(request, progress, signal);
        if (!decision.approved) return declined(decision.reason);
        if (decision.editedDocument === undefined) {
          approval = { left: originalText, options: shown.options, shownTextSha256: decision.shownTextSha256 };
          break;
        }
        if (!proposal.rebuild) throw new WriteRefusedError('This message cannot be edited before sending (a draft is sent as it is); nothing was sent.');
        if (round >= MAX_CONFIRMATION_ROUNDS) {
          throw new WriteRefusedError(`The message was changed in ${round} confirmations in a row and never approved as it would be sent; nothing was sent.`);
        }
        const edit = this.readEdit(decision.editedDocument, shown.view);
        carried = edit.keptAttachments.map((i) => carried[i]);
        message = await proposal.rebuild({ ...edit, keptAttachments: carried }).catch((error: unknown) => {
          throw new WriteRefusedError(`The edited message is not valid: ${error instanceof Error ? error.message : String(error)}. Nothing was sent.`);
        });
        // The user's own edit still meets the user's own limits (domain lists, recipient count).
        this.checkRecipients(message, 'sent');
        edited = true;
        // An edit is confirmed again as the bytes rebuilt from it render: a tool that can write into open editors
        // could have made it, and the text rebuilt must be read as it will be sent.
        notes = [EDITED_NOTE];
      }
      const kept = new Set(carried);
      const droppedAttachments = proposedAttachments.filter((_, i) => !kept.has(i)).map((a) => a.filename);
      progress({ status: edited ? 'edited' : 'approved' });

      if (this.shutdownBegan()) return declined('shutdown');
      const held = await this.hold(message, progress, signal);
      if (held !== 'send') return declined(held);
      await this.checkShownIsSent(message.raw, approval, signal);
      // Right before Gmail, with nothing awaited after it: a server that began to stop sends nothing more.
      if (this.shutdownBegan()) return declined('shutdown');
      handedOver = true;
      const raw = { raw: message.raw, messageId: message.messageId, threadId: message.preview.threadId };
      const sent = proposal.draftId ? await this.deps.gmail.sendDraft(proposal.draftId, raw, { signal }) : await this.deps.gmail.sendMessage(raw, { signal });
      return { status: 'sent', sent, message, edited, droppedAttachments };
    } catch (error) {
      // A send Gmail may have taken keeps its slot: an ambiguous failure could still have gone out.
      if (!handedOver || !mayHaveBeenSent(error)) releaseSlot(reservation);
      throw error;
    } finally {
      if (!handedOver) releaseSlot(reservation);
    }
  }

  /** The document for a message's bytes, with the links of its HTML part that came from mail marked. */
  private async shown(message: OutgoingCandidate, notes: readonly string[], signal: AbortSignal | undefined): Promise<ShownMessage> {
    const view = await readSentMessage(message.raw, this.deps.mailProcessor, signal);
    const fromMail = new Set(view.references.map((r) => r.target).filter((target) => this.deps.provenance.urlsFromUntrusted(target).length > 0));
    const options: ShownOptions = { account: this.deps.account, fromMail, notes };
    return { view, options, document: sentDocumentText(view, options) };
  }

  /** The bytes about to go render to exactly the text the person approved, or nothing is sent. */
  private async checkShownIsSent(raw: Buffer, approval: ShownApproval, signal: AbortSignal | undefined): Promise<void> {
    const again = sentDocumentText(await readSentMessage(raw, this.deps.mailProcessor, signal), approval.options);
    if (shownTextSha256({ left: approval.left, right: again }) !== approval.shownTextSha256) {
      throw new WriteRefusedError('The message about to be sent does not read as the one you approved; nothing was sent.');
    }
  }

  /** The server this pipeline serves began to stop, or VS Code is closing. */
  private shutdownBegan(): boolean {
    return this.deps.shutdown?.aborted === true || this.deps.undoSend.closed;
  }


  /**
   * A draft is saved without asking when nothing in it is danger and it is new or the agent's own, untouched since
   * (the person may send a draft from Gmail later, so a draft with danger evidence is confirmed like a send). An
   * update of a draft the person wrote, or edited in Gmail since the agent saved it (any field, the subject
   * included), opens the diff whenever it changes anything.
   */
  private async draft(proposal: DraftProposal, progress: ProgressReporter, signal: AbortSignal | undefined): Promise<SavedDraft | Declined> {
    this.checkRecipients(proposal.message, 'saved');
    const { existing } = proposal;
    let confirmed = false;
    // An update keeps the draft's own people: they were assessed when it was saved (or chosen by the person).
    const original: OriginalForEvidence | undefined =
      proposal.original ??
      (existing ? { threadId: existing.message.preview.threadId, correspondents: [...existing.message.preview.to, ...existing.message.preview.cc, ...existing.message.preview.bcc].map(bareAddress) } : undefined);
    const evidence = await this.outgoingEvidence(proposal.message, original, signal);
    const versions = agentDraftVersions(this.deps.agentDrafts);
    const personsDraft =
      existing !== undefined && (!this.deps.agentDrafts.has(existing.draftId) || versions.get(existing.draftId) !== draftFingerprint(existing.message));
    const changes = existing === undefined || draftFingerprint(existing.message) !== draftFingerprint(proposal.message);
    if (evidence.grade === 'danger' || (personsDraft && changes)) {
      const request: ConfirmationRequest = {
        kind: 'draft',
        tool: proposal.tool,
        account: this.deps.account,
        evidence,
        previousText: existing ? renderOutgoingDocument({ ...existing.message.preview }, this.deps.account) : '',
        message: proposal.message.preview,
        document: (await this.shown(proposal.message, [], signal)).document,
        payloadHash: payloadHash({ kind: 'draft', account: this.deps.account, draftId: existing?.draftId ?? null, rawSha256: sha256Hex(proposal.message.raw) }),
      };
      const decision = await this.ask(request, progress, signal);
      if (!decision.approved) return declined(decision.reason);
      if (decision.editedDocument !== undefined) throw new WriteRefusedError('A draft cannot be edited in the confirmation; nothing was saved.');
      progress({ status: 'approved' });
      confirmed = true;
    }
    const raw = { raw: proposal.message.raw, messageId: proposal.message.messageId, threadId: proposal.message.preview.threadId };
    const draft = existing ? await this.deps.gmail.updateDraft(existing.draftId, raw, { signal }) : await this.deps.gmail.createDraft(raw, { signal });
    // Remembered as the agent's only while nobody else touched it: the person's draft stays the person's.
    if (!personsDraft) {
      this.deps.agentDrafts.add(draft.id);
      versions.set(draft.id, draftFingerprint(proposal.message));
    }
    return { status: 'saved', draft, confirmed };
  }

  /** Always confirmed, whoever wrote the draft: the delete cannot be undone. */
  private async deleteDraft(proposal: DraftDeletionProposal, progress: ProgressReporter, signal: AbortSignal | undefined): Promise<DeletedDraft | Declined> {
    const { draftId, message } = proposal;
    const request: ConfirmationRequest = {
      kind: 'deleteDraft',
      tool: proposal.tool,
      account: this.deps.account,
      evidence: await this.outgoingEvidence(message, undefined, signal),
      draftId,
      subject: message.preview.subject,
      draftText: renderOutgoingDocument({ ...message.preview }, this.deps.account),
      payloadHash: payloadHash({ kind: 'deleteDraft', account: this.deps.account, draftId, rawSha256: sha256Hex(message.raw) }),
    };
    const decision = await this.ask(request, progress, signal);
    if (!decision.approved) return declined(decision.reason);
    if (decision.editedDocument !== undefined) throw new WriteRefusedError('A draft deletion cannot be edited; nothing was deleted.');
    progress({ status: 'approved' });
    await this.deps.gmail.deleteDraft(draftId, { signal });
    this.deps.agentDrafts.delete(draftId);
    return { status: 'deleted', draftId };
  }

  private async change(proposal: ChangeProposal, progress: ProgressReporter, signal: AbortSignal | undefined): Promise<Changed | Declined> {
    const { action, selected, labelName } = proposal;
    const ids = [...new Set(selected.map((m) => m.id))];
    const counted = this.deps.limits.checkChangeCount(ids.length);
    if (!counted.allowed) throw new WriteRefusedError(counted.message);
    if (ids.length === 0) throw new WriteRefusedError('The selection holds no messages; nothing was changed.');
    const after = (labels: readonly string[]): readonly string[] | undefined =>
      action.type === 'trash' ? undefined : action.type === 'untrash' ? labels.filter((l) => l !== 'TRASH') : labelsAfter(labels, action);
    const before: MessageLine[] = selected.map((m) => messageLine(m, m.labelIds, labelName));
    const afterLines: MessageLine[] = selected.flatMap((m) => {
      const next = after(m.labelIds);
      return next ? [messageLine(m, next, labelName)] : [];
    });
    const payload = {
      kind: 'changeMessages',
      account: this.deps.account,
      action: action.type,
      ids: [...ids].sort(),
      ...(action.type === 'labels' ? { add: [...action.add], remove: [...action.remove] } : {}),
    };
    const threshold = this.settings.typedCountThreshold;
    const evidence = assessChangeEvidence(
      { account: this.deps.account, provenance: this.deps.provenance },
      { action: action.type, removes: action.type === 'labels' ? action.remove : [], selected: before, bulk: ids.length > threshold },
    );
    const request: ConfirmationRequest = {
      kind: 'changeMessages',
      tool: proposal.tool,
      account: this.deps.account,
      evidence,
      title: proposal.title,
      before,
      after: afterLines,
      payloadHash: payloadHash(payload),
      ...(ids.length > threshold ? { typedCountRequired: ids.length } : {}),
    };
    const decision = await this.ask(request, progress, signal);
    if (!decision.approved) return declined(decision.reason);
    if (decision.editedDocument !== undefined) throw new WriteRefusedError('A change of messages cannot be edited; nothing was changed.');
    progress({ status: 'approved' });

    const gmail = this.deps.gmail;
    if (action.type === 'trash') {
      const result = await gmail.trashMessages(ids, { signal });
      return { status: 'changed', result, ...(result.changed.length ? { undo: { tool: 'untrash_messages', args: { ids: [...result.changed] } } } : {}) };
    }
    if (action.type === 'untrash') return { status: 'changed', result: await gmail.untrashMessages(ids, { signal }) };
    const result = await gmail.modifyMessages(ids, action.add, action.remove, { signal });
    const done = new Set(result.changed);
    const inverse = inverseLabelChanges(selected.filter((m) => done.has(m.id)), action);
    return { status: 'changed', result, ...(inverse.length ? { undo: { tool: 'modify_labels', args: { changes: inverse } } } : {}) };
  }

  /**
   * The person's Undo of a finished trash or label change: no confirmation (the person asked for it), but the same
   * road as every change: arguments checked, the user's limits on how many messages one change may touch, nothing
   * after the server began to stop, and the outcome returned for the records and the audit log.
   */
  async undo(undo: WriteUndo, signal?: AbortSignal): Promise<Changed> {
    const changes = readUndo(undo);
    const ids = changes.action === 'untrash' ? [...changes.ids] : changes.changes.flatMap((c) => c.ids);
    const counted = this.deps.limits.checkChangeCount(new Set(ids).size);
    if (!counted.allowed) throw new WriteRefusedError(counted.message);
    if (this.shutdownBegan()) throw new WriteRefusedError('The Gmail server is stopping; nothing was undone.');
    const gmail = this.deps.gmail;
    if (changes.action === 'untrash') return { status: 'changed', result: await gmail.untrashMessages(changes.ids, { signal }) };
    const changed: string[] = [];
    const failed: Array<{ id: string; error: string }> = [];
    for (const c of changes.changes) {
      const r = await gmail.modifyMessages(c.ids, c.addLabelIds, c.removeLabelIds, { signal });
      changed.push(...r.changed);
      failed.push(...r.failed);
    }
    return { status: 'changed', result: { changed, failed } };
  }

  /** The one recipient check, on the final message: domain lists and the cap, by the user's settings. */
  private checkRecipients(message: OutgoingCandidate, what: 'sent' | 'saved'): void {
    const { to, cc, bcc } = message.preview;
    const verdict = this.deps.limits.checkRecipients([...to, ...cc, ...bcc], what);
    if (!verdict.allowed) throw new WriteRefusedError(verdict.message);
  }

  /** The evidence of an outgoing message (writes/evidenceAssessor), with the account's Sent history when there is one. */
  private outgoingEvidence(message: OutgoingCandidate, original: OriginalForEvidence | undefined, signal: AbortSignal | undefined): Promise<Evidence> {
    return assessOutgoingEvidence({ account: this.deps.account, provenance: this.deps.provenance, history: this.deps.sentHistory, signal }, message.preview, original);
  }

  private async hold(message: OutgoingCandidate, progress: ProgressReporter, signal: AbortSignal | undefined) {
    const seconds = this.settings.undoSendSeconds;
    if (!(seconds > 0)) return 'send' as const;
    const { to, cc, bcc, subject } = message.preview;
    const undoSend = this.deps.undoSend;
    const before = new Set(undoSend.pending().map((p) => p.id));
    const outcome = undoSend.hold({ account: this.deps.account, callId: this.deps.callId, subject, recipients: [...to, ...cc, ...bcc] }, seconds, signal);
    const pending = undoSend.pending().find((p) => !before.has(p.id));
    if (pending) progress({ status: 'waitingToSend', pendingSendId: pending.id, sendsAt: pending.sendsAt });
    return outcome;
  }

  private async ask(request: ConfirmationRequest, progress: ProgressReporter, signal: AbortSignal | undefined): Promise<ConfirmationDecision> {
    progress({ status: 'awaitingApproval', ...awaitingWhat(request) });
    const decision = await this.deps.confirmer.confirm(request, signal);
    if (!decision || typeof decision !== 'object') throw new WriteRefusedError('The confirmation gave no answer; nothing was done.');
    if (decision.approved !== true) return { approved: false, reason: decision.reason ?? 'declined' };
    const texts = confirmationTexts(request);
    const shown = shownTextSha256({ left: texts.left, right: decision.editedDocument ?? texts.right });
    if (typeof decision.shownTextSha256 !== 'string' || decision.shownTextSha256 !== shown) {
      throw new WriteRefusedError('The approval was given for other text than this confirmation showed; nothing was done.');
    }
    return decision;
  }

  /**
   * The user's edit, checked like tool input: From and Format stay as proposed, and the attachment lines left must
   * each be one of the proposed ones (a deleted line drops that attachment; nothing can be added or changed).
   */
  private readEdit(document: string, preview: SentMessageView): OutgoingEdit {
    let fields: ReturnType<typeof parseOutgoingDocument>;
    try {
      fields = parseOutgoingDocument(document);
    } catch (error) {
      if (error instanceof OutgoingDocumentError) throw new WriteRefusedError(`The edited message is not valid: ${error.message} Nothing was sent.`);
      throw error;
    }
    const from = preview.from.address.toLowerCase();
    if (bareAddress(fields.from) !== from) {
      throw new WriteRefusedError(`"From:" must stay ${from}; nothing was sent.`);
    }
    const proposedFormat = formatLine(preview.bodyFormat);
    if (fields.format !== proposedFormat) {
      throw new WriteRefusedError(`The "Format:" line cannot be ${proposedFormat === undefined ? 'added' : 'changed or removed'} in the edited message; nothing was sent.`);
    }
    const entries = preview.attachments.map(attachmentEntry);
    const keptAttachments: number[] = [];
    for (const line of fields.attachments) {
      const index = entries.findIndex((entry, i) => entry === line && !keptAttachments.includes(i));
      if (index < 0) {
        throw new WriteRefusedError(
          `"${line.slice(0, 120)}" under "Attachments:" is not one of the proposed attachments: an attachment can be removed (delete its line) but not added or changed; nothing was sent.`,
        );
      }
      keptAttachments.push(index);
    }
    if (fields.to.length + fields.cc.length + fields.bcc.length === 0) throw new WriteRefusedError('The edited message has no recipient; nothing was sent.');
    return { from: fields.from, to: fields.to, cc: fields.cc, bcc: fields.bcc, subject: fields.subject, body: fields.body, keptAttachments: keptAttachments.sort((a, b) => a - b) };
  }
}

/** How many times an edited message is shown again before the pipeline gives up on it. */
const MAX_CONFIRMATION_ROUNDS = 5;

// Short enough to read without scrolling: a tool that can edit open documents may have made the change.
const EDITED_NOTE = '⚠ The message was changed in the confirmation (by you or by a tool): below is exactly what will be sent. Approve again to send.';

type ShownOptions = SentDocumentOptions & { readonly fromMail: ReadonlySet<string> };

interface ShownMessage {
  readonly view: SentMessageView;
  readonly options: ShownOptions;
  readonly document: string;
}

/** What an approval of a message was for: the left side, how the document was worded, the hash the person approved. */
interface ShownApproval {
  readonly left: string;
  readonly options: ShownOptions;
  readonly shownTextSha256: string;
}

function declined(reason: DeclineReason): Declined {
  return { status: 'declined', reason };
}

function releaseSlot(reservation: SendReservation): void {
  reservation.release();
}

const DEFINITELY_NOT_SENT = new Set(['notFound', 'invalidArgument', 'insufficientScope', 'rateLimited', 'quotaExhausted', 'unauthenticated']);

/** Failures after which Gmail may still have sent the message (the answer was lost), so the rate slot stays taken. */
function mayHaveBeenSent(error: unknown): boolean {
  return !(error instanceof GmailApiError && DEFINITELY_NOT_SENT.has(error.kind)) && !isAccessRevoked(error);
}

/**
 * The drafts the agent saved, by id, with what each held when saved (draftFingerprint): kept beside the account's
 * set of agent drafts (keyed by that set), so a draft the person changed in Gmail since is known as the person's.
 */
const draftVersions = new WeakMap<Set<string>, Map<string, string>>();

function agentDraftVersions(agentDrafts: Set<string>): Map<string, string> {
  let versions = draftVersions.get(agentDrafts);
  if (!versions) draftVersions.set(agentDrafts, (versions = new Map()));
  return versions;
}

/**
 * What a draft holds as a person sees it (every field: From, recipients, subject, body, attachments). The body is
 * compared by its letters and digits: a markdown draft reads back as the text of its HTML ("Hello *there*" as
 * "Hello there"), which is not an edit.
 */
function draftFingerprint(candidate: OutgoingCandidate): string {
  const p = candidate.preview;
  const set = (list: readonly string[]) => [...new Set(list.map(bareAddress))].sort().join(',');
  const body = p.body.normalize('NFKC').toLowerCase().replace(/[^\p{L}\p{N}]+/gu, '');
  return sha256Hex(JSON.stringify([bareAddress(p.from), set(p.to), set(p.cc), set(p.bcc), p.subject.trim(), body, p.attachments.map((a) => a.sha256).sort()]));
}

function sendPayload(account: string, proposal: SendProposal, message: OutgoingCandidate, preview: OutgoingMessagePreview) {
  return {
    kind: 'send',
    tool: proposal.tool,
    account,
    draftId: proposal.draftId ?? null,
    threadId: message.preview.threadId ?? null,
    messageId: message.messageId ?? null,
    rawSha256: sha256Hex(message.raw),
    message: {
      from: preview.from,
      to: preview.to,
      cc: preview.cc,
      bcc: preview.bcc,
      subject: preview.subject,
      bodySha256: sha256Hex(preview.body),
      bodyFormat: preview.bodyFormat ?? 'text',
      attachments: preview.attachments.map((a) => ({ filename: a.filename, mimeType: a.mimeType, size: a.size, sha256: a.sha256 })),
      inReplyTo: preview.inReplyTo ?? null,
    },
  };
}

/** The subject and recipients a confirmation shows, for the waiting call's row. */
function awaitingWhat(request: ConfirmationRequest): { subject?: string; recipients?: readonly string[] } {
  if (request.kind === 'send' || request.kind === 'draft') {
    const { subject, to, cc, bcc } = request.message;
    return { subject, recipients: [...to, ...cc, ...bcc] };
  }
  if (request.kind === 'deleteDraft') return { subject: request.subject };
  return {};
}
