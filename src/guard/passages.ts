import { foldAddressText } from './addresses';

/**
 * Passages of text as sets of shingles: every run of SHINGLE_WORDS consecutive words, folded (invisible characters
 * gone, NFKC, lower case, punctuation ignored) and hashed. An outgoing subject or body that copies a passage of mail
 * shares its shingles with it whatever its line breaks, spacing, case or quoting, so "copied from mail" does not
 * depend on exact lines. Pure in the text (it runs in the mail worker).
 */

export const SHINGLE_WORDS = 5;

/** Most shingles kept of one text: a mail of megabytes records its start, the rest is beyond the memory's budget. */
export const MAX_SHINGLES_PER_TEXT = 20_000;

const WORD = /[\p{L}\p{N}]+/gu;

/** Words of a text as compared: folded and lower case. */
export function passageWords(text: string): string[] {
  return (foldAddressText(text).toLowerCase().match(WORD) ?? []);
}

/** Two 26-bit FNV-1a style hashes in base 36: about 52 bits, enough that two texts rarely meet by chance. */
function hashWords(words: readonly string[]): string {
  let a = 0x811c9dc5;
  let b = 0x01000193 ^ 0x5bd1e995;
  for (const word of words) {
    for (let i = 0; i < word.length; i++) {
      const c = word.charCodeAt(i);
      a = Math.imul(a ^ c, 0x01000193);
      b = Math.imul(b ^ c, 0x5bd1e995) ^ (b >>> 13);
    }
    a = Math.imul(a ^ 0x20, 0x01000193);
    b = Math.imul(b ^ 0x20, 0x5bd1e995) ^ (b >>> 13);
  }
  return `${((a >>> 6) & 0x3ffffff).toString(36)}.${((b >>> 6) & 0x3ffffff).toString(36)}`;
}

/** The shingles of a text, in order (duplicates kept out), at most `max`. */
export function shinglesOf(text: string, max = MAX_SHINGLES_PER_TEXT): string[] {
  const words = passageWords(text);
  const out = new Set<string>();
  for (let i = 0; i + SHINGLE_WORDS <= words.length && out.size < max; i++) out.add(hashWords(words.slice(i, i + SHINGLE_WORDS)));
  return [...out];
}

/** The shingles of a text with the words each starts at, for naming the passage that matched. */
export function shingleRuns(text: string): Array<{ shingle: string; start: number; words: readonly string[] }> {
  const words = passageWords(text);
  const out: Array<{ shingle: string; start: number; words: readonly string[] }> = [];
  for (let i = 0; i + SHINGLE_WORDS <= words.length && out.length < MAX_SHINGLES_PER_TEXT; i++) {
    out.push({ shingle: hashWords(words.slice(i, i + SHINGLE_WORDS)), start: i, words });
  }
  return out;
}
