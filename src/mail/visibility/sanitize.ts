import { compile, type FormatCallback, type HtmlToTextOptions } from 'html-to-text';
import { type ChildNode, type Document, isTag, isText } from 'domhandler';
import { getOuterHTML } from 'domutils';
import { parse as parseHtml } from 'parse5';
import { adapter as domhandlerAdapter } from 'parse5-htmlparser2-tree-adapter';
import { removeHiddenContent, type HiddenPassage, type HiddenReason } from './hiddenContent';
import { defangControlTokens } from '../../guard/controlTokens';
import { cutAtNestingDepth } from './htmlNesting';
import { joinLinkRuns } from './linkRuns';
import { stripInvisibleChars } from '../../guard/invisibleChars';
import { stripTrackingParamsInText } from '../../guard/links';
import { plainOnlySentences } from './plainAlternative';
import { limitTableLayouts } from './tableLayout';

/**
 * Mail text -> what the model may read: the text a person would see, with invisible characters gone,
 * NFKC-normalised (fullwidth and styled letters become plain ones, so "ｉｇｎｏｒｅ" reads as "ignore"),
 * tracking parameters stripped, images a person sees left out and the alt text of the ones they cannot see (no
 * picture to show) marked as such. Pure functions, no state.
 */

export interface RemovalReport {
  /** Elements dropped because a person would not see them. */
  hiddenElements: number;
  /** Hidden elements and hidden text runs, by why they were hidden. */
  hiddenByReason: Partial<Record<HiddenReason, number>>;
  comments: number;
  /** script, style, head, template, iframe, form controls and the like. */
  nonContentElements: number;
  /** Zero-width, bidi-control, tag and other invisible code points. */
  invisibleChars: number;
  trackingParams: number;
  /** Images whose remote address was dropped (beacons and exfiltration targets). */
  remoteImages: number;
  /** javascript:, data:, vbscript:, file: links whose target was dropped. */
  blockedLinks: number;
  /** Characters of hidden text plus invisible code points removed. */
  charsRemoved: number;
  /** Chat-template control tokens and role markers broken with a visible substitute (see controlTokens.ts). */
  controlTokens: number;
  /** The input was longer than maxInputChars, or its HTML nested deeper than MAX_HTML_NESTING, and was cut there. */
  truncated: boolean;
}

export interface SanitizeResult {
  text: string;
  removed: RemovalReport;
  /**
   * What a person would not have seen (hidden elements' text, ASCII smuggled in tag characters), capped.
   * For the injection detector only; it must never be shown to the model.
   */
  hiddenText: string;
  /** The same text passage by passage with why each was withheld (capped), for the person's "Show Withheld Text". */
  hiddenPassages: HiddenPassage[];
}

export interface SanitizeOptions {
  /** Cap on hiddenText (default 8000 characters). */
  maxHiddenTextChars?: number;
  /** Input longer than this is cut before processing (default 5,000,000 characters); see RemovalReport.truncated. */
  maxInputChars?: number;
}

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

function emptyReport(): RemovalReport {
  return {
    hiddenElements: 0,
    hiddenByReason: {},
    comments: 0,
    nonContentElements: 0,
    invisibleChars: 0,
    trackingParams: 0,
    remoteImages: 0,
    blockedLinks: 0,
    charsRemoved: 0,
    controlTokens: 0,
    truncated: false,
  };
}

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

export function sanitizeText(text: string, options: SanitizeOptions = {}): SanitizeResult {
  if (typeof text !== 'string') throw new TypeError('sanitizeText: text must be a string');
  const maxInput = options.maxInputChars ?? 5_000_000;
  if (text.length <= maxInput) return finishText(text, options);
  const result = finishText(text.slice(0, maxInput), options);
  result.removed.truncated = true;
  return result;
}

/** One report for several sanitised pieces of one message (subject, names, body, …). */
export function mergeRemovals(reports: readonly RemovalReport[]): RemovalReport {
  const total = emptyReport();
  for (const r of reports) {
    total.hiddenElements += r.hiddenElements;
    for (const [reason, n] of Object.entries(r.hiddenByReason) as Array<[HiddenReason, number | undefined]>) {
      total.hiddenByReason[reason] = (total.hiddenByReason[reason] ?? 0) + (n ?? 0);
    }
    total.comments += r.comments;
    total.nonContentElements += r.nonContentElements;
    total.invisibleChars += r.invisibleChars;
    total.trackingParams += r.trackingParams;
    total.remoteImages += r.remoteImages;
    total.blockedLinks += r.blockedLinks;
    total.charsRemoved += r.charsRemoved;
    total.controlTokens += r.controlTokens;
    total.truncated ||= r.truncated;
  }
  return total;
}

