/**
 * Characters a person does not see but a model reads: zero-width characters, bidi embeddings, overrides and
 * isolates, Unicode tag characters (the "ASCII smuggling" block), runs of variation selectors (a known way to
 * hide bytes after an emoji), Hangul fillers, and C0/C1 controls. They are removed from everything that
 * reaches the model; what the tag characters spelled is decoded so the detector can still read it.
 */

// One code point a match; tag characters and supplementary variation selectors are surrogate pairs.
const INVISIBLE =
  /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F\u00AD\u034F\u061C\u115F\u1160\u17B4\u17B5\u180B-\u180F\u200B-\u200F\u202A-\u202E\u2060-\u206F\u3164\uFEFF\uFFA0\uFFF9-\uFFFB]|[\u{E0000}-\u{E007F}\u{E0100}-\u{E01EF}\u{1BCA0}-\u{1BCA3}\u{1D173}-\u{1D17A}]/gu;

// A single U+FE0E/U+FE0F after a visible character is ordinary emoji/text presentation; anything else is not.
const VARIATION_SELECTOR_RUN = /(?<![\uFE00-\uFE0F])([\uFE0E\uFE0F])(?![\uFE00-\uFE0F])|[\uFE00-\uFE0F]/g;

/**
 * Characters shown as escapes (`\u202E`) where a person must read exactly what is sent (names, subjects and file
 * names in a confirmation): the invisible ones above, variation selectors but a lone emoji/text one, and characters that look like a blank or
 * like the punctuation of an address (fullwidth and small at signs, ideographic and fullwidth full stops).
 */
const SHOWN_AS_ESCAPE = new RegExp(
  `${INVISIBLE.source}|(?<![\uFE00-\uFE0F])[\uFE00-\uFE0D]|[\uFE00-\uFE0F](?=[\uFE00-\uFE0F])|(?<=[\uFE00-\uFE0F])[\uFE00-\uFE0F]|[\u00A0\u2000-\u200A\u202F\u205F\u2800\u3000\t\r\n\u2028\u2029\u0085\uFF20\uFE6B\u3002\uFF61\uFF0E\uFE12\uFE52]`,
  'gu',
);

/** The text with every character of SHOWN_AS_ESCAPE written as `\uXXXX` (`\u{XXXXX}` beyond the BMP). */
export function escapeInvisibleChars(text: string): string {
  return text.replace(SHOWN_AS_ESCAPE, (c) => {
    const code = c.codePointAt(0) ?? 0;
    return code > 0xffff ? `\\u{${code.toString(16).toUpperCase()}}` : `\\u${code.toString(16).toUpperCase().padStart(4, '0')}`;
  });
}

const TAG_CHARACTER = /[\u{E0020}-\u{E007E}]/gu;
const LINE_SEPARATORS = /[\u2028\u2029\u0085]/g;

export interface InvisibleCharsResult {
  text: string;
  /** Code points removed. */
  removed: number;
  /** ASCII that Unicode tag characters spelled out, for the detector only (never shown to the model). */
  smuggledText: string;
}

export function stripInvisibleChars(input: string): InvisibleCharsResult {
  let smuggledText = '';
  const tags = input.match(TAG_CHARACTER);
  if (tags) smuggledText = tags.map((c) => String.fromCharCode(c.codePointAt(0)! - 0xe0000)).join('');
  let removed = 0;
  const text = input
    .replace(/\r\n?/g, '\n')
    .replace(LINE_SEPARATORS, '\n')
    .replace(INVISIBLE, () => {
      removed += 1;
      return '';
    })
    .replace(VARIATION_SELECTOR_RUN, (_run: string, kept: string | undefined) => {
      if (kept) return kept;
      removed += 1;
      return '';
    });
  return { text, removed, smuggledText };
}
