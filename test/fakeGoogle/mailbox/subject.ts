/** Subject without reply/forward prefixes, for grouping replies into a thread like Gmail does. */
export function normalizeSubject(subject: string): string {
  let s = subject.normalize('NFC').trim();
  const prefix = /^\s*(?:re|fwd?|aw|sv|wg|tr|rv|antw)\s*(?:\[\d+\])?\s*:\s*/i;
  while (prefix.test(s)) s = s.replace(prefix, '');
  return s.replace(/\s+/g, ' ').toLowerCase();
}
