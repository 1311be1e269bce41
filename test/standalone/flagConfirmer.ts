import type { ConfirmationRequest, Confirmer } from '../../src/writes/confirmer';
import { approvalOf } from '../../src/writes/confirmationText';

export type FlagAnswer = 'approve' | 'decline';

/**
 * The person's answer given once on the command line (`--confirm approve|decline`), for black-box checks and
 * other MCP clients against the fake. Test mode only: it lives beside the standalone entry, and the extension
 * has no setting or code path that could construct it. An approval is bound to the hash of the texts the
 * request shows, like the diff editor's.
 */
export function flagConfirmer(answer: FlagAnswer, log: (line: string) => void): Confirmer {
  return {
    async confirm(request: ConfirmationRequest) {
      log(`confirmation (${answer}d by --confirm): ${request.tool} for ${request.account}: ${describe(request)}`);
      return answer === 'approve' ? approvalOf(request) : { approved: false, reason: 'declined' };
    },
  };
}

function describe(request: ConfirmationRequest): string {
  if (request.kind === 'send' || request.kind === 'draft') {
    const m = request.message;
    return `${request.kind === 'send' ? 'send' : 'change the draft'} "${m.subject}" to ${[...m.to, ...m.cc, ...m.bcc].join(', ')}`;
  }
  if (request.kind === 'deleteDraft') return `delete the draft "${request.subject}" for good`;
  return `${request.title} (${request.before.length} messages)`;
}
