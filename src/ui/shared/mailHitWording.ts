/**
 * Search Mail…'s lines for people. search_messages words its hits for the model's token budget: a snippet
 * without the lead that repeats the subject (so it can start mid-sentence), Gmail's system label ids
 * (`CATEGORY_PROMOTIONS`), dates in UTC. A person reads the pick: a snippet that starts at a sentence, the label
 * names Gmail shows, a short local date that fits beside the sender. Pure: no vscode.
 */

/** Gmail's system labels as Gmail's own UI names them; user labels arrive by name already (the server's labelNamer). */
const SYSTEM_LABELS: Readonly<Record<string, string>> = {
  INBOX: 'Inbox',
  UNREAD: 'Unread',
  STARRED: 'Starred',
  IMPORTANT: 'Important',
  SENT: 'Sent',
  DRAFT: 'Draft',
  SPAM: 'Spam',
  TRASH: 'Trash',
  CHAT: 'Chat',
  CATEGORY_PERSONAL: 'Primary',
  CATEGORY_SOCIAL: 'Social',
  CATEGORY_PROMOTIONS: 'Promotions',
  CATEGORY_UPDATES: 'Updates',
  CATEGORY_FORUMS: 'Forums',
};

/** A label as Gmail shows it: "Promotions" for CATEGORY_PROMOTIONS; a user label's name as it is. */
export function labelForPeople(label: string): string {
  return SYSTEM_LABELS[label] ?? label;
}

/**
 * The labels a hit line shows: names, and not the ones that say nothing in a search (Unread is in the bold of a
 * mail app, not a word; Inbox is where nearly every hit is).
 */
export function hitLabelsForPeople(labels: readonly string[]): string[] {
  return labels.filter((l) => l !== 'UNREAD' && l !== 'INBOX').map(labelForPeople);
}

/**
 * A snippet that starts at a sentence: as it is when it starts like one (a capital, a digit, a quote or bracket),
 * else from the first sentence inside it; undefined when no sentence starts in it (the subject already says what
 * the cut-off start was about).
 */
export function snippetForPeople(snippet: string | undefined): string | undefined {
  const text = snippet?.trim();
  if (!text) return undefined;
  if (startsSentence(text)) return text;
  const next = /[.!?…:;]["”’)]?\s+(?=[\p{Lu}\p{N}"“'‘([])/u.exec(text);
  if (!next) return undefined;
  const rest = text.slice(next.index + next[0].length).trim();
  return rest.replace(/^…$/, '') || undefined;
}

function startsSentence(text: string): boolean {
  return /^[\p{Lu}\p{N}"“'‘([«¿¡]/u.test(text) || /^\p{Lo}/u.test(text);
}

/**
 * A hit's date in the fewest characters that tell hits apart, in the person's time zone: the time today, the day
 * and month this year, with the year before that. Unparsable dates come back as they are.
 */
export function shortHitDate(iso: string, now = Date.now(), locale?: string): string {
  // ISO 8601, or search_messages' "31 Aug 2026 03:12 UTC" (RFC 2822 order, which Date.parse reads too).
  const time = Date.parse(iso);
  if (Number.isNaN(time)) return iso;
  const date = new Date(time);
  const today = new Date(now);
  if (date.toDateString() === today.toDateString()) return date.toLocaleTimeString(locale, { hour: '2-digit', minute: '2-digit' });
  if (date.getFullYear() === today.getFullYear()) return date.toLocaleDateString(locale, { day: 'numeric', month: 'short' });
  return date.toLocaleDateString(locale, { day: 'numeric', month: 'short', year: 'numeric' });
}
