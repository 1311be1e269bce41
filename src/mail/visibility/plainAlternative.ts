/**
 * A text/plain alternative is what a mail client does not show when the message has HTML: a place to say more
 * than the person sees. Its sentences are compared with the visible text of the HTML by their word pairs, which
 * survive what HTML-to-text conversion changes (line breaks, link targets in brackets, table layout, case,
 * punctuation); a sentence most of whose word pairs and words the visible text lacks is text only the plain part has.
 */

/** Share of a sentence's word pairs that must be in the visible text for the sentence to count as shown. */
const SHOWN_SHARE = 0.6;
/**
 * Or the share of its distinct words: tables put a row's cells in another order than the text part's line, which
 * breaks word pairs but keeps the words. A sentence that adds anything (an address, a command, a name) fails both.
 */
const SHOWN_WORD_SHARE = 0.9;
/** Sentences of fewer words say too little to compare (greetings, sign-offs, "Thanks!"). */
const MIN_WORDS = 4;

function words(text: string): string[] {
  return text
    .replace(/\[[^\]\s]*\]/g, ' ') // html-to-text's "[https://…]" after link text
    .replace(/\bhttps?:\/\/\S+/gi, ' ')
    .toLowerCase()
    .split(/[^\p{L}\p{N}]+/u)
    .filter(Boolean);
}

function pairs(list: readonly string[]): string[] {
  const out: string[] = [];
  for (let i = 0; i + 1 < list.length; i++) out.push(`${list[i]} ${list[i + 1]}`);
  return out;
}

/** Sentences of `plain` that the visible text of the HTML does not show, in order. */
export function plainOnlySentences(plain: string, visibleHtmlText: string): string[] {
  const shownPairs = new Set(pairs(words(visibleHtmlText)));
  const shownWords = new Set(words(visibleHtmlText));
  const result: string[] = [];
  for (const sentence of plain.split(/(?<=[.!?])\s+|\n\s*\n|\n(?=\s*[-*•>])/u)) {
    const own = words(sentence);
    if (own.length < MIN_WORDS) {
      // Short pieces still count when none of their words is visible at all (a bare address, a command).
      if (own.length > 0 && own.every((w) => !shownWords.has(w)) && own.join('').length >= 12) result.push(sentence.trim());
      continue;
    }
    const ownPairs = pairs(own);
    const shown = ownPairs.filter((p) => shownPairs.has(p)).length;
    if (shown / ownPairs.length >= SHOWN_SHARE) continue;
    const distinct = [...new Set(own)];
    if (distinct.filter((w) => shownWords.has(w)).length / distinct.length >= SHOWN_WORD_SHARE) continue;
    result.push(sentence.replace(/\s+/g, ' ').trim());
  }
  return result;
}
