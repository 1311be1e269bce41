import type { ToolAnnotations } from '@modelcontextprotocol/sdk/types.js';
import type * as z from 'zod';
import type { GmailService } from '../gmail/client';
import type { ParsedMessageCache } from '../gmail/parsedMessageCache';
import type { LabelNamer, RenderBudget } from '../gmail/render';
import type { ToolsetName } from '../gmail/scopes';
import type { ToolCallProgressStatus, ToolCallUndo } from './callObserver';
import type { UntrustedContentGuard } from './untrustedContent';
import type { WriteGate } from './writeGate';

/**
 * One tool = one file exporting a ToolDefinition: schemas, annotations and handler side by side (the
 * modelcontextprotocol/servers "everything" layout), tagged with its toolset (github-mcp-server's
 * grouping). The server registers definitions; it never knows individual tools.
 */
export interface ToolContext {
  readonly gmail: GmailService;
  /** Every write goes through it: policy, the user's confirmation, the payload hash. */
  readonly gate: WriteGate;
  /** Reports confirmation progress (awaiting approval, approved, edited) to the call observer. */
  progress(status: ToolCallProgressStatus): void;
  /**
   * Tells the MCP client how far a long call has got (notifications/progress), when it asked to be told with a
   * progressToken in the request's _meta; otherwise does nothing. Counts and our own words only, never mail text.
   */
  reportProgress(done: number, total: number, message?: string): void;
  /** The signed-in address this server acts for. */
  readonly account: string;
  readonly budget: RenderBudget;
  /** Aborted when the MCP client cancels the call. */
  readonly signal: AbortSignal;
  /** Label id -> display name, from a label list at most a minute old (names change rarely; ids never). */
  labelNamer(): Promise<LabelNamer>;
  /** Spotlighting, injection flags and provenance for mail content (response() once per tool result). */
  readonly untrusted: UntrustedContentGuard;
  /** Parses raw messages; a paged read reuses the parse of its first page. */
  readonly parsedMessages: ParsedMessageCache;
}

export interface ToolOutcome<Structured> {
  /** What the model reads. */
  readonly text: string;
  /** The same result as data, matching the tool's outputSchema. */
  readonly structured: Structured;
  /** One line for the tool-call view and the audit log; never a message body. */
  readonly summary: string;
  /** Message ids the call read or changed. */
  readonly messageIds?: readonly string[];
  /** 'declined': the user said no (or the confirmation timed out) and nothing was written. */
  readonly status?: 'declined';
  /** A send the user edited before approving. */
  readonly edited?: boolean;
  /** For trash and label changes: the call that reverses what was done. */
  readonly undo?: ToolCallUndo;
  /** For the tree view and the audit log: one line a message with instruction-like content. */
  readonly flags?: readonly string[];
  /** Message bodies handed to the agent by this call (the read-burst alarm counts them). */
  readonly messagesRead?: number;
  /** Set when content with instruction-like findings was read: which ("message m3"), for the anomaly alarm. */
  readonly flaggedContent?: string;
}

export interface ToolDefinition<In extends z.ZodObject = z.ZodObject, Out extends z.ZodObject = z.ZodObject> {
  readonly name: string;
  readonly toolset: ToolsetName;
  readonly title: string;
  readonly description: string;
  /** A strict object: unknown fields are rejected. */
  readonly inputSchema: In;
  readonly outputSchema: Out;
  readonly annotations: ToolAnnotations;
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
export class ToolInputError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ToolInputError';
  }
}
