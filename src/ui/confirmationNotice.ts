import type { ConfirmationRequest } from '../writes/confirmer';
import { count, recipientWarnings, type RecipientWarningKind } from './recipientWarnings';
import { plainText } from './untrustedText';

/**
 * The one-paragraph text of a confirmation's notification (and of the palette's approval pick). The warnings come
 * first and every mail-derived field is capped, so a long subject or a hundred recipients cannot push the
 * warnings out of the notification's few visible lines; every mail-derived field goes through plainText, so none
 * of it can become a link or a command.
 */

const SUBJECT_MAX = 80;
const ADDRESS_MAX = 60;
const RECIPIENTS_SHOWN = 3;

export function confirmationNotice(request: ConfirmationRequest): string {
  if (request.kind === 'send' || request.kind === 'draft') {
    const message = request.message;
    const warnings: string[] = [];
    const wording: Record<RecipientWarningKind, (n: number, addresses: string) => string> = {
      lookalike: (n, a) => `${count(n, 'look-alike domain')} (${a})`,
      replyTo: (_n, a) => `the reply goes to the original's Reply-To, not its sender (${a})`,
      untrusted: (n, a) => `${count(n, 'recipient')} taken from mail you read (${a})`,
      external: (n, a) => `${count(n, 'recipient')} outside your domain (${a})`,
      new: (n, a) => `${count(n, 'new recipient')} (${a})`,
    };
    for (const group of recipientWarnings(message.markedRecipients)) warnings.push(wording[group.kind](group.addresses.length, listAddresses(group.addresses)));
    const sender = addressOf(message.from);
    if (sender !== request.account.toLowerCase()) warnings.push(`sent as ${plainText(sender, { max: ADDRESS_MAX })}, not the account`);
    if (message.untrustedLinks.length) warnings.push(`${count(message.untrustedLinks.length, 'link')} from untrusted mail`);
    const recipients = [...message.to, ...message.cc, ...message.bcc];
    const verb = request.kind === 'draft' ? 'change a draft you wrote into' : request.tool === 'send_draft' ? 'send a draft' : 'send';
    const head = warnings.length ? `⚠ ${warnings.join('; ')}. ` : '';
    // Files leave with the message: their count is said here, each one (name, size, hash) is a line in the diff.
    const attached = message.attachments.length ? ` with ${count(message.attachments.length, 'attachment')}` : '';
    const html = message.bodyFormat === 'markdown' ? ', as HTML made from markdown' : message.bodyFormat === 'html' ? ', as HTML' : '';
    return (
      `Gmail Tools: ${head}The agent wants to ${verb} "${plainText(message.subject, { max: SUBJECT_MAX }) || '(no subject)'}" ` +
      `from ${plainText(request.account, { max: ADDRESS_MAX })} to ${listAddresses(recipients)}${attached}${html}. Review the diff.`
    );
  }
  if (request.kind === 'deleteDraft') {
    return (
      `Gmail Tools: ⚠ permanent: Gmail deletes drafts for good, there is no Undo. The agent wants to delete the draft ` +
      `"${plainText(request.subject, { max: SUBJECT_MAX }) || '(no subject)'}" of ${plainText(request.account, { max: ADDRESS_MAX })}. Review the diff.`
    );
  }
  const title = plainText(request.title, { max: SUBJECT_MAX });
  const bulk = request.typedCountRequired !== undefined ? `⚠ ${count(request.typedCountRequired, 'message')}: you will type the count. ` : '';
  return `Gmail Tools: ${bulk}The agent wants to ${title.charAt(0).toLowerCase()}${title.slice(1)} in ${plainText(request.account, { max: ADDRESS_MAX })}. Review the diff.`;
}

function listAddresses(addresses: readonly string[]): string {
  if (addresses.length === 0) return 'nobody';
  const shown = addresses.slice(0, RECIPIENTS_SHOWN).map((a) => plainText(a, { max: ADDRESS_MAX }));
  const more = addresses.length - shown.length;
  return more > 0 ? `${shown.join(', ')} and ${more} more` : shown.join(', ');
}

/** "Name <a@b>" -> "a@b" (our own formatted From; no MIME parser loaded for a notice). */
function addressOf(formatted: string): string {
  return (/<([^<>]+)>\s*$/.exec(formatted)?.[1] ?? formatted).trim().toLowerCase();
}
