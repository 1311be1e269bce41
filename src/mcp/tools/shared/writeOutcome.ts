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
  const who = decision.reason === 'shutdown' ? 'not sent (the server stopped in the undo-send window)' : decision.reason === 'undone' ? 'cancelled by the user (Undo)' : `declined by the user (${decision.reason})`;
  return {
    text: declinedText(decision.reason, nothing),
    structured: { status: 'declined', reason: decision.reason },
    summary: `${who}: nothing ${nothing}`,
    status: 'declined',
    messageIds,
    glance: { ...glance, declined: decision.reason },
  };
}
