import * as z from 'zod';
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

/** A reply that did not follow the original's Reply-To (compose.replyHeaders): the agent is told where it went and how to choose otherwise. */
export const replyToSetAsideSchema = z
  .array(z.string())
  .describe("The original's Reply-To, outside its sender's domain: not used, the reply is to the sender. Name it in to, to write there.");

export function replyToSetAsideText(addresses: readonly string[], verb: 'went' | 'was addressed' | 'is addressed'): string {
  if (!addresses.length) return '';
  return ` The original asks for replies at ${addresses.join(', ')}, outside its sender's domain, so the reply ${verb} to the sender instead; to write there, name it in "to" (the person will see it marked as a Reply-To redirect).`;
}
