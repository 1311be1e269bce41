import { randomUUID } from 'node:crypto';
import type { CallToolResult } from '@modelcontextprotocol/server';
import * as z from 'zod';
import { isUserFacingError } from '../../errors/userFacingError';
import { redactSecrets } from '../../gmail/errors';
import type { AnomalyReport } from '../../guard/userLimits';
import type { WriteAccess, WriteProgress } from '../../writes/pipeline';
import { capGlance, recipientsGlance, type CallGlance } from './callGlance';
import { NO_CALL_SUPERVISOR, PAUSED_MESSAGE, type CallSupervisor } from './callSupervisor';
import type { CallObserver, ToolCallDecision, ToolCallOrigin, ToolCallProgressStatus } from './callObserver';
import type { AnyToolDefinition, ToolContext } from './toolDefinition';

/**
 * Runs one tool call: validates the arguments against the tool's strict schema (here rather than in the SDK,
 * so a rejected call is reported like any other), reports it to the CallObserver (start, confirmation
 * progress, finish with what it did or its error) and turns every failure into an `isError` result whose text tells
 * the agent what happened and what to do. An observer that throws never breaks the call. The CallSupervisor comes
 * first (a paused server refuses everything, reads included) and watches for anomalies around the handler.
 */
/** The context of one call; `writes` is made for the call (its id goes on a send held for Undo). */
export type CallContext = Omit<ToolContext, 'writes'> & { writesFor(callId: string): WriteAccess };

export async function runToolCall(
  tool: AnyToolDefinition,
  rawArgs: unknown,
  callContext: CallContext,
  observer: CallObserver,
  supervisor: CallSupervisor = NO_CALL_SUPERVISOR,
  /** Set when the call runs for something other than the agent's tools/call (see ToolCallOrigin). */
  origin?: ToolCallOrigin,
): Promise<CallToolResult> {
  const callId = randomUUID();
  const startedAt = Date.now();
  const { writesFor, ...context } = callContext;
  const paused = supervisor.isPaused();
  const parsed = paused ? undefined : tool.inputSchema.safeParse(rawArgs ?? {});
  const args = (parsed?.success ? parsed.data : isRecord(rawArgs) ? rawArgs : {}) as Record<string, unknown>;
  safely(() => observer.callStarted({ callId, tool: tool.name, account: context.account, args, startedAt, ...(origin ? { origin } : {}) }));
  const flags: string[] = [];
  const anomalies: AnomalyReport[] = [];
  const note = (reports: readonly AnomalyReport[]) => {
    for (const report of reports) {
      anomalies.push(report);
      flags.push(`anomaly: ${report.message}`);
    }
  };
  const raise = () => {
    for (const report of anomalies.filter((a) => a.notify)) {
      safely(() => supervisor.onAnomaly({ account: context.account, callId, tool: tool.name, kind: report.kind, message: report.message, at: Date.now() }));
    }
  };
  let answered: ToolCallProgressStatus | undefined;
  const confirmed = (): ToolCallDecision | undefined => (answered === 'edited' ? 'edited' : answered === 'approved' ? 'approved' : undefined);
  const fail = (message: string, decision: ToolCallDecision): CallToolResult => {
    const finishedAt = Date.now();
    safely(() =>
      observer.callFinished({
        callId,
        status: 'failed',
        finishedAt,
        durationMs: finishedAt - startedAt,
        effect: { kind: 'failed' },
        error: message,
        decision,
        ...(flags.length ? { flags: [...flags] } : {}),
      }),
    );
    raise();
    return { isError: true, content: [{ type: 'text', text: message }] };
  };
  if (paused) return fail(PAUSED_MESSAGE, 'denied');
  if (!parsed?.success) {
    return fail(redactSecrets(`Invalid arguments for ${tool.name}:\n${parsed ? z.prettifyError(parsed.error) : 'unreadable'}`), 'denied');
  }
  const progress = (update: WriteProgress) => {
    if (update.status === 'approved' || update.status === 'edited') answered = update.status;
    const held = update.status === 'waitingToSend' ? { sendsAt: update.sendsAt, ...(update.pendingSendId ? { pendingSendId: update.pendingSendId } : {}) } : {};
    const awaiting = update.status === 'awaitingApproval' ? glanceField(capGlance({ subject: update.subject, ...recipientsGlance(update.recipients ?? []) })) : {};
    safely(() => observer.callProgress?.({ callId, status: update.status, at: Date.now(), ...held, ...awaiting }));
  };
  try {
    note(safelyList(() => supervisor.beforeCall(tool.name, args)));
    const writes = writesFor(callId);
    const outcome = await tool.handler(args, { ...context, writes: { propose: (proposal) => writes.propose(proposal, progress, context.signal) } });
    note(safelyList(() => supervisor.afterCall(tool.name, outcome)));
    flags.unshift(...(outcome.flags ?? []));
    const finishedAt = Date.now();
    const decision: ToolCallDecision = outcome.status === 'declined' ? 'declined' : outcome.edited ? 'edited' : (confirmed() ?? 'allowed');
    safely(() =>
      observer.callFinished({
        callId,
        status: outcome.status ?? 'succeeded',
        finishedAt,
        durationMs: finishedAt - startedAt,
        effect: outcome.effect,
        messageIds: outcome.messageIds,
        ...(outcome.attachmentMessageIds?.length ? { attachmentMessageIds: outcome.attachmentMessageIds } : {}),
        ...(outcome.edited ? { edited: true } : {}),
        ...(outcome.undo ? { undo: outcome.undo } : {}),
        decision,
        ...(flags.length ? { flags: [...flags] } : {}),
        ...(outcome.withheld ? { withheld: outcome.withheld } : {}),
        ...glanceField(capGlance(outcome.glance)),
      }),
    );
    raise();
    return {
      content: [{ type: 'text', text: outcome.text }],
      structuredContent: outcome.structured as Record<string, unknown>,
    };
  } catch (error) {
    return fail(toolErrorMessage(tool.name, error), confirmed() ?? (isRefusal(error) ? 'denied' : 'allowed'));
  }
}

/** Failures that mean the call was turned down (by the gate, the user's limits or its own arguments), not that Gmail failed. */
function isRefusal(error: unknown): boolean {
  return isUserFacingError(error) && (error.category === 'refusal' || error.category === 'input');
}

function glanceField(glance: CallGlance | undefined): { glance?: CallGlance } {
  return glance ? { glance } : {};
}

function safelyList<T>(produce: () => T[]): T[] {
  try {
    return produce();
  } catch {
    return [];
  }
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Failures written for people (UserFacingError) keep their (actionable) message; anything else is labelled, and redacted either way. */
export function toolErrorMessage(toolName: string, error: unknown): string {
  if (isUserFacingError(error)) return redactSecrets(error.message);
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
