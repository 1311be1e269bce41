/**
 * Tool-call events, the only way the MCP room reports to the tree view and the audit log. Events carry
 * arguments and a one-line result summary, never message bodies or tokens.
 */
export type ToolCallStatus = 'running' | 'succeeded' | 'failed';

export interface ToolCallStarted {
  readonly callId: string;
  readonly tool: string;
  readonly account: string;
  /** The validated arguments as the agent sent them. */
  readonly args: Readonly<Record<string, unknown>>;
  readonly startedAt: number;
}

export interface ToolCallFinished {
  readonly callId: string;
  readonly status: Exclude<ToolCallStatus, 'running'>;
  readonly finishedAt: number;
  readonly durationMs: number;
  /** One line for people: "12 messages", "message 18c2…: 'Invoice March'". */
  readonly summary: string;
  /** The error message shown to the agent, when status is failed. */
  readonly error?: string;
  /** Message ids the call touched (read or changed). */
  readonly messageIds?: readonly string[];
}

export interface CallObserver {
  callStarted(event: ToolCallStarted): void;
  callFinished(event: ToolCallFinished): void;
}

export const NO_OBSERVER: CallObserver = { callStarted() {}, callFinished() {} };
