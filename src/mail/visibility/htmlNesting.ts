/**
 * htmlparser2 keeps its open elements in an array it grows with unshift(), so a document of deeply nested
 * elements costs quadratic time, and a megabyte of nested "<div>" would block the extension host. Mail from anyone can be built like that; real mail nests a few dozen levels.
 * This scan is linear (every step moves forward; no regex that can rescan) and finds where the nesting first
 * passes the limit, so the document can be cut there before any parser sees it. Cutting, not flattening: a
 * flattened document could reveal text that a deeper element hid.
 */

/** Far above real mail (newsletters built from nested tables reach 30 to 60), far below what hurts the parser. */
export const MAX_HTML_NESTING = 2000;
/**
 * The HTML standard's parser checks each attribute against the tag's earlier ones, so one tag of many attributes
 * costs quadratic time (50,000 attributes: 9 s). Real mail has a dozen; past this the document is cut before it.
 */
export const MAX_TAG_ATTRIBUTES = 1000;

/** Elements that never have children. */
const VOID = new Set(['area', 'base', 'br', 'col', 'embed', 'hr', 'img', 'input', 'keygen', 'link', 'meta', 'param', 'source', 'track', 'wbr']);

/** Elements that the parser closes when another of their kind opens, so a run of them does not nest. */
const SELF_CLOSING_RUN = new Set(['p', 'li', 'dt', 'dd', 'tr', 'td', 'th', 'option', 'optgroup', 'rb', 'rt', 'rp', 'rtc', 'tbody', 'thead', 'tfoot']);

/** Raw-text elements: their content is not markup. */
const RAW_TEXT = new Set(['script', 'style', 'textarea', 'title', 'xmp', 'iframe', 'noembed', 'noframes', 'plaintext']);

export interface NestingCut {
  /** The document up to where nesting first passed the limit (the whole document when it never did). */
  readonly html: string;
  readonly cut: boolean;
}

export function cutAtNestingDepth(html: string, maxDepth = MAX_HTML_NESTING): NestingCut {
  let depth = 0;
  let at = 0;
  for (;;) {
    const open = html.indexOf('<', at);
    if (open < 0 || open + 1 >= html.length) return { html, cut: false };
    if (html.startsWith('<!--', open)) {
      const end = html.indexOf('-->', open + 4);
      if (end < 0) return { html, cut: false };
      at = end + 3;
      continue;
    }
    const closing = html[open + 1] === '/';
    const nameStart = closing ? open + 2 : open + 1;
    let nameEnd = nameStart;
    while (nameEnd < html.length && isNameChar(html.charCodeAt(nameEnd), nameEnd === nameStart)) nameEnd++;
    if (nameEnd === nameStart) {
      at = open + 1;
      continue;
    }
    const { end, attributes } = scanTag(html, nameEnd);
    if (attributes > MAX_TAG_ATTRIBUTES) return { html: html.slice(0, open), cut: true };
    if (end < 0) return { html, cut: false };
    const name = html.slice(nameStart, nameEnd).toLowerCase();
    at = end + 1;
    if (closing) {
      if (!VOID.has(name) && !SELF_CLOSING_RUN.has(name) && depth > 0) depth--;
      continue;
    }
    if (RAW_TEXT.has(name)) {
      let close = html.indexOf('</', at);
      while (close >= 0 && html.slice(close + 2, close + 2 + name.length).toLowerCase() !== name) close = html.indexOf('</', close + 2);
      if (close < 0) return { html, cut: false };
      at = close;
      continue;
    }
    if (VOID.has(name) || SELF_CLOSING_RUN.has(name)) continue;
    if (++depth > maxDepth) return { html: html.slice(0, open), cut: true };
  }
}

const isSpace = (c: string | undefined) => c === ' ' || c === '\n' || c === '\t' || c === '\r' || c === '\f';

/**
 * Where a tag ends and how many attributes it has, read as the HTML standard's tokenizer reads them: a quote opens
 * a value only after "=", so a ">" inside a quoted value does not end the tag. Linear; end is -1 past the input.
 */
function scanTag(html: string, from: number): { end: number; attributes: number } {
  let attributes = 0;
  let i = from;
  while (i < html.length) {
    const c = html[i];
    if (c === '>') return { end: i, attributes };
    if (isSpace(c) || c === '/') {
      i++;
      continue;
    }
    attributes++;
    i++; // the name's first character may be "=" itself
    while (i < html.length && !isSpace(html[i]) && html[i] !== '/' && html[i] !== '>' && html[i] !== '=') i++;
    while (isSpace(html[i])) i++;
    if (html[i] !== '=') continue;
    i++;
    while (isSpace(html[i])) i++;
    const quote = html[i];
    if (quote === '"' || quote === "'") {
      const close = html.indexOf(quote, i + 1);
      if (close < 0) return { end: -1, attributes };
      i = close + 1;
    } else {
      while (i < html.length && !isSpace(html[i]) && html[i] !== '>') i++;
    }
  }
  return { end: -1, attributes };
}

function isNameChar(code: number, first: boolean): boolean {
  const letter = (code >= 65 && code <= 90) || (code >= 97 && code <= 122);
  return first ? letter : letter || (code >= 48 && code <= 57) || code === 45;
}
