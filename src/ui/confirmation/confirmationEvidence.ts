import type { Evidence, EvidenceItem, EvidenceSource } from '../../writes/evidence';

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
