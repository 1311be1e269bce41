import { randomUUID } from 'node:crypto';
import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import { InvalidCursorError } from '../gmail/cursor';
import { GmailApiError, redactSecrets } from '../gmail/errors';
import { z } from 'zod';
import { ComposeError } from '../gmail/compose';
import { AccessRevokedError } from '../gmail/tokenSource';
import type { CallObserver, ToolCallProgressStatus } from './callObserver';
import { ToolInputError, type AnyToolDefinition, type ToolContext } from './toolDefinition';
import { WriteRefusedError } from './writeGate';

/**
 * Runs one tool call: validates the arguments against the tool's strict schema (here rather than in the SDK,
 * so a rejected call is reported like any other), reports it to the CallObserver (start, confirmation
 * progress, finish with summary or error) and turns every failure into an `isError` result whose text tells
 * the agent what happened and what to do. An observer that throws never breaks the call.
 */
export async function runToolCall(
  tool: AnyToolDefinition,
  rawArgs: unknown,
  context: Omit<ToolContext, 'progress'>,
  observer: CallObserver,
): Promise<CallToolResult> {
  const callId = randomUUID();
  const startedAt = Date.now();
  const parsed = tool.inputSchema.safeParse(rawArgs ?? {});
  const args = (parsed.success ? parsed.data : isRecord(rawArgs) ? rawArgs : {}) as Record<string, unknown>;
  safely(() => observer.callStarted({ callId, tool: tool.name, account: context.account, args, startedAt }));
  const fail = (message: string): CallToolResult => {
    const finishedAt = Date.now();
    safely(() =>
      observer.callFinished({ callId, status: 'failed', finishedAt, durationMs: finishedAt - startedAt, summary: 'failed', error: message }),
    );
    return { isError: true, content: [{ type: 'text', text: message }] };
  };
  if (!parsed.success) {
    return fail(redactSecrets(`Invalid arguments for ${tool.name}:\n${z.prettifyError(parsed.error)}`));
  }
  const progress = (status: ToolCallProgressStatus) => safely(() => observer.callProgress?.({ callId, status, at: Date.now() }));
  try {
    const outcome = await tool.handler(args, { ...context, progress });
    const finishedAt = Date.now();
    safely(() =>
      observer.callFinished({
        callId,
        status: outcome.status ?? 'succeeded',
        finishedAt,
        durationMs: finishedAt - startedAt,
        summary: outcome.summary,
        messageIds: outcome.messageIds,
        ...(outcome.edited ? { edited: true } : {}),
        ...(outcome.undo ? { undo: outcome.undo } : {}),
      }),
    );
    return {
      content: [{ type: 'text', text: outcome.text }],
      structuredContent: outcome.structured as Record<string, unknown>,
    };
  } catch (error) {
    return fail(toolErrorMessage(tool.name, error));
  }
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Known failures keep their (actionable) message; anything else is labelled, and redacted either way. */
export function toolErrorMessage(toolName: string, error: unknown): string {
  if (
    error instanceof GmailApiError ||
    error instanceof AccessRevokedError ||
    error instanceof InvalidCursorError ||
    error instanceof ToolInputError ||
    error instanceof WriteRefusedError ||
    error instanceof ComposeError
  ) {
    return redactSecrets(error.message);
  }
  const detail = error instanceof Error ? error.message : String(error);
  return redactSecrets(`${toolName} failed: ${detail}`);
}

function safely(report: () => void): void {
  try {
    report();
  } catch {
    // The observer is for people watching; its failure must not change what the agent gets.
  }
}
