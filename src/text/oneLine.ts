/**
 * Plain string helpers that know nothing of mail, Gmail or the guard, so every room may use them. Text that can
 * carry invisible characters goes through mail/textHygiene.ts's stripInvisible first.
 */

/** One line: whitespace runs (line breaks included) folded to one space, trimmed, optionally cut with "…". */
export function oneLine(text: string, maxChars?: number): string {
  return cutAt(text.replace(/\s+/g, ' ').trim(), maxChars);
}

/** At most maxChars code points, the last one "…" when cut. */
export function cutAt(text: string, maxChars?: number): string {
  if (maxChars === undefined || text.length <= maxChars) return text;
  const head = text.slice(0, maxChars * 2 + 2);
  const points = [...head];
  if (head.length === text.length && points.length <= maxChars) return text;
  return `${points.slice(0, maxChars - 1).join('')}…`;
}

/** A library's own error words on one line, capped: they go into a reason a person and the model read. */
export function errorLine(error: unknown, maxChars = 200): string {
  return oneLine(error instanceof Error ? error.message : String(error), maxChars);
}
