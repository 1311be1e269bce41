import { stripInvisibleChars } from '../guard/invisibleChars';

/**
 * Small text helpers for what is not mail content (label names, lines of a confirmation, outgoing text):
 * invisible characters removed by the guard room's one list of them (src/guard/invisibleChars.ts). Mail
 * content itself goes through src/mail/visibility/sanitize.ts (render.ts does that).
 */
export function stripInvisible(text: string): string {
  return stripInvisibleChars(text).text;
}

