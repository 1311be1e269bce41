import { declinedText } from '../../../writes/declined';
import type { Declined } from '../../../writes/pipeline';
import type { CallGlance } from '../../server/callGlance';
import type { ToolOutcome } from '../../server/toolDefinition';

/** The non-error result of a write that did not happen (declined, timed out, undone, stopped): nothing was written. */
export function declinedOutcome(
  decision: Declined,
  nothing: 'sent' | 'changed' | 'saved' | 'deleted',
  messageIds?: readonly string[],
  glance: CallGlance = {},
): ToolOutcome<{ status: 'declined'; reason: Declined['reason'] }> {
  return {
    text: declinedText(decision.reason, nothing),
    structured: { status: 'declined', reason: decision.reason },
    effect: { kind: 'declined', reason: decision.reason, nothing },
    status: 'declined',
    messageIds,
    glance: { ...glance, declined: decision.reason },
  };
}
