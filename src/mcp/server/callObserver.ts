import type { WriteUndo } from '../../writes/undo';
import type { CallEffect } from './callEffect';
import type { CallGlance } from './callGlance';

/**
 * Tool-call events, the only way the MCP room reports to the tree view and the audit log. Events carry
 * arguments and what the call did (a CallEffect the observers word), never message bodies or tokens.
 */
export type ToolCallStatus = 'running' | 'awaitingApproval' | 'approved' | 'edited' | 'waitingToSend' | 'succeeded' | 'declined' | 'failed';

/** How a call ends: done, declined by the user (nothing written), or failed. */
export type ToolCallOutcomeStatus = 'succeeded' | 'declined' | 'failed';

/** Statuses a write call passes through while its confirmation is open, after the user answered, and while a send waits for Undo. */
export type ToolCallProgressStatus = 'awaitingApproval' | 'approved' | 'edited' | 'waitingToSend';

/** The inverse of a finished trash or label change, offered as Undo (made by the writes pipeline). */
export type ToolCallUndo = WriteUndo;

/**
 * Who asked for a call that was not the agent's own tools/call: 'resource' is VS Code reading one of our MCP
 * resources for the person (a thread they attached to the chat, or the picker's list of recent threads), which the
 * server runs as read_thread or search_messages; 'you' is the person through our own UI (the command palette, the
 * message editor's actions, Undo from the tree view). Absent for the agent's calls.
 */
export type ToolCallOrigin = 'resource' | 'you';

export interface ToolCallStarted {
  readonly callId: string;
  readonly tool: string;
  readonly account: string;
  /** The validated arguments as the agent (or, for a resource, the server) gave them. */
  readonly args: Readonly<Record<string, unknown>>;
  readonly startedAt: number;
  readonly origin?: ToolCallOrigin;
}

export interface ToolCallFinished {
  readonly callId: string;
  readonly status: ToolCallOutcomeStatus;
  readonly finishedAt: number;
  readonly durationMs: number;
  /** What the call did, as data; each observer words it with callEffectSummary ("12 messages", "message 18c2…: 'Invoice March'"). */
  readonly effect: CallEffect;
  /** The error message shown to the agent, when status is failed. */
  readonly error?: string;
  /** Message ids the call touched (read or changed). */
  readonly messageIds?: readonly string[];
  /** Messages the call read that carry attachments, for the person's Save Attachment… on the call in the tree. */
  readonly attachmentMessageIds?: readonly string[];
  /** A send the user edited before approving: what went out is the edited message. */
  readonly edited?: boolean;
  /** For succeeded trash and label changes: the call that reverses it. */
  readonly undo?: ToolCallUndo;
  /**
   * What decided the call, for the audit log: allowed (no confirmation needed: reads, drafts), approved or edited
   * (the user approved, edited, in the confirmation), declined (the user said no, closed it or it timed out),
   * denied (refused before any confirmation: paused, invalid arguments, the user's limits or domain lists).
   * A call can be approved and still fail (status tells).
   */
  readonly decision?: ToolCallDecision;
  /**
   * Warnings for the tree view and the audit log, one line each: "instruction-like content in m3: …" for mail
   * that reads like instructions to an AI, "anomaly: …" for a read burst or a sensitive search after such mail.
   */
  readonly flags?: readonly string[];
  /**
   * Text of the mail this call read that was withheld from the model (hidden from a person), for the person's
   * "Show Withheld Text" only: never in the tool result, never in the audit log. Capped at MAX_WITHHELD_CHARS.
   */
  readonly withheld?: string;
  /** What the person recognises the call by in the tree (subject, sender or recipients, counts), capped: see CallGlance. */
  readonly glance?: CallGlance;
}

/** A cap on the withheld text one call carries to the UI (a hostile mail can hide megabytes). */
export const MAX_WITHHELD_CHARS = 64_000;

export type ToolCallDecision = 'allowed' | 'approved' | 'edited' | 'declined' | 'denied';

/** A write call's confirmation opened (awaitingApproval) or was answered with an approval (approved / edited). */
export interface ToolCallProgress {
  readonly callId: string;
  readonly status: ToolCallProgressStatus;
  readonly at: number;
  /** waitingToSend: when the message goes to Gmail unless the user clicks Undo, and the held send's id for undo. */
  readonly sendsAt?: number;
  readonly pendingSendId?: string;
  /** awaitingApproval: the subject and recipients the confirmation shows, capped (capGlance), for the call's row. */
  readonly glance?: CallGlance;
}

export interface CallObserver {
  callStarted(event: ToolCallStarted): void;
  /** Optional, so observers that only log start and finish need not change. */
  callProgress?(event: ToolCallProgress): void;
  callFinished(event: ToolCallFinished): void;
}

export const NO_OBSERVER: CallObserver = { callStarted() {}, callFinished() {} };
