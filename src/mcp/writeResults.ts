import type { ToolOutcome } from './toolDefinition';
import { declinedText, type Declined } from './writeGate';

/** The non-error result of a write the user declined (or let time out): nothing was written. */
export function declinedOutcome(
  decision: Declined,
  nothing: 'sent' | 'changed',
  messageIds?: readonly string[],
): ToolOutcome<{ status: 'declined'; reason: Declined['reason'] }> {
  return {
    text: declinedText(decision.reason, nothing),
    structured: { status: 'declined', reason: decision.reason },
    summary: `declined by the user (${decision.reason}): nothing ${nothing}`,
    status: 'declined',
    messageIds,
  };
}
