import { compile, type FormatCallback, type HtmlToTextOptions } from 'html-to-text';
import { type ChildNode, type Document, isTag, isText } from 'domhandler';
import { getOuterHTML } from 'domutils';
import { parse as parseHtml } from 'parse5';
import { adapter as domhandlerAdapter } from 'parse5-htmlparser2-tree-adapter';
import { removeHiddenContent } from './hiddenContent';
import { finishText, joinHidden, normaliseHidden, sanitizeText, type RemovalReport, type SanitizeOptions, type SanitizeResult } from './sanitizeText';
import { cutAtNestingDepth } from './htmlNesting';
import { joinLinkRuns } from './linkRuns';
import { stripInvisibleChars } from '../../guard/invisibleChars';
import { plainOnlySentences } from './plainAlternative';
import { limitTableLayouts } from './tableLayout';

/**
 * Mail text -> what the model may read: the text a person would see, with invisible characters gone,
 * NFKC-normalised (fullwidth and styled letters become plain ones, so "ｉｇｎｏｒｅ" reads as "ignore"),
 * tracking parameters stripped, images a person sees left out and the alt text of the ones they cannot see (no
 * picture to show) marked as such. Pure functions, no state.
 */

/** How the alt text of an image a person cannot see (no picture in its place) reaches the model. */
export const ALT_TEXT_OPEN = '[image alt: ';

const imageAsAlt: FormatCallback = (elem, _walk, builder) => {
  const alt = typeof elem.attribs?.alt === 'string' ? elem.attribs.alt.replace(/\s+/g, ' ').trim() : '';
  if (alt) builder.addInline(`${ALT_TEXT_OPEN}${alt}]`);
};

const HTML_TO_TEXT: HtmlToTextOptions = {
  wordwrap: false,
  // Input is capped by sanitizeHtml itself; html-to-text's own cap would warn on the console.
  limits: { maxInputLength: 0, maxDepth: 256 },
  formatters: { imageAsAlt },
  selectors: [
    { selector: 'a', options: { hideLinkHrefIfSameAsText: true, ignoreHref: false, linkBrackets: ['[', ']'] } },
    { selector: 'img', format: 'imageAsAlt' },
    // Receipts and invoices are tables: keep rows and columns readable instead of one cell a line.
    { selector: 'table', format: 'dataTable', options: { maxColumnWidth: 40, uppercaseHeaderCells: false } },
    ...['h1', 'h2', 'h3', 'h4', 'h5', 'h6'].map((selector) => ({ selector, options: { uppercase: false } })),
  ],
};
const htmlToText = compile(HTML_TO_TEXT);

export function sanitizeHtml(html: string, options: SanitizeOptions = {}): SanitizeResult {
  if (typeof html !== 'string') throw new TypeError('sanitizeHtml: html must be a string');
  const maxInput = options.maxInputChars ?? 5_000_000;
  const nesting = cutAtNestingDepth(html.length > maxInput ? html.slice(0, maxInput) : html);
  const truncated = html.length > maxInput || nesting.cut;
  // The HTML standard's parser (parse5), as the person's mail client parses it: misnested tags, stray cells and
  // text after </body> land where a browser puts them, so the visibility model judges the tree the person sees.
  const document = parseHtml(nesting.html, { treeAdapter: domhandlerAdapter }) as unknown as Document;
  const hidden = removeHiddenContent(document, { maxHiddenTextChars: options.maxHiddenTextChars });
  // Before html-to-text, which would turn a zero-width space inside a word into a real space.
  const invisible = stripInvisibleInDom(document);
  limitTableLayouts(document);
  joinLinkRuns(document);
  const visible = htmlToText(getOuterHTML(document, { encodeEntities: 'utf8', decodeEntities: true }));
  const result = finishText(visible, options);
  result.removed.invisibleChars += invisible.removed;
  result.removed.charsRemoved += invisible.removed;
  const removed: RemovalReport = {
    ...result.removed,
    hiddenElements: hidden.hiddenElements,
    hiddenByReason: hidden.hiddenByReason,
    comments: hidden.comments,
    nonContentElements: hidden.nonContentElements,
    remoteImages: hidden.remoteImages,
    blockedLinks: hidden.blockedLinks,
    trackingParams: result.removed.trackingParams + hidden.trackingParams,
    charsRemoved: result.removed.charsRemoved + hidden.hiddenChars,
    truncated,
  };
  const hiddenText = joinHidden(normaliseHidden(`${hidden.hiddenText}\n${invisible.smuggledText}`), result.hiddenText, options);
  const passages = hidden.hiddenPassages.map((p) => ({ reason: p.reason, text: normaliseHidden(p.text) }));
  if (invisible.smuggledText.trim()) passages.push({ reason: 'invisibleCharacters', text: normaliseHidden(invisible.smuggledText) });
  return { text: result.text, removed, hiddenText, hiddenPassages: [...passages, ...result.hiddenPassages] };
}

const TEXT_ATTRIBUTES = ['alt', 'title', 'href'];

function stripInvisibleInDom(document: Document): { removed: number; smuggledText: string } {
  let removed = 0;
  const smuggled: string[] = [];
  const clean = (value: string): string => {
    const result = stripInvisibleChars(value);
    removed += result.removed;
    if (result.smuggledText) smuggled.push(result.smuggledText);
    return result.text;
  };
  const visit = (nodes: ChildNode[]): void => {
    for (const node of nodes) {
      if (isText(node)) node.data = clean(node.data);
      else if (isTag(node)) {
        for (const name of TEXT_ATTRIBUTES) if (node.attribs[name] !== undefined) node.attribs[name] = clean(node.attribs[name]);
        visit(node.children);
      }
    }
  };
  visit(document.children);
  return { removed, smuggledText: smuggled.join(' ') };
}

/**
 * The body of a message with an HTML part: the HTML's visible text. A text/plain alternative beside it is not
 * what the person sees; its sentences that the HTML does not show are withheld like hidden elements.
 */
export function sanitizeAlternatives(html: string, plain: string | undefined, options: SanitizeOptions = {}): SanitizeResult {
  const result = sanitizeHtml(html, options);
  if (!plain?.trim()) return result;
  const plainText = sanitizeText(plain, options);
  const extra = plainOnlySentences(plainText.text, result.text);
  const smuggled = plainText.hiddenPassages;
  if (extra.length === 0 && smuggled.length === 0) return result;
  const passages = [...result.hiddenPassages, ...extra.map((text) => ({ reason: 'plainTextOnly' as const, text })), ...smuggled];
  const removed: RemovalReport = {
    ...result.removed,
    hiddenByReason: { ...result.removed.hiddenByReason },
    charsRemoved: result.removed.charsRemoved + extra.reduce((n, t) => n + t.length, 0),
  };
  if (extra.length) removed.hiddenByReason.plainTextOnly = (removed.hiddenByReason.plainTextOnly ?? 0) + extra.length;
  return { text: result.text, removed, hiddenText: joinHidden(result.hiddenText, [...extra, plainText.hiddenText].filter(Boolean).join('\n'), options), hiddenPassages: passages };
}
