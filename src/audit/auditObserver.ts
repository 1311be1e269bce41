import type { CallObserver, ToolCallFinished, ToolCallProgress, ToolCallStarted } from '../mcp/callObserver';
import type { AuditDecision, AuditLog } from './auditLog';

interface OpenCall {
  readonly started: ToolCallStarted;
  approval?: 'approved' | 'edited';
}

/**
 * Writes one audit line per finished tool call: who, which tool, the (redacted) arguments, what the user or
 * the policy decided, a one-line result and the message ids touched. Bodies and tokens never reach it: the
 * AuditLog redacts arguments again on the way to disk.
 */
export class AuditObserver implements CallObserver {
  private readonly open = new Map<string, OpenCall>();

  constructor(private readonly log: Pick<AuditLog, 'append'>) {}

  callStarted(event: ToolCallStarted): void {
    this.open.set(event.callId, { started: event });
  }

  callProgress(event: ToolCallProgress): void {
    const call = this.open.get(event.callId);
    if (call && (event.status === 'approved' || event.status === 'edited')) call.approval = event.status;
  }

  callFinished(event: ToolCallFinished & { reason?: string }): void {
    const call = this.open.get(event.callId);
    this.open.delete(event.callId);
    if (!call) return;
    void this.log.append({
      account: call.started.account,
      tool: call.started.tool,
      args: call.started.args,
      decision: decisionOf(event, call.approval),
      resultSummary: event.status === 'failed' ? event.error ?? event.summary : event.summary,
      messageIds: event.messageIds,
      flags: [...(event.flags ?? []), ...(event.edited ? ['edited-by-user'] : [])],
      durationMs: event.durationMs,
      time: new Date(event.finishedAt),
    });
  }
}

function decisionOf(event: ToolCallFinished & { reason?: string }, approval: OpenCall['approval']): AuditDecision {
  if (event.decision === 'denied') return 'denied';
  if (event.status === 'declined') return /time/i.test(`${event.reason ?? ''} ${event.summary}`) ? 'timed-out' : 'rejected';
  if (event.status === 'failed') return /paused|policy|not allowed|blocked|refus/i.test(event.error ?? '') ? 'denied' : 'failed';
  return approval ? 'approved' : 'allowed';
}
