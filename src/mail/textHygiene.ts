import { stripInvisibleChars } from '../guard/invisibleChars';

/**
 * Small text helpers for what is not mail content (label names, lines of a confirmation, outgoing text):
 * invisible characters removed by the guard room's one list of them (src/guard/invisibleChars.ts). Mail
 * content itself goes through src/mail/visibility/sanitize.ts (render.ts does that).
 */
export function stripInvisible(text: string): string {
  return stripInvisibleChars(text).text;
}

/** One line for listings: invisible characters removed, whitespace runs folded, optionally cut with "…". */
export function oneLine(text: string, maxChars?: number): string {
  return cutAt(stripInvisible(text).replace(/\s+/g, ' ').trim(), maxChars);
}

/** At most maxChars code points, the last one "…" when cut. */
export function cutAt(text: string, maxChars?: number): string {
  if (maxChars === undefined || text.length <= maxChars) return text;
  const head = text.slice(0, maxChars * 2 + 2);
  const points = [...head];
  if (head.length === text.length && points.length <= maxChars) return text;
  return `${points.slice(0, maxChars - 1).join('')}…`;
}
