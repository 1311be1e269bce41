import { bulkhead, type BulkheadPolicy } from 'cockatiel';

/**
 * Raw messages a tool call holds at once. A raw message (up to Gmail's 25 MB, a third more in base64) is held from
 * its fetch until its parse is made, then let go; a call that lists or reads many (search_messages, read_messages,
 * read_thread) fetches and parses them through these slots, so a page of large mail never sits on the heap whole.
 * More in flight would add little speed (the mail workers parse two at a time) and a raw message each to the heap.
 */
export const RAW_MAILS_IN_FLIGHT = 4;

/** Slots for one call: `slots.execute(() => fetchAndParse(id))` per message; the rest wait their turn. */
export function rawMailSlots(): BulkheadPolicy {
  return bulkhead(RAW_MAILS_IN_FLIGHT, Number.MAX_SAFE_INTEGER);
}
