import type { OriginatedConfirmationRequest } from '../../writes/confirmer';
import { actorOf, GRADE_WORDS, summaryAfterGrade } from './confirmationSummary';
import { plural } from '../../text/plural';
import { plainText } from '../shared/untrustedText';

/**
 * The one-paragraph text of a confirmation's notification (and of the palette's approval pick). The grade and its
 * evidence come first (none says nothing: a reply to the thread is never warned) and every mail-derived field is
 * capped, so a long subject or a hundred recipients cannot push the warning out of the notification's few visible
 * lines; every mail-derived field goes through plainText, so none of it can become a link or a command.
 */

const SUBJECT_MAX = 80;
const ADDRESS_MAX = 60;
const SUMMARY_MAX = 200;
const RECIPIENTS_SHOWN = 3;
const WHERE = 'Send and Cancel are at the top of the message.';

export function confirmationNotice(request: OriginatedConfirmationRequest): string {
  const evidence = request.evidence;
  const warnings = evidence.grade === 'none' ? [] : [`${GRADE_WORDS[evidence.grade]}: ${summaryAfterGrade(evidence.summary, SUMMARY_MAX)}`];
  const actor = actorOf(request);
  if (request.kind === 'send' || request.kind === 'draft') {
    const message = request.message;
    const sender = addressOf(message.from);
    if (sender !== request.account.toLowerCase()) warnings.push(`⚠ sent as ${plainText(sender, { max: ADDRESS_MAX })}, not the account.`);
    const recipients = [...message.to, ...message.cc, ...message.bcc];
    const verb = request.kind === 'draft' ? 'change a draft you wrote into' : request.tool === 'send_draft' ? 'send a draft' : 'send';
    // Files leave with the message: their count is said here, each one (name, size, hash) is a line in the diff.
    const attached = message.attachments.length ? ` with ${plural(message.attachments.length, 'attachment')}` : '';
    const html = message.bodyFormat === 'markdown' ? ', as HTML made from markdown' : message.bodyFormat === 'html' ? ', as HTML' : '';
    return (
      `Gmail Tools: ${lead(warnings)}${actor} ${verb} "${plainText(message.subject, { max: SUBJECT_MAX }) || '(no subject)'}" ` +
      `from ${plainText(request.account, { max: ADDRESS_MAX })} to ${listAddresses(recipients)}${attached}${html}. ${WHERE}`
    );
  }
  if (request.kind === 'deleteDraft') {
    return (
      `Gmail Tools: ${lead(warnings)}⚠ permanent: Gmail deletes drafts for good, there is no Undo. ${actor} delete the draft ` +
      `"${plainText(request.subject, { max: SUBJECT_MAX }) || '(no subject)'}" of ${plainText(request.account, { max: ADDRESS_MAX })}. ${WHERE}`
    );
  }
  const title = plainText(request.title, { max: SUBJECT_MAX });
  const bulk = request.typedCountRequired !== undefined ? `⚠ ${plural(request.typedCountRequired, 'message')}: you will type the count. ` : '';
  return `Gmail Tools: ${lead(warnings)}${bulk}${actor} ${title.charAt(0).toLowerCase()}${title.slice(1)} in ${plainText(request.account, { max: ADDRESS_MAX })}. ${WHERE}`;
}

function lead(warnings: readonly string[]): string {
  return warnings.length ? `${warnings.map((w) => (/[.!?]$/.test(w) ? w : `${w}.`)).join(' ')} ` : '';
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
