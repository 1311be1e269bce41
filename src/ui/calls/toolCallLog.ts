import * as vscode from 'vscode';
import { callEffectSummary } from '../../mcp/server/callEffect';
import type { CallGlance } from '../../mcp/server/callGlance';
import type { CallObserver, ToolCallFinished, ToolCallProgress, ToolCallStarted, ToolCallStatus, ToolCallUndo } from '../../mcp/server/callObserver';

/** One tool call as the tree view and the JSON view show it: how it started, and what became of it. */
export interface ToolCallRecord extends ToolCallStarted {
  status: ToolCallStatus;
  durationMs?: number;
  /** What the call did, in words (callEffectSummary); mail text in it is shown only as plain text. */
  summary?: string;
  error?: string;
  messageIds?: readonly string[];
  /** Messages the call read that carry attachments (Save Attachment… on the call). */
  attachmentMessageIds?: readonly string[];
  /** The user edited the outgoing message before approving. */
  edited?: boolean;
  /** The inverse call offered as Undo, until it has been used. */
  undo?: ToolCallUndo;
  undone?: boolean;
  /** Instruction-like content found in what the call read, anomalies: shown with a warning. */
  flags?: readonly string[];
  /** Mail text withheld from the model (hidden from a person), for Show Withheld Text; in memory only. */
  withheld?: string;
  /** While an approved send waits for Undo: when it goes out, and the held send's id. */
  sendsAt?: number;
  pendingSendId?: string;
  /** Subject, sender or recipients and counts from the result, capped, for the item's wording (never a body). */
  glance?: CallGlance;
}

const MAX_RECORDS = 500;

/** The in-memory list of this window's tool calls, newest first; a CallObserver fed by every MCP server. */
export class ToolCallLog implements CallObserver, vscode.Disposable {
  private readonly records: ToolCallRecord[] = [];
  private readonly changed = new vscode.EventEmitter<ToolCallRecord | undefined>();
  readonly onDidChange = this.changed.event;

  callStarted(event: ToolCallStarted): void {
    this.records.unshift({ ...event, args: { ...event.args }, status: 'running' });
    if (this.records.length > MAX_RECORDS) this.records.length = MAX_RECORDS;
    this.changed.fire(undefined);
  }

  callProgress(event: ToolCallProgress): void {
    const record = this.get(event.callId);
    if (!record) return;
    record.status = event.status;
    if (event.status === 'edited') record.edited = true;
    if (event.glance) record.glance = { ...record.glance, ...event.glance };
    if (event.status === 'waitingToSend') {
      record.sendsAt = event.sendsAt;
      record.pendingSendId = event.pendingSendId;
    }
    this.changed.fire(record);
  }

  callFinished(event: ToolCallFinished): void {
    const record = this.get(event.callId);
    if (!record) return;
    record.status = event.status;
    record.durationMs = event.durationMs;
    record.summary = callEffectSummary(event.effect);
    record.error = event.error;
    record.messageIds = event.messageIds;
    record.attachmentMessageIds = event.attachmentMessageIds;
    record.edited = record.edited || event.edited;
    record.undo = event.undo;
    record.flags = event.flags;
    record.withheld = event.withheld;
    record.glance = event.glance;
    record.sendsAt = undefined;
    record.pendingSendId = undefined;
    this.changed.fire(record);
  }

  /** Newest first, with calls awaiting the user's approval on top. */
  all(): readonly ToolCallRecord[] {
    return [...this.records.filter((r) => r.status === 'awaitingApproval'), ...this.records.filter((r) => r.status !== 'awaitingApproval')];
  }

  /** Calls whose send waits for Undo. */
  waitingToSend(): number {
    return this.records.filter((r) => r.status === 'waitingToSend').length;
  }

  awaitingApproval(): number {
    return this.records.filter((r) => r.status === 'awaitingApproval').length;
  }

  markUndone(callId: string): void {
    const record = this.get(callId);
    if (!record) return;
    record.undone = true;
    this.changed.fire(record);
  }

  get(callId: string): ToolCallRecord | undefined {
    return this.records.find((r) => r.callId === callId);
  }

  clear(): void {
    this.records.length = 0;
    this.changed.fire(undefined);
  }

  dispose(): void {
    this.changed.dispose();
  }
}
