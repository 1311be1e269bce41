import type { ToolAnnotations } from '@modelcontextprotocol/server';
import type * as z from 'zod';
import type { ParsedMessageCache } from '../../mail/parsedMessageCache';
import type { MailProcessor } from '../../mail/processing/mailProcessor';
import type { LabelNamer, RenderBudget } from '../../mail/render';
import type { ToolsetName } from '../../gmail/scopes';
import type { ProvenanceTracker } from '../../guard/provenance';
import type { GmailReadAccess } from '../../writes/mailSource';
import type { WorkspaceFolders } from '../../writes/workspaceFiles';
import type { WriteOutcome } from '../../writes/pipeline';
import type { WriteKind, WriteProposal } from '../../writes/proposal';
import type { CallEffect } from './callEffect';
import type { CallGlance } from './callGlance';
import type { ToolCallUndo } from './callObserver';
import type { UntrustedContentInspector } from './untrustedContentInspector';
import { UserFacingError } from '../../errors/userFacingError';

/**
 * One tool = one file exporting a ToolDefinition: schemas, annotations and handler side by side (the
 * modelcontextprotocol/servers "everything" layout), tagged with its toolset (github-mcp-server's
 * grouping). The server registers definitions; it never knows individual tools.
 */
export interface ToolContext {
  /** Reads only: a view without Gmail's write methods. */
  readonly gmail: GmailReadAccess;
  /**
   * The one road for a change: a typed proposal through policy, the user's confirmation, the payload hash, the
   * undo-send window and execution. Only the kinds the tool declares (`proposes`) pass; a read-only tool's refuses all.
   */
  readonly writes: ToolWrites;
  /** Where addresses and links of mail seen in this account's sessions are remembered. */
  readonly provenance: ProvenanceTracker;
  /**
   * Tells the MCP client how far a long call has got (notifications/progress), when it asked to be told with a
   * progressToken in the request's _meta; otherwise does nothing. Counts and our own words only, never mail text.
   */
  reportProgress(done: number, total: number, message?: string): void;
  /** The signed-in address this server acts for. */
  readonly account: string;
  /** The folders open in VS Code, read at the call (files to attach come only from these); absent: none. */
  readonly workspace?: WorkspaceFolders;
  /** The user's gmailTools.compose.signature setting, as it is for this call. */
  readonly appendSignature: boolean;
  readonly budget: RenderBudget;
  /** Aborted when the MCP client cancels the call. */
  readonly signal: AbortSignal;
  /** Label id -> display name, from a label list at most a minute old (names change rarely; ids never). */
  labelNamer(): Promise<LabelNamer>;
  /** Spotlighting, injection flags and provenance for mail content (response() once per tool result). */
  readonly untrusted: UntrustedContentInspector;
  /** Parses raw messages; a paged read reuses the parse of its first page. */
  readonly parsedMessages: ParsedMessageCache;
  /** Where a message replied to, forwarded or read back as a draft is parsed (the mail worker in the extension). */
  readonly mailProcessor: MailProcessor;
}

/**
 * A tool's road for a change, made for its call: the write's progress (awaiting approval, approved, edited,
 * waiting to send) goes to the call observer and the call's cancellation to the pipeline without the tool
 * handling either.
 */
export interface ToolWrites {
  propose<P extends WriteProposal>(proposal: P): Promise<WriteOutcome<P>>;
}

/** What the model gets. */
export interface ToolResult<Structured> {
  /** What the model reads. */
  readonly text: string;
  /** The same result as data, matching the tool's outputSchema. */
  readonly structured: Structured;
}

/** What the call did to the mailbox, for the call's record (and Undo). */
export interface CallEffects {
  /** Message ids the call read or changed. */
  readonly messageIds?: readonly string[];
  /** 'declined': the user said no (or the confirmation timed out) and nothing was written. */
  readonly status?: 'declined';
  /** A send the user edited before approving. */
  readonly edited?: boolean;
  /** For trash and label changes: the call that reverses what was done. */
  readonly undo?: ToolCallUndo;
}

/** For the person only (the tree view and the audit log): never model-facing. */
export interface CallReport {
  /** What the call did, as data: the tool-call view and the audit log word it (callEffectSummary); never a message body. */
  readonly effect: CallEffect;
  /** Of the messages read, those that carry attachments (files, not inline images): the tree offers Save Attachment… on them. */
  readonly attachmentMessageIds?: readonly string[];
  /** For the tree view and the audit log: one line a message with instruction-like content. */
  readonly flags?: readonly string[];
  /** What was withheld from the model, for the person (see ToolCallFinished.withheld). */
  readonly withheld?: string;
  /** For the tree view: the subject and sender or recipients of the mail the call was about, counts; never a body. */
  readonly glance?: CallGlance;
}

/** What the anomaly alarms (the CallSupervisor) read of a finished call. */
export interface AlarmInputs {
  /** Message bodies handed to the agent by this call (the read-burst alarm counts them). */
  readonly messagesRead?: number;
  /** Set when content with instruction-like findings was read: which ("message m3"). */
  readonly flaggedContent?: string;
}

/**
 * What a tool's handler returns: the model's result, what it did, and what the person and the alarms are told.
 * The runtime (toolCall.ts) hands each part only to its reader.
 */
export type ToolOutcome<Structured> = ToolResult<Structured> & CallEffects & CallReport & AlarmInputs;

export interface ToolDefinition<In extends z.ZodObject = z.ZodObject, Out extends z.ZodObject = z.ZodObject> {
  readonly name: string;
  readonly toolset: ToolsetName;
  readonly title: string;
  readonly description: string;
  /** A strict object: unknown fields are rejected. */
  readonly inputSchema: In;
  readonly outputSchema: Out;
  readonly annotations: ToolAnnotations;
  /**
   * The write proposals the tool makes (send, draft, change). Required for a tool that is not read-only, absent
   * on one that is: the registry refuses a definition that breaks either rule.
   */
  readonly proposes?: readonly WriteKind[];
  handler(args: z.output<In>, context: ToolContext): Promise<ToolOutcome<z.output<Out>>>;
}

/** A definition with its argument types erased, so tools of every shape fit in one registry. */
export interface AnyToolDefinition extends Omit<ToolDefinition, 'handler'> {
  handler(args: unknown, context: ToolContext): Promise<ToolOutcome<unknown>>;
}

/**
 * Types a tool file's definition and erases it for the registry. The erasure is sound because runToolCall
 * validates arguments against `inputSchema` before any handler runs.
 */
export function defineTool<In extends z.ZodObject, Out extends z.ZodObject>(definition: ToolDefinition<In, Out>): AnyToolDefinition {
  return definition as unknown as AnyToolDefinition;
}

/** A bad argument the schema could not express (e.g. a cursor for another message). */
export class ToolInputError extends UserFacingError {
  readonly category = 'input';
  constructor(message: string) {
    super(message);
    this.name = 'ToolInputError';
  }
}
