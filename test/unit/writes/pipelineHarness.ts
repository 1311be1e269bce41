import { UserLimits, type UserLimitSettings } from '../../../src/guard/userLimits';
import { ProvenanceTracker } from '../../../src/guard/provenance';
import type { BulkChangeResult, DraftRef, GmailWriter, MessageSummary, OutgoingRaw, SendResult } from '../../../src/gmail/client';
import { composeMessage, type OutgoingMessageSpec } from '../../../src/mail/compose';
import type { ConfirmationDecision, ConfirmationRequest, Confirmer } from '../../../src/writes/confirmer';
import { approvalOf, confirmationTexts } from '../../../src/writes/confirmationText';
import { candidateFromRaw } from '../../../src/writes/outgoingMessage';
import { WritePipeline, type WriteProgress } from '../../../src/writes/pipeline';
import type { OutgoingCandidate } from '../../../src/writes/proposal';
import { UndoSendWindow, type UndoSendClock } from '../../../src/writes/undoSend';
import { InProcessMailProcessor } from '../../../src/mail/processing/mailProcessor';

export const ME = 'me@example.com';

/**
 * Gmail's write side, recording every call: what a test checks as "was anything written", and where from (the
 * stack). Alone under pipelineWith(), or as FakeGmail's write side under a whole MCP server.
 */
export class RecordingWriter implements GmailWriter {
  readonly writes: Array<{ method: string; args: unknown[]; stack: string }> = [];
  private drafts = 0;

  private record(method: string, ...args: unknown[]): void {
    this.writes.push({ method, args, stack: new Error().stack ?? '' });
  }

  async sendMessage(message: OutgoingRaw): Promise<SendResult> {
    this.record('sendMessage', message);
    return { id: `sent-${this.writes.length}`, threadId: 't', labelIds: ['SENT'], attempts: 1, recovered: false };
  }
  async sendDraft(draftId: string, message: OutgoingRaw): Promise<SendResult> {
    this.record('sendDraft', draftId, message);
    return { id: `sent-${this.writes.length}`, threadId: 't', labelIds: ['SENT'], attempts: 1, recovered: false };
  }
  async createDraft(message: OutgoingRaw): Promise<DraftRef> {
    this.record('createDraft', message);
    return { id: `d-${++this.drafts}`, message: { id: `dm-${this.drafts}`, threadId: 't', labelIds: ['DRAFT'] } };
  }
  async updateDraft(draftId: string, message: OutgoingRaw): Promise<DraftRef> {
    this.record('updateDraft', draftId, message);
    return { id: draftId, message: { id: `dm-${draftId}`, threadId: 't', labelIds: ['DRAFT'] } };
  }
  async deleteDraft(draftId: string): Promise<void> {
    this.record('deleteDraft', draftId);
  }
  async getDraft(): Promise<never> {
    throw new Error('not a write');
  }
  async listDrafts(): Promise<never> {
    throw new Error('not a write');
  }
  async trashMessages(ids: readonly string[]): Promise<BulkChangeResult> {
    this.record('trashMessages', ids);
    return { changed: [...ids], failed: [] };
  }
  async untrashMessages(ids: readonly string[]): Promise<BulkChangeResult> {
    this.record('untrashMessages', ids);
    return { changed: [...ids], failed: [] };
  }
  async modifyMessages(ids: readonly string[], add: readonly string[], remove: readonly string[]): Promise<BulkChangeResult> {
    this.record('modifyMessages', ids, add, remove);
    return { changed: [...ids], failed: [] };
  }
}

export type Answer = (request: ConfirmationRequest) => ConfirmationDecision | Promise<ConfirmationDecision>;
export const approve: Answer = (r) => approvalOf(r);
/** The person edits the right side (the outgoing document) and approves that. */
export const editAndApprove =
  (change: (document: string) => string): Answer =>
  (r) =>
    approvalOf(r, change(confirmationTexts(r).right));
export const decline: Answer = () => ({ approved: false, reason: 'declined' });

