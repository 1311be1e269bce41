import type { ConfirmationRequest, OriginatedConfirmationRequest } from '../../writes/confirmer';
import type { EvidenceItem, EvidenceSource, Grade } from '../../writes/evidence';
import { dangerItems, firstSource } from './confirmationEvidence';
import { plainText } from '../shared/untrustedText';

/**
 * What a confirmation says about itself, in plain words, for the three places a person reads it: the note at the top
 * of the outgoing document (confirmationNote), the one-line lens above it (confirmationSummary) and the
 * notification (confirmationNotice). The grade comes first and names its evidence; danger also names the mail it came
 * from. Every mail-derived field goes through plainText: lens titles render `$(codicon)` syntax, notifications render
 * `[x](command:…)` links, and invisible or bidi characters would reorder what the note says.
 */

export const GRADE_WORDS: Record<Grade, string> = { danger: '⚠ DANGER', notice: 'Notice', none: 'No warnings' };

const SUMMARY_MAX = 240;
const LENS_SUMMARY_MAX = 110;
const VALUE_MAX = 120;
const SUBJECT_MAX = 80;

/** The line that ends the note: nothing above it is part of the change; the text below is exactly the change. */
export function noteEndLine(request: ConfirmationRequest): string {
  // Short enough not to wrap in a narrow editor: a wrapped end line reads like two.
  const below: Record<ConfirmationRequest['kind'], string> = {
    send: 'below: exactly what will be sent (not this note)',
    draft: 'below: the draft as it will be saved (not this note)',
    deleteDraft: 'below: what is left of the draft',
    changeMessages: 'below: the messages after the change',
  };
  return `──── ${below[request.kind]}`;
}

/**
 * The evidence's summary as the words after our grade word: plain, capped, and without a grade word of its own at its
 * start ("Danger: …"), which would read twice ("⚠ DANGER: Danger: …").
 */
export function summaryAfterGrade(summary: string, max = SUMMARY_MAX): string {
  const words = plainText(summary, { max: max + 20 }).replace(/^(?:⚠\s*)?(?:no warnings?|notice|danger)\s*[:.—–-]\s*/i, '');
  // "a reply…" -> "A reply…"; an address or a domain at the start stays as it is written.
  const plainWord = /^[a-z]+(?=[\s,;:]|$)/.test(words);
  return plainText(plainWord ? words.charAt(0).toUpperCase() + words.slice(1) : words, { max });
}

/** The grade and its evidence in one or two sentences: the note's first line, led by the grade. */
export function confirmationHeadline(request: ConfirmationRequest): string {
  const evidence = request.evidence;
  const summary = summaryAfterGrade(evidence.summary);
  if (evidence.grade !== 'danger') return `${GRADE_WORDS[evidence.grade]}: ${summary}`;
  const source = firstSource(dangerItems(evidence));
  const named = source && [source.subject, source.from].some((s) => s && summary.includes(plainText(s, { max: SUBJECT_MAX })));
  return `${GRADE_WORDS.danger}: ${summary}${source && !named ? ` It came from ${mailName(source)}.` : ''}`;
}

/**
 * The note at the top of the right side, ending with noteEndLine: the headline; for danger each dangerous item with
 * its reasons and how to send anyway; then who started the change. Lines wrap in the editor (package.json turns word
 * wrap on for the confirmation language), so nothing here is cut to fit a width.
 */
export function confirmationNote(request: OriginatedConfirmationRequest): string {
  const evidence = request.evidence;
  const lines = [confirmationHeadline(request)];
  const dangerous = dangerItems(evidence);
  for (const item of dangerous) lines.push(`  ⚠ ${itemLine(item)}`);
  if (dangerous.length) {
    lines.push(`  Cancel is the default. To ${verbOf(request)} anyway: ${approveLabel(request)}, then confirm each item above, one at a time, that you checked it.`);
  }
  if (request.kind === 'changeMessages' && request.typedCountRequired !== undefined) {
    lines.push(`  This changes ${request.typedCountRequired} messages: you will type ${request.typedCountRequired} to approve.`);
  }
  lines.push(`${actorOf(request)} ${actionOf(request)}.`, noteEndLine(request));
  return `${lines.join('\n')}\n`;
}

/** The lens above the note: the grade and the summary on one line (lens titles do not wrap; the note does). */
export function confirmationSummary(request: ConfirmationRequest): string {
  const evidence = request.evidence;
  return `${GRADE_WORDS[evidence.grade]}: ${summaryAfterGrade(evidence.summary, LENS_SUMMARY_MAX)}`;
}

/** What the approving button says for this confirmation (the lens, the tick pick); danger asks one more step ("…"). */
export function approveLabel(request: ConfirmationRequest): string {
  const labels: Record<ConfirmationRequest['kind'], string> = { send: 'Send', draft: 'Save Draft', deleteDraft: 'Delete Draft', changeMessages: 'Apply' };
  return `${labels[request.kind]}${request.evidence.grade === 'danger' ? '…' : ''}`;
}

/** "The agent wants to" or, for a change the person started from the palette, "You are about to". */
export function actorOf(request: OriginatedConfirmationRequest): string {
  return request.origin === 'you' ? 'You are about to' : 'The agent wants to';
}

/** One dangerous item as the note and the tick pick's detail say it: what, which, why, from which mail. */
export function itemLine(item: EvidenceItem): string {
  return `${item.kind} ${plainText(item.value, { max: VALUE_MAX })}: ${itemReasons(item)}`;
}

export function itemReasons(item: EvidenceItem): string {
  const source = item.sources?.find((s) => s.subject || s.from);
  const reasons = item.reasons.map((r) => plainText(r, { max: SUMMARY_MAX })).join('; ');
  return source && !reasons.includes(plainText(source.subject ?? source.from, { max: SUBJECT_MAX })) ? `${reasons} (in ${mailName(source)})` : reasons;
}

/** A mail as the person knows it: "the mail "Invoice 4471" from billing@x (hidden text, flagged)". */
function mailName(source: EvidenceSource): string {
  const subject = source.subject ? ` "${plainText(source.subject, { max: SUBJECT_MAX })}"` : '';
  const from = source.from ? ` from ${plainText(source.from, { max: 80 })}` : '';
  const how = [source.part === 'visible text' ? '' : source.part, source.flagged ? 'flagged as carrying instructions' : ''].filter(Boolean);
  return `the mail${subject}${from}${how.length ? ` (${how.join(', ')})` : ''}`;
}

function verbOf(request: ConfirmationRequest): string {
  const verbs: Record<ConfirmationRequest['kind'], string> = { send: 'send', draft: 'save it', deleteDraft: 'delete it', changeMessages: 'apply it' };
  return verbs[request.kind];
}

/** The rest of "<actor> …": what the change does, plainly. */
function actionOf(request: ConfirmationRequest): string {
  if (request.kind === 'send') return `${request.tool === 'send_draft' ? 'send this draft' : 'send this message'} as ${plainText(request.account, { max: 80 })}`;
  if (request.kind === 'draft') return `change this draft of ${plainText(request.account, { max: 80 })}`;
  if (request.kind === 'deleteDraft') return `delete this draft of ${plainText(request.account, { max: 80 })} for good (Gmail keeps no copy; there is no Undo)`;
  const title = plainText(request.title, { max: SUBJECT_MAX });
  return `${title.charAt(0).toLowerCase()}${title.slice(1)} in ${plainText(request.account, { max: 80 })}`;
}
