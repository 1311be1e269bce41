/**
 * Plain-text mail is hard-wrapped by the sender's client (RFC 5322 asks for lines under 78 characters; most
 * clients break at 72 to 76), so one paragraph arrives as a column of lines. The breaks carry nothing the sender
 * meant, but each one costs the model a token (a JSON "\n" does not merge with the word after it, a space does).
 * This joins the lines of a paragraph where the break was the client's, not the sender's, and keeps every other
 * break: the words and their order are the same, only a line break becomes a space.
 *
 * A break is the client's when the next line's first word would not have fitted on the line within the
 * paragraph's width (its longest line, when other lines come near it too): a client wraps only then, while a person
 * who breaks a line on purpose (an address, a list, a signature, a poem) leaves lines well short of the width. Lines that look laid out are
 * never joined: indented or tabbed lines (code, tables), code (braces, a statement's end), list items, quoted
 * lines, lines of rules or mostly symbols (ASCII art, boxes), a line ending in a hyphen (the word may be split), a
 * line of few prose words (machine output, paths), a short line before a link or path on its own line, and
 * paragraphs whose width is too short to be a client's wrap.
 */

/** A paragraph narrower than this was laid out by hand (short lines on purpose), not wrapped by a client. */
const MIN_WRAP_WIDTH = 50;
/** A wrapped line fills most of the width; a line under half of it ended where the sender ended it. */
const MIN_FILL = 0.5;
/** Longer than any client's wrap: a line this long was not wrapped, and neither is its paragraph. */
const MAX_WRAP_WIDTH = 100;
/** How far short of the width a wrapped line may end: about one long word. */
const RAGGED_EDGE = 15;

// Indented, bulleted, numbered or quoted (">", and "Name>" as some clients quote), rules, header-like "Word: ".
const LAID_OUT_START = /^(?:\s|[-*+•·>|#=_~]|\d{1,3}[.)](?:\s|$)|[a-zA-Z][.)]\s|\[\d+\]|[A-Z][\w-]*:\s|[\w.-]{1,20}>)/u;
/** Code: braces anywhere, or a statement's end after a call, an index or an assignment (prose ends clauses in ";" too). */
const CODE = /[{}]|[)\]]\s*;\s*$|=.*;\s*$/;
/** ASCII art and boxes: prose is mostly letters and digits; a line of more than this share of ASCII symbols was drawn. */
const MAX_SYMBOL_SHARE = 0.25;
const HAS_WORD = /[\p{L}\p{N}]{2}/u;
/** A rule line ("-----", "_____", "=====") ends a paragraph: what follows it is laid out on its own. */
const RULE = /^[-_=~*#]{3,}/;
/** A word of prose: letters, with the punctuation that goes with them. Paths, links and numbers are not. */
const PROSE_WORD = /(?:^|\s)["'(]*\p{L}[\p{L}'’-]*[.,;:!?)"']*(?=\s|$)/gu;
/** ASCII punctuation and symbols: what ASCII art is drawn with. */
const ASCII_SYMBOL = /[!-/:-@[-`{-~]/g;
/** A line continued by the next one reads as prose: at least this many prose words (machine output has fewer). */
const MIN_PROSE_WORDS = 4;

export function joinSoftWraps(text: string): string {
  if (!text.includes('\n')) return text;
  const lines = text.split('\n');
  const out: string[] = [];
  let paragraph: string[] = [];
  const flush = () => {
    if (paragraph.length) out.push(joinParagraph(paragraph));
    paragraph = [];
  };
  for (const line of lines) {
    if (line.trim() === '' || RULE.test(line.trim())) {
      flush();
      out.push(line);
    } else paragraph.push(line);
  }
  flush();
  return out.join('\n');
}

function joinParagraph(lines: readonly string[]): string {
  if (lines.length < 2) return lines.join('\n');
  // A loop, not Math.max(...lines): a paragraph of a megabyte of short lines would overflow the call stack.
  let width = 0;
  for (const line of lines) width = Math.max(width, line.length);
  if (width < MIN_WRAP_WIDTH || width > MAX_WRAP_WIDTH) return lines.join('\n');
  // The width must be the paragraph's, not one line's: a client fills every line but the last to within a word of
  // it, so at least two lines before the last reach it. One long line among short ones (a sentence above a
  // signature) was ended by its writer.
  if (lines.slice(0, -1).filter((l) => l.length >= width - RAGGED_EDGE).length < 2) return lines.join('\n');
  let joined = lines[0];
  for (let i = 1; i < lines.length; i++) {
    const before = lines[i - 1];
    const line = lines[i];
    joined += softBreak(before, line, width) ? ` ${line}` : `\n${line}`;
  }
  return joined;
}

function softBreak(before: string, after: string, width: number): boolean {
  if (before.length < width * MIN_FILL) return false;
  const firstWord = /^\S+/.exec(after)?.[0] ?? '';
  if (before.length + 1 + firstWord.length <= width) return false;
  // A long first word (a link, a path) fits nowhere, so it proves nothing unless the line before is full itself.
  if (firstWord.length > RAGGED_EDGE && before.length < width - RAGGED_EDGE) return false;
  if (LAID_OUT_START.test(before) || LAID_OUT_START.test(after)) return false;
  if (before.includes('\t') || after.includes('\t') || /-$/.test(before)) return false;
  if (CODE.test(before) || CODE.test(after) || drawn(before) || drawn(after)) return false;
  return HAS_WORD.test(after) && proseWords(before) >= MIN_PROSE_WORDS;
}

function drawn(line: string): boolean {
  const visible = line.length - (line.match(/\s/g)?.length ?? 0);
  return (line.match(ASCII_SYMBOL)?.length ?? 0) > visible * MAX_SYMBOL_SHARE;
}

/** Prose words of a line, counted up to the number that decides. */
function proseWords(line: string): number {
  PROSE_WORD.lastIndex = 0;
  let count = 0;
  while (count < MIN_PROSE_WORDS && PROSE_WORD.exec(line)) count++;
  return count;
}