/** The brief line (what hid something from the reader), or undefined when there is nothing of that kind. */
export function briefRemoval(removed: RemovalReport): string | undefined {
  const line = describeRemoval(removed, 'brief');
  return line === NOTHING_REMOVED ? undefined : line;
}

/** Whether the report has anything describeRemoval would mention. */
export function removedAnything(removed: RemovalReport): boolean {
  return describeRemoval(removed) !== NOTHING_REMOVED;
}

function finishText(input: string, options: SanitizeOptions): SanitizeResult {
  const invisible = stripInvisibleChars(input);
  const normalised = invisible.text.normalize('NFKC');
  const links = stripTrackingParamsInText(normalised);
  const removed = emptyReport();
  removed.invisibleChars = invisible.removed;
  removed.trackingParams = links.trackingParamsRemoved;
  removed.charsRemoved = invisible.removed;
  const smuggled = invisible.smuggledText.replace(/\s+/g, ' ').trim();
  const hiddenText = joinHidden('', smuggled, options);
  // Control tokens last: NFKC could otherwise rebuild one from look-alike characters.
  const defanged = defangControlTokens(collapseWhitespace(links.text));
  removed.controlTokens = defanged.defanged;
  return { text: defanged.text, removed, hiddenText, hiddenPassages: smuggled ? [{ reason: 'invisibleCharacters', text: smuggled }] : [] };
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

function normaliseHidden(text: string): string {
  return stripInvisibleChars(text).text.normalize('NFKC');
}

function joinHidden(a: string, b: string, options: SanitizeOptions): string {
  const cap = options.maxHiddenTextChars ?? 8000;
  return [a, b].filter(Boolean).join('\n').slice(0, cap);
}

/** Spaces folded within lines, trailing spaces gone, at most one blank line in a row. */
export function collapseWhitespace(text: string): string {
  return text
    .replace(/[ \t\f\v\u00A0\u1680\u2000-\u200A\u202F\u205F\u3000]+/g, ' ')
    .replace(/ *\n */g, '\n')
    .replace(/\n{3,}/g, '\n\n')
    .trim();
}

const NOTHING_REMOVED = 'nothing removed';

/** One line for results and the tree view, e.g. "withheld 2 hidden passages (displayNone 1, …), 14 invisible characters". */
export function describeRemoval(removed: RemovalReport, detail: 'full' | 'brief' = 'full'): string {
  const parts: string[] = [];
  const full = detail === 'full';
  const hiddenRuns = Object.values(removed.hiddenByReason).reduce((sum, n) => sum + (n ?? 0), 0);
  if (hiddenRuns > 0) {
    const reasons = Object.entries(removed.hiddenByReason)
      .map(([reason, n]) => `${reason} ${n}`)
      .join(', ');
    parts.push(`${hiddenRuns} hidden passage${hiddenRuns === 1 ? '' : 's'}${full ? ` (${reasons})` : ''}`);
  }
  if (removed.invisibleChars > 0) parts.push(`${removed.invisibleChars} invisible characters`);
  if (removed.controlTokens > 0) parts.push(`defanged ${removed.controlTokens} chat control tokens`);
  // Comments, tracking parameters and remote images hide nothing from the reader: a brief line (a search hit) leaves them out.
  if (full && removed.comments > 0) parts.push(`${removed.comments} HTML comments`);
  if (full && removed.trackingParams > 0) parts.push(`${removed.trackingParams} tracking parameters`);
  if (full && removed.remoteImages > 0) parts.push(`${removed.remoteImages} remote image addresses`);
  if (removed.blockedLinks > 0) parts.push(`${removed.blockedLinks} script or data links`);
  if (removed.truncated) parts.push('the rest of an oversized or too deeply nested message');
  return parts.length === 0 ? NOTHING_REMOVED : `withheld ${parts.join(', ')}`;
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
