import { containsPhrase, toWords } from '../mailbox/words';
import type { StoredMessage } from '../mailbox/storedMessage';
import type { LabelRegistry } from '../mailbox/labels';
import type { QueryNode } from './queryAst';

export interface MatchContext {
  accountAddress: string;
  labels: LabelRegistry;
  /** Milliseconds since the epoch, for older_than/newer_than. */
  now: number;
}

const DAY_MS = 86_400_000;

/** Whether a message satisfies a parsed query. Calendar dates are midnight Pacific time, as Gmail's API reads them (see parseDate). */
export function matchesQuery(node: QueryNode, message: StoredMessage, ctx: MatchContext): boolean {
  switch (node.kind) {
    case 'and':
      return node.items.every((n) => matchesQuery(n, message, ctx));
    case 'or':
      return node.items.some((n) => matchesQuery(n, message, ctx));
    case 'not':
      return !matchesQuery(node.item, message, ctx);
    case 'term':
      return matchesTerm(node.field, node.value, message, ctx);
  }
}

/** Gmail hides spam and trash from a search unless the query asks for them. */
export function queryMentionsSpamOrTrash(node: QueryNode): boolean {
  switch (node.kind) {
    case 'and':
    case 'or':
      return node.items.some(queryMentionsSpamOrTrash);
    case 'not':
      return queryMentionsSpamOrTrash(node.item);
    case 'term': {
      const value = node.value.toLowerCase();
      return (node.field === 'in' || node.field === 'label') && (value === 'spam' || value === 'trash' || value === 'anywhere');
    }
  }
}

function matchesTerm(field: string | undefined, rawValue: string, m: StoredMessage, ctx: MatchContext): boolean {
  const value = rawValue.toLowerCase();
  const phraseIn = (words: readonly string[]) => containsPhrase(words, toWords(value === 'me' ? ctx.accountAddress : rawValue));
  const w = m.words;
  switch (field) {
    case undefined:
      return [w.subject, w.from, w.to, w.cc, w.bcc, w.body, ...w.filenames].some(phraseIn);
    case 'from':
      return phraseIn(w.from);
    case 'to':
      return phraseIn(w.to) || phraseIn(w.cc) || phraseIn(w.bcc);
    case 'cc':
      return phraseIn(w.cc);
    case 'bcc':
      return phraseIn(w.bcc);
    case 'deliveredto':
      return phraseIn(w.deliveredTo) || phraseIn(w.to);
    case 'list':
      return false;
    case 'subject':
      return phraseIn(w.subject);
    case 'label':
      return ctx.labels.idsForSearchName(rawValue).some((id) => m.labelIds.has(id));
    case 'category':
      return m.labelIds.has(value === 'primary' ? 'CATEGORY_PERSONAL' : `CATEGORY_${value.toUpperCase()}`);
    case 'is':
      return matchesIs(value, m);
    case 'in':
      return matchesIn(value, rawValue, m, ctx);
    case 'has':
      return matchesHas(value, m, ctx);
    case 'filename':
      return [...m.attachments.values()].some((p) => p.filename.toLowerCase() === value || p.filename.toLowerCase().endsWith(`.${value}`)) || w.filenames.some(phraseIn);
    case 'after':
    case 'newer':
    case 'before':
    case 'older': {
      const at = parseDate(value);
      if (at === undefined) return [w.subject, w.body].some(phraseIn);
      return field === 'after' || field === 'newer' ? m.internalDate >= at : m.internalDate < at;
    }
    case 'older_than':
    case 'newer_than': {
      const cutoff = relativeCutoff(value, ctx.now);
      if (cutoff === undefined) return false;
      return field === 'older_than' ? m.internalDate < cutoff : m.internalDate >= cutoff;
    }
    case 'larger':
    case 'smaller':
    case 'size': {
      const bytes = parseSize(value);
      if (bytes === undefined) return false;
      if (field === 'smaller') return m.raw.length < bytes;
      return m.raw.length >= bytes;
    }
    case 'rfc822msgid':
      return m.messageIdHeader !== undefined && m.messageIdHeader.replace(/^<|>$/g, '').toLowerCase() === value.replace(/^<|>$/g, '');
    default:
      return [w.subject, w.body].some(phraseIn);
  }
}

