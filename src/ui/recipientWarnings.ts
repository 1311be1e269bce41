import type { MarkedRecipient } from '../writes/confirmer';

/**
 * The marked recipients of an outgoing message grouped into the warnings a person reads, most telling first. A
 * recipient counts once among taken-from-mail / outside-your-domain / new (the most telling of those reasons);
 * look-alike domains and Reply-To redirects are listed whatever else they are. The notification and the document's
 * risk summary word these groups each in their own way, from this one grouping.
 */
export type RecipientWarningKind = 'lookalike' | 'replyTo' | 'untrusted' | 'external' | 'new';

export interface RecipientWarning {
  readonly kind: RecipientWarningKind;
  readonly addresses: readonly string[];
}

export function recipientWarnings(marked: readonly MarkedRecipient[]): RecipientWarning[] {
  const has = (m: MarkedRecipient, reason: MarkedRecipient['reasons'][number]) => m.reasons.includes(reason);
  const groups: Array<[RecipientWarningKind, (m: MarkedRecipient) => boolean]> = [
    ['lookalike', (m) => has(m, 'lookalike')],
    ['replyTo', (m) => has(m, 'replyTo')],
    ['untrusted', (m) => has(m, 'untrusted')],
    ['external', (m) => has(m, 'external') && !has(m, 'untrusted')],
    ['new', (m) => has(m, 'new') && !has(m, 'untrusted') && !has(m, 'external')],
  ];
  return groups
    .map(([kind, test]) => ({ kind, addresses: marked.filter(test).map((m) => m.address) }))
    .filter((group) => group.addresses.length > 0);
}

export function count(n: number, noun: string): string {
  return `${n} ${noun}${n === 1 ? '' : 's'}`;
}
