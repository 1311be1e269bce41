import { randomUUID } from 'node:crypto';
import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import { InvalidCursorError } from '../gmail/cursor';
import { GmailApiError, redactSecrets } from '../gmail/errors';
import { AccessRevokedError } from '../gmail/tokenSource';
import type { CallObserver } from './callObserver';
import { ToolInputError, type AnyToolDefinition, type ToolContext } from './toolDefinition';

/**
 * Runs one tool call: reports it to the CallObserver (start, then finish with summary or error) and turns
 * every failure into an `isError` result whose text tells the agent what happened and what to do.
 * An observer that throws never breaks the call.
 */
export async function runToolCall(
  tool: AnyToolDefinition,
  args: Record<string, unknown>,
  context: ToolContext,
  observer: CallObserver,
): Promise<CallToolResult> {
  const callId = randomUUID();
  const startedAt = Date.now();
  safely(() => observer.callStarted({ callId, tool: tool.name, account: context.account, args, startedAt }));
  try {
    const outcome = await tool.handler(args, context);
    const finishedAt = Date.now();
    safely(() =>
      observer.callFinished({
        callId,
        status: 'succeeded',
        finishedAt,
        durationMs: finishedAt - startedAt,
        summary: outcome.summary,
        messageIds: outcome.messageIds,
      }),
    );
    return {
      content: [{ type: 'text', text: outcome.text }],
      structuredContent: outcome.structured as Record<string, unknown>,
    };
  } catch (error) {
    const message = toolErrorMessage(tool.name, error);
    const finishedAt = Date.now();
    safely(() =>
      observer.callFinished({ callId, status: 'failed', finishedAt, durationMs: finishedAt - startedAt, summary: 'failed', error: message }),
    );
    return { isError: true, content: [{ type: 'text', text: message }] };
  }
}

/** Known failures keep their (actionable) message; anything else is labelled, and redacted either way. */
export function toolErrorMessage(toolName: string, error: unknown): string {
  if (
    error instanceof GmailApiError ||
    error instanceof AccessRevokedError ||
    error instanceof InvalidCursorError ||
    error instanceof ToolInputError
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