function matchesIs(value: string, m: StoredMessage): boolean {
  switch (value) {
    case 'unread':
      return m.labelIds.has('UNREAD');
    case 'read':
      return !m.labelIds.has('UNREAD');
    case 'starred':
      return m.labelIds.has('STARRED');
    case 'important':
      return m.labelIds.has('IMPORTANT');
    case 'chat':
      return m.labelIds.has('CHAT');
    default:
      return false;
  }
}

function matchesIn(value: string, rawValue: string, m: StoredMessage, ctx: MatchContext): boolean {
  switch (value) {
    case 'anywhere':
      return true;
    case 'inbox':
    case 'sent':
    case 'trash':
    case 'spam':
    case 'starred':
    case 'important':
    case 'chat':
      return m.labelIds.has(value.toUpperCase());
    case 'draft':
    case 'drafts':
      return m.labelIds.has('DRAFT');
    default:
      return ctx.labels.idsForSearchName(rawValue).some((id) => m.labelIds.has(id));
  }
}

function matchesHas(value: string, m: StoredMessage, ctx: MatchContext): boolean {
  switch (value) {
    case 'attachment':
      return m.attachments.size > 0;
    case 'userlabels':
      return [...m.labelIds].some((id) => ctx.labels.get(id)?.type === 'user');
    case 'nouserlabels':
      return ![...m.labelIds].some((id) => ctx.labels.get(id)?.type === 'user');
    case 'yellow-star':
    case 'star':
      return m.labelIds.has('STARRED');
    default:
      return false;
  }
}

/**
 * YYYY/MM/DD, YYYY-MM-DD or seconds since the epoch, as Gmail accepts for after:/before:. A date is midnight of
 * that day in Pacific time, whatever the account's time zone: "All dates used in the search query are interpreted
 * as midnight on that date in the PST timezone. To specify accurate dates for other timezones pass the value in
 * seconds instead" (developers.google.com/workspace/gmail/api/guides/filtering). PST there means the Pacific
 * zone's civil time, daylight saving included.
 */
export function parseDate(value: string): number | undefined {
  if (/^\d{9,}$/.test(value)) return Number(value) * 1000;
  const match = /^(\d{4})[/-](\d{1,2})[/-](\d{1,2})$/.exec(value);
  if (!match) return undefined;
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  if (month < 1 || month > 12 || day < 1 || day > 31) return undefined;
  return midnightPacific(year, month, day);
}

const PACIFIC_OFFSET = new Intl.DateTimeFormat('en-US', { timeZone: 'America/Los_Angeles', timeZoneName: 'longOffset' });

/** Midnight of a calendar day in America/Los_Angeles, as epoch milliseconds. */
export function midnightPacific(year: number, month: number, day: number): number {
  // The zone changes offset at 02:00 local, so the offset at 08:00 UTC (00:00 PST or 01:00 PDT) is the one at midnight.
  const probe = Date.UTC(year, month - 1, day, 8);
  const name = PACIFIC_OFFSET.formatToParts(probe).find((p) => p.type === 'timeZoneName')?.value ?? 'GMT-08:00';
  const match = /GMT([+-])(\d{2}):(\d{2})/.exec(name);
  const offsetMinutes = match ? (match[1] === '-' ? -1 : 1) * (Number(match[2]) * 60 + Number(match[3])) : -480;
  return Date.UTC(year, month - 1, day) - offsetMinutes * 60_000;
}

function relativeCutoff(value: string, now: number): number | undefined {
  const match = /^(\d{1,5})([dmy])$/.exec(value);
  if (!match) return undefined;
  const n = Number(match[1]);
  if (match[2] === 'd') return now - n * DAY_MS;
  const date = new Date(now);
  if (match[2] === 'm') date.setUTCMonth(date.getUTCMonth() - n);
  else date.setUTCFullYear(date.getUTCFullYear() - n);
  return date.getTime();
}

function parseSize(value: string): number | undefined {
  const match = /^(\d{1,12})([km])?b?$/.exec(value);
  if (!match) return undefined;
  const unit = match[2] === 'k' ? 1024 : match[2] === 'm' ? 1024 * 1024 : 1;
  return Number(match[1]) * unit;
}
