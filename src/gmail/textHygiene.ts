/**
 * The minimum every piece of mail text gets before it reaches the model: characters that are invisible to
 * a person but read by a model (zero-width, bidi overrides, Unicode tag characters used for "ASCII
 * smuggling", variation-selector payloads) are removed, other control characters too. The guard room
 * (src/guard/sanitize.ts) builds further policy on top of this; this file stays dependency-free.
 */
// Zero-width and format characters, bidi embeddings/overrides/isolates, BOM, soft hyphen, Mongolian vowel
// separator, Arabic letter mark, invisible math operators, tag characters (U+E0000–E007F) and supplementary
// variation selectors (U+E0100–E01EF), C0/C1 controls except tab and newline.
const INVISIBLE =
  /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F\u00AD\u061C\u115F\u1160\u180E\u200B-\u200F\u202A-\u202E\u2060-\u2064\u2066-\u206F\u3164\uFEFF\uFFA0\uFFF9-\uFFFB]|\uDB40[\uDC00-\uDDEF]/g;

export function stripInvisible(text: string): string {
  return text.replace(/\r\n?/g, '\n').replace(INVISIBLE, '');
}

/** Collapses runs of blank lines and trailing spaces that HTML conversion leaves behind. */
export function tidyWhitespace(text: string): string {
  return text
    .split('\n')
    .map((line) => line.replace(/[ \t\u00A0]+$/g, ''))
    .join('\n')
    .replace(/\n{3,}/g, '\n\n')
    .trim();
}

/** One line for listings: invisible characters removed, whitespace runs folded. */
export function oneLine(text: string, maxChars?: number): string {
  const flat = stripInvisible(text).replace(/\s+/g, ' ').trim();
  if (maxChars !== undefined && flat.length > maxChars) return `${[...flat].slice(0, maxChars - 1).join('')}…`;
  return flat;
}