/** Answers in order (declines when none is left), recording every request. */
export class ScriptedConfirmer implements Confirmer {
  readonly requests: ConfirmationRequest[] = [];
  constructor(private readonly answers: Answer[] = []) {}
  async confirm(request: ConfirmationRequest): Promise<ConfirmationDecision> {
    this.requests.push(request);
    const answer = this.answers.shift();
    return answer ? answer(request) : { approved: false, reason: 'declined' };
  }
  script(...answers: Answer[]): void {
    this.answers.push(...answers);
  }
}

/** A clock whose time moves only when the test says so. */
export class ManualClock implements UndoSendClock {
  private time = 1_000_000;
  private timers: Array<{ at: number; run: () => void; handle: number }> = [];
  private next = 1;
  now(): number {
    return this.time;
  }
  setTimeout(run: () => void, ms: number): unknown {
    const handle = this.next++;
    this.timers.push({ at: this.time + ms, run, handle });
    return handle;
  }
  clearTimeout(handle: unknown): void {
    this.timers = this.timers.filter((t) => t.handle !== handle);
  }
  advance(ms: number): void {
    this.time += ms;
    const due = this.timers.filter((t) => t.at <= this.time);
    this.timers = this.timers.filter((t) => t.at > this.time);
    for (const t of due) t.run();
  }
}

export interface PipelineSetup {
  pipeline: WritePipeline;
  writer: RecordingWriter;
  confirmer: ScriptedConfirmer;
  settings: { -readonly [K in keyof UserLimitSettings]?: UserLimitSettings[K] };
  provenance: ProvenanceTracker;
  undoSend: UndoSendWindow;
  clock: ManualClock;
  agentDrafts: Set<string>;
  progress: WriteProgress[];
  report: (p: WriteProgress) => void;
  /** Aborting it is the server beginning to stop. */
  shutdown: AbortController;
}

export function pipelineWith(settings: Partial<UserLimitSettings> = {}, answers: Answer[] = []): PipelineSetup {
  const writer = new RecordingWriter();
  const confirmer = new ScriptedConfirmer(answers);
  const current = { undoSendSeconds: 0, ...settings };
  const provenance = new ProvenanceTracker();
  const clock = new ManualClock();
  const undoSend = new UndoSendWindow(clock);
  const agentDrafts = new Set<string>();
  const progress: WriteProgress[] = [];
  const shutdown = new AbortController();
  const pipeline = new WritePipeline({
    account: ME,
    gmail: writer,
    confirmer,
    limits: new UserLimits({ settings: () => current }),
    provenance,
    undoSend,
    agentDrafts,
    mailProcessor: new InProcessMailProcessor(),
    shutdown: shutdown.signal,
  });
  return { pipeline, writer, confirmer, settings: current, provenance, undoSend, clock, agentDrafts, progress, report: (p) => progress.push(p), shutdown };
}

/** The final message as a proposal carries it: composed bytes read back. */
export async function outgoing(spec: Partial<OutgoingMessageSpec> = {}): Promise<OutgoingCandidate> {
  const composed = await composeMessage({ from: ME, to: ['bob@example.com'], subject: 'Hello', text: 'Hi Bob', ...spec });
  return (await candidateFromRaw(composed.raw, ME, undefined, new InProcessMailProcessor())).candidate;
}

export function summaries(count: number, labelIds: string[] = ['INBOX']): MessageSummary[] {
  return Array.from({ length: count }, (_, i) => ({
    id: `m${i + 1}`,
    threadId: `t${i + 1}`,
    labelIds,
    snippet: '',
    headers: { From: 'Shop <news@shop.example>', Subject: `Deal ${i + 1}`, Date: 'Mon, 1 Apr 2024 09:00:00 +0000' },
  }));
}

/** Lets pending promise callbacks run (the pipeline's steps before the undo-send window). */
export async function settle(): Promise<void> {
  for (let i = 0; i < 20; i++) await new Promise((resolve) => setImmediate(resolve));
}
