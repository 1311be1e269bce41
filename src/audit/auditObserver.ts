import { callEffectSummary } from '../mcp/server/callEffect';
import type { CallObserver, ToolCallFinished, ToolCallStarted } from '../mcp/server/callObserver';
import type { AuditDecision, AuditLog } from './auditLog';

/**
 * Writes one audit line per finished tool call: who, which tool, the (redacted) arguments, what the user or
 * the policy decided, a one-line result and the message ids touched. Bodies and tokens never reach it: the
 * AuditLog redacts arguments again on the way to disk.
 */
export class AuditObserver implements CallObserver {
  private readonly open = new Map<string, ToolCallStarted>();

  constructor(private readonly log: Pick<AuditLog, 'append'>) {}

  callStarted(event: ToolCallStarted): void {
    this.open.set(event.callId, event);
  }

  callFinished(event: ToolCallFinished): void {
    const started = this.open.get(event.callId);
    this.open.delete(event.callId);
    if (!started) return;
    void this.log.append({
      account: started.account,
      tool: started.tool,
      ...(started.origin ? { origin: started.origin } : {}),
      args: started.args,
      decision: decisionOf(event),
      resultSummary: event.status === 'failed' ? event.error ?? callEffectSummary(event.effect) : callEffectSummary(event.effect),
      messageIds: event.messageIds,
      flags: [...(event.flags ?? []), ...(event.edited ? ['edited-by-user'] : [])],
      durationMs: event.durationMs,
      time: new Date(event.finishedAt),
    });
  }
}

/** The server says what decided the call; the audit log's vocabulary splits declines into rejected and timed out. */
function decisionOf(event: ToolCallFinished): AuditDecision {
  if (event.decision === 'denied') return 'denied';
  if (event.status === 'declined') return event.effect.kind === 'declined' && event.effect.reason === 'timeout' ? 'timed-out' : 'rejected';
  if (event.status === 'failed') return 'failed';
  return event.decision === 'approved' || event.decision === 'edited' ? 'approved' : 'allowed';
}
