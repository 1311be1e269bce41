import type { Confirmer } from '../../src/writes/confirmer';
import { approvalOf } from '../../src/writes/confirmationText';
import { confirmationLine, confirmationRecord } from './confirmationLine';

export type FlagAnswer = 'approve' | 'decline';

/**
 * The person's answer given once on the command line (`--confirm approve|decline`), for black-box checks and
 * other MCP clients against the fake. Test mode only: it lives beside the standalone entry, and the extension
 * has no setting or code path that could construct it. An approval is bound to the hash of the texts the
 * request shows, like the diff editor's. Every confirmation is logged as one `CONFIRMATION <json>` line (confirmationLine.ts):
 * what the person would have been shown, and the answer.
 */
export function flagConfirmer(answer: FlagAnswer, log: (line: string) => void): Confirmer {
  return {
    async confirm(request) {
      log(confirmationLine(confirmationRecord(request, answer === 'approve' ? 'approved' : 'declined')));
      return answer === 'approve' ? approvalOf(request) : { approved: false, reason: 'declined' };
    },
  };
}
