import type { ConfirmationRequest } from '../writes/confirmer';
import { count, recipientWarnings, type RecipientWarningKind } from './recipientWarnings';
import { plainText } from './untrustedText';

/**
 * The one-line risk summary a confirmation's outgoing document shows at its top (a CodeLens title), in plain
 * words: the warnings first, as counts (for a change of messages, then what it does). CodeLens titles render `$(codicon)` syntax, so
 * every mail-derived field goes through plainText. It stays short, so Send and Cancel beside it stay in view: the
 * subject and the addresses are in the document itself, the addresses marked on their header lines.
 */

const TITLE_MAX = 60;

export function confirmationSummary(request: ConfirmationRequest): string {
  if (request.kind === 'send' || request.kind === 'draft') {
    const message = request.message;
    const wording: Record<RecipientWarningKind, string> = {
      lookalike: 'with a look-alike domain',
      replyTo: "from the original's Reply-To, not its sender",
      untrusted: 'taken from a mail you read',
      external: 'outside your domain',
      new: 'never written to before',
    };
    const warningsOfRecipients = recipientWarnings(message.markedRecipients).map((group) => `${group.addresses.length} ${wording[group.kind]}`);
    const recipients = message.to.length + message.cc.length + message.bcc.length;
    const links = message.untrustedLinks.length;
    const to = `${request.kind === 'draft' ? 'Draft to' : 'To'} ${count(recipients, 'recipient')}`;
    const attached = message.attachments.length ? ` ${count(message.attachments.length, 'attachment')}.` : '';
    if (warningsOfRecipients.length === 0 && links === 0) return `${to}, none marked.${attached}`;
    const warnings = [warningsOfRecipients.length ? `${to}: ${warningsOfRecipients.join(', ')}` : `${to}, none marked`];
    if (links) warnings.push(`${count(links, 'link')} from mail you read`);
    return `⚠ ${warnings.join('; ')}.${attached}`;
  }
  if (request.kind === 'deleteDraft') return '⚠ Permanent: Gmail deletes drafts for good, there is no Undo.';
  const messages = request.before.length;
  const title = plainText(request.title, { max: TITLE_MAX });
  const change = `${title}.`;
  if (request.typedCountRequired !== undefined) return `⚠ ${count(messages, 'message')}: you will type ${request.typedCountRequired} to approve. ${change}`;
  return `${count(messages, 'message')}. ${change}`;
}

/** What the approving button says for this confirmation (the lens, the notification). */
export function approveLabel(request: ConfirmationRequest): string {
  const labels: Record<ConfirmationRequest['kind'], string> = { send: 'Send', draft: 'Save Draft', deleteDraft: 'Delete Draft', changeMessages: 'Apply' };
  return labels[request.kind];
}
