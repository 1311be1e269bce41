import type { ConfirmationRequest, MarkedRecipient } from '../writes/confirmer';
import { highestGrade, type Evidence, type EvidenceItem, type EvidenceSource, type Grade } from '../writes/evidence';
import { count, recipientWarnings } from './recipientWarnings';

/**
 * The evidence a confirmation shows and decides by. The writes pipeline grades every change (writes/evidence); a
 * request that reaches the UI without evidence (an older caller) is graded here from its recipient marks alone, so
 * that no confirmation is ever shown ungraded, and a mark that means "the mail supplied this" is never quieter than
 * danger.
 */
export function evidenceOf(request: ConfirmationRequest): Evidence {
  if (request.evidence) return request.evidence;
  if (request.kind !== 'send' && request.kind !== 'draft') return { grade: 'none', summary: 'Nothing in this change came from mail.', items: [] };
  const correspondents = request.kind === 'send' && request.message.inReplyTo ? addressesOfHeaders(request.originalText) : new Set<string>();
  return evidenceFromMarks(request.message.markedRecipients, request.message.untrustedLinks, correspondents);
}

/** The addresses on the header lines (From, Reply-To, To, Cc) of the message replied to, lower case. */
function addressesOfHeaders(originalText: string): Set<string> {
  const head = originalText.split(/\r?\n\r?\n/, 1)[0] ?? '';
  const lines = head.split(/\r?\n/).filter((line) => /^(from|reply-to|to|cc):/i.test(line));
  return new Set(lines.flatMap((line) => line.match(/[^\s<>,;:"]+@[^\s<>,;"]+/g) ?? []).map((a) => a.toLowerCase()));
}

/** The items a person must tick, one by one, before a danger confirmation sends. */
export function dangerItems(evidence: Evidence): EvidenceItem[] {
  return evidence.items.filter((item) => item.grade === 'danger');
}

/** How the tick pick and ApprovalInput.ticked name an item: its kind and value (the pair is unique in one change). */
export function itemKey(item: Pick<EvidenceItem, 'kind' | 'value'>): string {
  return `${item.kind}:${item.value}`;
}

/** The mail a danger item came from, as the person knows it: the first source that says which mail. */
export function firstSource(items: readonly EvidenceItem[]): EvidenceSource | undefined {
  for (const item of items) for (const source of item.sources ?? []) if (source.subject || source.from) return source;
  return undefined;
}

const MARK_GRADES: Record<MarkedRecipient['reasons'][number], Grade> = {
  untrusted: 'danger',
  replyTo: 'danger',
  lookalike: 'danger',
  external: 'notice',
  new: 'notice',
};

const MARK_WORDS: Record<MarkedRecipient['reasons'][number], string> = {
  untrusted: 'taken from mail you read',
  replyTo: "from the original's Reply-To, not its sender",
  lookalike: 'with a look-alike domain',
  external: 'outside your domain',
  new: 'never written to before',
};

/**
 * `correspondents`: the people of the message replied to. A reply to them is never warned: new, external and read
 * in mail say nothing about them (the other marks still count: a Reply-To redirect is exactly a reply that goes
 * elsewhere, a look-alike is not the person).
 */
function evidenceFromMarks(allMarked: readonly MarkedRecipient[], untrustedLinks: readonly string[], correspondents: ReadonlySet<string>): Evidence {
  // The sender of the mail replied to was read in mail too (untrusted): for a reply that is who it answers.
  const quiet = (m: MarkedRecipient) => correspondents.has(m.address.toLowerCase()) && m.reasons.every((r) => r === 'new' || r === 'external' || r === 'untrusted');
  const marked = allMarked.filter((m) => !quiet(m));
  const items: EvidenceItem[] = [
    ...marked.map((m) => ({
      kind: 'recipient' as const,
      value: m.address,
      grade: highestGrade(m.reasons.map((r) => MARK_GRADES[r])),
      reasons: [...m.reasons].sort((a, b) => Number(MARK_GRADES[b] === 'danger') - Number(MARK_GRADES[a] === 'danger')).map((r) => MARK_WORDS[r]),
    })),
    ...untrustedLinks.map((link) => ({ kind: 'link' as const, value: link, grade: 'danger' as const, reasons: ['a link taken from mail you read'] })),
  ];
  const grade = highestGrade(items.map((i) => i.grade));
  const groups = recipientWarnings(marked).map((g) => `${count(g.addresses.length, 'recipient')} ${MARK_WORDS[g.kind]}`);
  if (untrustedLinks.length) groups.push(`${count(untrustedLinks.length, 'link')} taken from mail you read`);
  const replying = correspondents.size > 0 && marked.length < allMarked.length;
  const summary = groups.length ? `${groups.join('; ')}.` : replying ? 'A reply to the people of the message you reply to.' : 'No recipient or link in it came from mail.';
  return { grade, summary: summary.charAt(0).toUpperCase() + summary.slice(1), items };
}
