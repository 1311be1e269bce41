import { colord, extend, type Colord } from 'colord';
import a11yPlugin from 'colord/plugins/a11y';
import mixPlugin from 'colord/plugins/mix';
import namesPlugin from 'colord/plugins/names';
import { type ChildNode, type Document, type Element, isCDATA, isComment, isTag, isText } from 'domhandler';
import { findAll, removeElement, textContent } from 'domutils';
import valueParser from 'postcss-value-parser';
import { Cascade, VISIBILITY_PROPERTIES, type CustomProperties, type Declarations } from './cssCascade';
import { isOffscreen, lengthPx, numberValue, transformEffect } from './cssValues';
import { isDangerousScheme, isRemoteUrl, mayHaveTrackingParams, stripTrackingParams } from '../../guard/links';

extend([a11yPlugin, mixPlugin, namesPlugin]);

/**
 * Removes from a parsed HTML document what a person reading the mail would not see, so the model does not
 * read it either. Visibility comes from the CSS cascade (src/mail/visibility/cssCascade.ts: <style> rules in and out of
 * @media/@supports, inline styles, specificity, !important, escapes, var()) and inheritance (colour, text fill
 * colour, background, font size, visibility, compounded opacity and scale). It fails closed: a declaration
 * that can hide or move text hides what it applies to unless its value was evaluated and shown harmless.
 * What was removed is counted by reason and kept (capped), passage by passage, for the detector and for the
 * person (never for the model).
 */

export type HiddenReason =
  | 'displayNone'
  | 'visibilityHidden'
  | 'contentVisibilityHidden'
  | 'tinyFont'
  | 'transparent'
  | 'sameColourAsBackground'
  | 'hiddenAttribute'
  | 'zeroSize'
  | 'offScreen'
  | 'clipped'
  /** Outlook's mso-hide:all: hidden in the client many recipients read it in, a place to park text. */
  | 'msoHide'
  /** CSS that can hide text with a value that could not be evaluated (fail closed). */
  | 'unevaluatedStyle'
  /** An element a mail client does not render, or not by default: closed details, dialog, rp, noembed, ... */
  | 'notRendered'
  /** An element the visibility model does not know: not shown until it is known to be shown (fail closed). */
  | 'unknownElement'
  /** A rule that may or may not apply (a selector or condition the cascade cannot evaluate) and would hide the text. */
  | 'unevaluatedRule'
  /** A ::first-line or ::first-letter rule that would hide the element's text. */
  | 'firstLine'
  /** A box that may lie over the text (positioned, moved or pulled over it): the stacking is not evaluated. */
  | 'covered'
  /** Letters or words laid over one another or spread apart past reading (letter-spacing, word-spacing). */
  | 'spacing'
  /** Nested deeper than any mail client renders: never flattened into view. */
  | 'nestedTooDeep'
  /** Sentences of the text/plain alternative that the HTML a person sees does not have. */
  | 'plainTextOnly'
  /** ASCII smuggled in Unicode tag characters and other invisible code points. */
  | 'invisibleCharacters';

export interface HiddenContentReport {
  hiddenElements: number;
  hiddenByReason: Partial<Record<HiddenReason, number>>;
  comments: number;
  /** script, style, noscript, template, head, object, iframe and friends: never mail text. */
  nonContentElements: number;
  remoteImages: number;
  blockedLinks: number;
  /** Tracking parameters removed from link targets. */
  trackingParams: number;
  /** Characters of text removed as hidden (not counting script/style/comment source). */
  hiddenChars: number;
  /** The hidden text itself, whitespace-folded and capped; for the detector, never for the model. */
  hiddenText: string;
  /** The same, one entry a hidden element or text run, with why it was hidden (for the person). */
  hiddenPassages: HiddenPassage[];
}

export interface HiddenPassage {
  readonly reason: HiddenReason;
  readonly text: string;
}

/**
 * Elements whose content a mail client shows a person: HTML's rendered elements. Anything else (a custom element,
 * a misspelt or future tag) is withheld until it is known to be shown. Office's namespaced tags (o:p, v:*, w:*)
 * are shown: browsers render unknown namespaced tags inline, and Outlook's mail is full of them.
 */
const SHOWN_ELEMENTS = new Set([
  'html', 'body', 'div', 'span', 'p', 'a', 'b', 'i', 'u', 's', 'em', 'strong', 'small', 'big', 'font', 'center',
  'strike', 'tt', 'code', 'kbd', 'samp', 'var', 'sub', 'sup', 'mark', 'q', 'cite', 'dfn', 'abbr', 'acronym', 'del',
  'ins', 'time', 'data', 'bdi', 'bdo', 'wbr', 'br', 'hr', 'img', 'picture', 'nobr', 'blink', 'h1', 'h2', 'h3', 'h4',
  'h5', 'h6', 'hgroup', 'ul', 'ol', 'li', 'dl', 'dt', 'dd', 'menu', 'dir', 'blockquote', 'pre', 'listing', 'xmp',
  'plaintext', 'address', 'article', 'aside', 'section', 'header', 'footer', 'main', 'nav', 'search', 'figure',
  'figcaption', 'table', 'caption', 'colgroup', 'col', 'thead', 'tbody', 'tfoot', 'tr', 'td', 'th', 'label',
  'fieldset', 'legend', 'output', 'ruby', 'rb', 'rt', 'rtc', 'details', 'summary', 'dialog', 'marquee', 'image',
]);

/** Elements whose content is not rendered (fallback content, annotations' parentheses, closed disclosure widgets). */
const NOT_RENDERED = new Set(['rp', 'noembed', 'noframes', 'datalist', 'progress', 'meter', 'param', 'slot']);

function isShownElement(name: string): boolean {
  return SHOWN_ELEMENTS.has(name) || /^(?:o|v|w|x|m|st\d+):[a-z]/.test(name);
}

const NON_CONTENT = new Set([
  'script', 'style', 'noscript', 'template', 'head', 'title', 'meta', 'link', 'base', 'object', 'embed', 'applet',
  'iframe', 'frame', 'frameset', 'svg', 'math', 'canvas', 'audio', 'video', 'source', 'track', 'select', 'button',
  'input', 'textarea', 'form', 'map', 'area', 'xml',
]);

const CONTRAST_INVISIBLE = 1.12; // #eee on white is 1.16 and still legible; #fafafa on white is 1.04
const MIN_FONT_PX = 3;
const MIN_OPACITY = 0.08;
/** Blur beyond this radius leaves no legible glyphs; brightness or contrast below these, no legible text. */
const MAX_BLUR_PX = 2;
const MIN_FILTER_FACTOR = 0.25;
/** Past this depth an element is hidden with its subtree (html-to-text's own limit is 256). */
const MAX_DEPTH = 200;
const VIEWPORT_WIDTH = 1024;
/** A browser's default body margin: where the content's left edge starts. */
const BODY_MARGIN_PX = 8;
/** Text starting left of this (px) has its first letters cut at the pane's left edge. */
const PANE_LEFT_PX = -4;
/** Text starting right of this (px) is right of a reading pane. */
const PANE_RIGHT_PX = 1000;
/** A box pulled up (or moved) further than this may go out of view; less far, it may lie over the text before it. */
const PULLED_UP_PX = 40;
const PULLED_OVER_PX = 10;
/** Letters closer than this share of the font size overlap past reading; further apart than this (px), they scatter. */
const MIN_LETTER_SPACING_EM = -0.2;
const MAX_LETTER_SPACING_PX = 100;
const MIN_WORD_SPACING_EM = -0.5;
const MAX_WORD_SPACING_PX = 500;
/** A length past this (px) in a padding, border or vertical-align pushes the text out of any reading pane. */
const EXTREME_PX = 2000;

/** A colour we could not evaluate (color-mix(), relative colours, garbage): fails closed where it decides visibility. */
type Colour = Colord | 'unknown';

interface Inherited {
  color: Colour;
  /** -webkit-text-fill-color; undefined means currentcolor (the initial value). */
  fill: Colour | undefined;
  background: Colord;
  /** False under a background image or an unparseable background: colour contrast cannot be judged. */
  backgroundKnown: boolean;
  /**
   * Under a background image, the colour painted where the image is not (not yet loaded, blocked, or transparent):
   * text of that very colour is unreadable there, and whether the image shows it is not ours to know.
   */
  imageFallback: Colord | undefined;
  fontPx: number;
  visibilityHidden: boolean;
  opacity: number;
  /** zoom, scale and transform scale, compounded. */
  scale: number;
  customs: CustomProperties;
  /** Where the content's left edge lies in the reading pane, as far as margins, paddings and offsets tell (px). */
  leftPx: number;
  /** The nearest positioned ancestor: an absolutely positioned box is laid out (and may be laid over text) in it. */
  positioned: Element | undefined;
  /** Inside a box that clips what overflows it: anything moved within it may be moved out of view. */
  clipped: boolean;
  /**
   * The width a block laid out here gets when it sets none (its containing block's content width, px), as far as it
   * is known; and the height a percentage height resolves against. An ancestor's tiny box clips a descendant's
   * overflow as surely as the descendant's own would.
   */
  boxWidthPx: number | undefined;
  boxHeightPx: number | undefined;
}

/** A box that may lie over the text of `region` (all of it but the box's own, which is judged on its own). */
interface Cover {
  readonly region: Element | Document;
  readonly cover?: Element;
}

export interface HiddenContentOptions {
  maxHiddenTextChars?: number;
}

export function removeHiddenContent(document: Document, options: HiddenContentOptions = {}): HiddenContentReport {
  const maxHidden = options.maxHiddenTextChars ?? 8000;
  // parse5 records the document mode it parsed in (its htmlparser2 tree adapter's 'x-mode').
  const quirks = (document as Document & { 'x-mode'?: string })['x-mode'] === 'quirks';
  const report: HiddenContentReport = {
    hiddenElements: 0,
    hiddenByReason: {},
    comments: 0,
    nonContentElements: 0,
    remoteImages: 0,
    blockedLinks: 0,
    trackingParams: 0,
    hiddenChars: 0,
    hiddenText: '',
    hiddenPassages: [],
  };
  const cascade = new Cascade(document);
  const removals: ChildNode[] = [];
  const textReasons = new WeakMap<Inherited, HiddenReason | null>();
  let hiddenLength = 0;

  const hide = (node: ChildNode, reason: HiddenReason, isElement: boolean): void => {
    const text = (isText(node) ? node.data : textContent(node)).replace(/\s+/g, ' ').trim();
    if (isElement) report.hiddenElements += 1;
    report.hiddenByReason[reason] = (report.hiddenByReason[reason] ?? 0) + 1;
    report.hiddenChars += text.length;
    if (text && hiddenLength < maxHidden) {
      report.hiddenPassages.push({ reason, text: text.slice(0, maxHidden - hiddenLength) });
      hiddenLength += text.length + 1;
    }
    removals.push(node);
  };

  /** Boxes that may lie over text, each with the part of the document it may cover. */
  const covers: Cover[] = [];

  /** A box withheld for where it lies (moved, clipped, spread) still paints: what it may cover is withheld too. */
  const noteCover = (element: Element, d: Declarations, state: Inherited, reason: HiddenReason): void => {
    // Moved out of the pane, a box covers nothing in it unless it is made large enough to reach back in.
    if (reason === 'offScreen' && !mayBeLarge(d, state.fontPx)) return;
    const region = coverRegion(element, d, state, document);
    if (region) covers.push({ region, cover: element });
  };

  const walk = (parent: { children: ChildNode[] }, state: Inherited, depth: number, closedDetails = false): void => {
    let summaryShown = false;
    for (const node of parent.children) {
      if (closedDetails) {
        // A closed <details> shows its first <summary> and nothing else.
        const isSummary = isTag(node) && node.name.toLowerCase() === 'summary' && !summaryShown;
        if (isSummary) summaryShown = true;
        else if ((isText(node) && /\S/.test(node.data)) || isTag(node)) {
          hide(node, 'notRendered', isTag(node));
          continue;
        }
      }
      if (isText(node)) {
        if (!/\S/.test(node.data)) continue;
        // Siblings share their parent's state object: judge its colours and sizes once, not once a text run.
        let reason = textReasons.get(state);
        if (reason === undefined) textReasons.set(state, (reason = textHiddenReason(state) ?? null));
        if (reason) hide(node, reason, false);
        continue;
      }
      if (isComment(node) || isCDATA(node)) {
        report.comments += isComment(node) ? 1 : 0;
        removals.push(node);
        continue;
      }
      if (!isTag(node)) {
        removals.push(node); // doctype and processing instructions
        continue;
      }
      const name = node.name.toLowerCase();
      if (NON_CONTENT.has(name)) {
        report.nonContentElements += 1;
        removals.push(node);
        continue;
      }
      if (NOT_RENDERED.has(name) || (name === 'dialog' && !('open' in node.attribs))) {
        hide(node, 'notRendered', true);
        continue;
      }
      if (!isShownElement(name)) {
        hide(node, 'unknownElement', true);
        continue;
      }
      if (depth >= MAX_DEPTH) {
        hide(node, 'nestedTooDeep', true);
        continue;
      }
      const { declarations, customs } = cascade.compute(node, state.customs);
      const elementReason = elementHiddenReason(node, declarations, state) ?? conditionalReason(node, declarations, cascade, state, covers, document);
      if (elementReason) {
        // A box clipped to nothing by clip: rect() paints nothing; one cut by a clip-path or a mask may still paint a part.
        if (PAINTED_REASONS.has(elementReason) && !(elementReason === 'clipped' && clipReason(declarations.get('clip'), state.fontPx))) {
          noteCover(node, declarations, state, elementReason);
        }
        hide(node, elementReason, true);
        continue;
      }
      defangElement(node, name, report);
      let next: Inherited | HiddenReason =
        declarations.size === 0 && !hasColourAttributes(node) ? state : inherit(state, node, name, declarations);
      if (typeof next !== 'string' && customs !== state.customs) next = { ...next, customs };
      if (typeof next === 'string') {
        hide(node, next, true);
        continue;
      }
      if (next.opacity < MIN_OPACITY) {
        hide(node, 'transparent', true);
        continue;
      }
      if (next.scale <= 0) {
        hide(node, 'zeroSize', true);
        continue;
      }
      if (declarations.size > 0) {
        const layout = layoutEffect(node, declarations, state, next, document);
        if (typeof layout === 'string') {
          if (PAINTED_REASONS.has(layout)) noteCover(node, declarations, state, layout);
          hide(node, layout, true);
          continue;
        }
        if (layout.covers) covers.push({ region: layout.covers, cover: node });
        next = layout.state;
      }
      // Quirks mode (no doctype, as most mail): a table does not inherit its ancestors' colour (Chromium's
      // quirks.css, "color: -internal-quirk-inherit"), so white text outside a table leaves the table's text black.
      if (name === 'table' && quirks && declarations.get('color') === undefined && next.color !== 'unknown' && !next.color.isEqual(BLACK)) {
        next = { ...next, color: BLACK };
      }
      const box = boxOf(node, name, declarations, state);
      if (box === 'zeroSize') {
        hide(node, 'zeroSize', true);
        continue;
      }
      if (box.widthPx !== next.boxWidthPx || box.heightPx !== next.boxHeightPx) next = { ...next, boxWidthPx: box.widthPx, boxHeightPx: box.heightPx };
      if (node.children.length > 0) walk(node, next, depth + 1, name === 'details' && !('open' in node.attribs));
    }
  };

  walk(document, {
    color: colord('#000'),
    fill: undefined,
    background: colord('#fff'),
    backgroundKnown: true,
    imageFallback: undefined,
    fontPx: 16,
    visibilityHidden: false,
    opacity: 1,
    scale: 1,
    customs: new Map(),
    leftPx: BODY_MARGIN_PX,
    positioned: undefined,
    clipped: false,
    boxWidthPx: undefined,
    boxHeightPx: undefined,
  }, 0);
  // Text a box may lie over: the stacking is not evaluated, so it is withheld (its own text is judged on its own).
  // Each region is visited once, whatever the number of boxes in it (a mail can carry thousands).
  if (covers.length > 0) {
    const regions = new Map<Element | Document, Set<Element>>();
    const whole = covers.some((c) => c.region === document);
    for (const { region, cover } of covers) {
      const key = whole ? document : region;
      let boxes = regions.get(key);
      if (!boxes) regions.set(key, (boxes = new Set()));
      if (cover) boxes.add(cover);
      else boxes.add(region as Element); // a ::before/::after box: never its own region's exception
    }
    const removed = new Set<ChildNode>(removals);
    for (const [region, boxes] of regions) {
      // One box does not cover itself; where there are several, each may lie over the others' text.
      const own = boxes.size === 1 ? boxes : new Set<Element>();
      const visit = (nodes: ChildNode[]): void => {
        for (const child of nodes) {
          if (removed.has(child) || own.has(child as Element)) continue;
          if (isText(child) && /\S/.test(child.data)) {
            hide(child, 'covered', false);
            removed.add(child);
          } else if (isTag(child)) visit(child.children);
        }
      };
      visit(region.children);
    }
  }
  for (const node of removals) removeElement(node);
  report.hiddenText = report.hiddenPassages.map((p) => p.text).join('\n').slice(0, maxHidden);
  return report;
}

const STATIC = /^(?:static|initial|unset|inherit|revert|revert-layer)?$/;

function positionOf(d: Declarations): string {
  return (d.get('position') ?? '').trim().toLowerCase();
}

/** A length in px; 0 when absent or a keyword that means no offset; undefined when it cannot be evaluated. */
function offsetPx(value: string | undefined, emPx: number, percentOf = VIEWPORT_WIDTH): number | undefined {
  if (value === undefined) return 0;
  const v = value.trim();
  if (v === '' || HARMLESS_OFFSET.test(v) || /^(?:normal|none)$/i.test(v)) return 0;
  return lengthPx(v, { emPx, percentOf });
}

/** The [top, right, bottom, left] parts of a box shorthand (margin, padding, inset). */
function boxSides(value: string | undefined): [string?, string?, string?, string?] {
  if (value === undefined) return [];
  const p = shorthandParts(value);
  return [p[0], p[1] ?? p[0], p[2] ?? p[0], p[3] ?? p[1] ?? p[0]];
}

/** How far a transform or translate moves the box (px, x and y); undefined when it cannot be evaluated. */
function translation(d: Declarations, emPx: number): [number, number] | undefined {
  let x = 0;
  let y = 0;
  const transform = d.get('transform');
  if (transform !== undefined) {
    const effect = transformEffect(transform, emPx);
    if (!effect) return undefined;
    x += effect.dx;
    y += effect.dy;
  }
  const translate = d.get('translate');
  if (translate !== undefined && !/^\s*(?:none|initial|unset|inherit|revert)\s*$/i.test(translate)) {
    const parts = shorthandParts(translate).map((part) => lengthPx(part, { emPx, percentOf: 0 }));
    if (parts.some((part) => part === undefined)) return undefined;
    x += parts[0] ?? 0;
    y += parts[1] ?? 0;
  }
  return [x, y];
}

/**
 * Where the element's box goes, as far as it decides visibility without a layout engine: its left edge in the
 * pane (margins, paddings, borders, offsets, text-indent), boxes that clip what overflows them (and what a
 * moved box inside one loses), boxes that may be laid over other text (positioned, moved, pulled up), and
 * spacing that lays letters over one another. What it cannot evaluate withholds the text (fail closed).
 */
function layoutEffect(
  element: Element,
  d: Declarations,
  state: Inherited,
  next: Inherited,
  document: Document,
): HiddenReason | { state: Inherited; covers?: Element | Document } {
  for (const property of d.keys()) if (!VISIBILITY_PROPERTIES.has(property)) return 'unevaluatedStyle';
  const emPx = next.fontPx;
  const letter = offsetPx(d.get('letter-spacing'), emPx, emPx);
  if (letter === undefined) return 'unevaluatedStyle';
  if (letter < MIN_LETTER_SPACING_EM * emPx || letter > MAX_LETTER_SPACING_PX) return 'spacing';
  const word = offsetPx(d.get('word-spacing'), emPx, emPx);
  if (word === undefined) return 'unevaluatedStyle';
  if (word < MIN_WORD_SPACING_EM * emPx || word > MAX_WORD_SPACING_PX) return 'spacing';
  for (const [property, ok] of [
    ['mix-blend-mode', /^(?:normal|initial|unset|inherit|revert)$/],
    ['animation', /^(?:none|initial|unset|inherit|revert)$/],
    ['animation-name', /^(?:none|initial|unset|inherit|revert)$/],
    ['color-scheme', /^(?:normal|light|only light|initial|unset|inherit|revert)$/],
    ['rotate', /^(?:none|initial|unset|inherit|revert|-?[\d.]+(?:deg|rad|turn|grad))$/],
  ] as const) {
    const value = d.get(property);
    if (value !== undefined && !ok.test(value.trim().toLowerCase())) return 'unevaluatedStyle';
  }
  const content = d.get('content');
  if (content !== undefined && /url\(|image-set\(|gradient\(/i.test(content)) return 'unevaluatedStyle';
  for (const property of ['padding-top', 'border-top', 'border-top-width', 'border', 'border-width', 'vertical-align', 'min-height']) {
    const value = d.get(property);
    if (value === undefined) continue;
    for (const part of shorthandParts(value)) {
      const px = lengthPx(part, { emPx, percentOf: emPx });
      if (px !== undefined && Math.abs(px) > EXTREME_PX) return 'offScreen';
    }
  }
  const contain = (d.get('contain') ?? '').toLowerCase();
  if (/\b(?:size|strict|inline-size)\b/.test(contain) && d.get('height') === undefined) return 'zeroSize';
  const zIndex = numberValue(d.get('z-index') ?? '0');
  const position = positionOf(d);
  const positioned = !STATIC.test(position);
  if (positioned && zIndex !== undefined && zIndex < 0) return 'covered'; // under any ancestor's background
  const margin = boxSides(d.get('margin'));
  const padding = boxSides(d.get('padding'));
  const marginLeft = offsetPx(d.get('margin-left') ?? d.get('margin-inline-start') ?? margin[3], emPx);
  const marginTop = offsetPx(d.get('margin-top') ?? d.get('margin-block-start') ?? margin[0], emPx);
  const paddingLeft = offsetPx(d.get('padding-left') ?? d.get('padding-inline-start') ?? padding[3], emPx);
  const borderLeft = offsetPx(shorthandParts(d.get('border-left-width') ?? d.get('border-left') ?? '0').find((p) => lengthPx(p, { emPx }) !== undefined), emPx);
  const indent = offsetPx(d.get('text-indent'), emPx);
  const inset = boxSides(d.get('inset'));
  const top = offsetPx(d.get('top') ?? d.get('inset-block-start') ?? inset[0], emPx);
  const left = offsetPx(d.get('left') ?? d.get('inset-inline-start') ?? inset[3], emPx);
  const right = offsetPx(d.get('right') ?? inset[1], emPx);
  const bottom = offsetPx(d.get('bottom') ?? inset[2], emPx);
  const moved = translation(d, emPx);
  if ([marginLeft, marginTop, paddingLeft, borderLeft, indent, top, left, right, bottom].some((v) => v === undefined) || !moved) return 'unevaluatedStyle';
  const [dx, dy] = moved;
  // Scaled up about its centre, a box grows to the left by half its growth: estimated from its text's width.
  const grow = transformGrowth(d, emPx);
  if (grow === undefined) return 'unevaluatedStyle';
  const grownLeft = grow > 1 ? ((grow - 1) / 2) * Math.min(VIEWPORT_WIDTH, textContent(element).trim().length * 0.5 * emPx) : 0;
  const absolute = position === 'absolute' || position === 'fixed';
  const relative = position === 'relative' || position === 'sticky';
  const offsetX = relative || absolute ? (left as number) - (d.get('left') === undefined ? (right as number) : 0) : 0;
  const offsetY = relative || absolute ? (top as number) - (d.get('top') === undefined ? (bottom as number) : 0) : 0;
  const boxLeft = state.leftPx + (marginLeft as number) + offsetX + dx - grownLeft;
  const textLeft = boxLeft + (borderLeft as number) + (paddingLeft as number);
  if (textLeft + Math.min(0, indent as number) < PANE_LEFT_PX || textLeft + Math.max(0, indent as number) > PANE_RIGHT_PX) return 'offScreen';
  const pulledUp = Math.min(marginTop as number, 0) + Math.min(relative || absolute ? offsetY : 0, 0) + Math.min(dy, 0);
  if (pulledUp < -PULLED_UP_PX) return 'offScreen';
  if (absolute && !state.positioned && offsetY < PANE_LEFT_PX) return 'offScreen';
  const movedAtAll = (relative && (offsetX !== 0 || offsetY !== 0)) || dx !== 0 || dy !== 0;
  const pulledOver = (marginTop as number) < -PULLED_OVER_PX || (marginLeft as number) < -PULLED_OVER_PX;
  // Inside a box that clips, anything moved may be moved out of it.
  if (state.clipped && (absolute || movedAtAll || (marginTop as number) < 0 || (marginLeft as number) < 0 || (indent as number) < 0 ||
    (marginLeft as number) + (paddingLeft as number) + Math.max(0, indent as number) > 100)) return 'clipped';
  const clip = overflowClip(element, d, next);
  if (typeof clip === 'string') return clip;
  let covers: Element | Document | undefined;
  if (position === 'fixed') covers = document;
  else if (absolute) covers = state.positioned ?? document;
  else if (movedAtAll || (pulledOver && paintsAboveText(element, d, next))) covers = element.parent && isTag(element.parent) ? element.parent : document;
  const transformed = d.get('transform') !== undefined && !/^\s*none\s*$/i.test(d.get('transform') ?? '');
  const result: Inherited = {
    ...next,
    leftPx: absolute ? BODY_MARGIN_PX + Math.max(0, left as number) + (paddingLeft as number) : textLeft,
    positioned: positioned || transformed ? element : state.positioned,
    clipped: state.clipped || clip,
  };
  return { state: result, covers };
}

/** The largest factor a transform or the scale property scales the box by; undefined when not evaluated. */
function transformGrowth(d: Declarations, emPx: number): number | undefined {
  let grow = 1;
  const transform = d.get('transform');
  if (transform !== undefined) {
    const effect = transformEffect(transform, emPx);
    if (!effect) return undefined;
    grow *= effect.grow;
  }
  const scale = d.get('scale');
  if (scale !== undefined && !/^\s*(?:none|initial|unset|inherit|revert)\s*$/i.test(scale)) {
    const factors = shorthandParts(scale).map(numberValue);
    if (factors.some((f) => f === undefined)) return undefined;
    grow *= Math.max(1, ...factors.map((f) => Math.abs(f as number)));
  }
  return grow;
}

/** Reasons an element is withheld for where or how it is laid out, while its box still paints. */
const PAINTED_REASONS = new Set<HiddenReason>(['offScreen', 'clipped', 'unevaluatedStyle', 'spacing']);

/** Whether a size, padding or border could make the box reach across the pane (100 px or more, or not evaluated). */
function mayBeLarge(d: Declarations, emPx: number): boolean {
  for (const property of ['width', 'min-width', 'height', 'min-height', 'padding', 'padding-left', 'padding-top', 'border', 'border-width', 'border-left', 'border-top', 'inset']) {
    const value = d.get(property);
    if (value === undefined) continue;
    for (const part of shorthandParts(value)) {
      if (HARMLESS_SIZE.test(part) || /^(?:solid|dashed|dotted|double|none|hidden|groove|ridge|inset|outset)$/i.test(part) || parseColour(part)) continue;
      const px = lengthPx(part, { emPx });
      if (px === undefined || px >= 100) return true;
    }
  }
  return false;
}

/**
 * The part of the document a box may lie over, read from its declarations alone (used when it is withheld
 * before its layout was evaluated): fixed, the whole; absolute, its containing block; moved by offsets, a
 * transform or a negative margin, its parent; otherwise none.
 */
function coverRegion(element: Element, d: Declarations, state: Inherited, document: Document): Element | Document | undefined {
  const position = positionOf(d);
  if (position === 'fixed') return document;
  if (position === 'absolute') return state.positioned ?? document;
  const offsets = ['top', 'left', 'right', 'bottom', 'inset'].some((p) => {
    const v = d.get(p);
    return v !== undefined && !HARMLESS_OFFSET.test(v.trim());
  });
  const moved = (!STATIC.test(position) && offsets) ||
    ['transform', 'translate'].some((p) => d.get(p) !== undefined && !/^\s*(?:none|initial|unset|inherit|revert)\s*$/i.test(d.get(p) ?? '')) ||
    ['margin', 'margin-top', 'margin-left'].some((p) => /(?:^|\s)-/.test(d.get(p) ?? ''));
  if (!moved) return undefined;
  return element.parent && isTag(element.parent) ? element.parent : document;
}

const INLINE_BOXES = /^\s*inline-(?:block|table|flex|grid)\b/i;

/**
 * Whether a box pulled over the text before it is painted above that text. In-flow blocks and floats paint their
 * backgrounds under all inline content; inline boxes, images and boxes that form a layer (positioned, opacity,
 * transform, filter) paint in order, over what came before.
 */
function paintsAboveText(element: Element, d: Declarations, next: Inherited): boolean {
  const float = (d.get('float') ?? 'none').trim().toLowerCase();
  if (float !== 'none' && float !== '') return false;
  if (element.name === 'img' || INLINE_BOXES.test(d.get('display') ?? '')) return true;
  return next.opacity < 1 || d.get('filter') !== undefined || d.get('transform') !== undefined || !STATIC.test(positionOf(d));
}

const CLIPS = /\b(?:hidden|clip|auto|scroll)\b/i;

/**
 * Whether the element clips what overflows it, and whether its text overflows it (an estimate from the text's
 * length, its lines and the box's size: more than half a line cut withholds the box).
 */
function overflowClip(element: Element, d: Declarations, state: Inherited): boolean | HiddenReason {
  const overflow = `${d.get('overflow') ?? ''} ${d.get('overflow-x') ?? ''} ${d.get('overflow-y') ?? ''}`;
  const contain = d.get('contain') ?? '';
  if (!CLIPS.test(overflow) && !/\b(?:paint|content|strict)\b/i.test(contain)) return false;
  const emPx = state.fontPx;
  const size = (property: 'height' | 'width'): number | undefined => {
    const of = property === 'width' ? state.boxWidthPx : state.boxHeightPx;
    const values = [d.get(property) ?? element.attribs[property], d.get(`max-${property}`)];
    const known = values.map((v) => sizePx(v, of, emPx)).filter((v): v is number => v !== undefined);
    if (known.length > 0) return Math.min(...known);
    // A block with no width of its own is as wide as its container.
    return property === 'width' && isBlockBox(element.name, d) ? state.boxWidthPx : undefined;
  };
  const height = size('height');
  const width = size('width');
  if (height === undefined && width === undefined) return false;
  const text = textContent(element).replace(/\s+/g, ' ').trim();
  if (text) {
    // Narrower than a couple of characters, a word overflows sideways (words do not break by default) and is cut.
    if (width !== undefined && width < 2 * 0.5 * emPx * state.scale) return width <= 1 ? 'zeroSize' : 'clipped';
    const lineValue = d.get('line-height');
    const lineNumber = lineValue !== undefined && /^(?:\d*\.)?\d+$/.test(lineValue.trim()) ? parseFloat(lineValue) * emPx : undefined;
    const lineHeight = lineNumber ?? (lineValue === undefined || /^\s*normal\s*$/i.test(lineValue) ? 1.2 * emPx : lengthPx(lineValue, { emPx, percentOf: emPx }) ?? 1.2 * emPx);
    const charWidth = 0.5 * emPx * state.scale;
    const nowrap = /nowrap|pre/i.test(d.get('white-space') ?? '');
    if (width !== undefined && nowrap && text.length * charWidth * 0.9 > width) return 'clipped';
    if (height !== undefined) {
      const blocks = findAll((e) => e.name === 'br' || BLOCKS.has(e.name) || SPACED_BLOCKS.has(e.name), element.children);
      // Preformatted text keeps its line breaks; paragraphs, headings, lists and preformatted blocks add a margin of about a line.
      const preBreaks = blocks.filter((e) => PREFORMATTED.has(e.name)).reduce((n, e) => n + (textContent(e).trim().match(/\n/g)?.length ?? 0), 0);
      const margins = blocks.filter((e) => SPACED_BLOCKS.has(e.name)).length;
      const perLine = width !== undefined && !nowrap ? Math.max(1, Math.floor(width / charWidth)) : Number.POSITIVE_INFINITY;
      const lines = Math.max(1, blocks.length + 1 + preBreaks, Math.ceil(text.length / perLine));
      if (lines * lineHeight + margins * emPx - height > 0.5 * lineHeight) return 'clipped';
    }
  }
  return true;
}

/** A width or height value in px: bare numbers (HTML attributes) are px, percentages of `of` when it is known. */
function sizePx(value: string | undefined, of: number | undefined, emPx: number): number | undefined {
  if (value === undefined) return undefined;
  const v = value.trim();
  if (v === '' || HARMLESS_SIZE.test(v)) return undefined;
  if (/^(?:\d*\.)?\d+%$/.test(v)) return of === undefined ? undefined : (parseFloat(v) / 100) * of;
  if (/%/.test(v)) return undefined;
  return lengthPx(/^(?:\d*\.)?\d+$/.test(v) ? `${v}px` : v, { emPx });
}

/** Elements whose width and height attributes are presentational hints for their box (HTML, "Rendering"). */
const SIZE_ATTRIBUTE_ELEMENTS = new Set(['table', 'img', 'marquee', 'hr', 'iframe', 'object', 'video', 'canvas', 'embed']);

/** Whether the element lays out as a block-level box that fills its container's width when it sets no width. */
function isBlockBox(name: string, d: Declarations): boolean {
  const display = d.get('display')?.trim().toLowerCase();
  if (display !== undefined) return /^(?:block|flex|grid|flow-root|list-item|table|inline-block|inline-flex|inline-grid|inline-table)\b/.test(display);
  return BLOCKS.has(name) || SPACED_BLOCKS.has(name) || BLOCK_LEVEL.has(name);
}

/**
 * The box the element gives what it contains: its own width (CSS, or a width attribute where HTML makes it one;
 * a percentage of its container's), else its container's when it is a block; the width of an auto-layout table is
 * only its minimum (it grows to its cells), so none is known. A marquee clips by default: sized to nothing, it
 * shows nothing.
 */
function boxOf(element: Element, name: string, d: Declarations, state: Inherited): { widthPx: number | undefined; heightPx: number | undefined } | 'zeroSize' {
  const emPx = state.fontPx;
  const attribute = (property: 'width' | 'height') => (SIZE_ATTRIBUTE_ELEMENTS.has(name) ? element.attribs[property] : undefined);
  const block = isBlockBox(name, d) || SIZE_ATTRIBUTE_ELEMENTS.has(name);
  const own = (property: 'width' | 'height', of: number | undefined) => {
    const known = [sizePx(d.get(property) ?? attribute(property), of, emPx), sizePx(d.get(`max-${property}`), of, emPx)].filter((v): v is number => v !== undefined);
    return known.length > 0 ? Math.min(...known) : undefined;
  };
  const ownWidth = block ? own('width', state.boxWidthPx) : undefined;
  const ownHeight = block ? own('height', state.boxHeightPx) : undefined;
  // Narrower than two characters or lower than half a line, its clipped text cannot be read.
  if (name === 'marquee' && ((ownWidth !== undefined && ownWidth < emPx * state.scale) || (ownHeight !== undefined && ownHeight < 0.5 * emPx * state.scale))) return 'zeroSize';
  const autoTable = name === 'table' && !/^\s*fixed\b/i.test(d.get('table-layout') ?? '');
  const widthPx = autoTable ? undefined : (ownWidth ?? state.boxWidthPx);
  const heightPx = block ? ownHeight : state.boxHeightPx;
  return { widthPx, heightPx };
}

/** Block-level elements beyond BLOCKS and SPACED_BLOCKS, for a container's width (cells of a fixed table among them). */
const BLOCK_LEVEL = new Set(['p', 'body', 'html', 'main', 'nav', 'aside', 'form', 'figcaption', 'tbody', 'thead', 'tfoot', 'td', 'th', 'hgroup', 'search']);

const BLOCKS = new Set(['div', 'li', 'tr', 'table', 'dt', 'dd', 'section', 'article', 'header', 'footer', 'center', 'address', 'caption', 'legend', 'details', 'summary']);
/** Blocks with a margin of about a line above and below by default. */
const SPACED_BLOCKS = new Set(['p', 'h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'ul', 'ol', 'dl', 'menu', 'dir', 'blockquote', 'pre', 'xmp', 'listing', 'plaintext', 'figure', 'fieldset', 'hr']);
const PREFORMATTED = new Set(['pre', 'xmp', 'listing', 'plaintext', 'textarea']);

/**
 * Rules that apply to the element only perhaps (a selector with parts the cascade cannot evaluate) or to a part
 * of it (::first-line, ::first-letter), each judged alone: one that would hide text withholds the element's. A
 * ::before or ::after box that is positioned or moved may be laid over text: what it may cover is withheld.
 */
function conditionalReason(
  element: Element,
  own: Declarations,
  cascade: Cascade,
  state: Inherited,
  covers: Cover[],
  document: Document,
): HiddenReason | undefined {
  for (const rule of cascade.conditionalRules(element)) {
    // Custom properties hide nothing by themselves (a var() that uses them is judged where it is used).
    const d = new Map([...rule.declarations].filter(([property]) => !property.startsWith('--')));
    if (d.size === 0) continue;
    if (rule.kind === 'generated') {
      const content = d.get('content');
      if (content !== undefined && /^\s*(?:none|normal)\s*$/i.test(content)) continue;
      const position = positionOf(d);
      const moved = translation(d, state.fontPx);
      if (!STATIC.test(position) || !moved || moved[0] !== 0 || moved[1] !== 0 || /^\s*-/.test(d.get('margin-top') ?? d.get('margin') ?? '')) {
        const region = !STATIC.test(positionOf(own)) ? element : position === 'fixed' ? document : state.positioned ?? document;
        covers.push({ region });
      }
      continue;
    }
    if ([...d.values()].some((v) => /var\(/i.test(v))) return rule.kind === 'firstLine' ? 'firstLine' : 'unevaluatedRule';
    if (declarationsHide(element, d, state, document)) return rule.kind === 'firstLine' ? 'firstLine' : 'unevaluatedRule';
  }
  return undefined;
}

/** Whether these declarations, applied to the element alone, would hide its text. */
function declarationsHide(element: Element, d: Declarations, state: Inherited, document: Document): boolean {
  if (elementHiddenReason(element, d, state)) return true;
  const next = inherit(state, element, element.name.toLowerCase(), d);
  if (typeof next === 'string') return true;
  if (next.opacity < MIN_OPACITY || next.scale <= 0 || textHiddenReason(next)) return true;
  const layout = layoutEffect(element, d, state, next, document);
  return typeof layout === 'string' || layout.covers !== undefined;
}

function textHiddenReason(state: Inherited): HiddenReason | undefined {
  if (state.visibilityHidden) return 'visibilityHidden';
  if (state.fontPx * state.scale < MIN_FONT_PX) return 'tinyFont';
  const shownColour = state.fill ?? state.color;
  if (shownColour === 'unknown') return 'unevaluatedStyle';
  if (shownColour.alpha() * state.opacity < MIN_OPACITY) return 'transparent';
  if (!state.backgroundKnown && state.imageFallback) {
    const shown = shownColour.alpha() < 1 ? shownColour.mix(state.imageFallback, 1 - shownColour.alpha()) : shownColour;
    if (shown.contrast(state.imageFallback) < CONTRAST_INVISIBLE) return 'sameColourAsBackground';
  }
  if (state.backgroundKnown && state.background.alpha() > 0.9) {
    const shown = shownColour.alpha() < 1 ? shownColour.mix(state.background, 1 - shownColour.alpha()) : shownColour;
    if (shown.contrast(state.background) < CONTRAST_INVISIBLE) return 'sameColourAsBackground';
  }
  return undefined;
}

const HARMLESS_SIZE = /^(?:auto|none|initial|unset|inherit|revert|revert-layer|normal|fit-content|max-content|min-content|stretch|-webkit-fill-available|-moz-available)$/i;

/** A size that clips its content to nothing when overflow is hidden; undefined when harmless. */
function sizeReason(value: string | undefined, emPx: number): HiddenReason | undefined {
  if (value === undefined) return undefined;
  const v = value.trim();
  if (v === '' || HARMLESS_SIZE.test(v)) return undefined;
  if (/^(?:\d*\.)?\d+%$/.test(v)) return parseFloat(v) > 0 ? undefined : 'zeroSize';
  const px = lengthPx(v, { emPx });
  if (px === undefined) return /%/.test(v) ? undefined : 'unevaluatedStyle';
  return px <= 1 ? 'zeroSize' : undefined;
}

const HARMLESS_OFFSET = /^(?:auto|initial|unset|inherit|revert|revert-layer|0)$/i;

/** An offset that moves the element out of the reading pane; percentages are of the pane's width. */
function offsetReason(value: string | undefined, emPx: number): HiddenReason | undefined {
  if (value === undefined) return undefined;
  const v = value.trim();
  if (v === '' || HARMLESS_OFFSET.test(v)) return undefined;
  const px = lengthPx(v, { emPx, percentOf: VIEWPORT_WIDTH });
  if (px === undefined) return 'unevaluatedStyle';
  return isOffscreen(px) ? 'offScreen' : undefined;
}

/** The parts of a shorthand like margin or inset, split at top-level spaces. */
function shorthandParts(value: string): string[] {
  return valueParser(value).nodes.filter((n) => n.type !== 'space' && n.type !== 'comment').map((n) => valueParser.stringify(n));
}

function elementHiddenReason(element: Element, d: Declarations, state: Inherited): HiddenReason | undefined {
  if ('hidden' in element.attribs) return 'hiddenAttribute';
  if (d.size === 0) return undefined;
  const emPx = state.fontPx;
  const display = d.get('display');
  if (display && /^\s*none\b/i.test(display)) return 'displayNone';
  if (/^\s*all\b/i.test(d.get('mso-hide') ?? '')) return 'msoHide';
  if (/^\s*hidden\b/i.test(d.get('content-visibility') ?? '')) return 'contentVisibilityHidden';
  const overflow = `${d.get('overflow') ?? ''} ${d.get('overflow-x') ?? ''} ${d.get('overflow-y') ?? ''}`;
  if (/hidden|clip/i.test(overflow)) {
    for (const property of ['height', 'max-height', 'width', 'max-width']) {
      const value = d.get(property) ?? (property === 'height' || property === 'width' ? element.attribs[property] : undefined);
      const reason = sizeReason(value, emPx);
      if (reason) return reason;
    }
    // A box of text lines with no height of their own is as tall as its line-height.
    const lineHeight = d.get('line-height');
    if (lineHeight !== undefined && d.get('height') === undefined && element.attribs.height === undefined) {
      const v = lineHeight.trim();
      const n = /^(?:\d*\.)?\d+$/.test(v) ? parseFloat(v) * emPx : HARMLESS_SIZE.test(v) ? undefined : lengthPx(v, { emPx, percentOf: emPx });
      if (n === undefined && !HARMLESS_SIZE.test(v)) return 'unevaluatedStyle';
      if (n !== undefined && n <= 1) return 'zeroSize';
    }
  }
  const position = (d.get('position') ?? '').trim().toLowerCase();
  if (/^(?:absolute|fixed|relative|sticky)$/.test(position)) {
    for (const side of ['left', 'top', 'right', 'bottom']) {
      const reason = offsetReason(d.get(side), emPx);
      if (reason) return reason;
    }
    const inset = d.get('inset');
    if (inset) for (const part of shorthandParts(inset)) {
      const reason = offsetReason(part, emPx);
      if (reason) return reason;
    }
  }
  const margin = d.get('margin');
  if (margin) {
    const parts = shorthandParts(margin);
    for (const part of [parts[0], parts[3] ?? parts[1] ?? parts[0]]) {
      const reason = offsetReason(part, emPx);
      if (reason) return reason;
    }
  }
  for (const property of ['margin-left', 'margin-top', 'text-indent']) {
    const reason = offsetReason(d.get(property), emPx);
    if (reason) return reason;
  }
  const translate = d.get('translate');
  if (translate && !/^\s*none\s*$/i.test(translate)) {
    for (const part of shorthandParts(translate)) {
      const reason = offsetReason(part, emPx);
      if (reason) return reason;
    }
  }
  const clip = clipReason(d.get('clip'), emPx) ?? clipPathReason(d.get('clip-path'));
  if (clip) return clip;
  for (const property of ['mask', 'mask-image', '-webkit-mask', '-webkit-mask-image']) {
    const value = d.get(property);
    if (value !== undefined && !/^\s*(?:none|initial|unset|inherit|revert)\s*$/i.test(value)) return 'clipped';
  }
  return undefined;
}

function clipReason(value: string | undefined, emPx: number): HiddenReason | undefined {
  if (value === undefined || /^\s*(?:auto|initial|unset|inherit|revert)\s*$/i.test(value)) return undefined;
  const match = /^\s*rect\(([^)]*)\)\s*$/i.exec(value);
  if (!match) return 'clipped';
  const sides = match[1].split(/\s*,\s*|\s+/).filter(Boolean).map((s) => (/^auto$/i.test(s) ? undefined : lengthPx(s, { emPx })));
  if (sides.length !== 4) return 'clipped';
  const [top, right, bottom, left] = sides;
  // auto edges are the element's own: only two given edges that meet or cross close the window.
  if (top !== undefined && bottom !== undefined && bottom - top <= 1) return 'clipped';
  if (left !== undefined && right !== undefined && right - left <= 1) return 'clipped';
  if (sides.every((s) => s !== undefined) || sides.every((s) => s === undefined)) return undefined;
  return undefined;
}

/** Any clipping shape: which part of the text stays inside it needs the layout (fail closed). */
function clipPathReason(value: string | undefined): HiddenReason | undefined {
  if (value === undefined) return undefined;
  const v = value.trim().toLowerCase();
  if (/^(?:none|initial|unset|inherit|revert|margin-box|border-box|padding-box|content-box|fill-box|stroke-box|view-box)$/.test(v)) return undefined;
  if (/^inset\(\s*0(?:px|%)?\s*\)$/.test(v)) return undefined;
  return 'clipped';
}

const CSS_WIDE = /^\s*(?:inherit|unset|revert|revert-layer)\s*$/i;

function inherit(state: Inherited, element: Element, name: string, d: Declarations): Inherited | HiddenReason {
  const next: Inherited = { ...state };
  const visibility = d.get('visibility');
  if (visibility && !CSS_WIDE.test(visibility)) next.visibilityHidden = /hidden|collapse/i.test(visibility);
  const opacity = d.get('opacity');
  if (opacity !== undefined && !CSS_WIDE.test(opacity) && !/^\s*initial\s*$/i.test(opacity)) {
    const value = numberValue(opacity);
    if (value === undefined || !Number.isFinite(value)) return 'unevaluatedStyle';
    next.opacity = state.opacity * Math.min(1, Math.max(0, value));
  }
  const filter = d.get('filter');
  if (filter !== undefined) {
    const effect = filterEffect(filter);
    if (typeof effect === 'string') return effect;
    next.opacity *= effect;
  }
  const zoom = d.get('zoom');
  if (zoom !== undefined && !/^\s*(?:normal|reset|initial|unset|inherit|revert)\s*$/i.test(zoom)) {
    const value = numberValue(zoom);
    if (value === undefined) return 'unevaluatedStyle';
    if (value > 0) next.scale *= value; // zoom: 0 is treated as 1 by browsers that support it
  }
  const scale = d.get('scale');
  if (scale !== undefined && !/^\s*(?:none|initial|unset|inherit|revert)\s*$/i.test(scale)) {
    const factors = shorthandParts(scale).map(numberValue);
    if (factors.length === 0 || factors.some((f) => f === undefined)) return 'unevaluatedStyle';
    next.scale *= Math.min(...factors.slice(0, 2).map((f) => Math.abs(f as number)));
  }
  const transform = d.get('transform');
  if (transform !== undefined) {
    const effect = transformEffect(transform, state.fontPx);
    if (!effect) return 'unevaluatedStyle';
    if (effect.offscreen) return 'offScreen';
    next.scale *= effect.scale;
  }
  const fontSize = d.get('font-size') ?? fontShorthandSize(d.get('font'));
  if (fontSize !== undefined) {
    const px = fontPx(fontSize, state.fontPx);
    if (px === undefined) return 'unevaluatedStyle';
    next.fontPx = px;
  }
  const colorValue = d.get('color') ?? (name === 'font' ? element.attribs.color : undefined);
  if (colorValue !== undefined) next.color = colourValue(colorValue, state.color, state.color);
  const fill = d.get('-webkit-text-fill-color');
  if (fill !== undefined) {
    // Inherited as is: a parent's currentcolor stays currentcolor (the child's own colour), not the parent's colour.
    if (CSS_WIDE.test(fill)) next.fill = state.fill;
    else next.fill = /^\s*currentcolor\s*$/i.test(fill) || /^\s*initial\s*$/i.test(fill) ? undefined : colourValue(fill, state.fill ?? state.color, state.color);
  }
  const background = backgroundOf(element, d);
  if (background === 'unknown') {
    next.backgroundKnown = false;
    const fallback = imageFallbackOf(element, d);
    const opaque = fallback && fallback.alpha() > 0 ? (fallback.alpha() < 1 ? fallback.mix(state.background, 1 - fallback.alpha()) : fallback) : undefined;
    next.imageFallback = opaque ?? (state.backgroundKnown ? state.background : state.imageFallback);
  } else if (background && background.alpha() > 0) {
    next.background = background.alpha() < 1 ? background.mix(state.background, 1 - background.alpha()) : background;
    next.backgroundKnown = true;
    next.imageFallback = undefined;
  }
  return next;
}

/** A colour value against the inherited one: keywords resolved, unparseable ones 'unknown' (fail closed). */
function colourValue(value: string, inherited: Colour, current: Colour): Colour {
  const v = value.trim().toLowerCase();
  if (CSS_WIDE.test(v)) return inherited;
  if (v === 'initial') return colord('#000');
  if (v === 'currentcolor') return current;
  return parseColour(v) ?? 'unknown';
}

/** The opacity factor a filter applies, or why it hides the text. */
function filterEffect(value: string): number | HiddenReason {
  const v = value.trim().toLowerCase();
  if (/^(?:none|initial|unset|inherit|revert)$/.test(v)) return 1;
  let factor = 1;
  for (const node of valueParser(v).nodes) {
    if (node.type === 'space' || node.type === 'comment') continue;
    if (node.type !== 'function') return 'unevaluatedStyle';
    const arg = valueParser.stringify(node.nodes).trim();
    const amount = arg === '' ? 1 : numberValue(arg);
    switch (node.value) {
      case 'opacity':
        if (amount === undefined) return 'unevaluatedStyle';
        factor *= Math.min(1, Math.max(0, amount));
        break;
      case 'blur': {
        const px = arg === '' ? 0 : lengthPx(arg, { emPx: 16 });
        if (px === undefined) return 'unevaluatedStyle';
        if (px > MAX_BLUR_PX) return 'transparent';
        break;
      }
      case 'brightness': case 'contrast':
        if (amount === undefined) return 'unevaluatedStyle';
        if (amount < MIN_FILTER_FACTOR) return 'transparent';
        break;
      case 'grayscale': case 'sepia': case 'saturate': case 'hue-rotate': case 'invert': case 'drop-shadow':
        break;
      default:
        return 'unevaluatedStyle'; // url() filters and unknown functions
    }
  }
  return factor;
}

function hasColourAttributes(element: Element): boolean {
  const a = element.attribs;
  return a.bgcolor !== undefined || a.background !== undefined || (element.name === 'font' && a.color !== undefined);
}

function backgroundOf(element: Element, d: Declarations): Colord | 'unknown' | undefined {
  const image = d.get('background-image');
  if (image && !/^\s*none\s*$/i.test(image)) return 'unknown';
  if ('background' in element.attribs && element.attribs.background.trim()) return 'unknown';
  const shorthand = d.get('background');
  if (shorthand !== undefined) {
    if (/url\(|gradient\(/i.test(shorthand)) return 'unknown';
    if (/^\s*(?:none|initial|unset|inherit|revert)\s*$/i.test(shorthand)) return undefined;
    const colour = parseColour(shorthand.trim().split(/\s+(?![^(]*\))/)[0] ?? '');
    if (colour) return colour;
  }
  const colourValue = d.get('background-color') ?? element.attribs.bgcolor;
  if (colourValue !== undefined) {
    if (/^\s*(?:initial|unset|inherit|revert)\s*$/i.test(colourValue)) return undefined;
    return parseColour(colourValue) ?? 'unknown';
  }
  return undefined;
}

/** The background colour declared beside a background image (the shorthand's colour part, or background-color, or bgcolor). */
function imageFallbackOf(element: Element, d: Declarations): Colord | undefined {
  const shorthand = d.get('background');
  if (shorthand !== undefined) {
    for (const part of shorthandParts(shorthand)) {
      if (/\(/.test(part) && !/^(?:rgba?|hsla?|hwb|lab|lch|oklab|oklch|color)\(/i.test(part)) continue;
      const colour = parseColour(part);
      if (colour) return colour;
    }
  }
  const colourValue = d.get('background-color') ?? element.attribs.bgcolor;
  return colourValue === undefined ? undefined : parseColour(colourValue);
}

const BLACK = colord('#000');

const colourCache = new Map<string, Colord | undefined>();

function parseColour(value: string): Colord | undefined {
  const known = colourCache.get(value);
  if (known !== undefined || colourCache.has(value)) return known;
  const parsed = parseColourUncached(value);
  // Bounded: a hostile message could list many distinct colours; past the cap, parse without caching.
  if (colourCache.size < 2000) colourCache.set(value, parsed);
  return parsed;
}

function parseColourUncached(value: string): Colord | undefined {
  const cleaned = value.replace(/!important/i, '').trim().toLowerCase();
  if (cleaned === 'transparent') return colord('rgba(0,0,0,0)');
  const parsed = colord(cleaned);
  if (parsed.isValid()) return parsed;
  // Legacy HTML colour attributes drop the '#': bgcolor="ffffff".
  if (/^[0-9a-f]{6}$|^[0-9a-f]{3}$/.test(cleaned)) return colord(`#${cleaned}`);
  return undefined;
}

const FONT_KEYWORDS: Record<string, number> = {
  'xx-small': 9, 'x-small': 10, small: 13, medium: 16, large: 18, 'x-large': 24, 'xx-large': 32, 'xxx-large': 48,
};

/** The computed font size in px; undefined when it cannot be evaluated. */
function fontPx(value: string, parentPx: number): number | undefined {
  const cleaned = value.trim().toLowerCase();
  if (cleaned in FONT_KEYWORDS) return FONT_KEYWORDS[cleaned];
  if (CSS_WIDE.test(cleaned)) return parentPx;
  if (cleaned === 'initial') return 16;
  if (cleaned === 'smaller') return parentPx / 1.2;
  if (cleaned === 'larger') return parentPx * 1.2;
  const px = lengthPx(cleaned, { emPx: parentPx, percentOf: parentPx });
  return px === undefined ? undefined : Math.max(0, px);
}

function fontShorthandSize(font: string | undefined): string | undefined {
  if (!font) return undefined;
  const match = /(?:^|\s)((?:\d*\.)?\d+(?:px|pt|em|rem|%)?|xx-small|x-small|small|medium|large|x-large|xx-large|calc\([^)]*\))(?:\/\S+)?\s+\S/i.exec(font);
  return match?.[1];
}

/** Whether a mail client shows a picture for this src (remote, an attached part, inline data), not the alt text. */
function imageIsShown(src: string): boolean {
  return /^\s*(?:https?:|cid:|data:image\/|\/\/)/i.test(src);
}

function defangElement(element: Element, name: string, report: HiddenContentReport): void {
  if (name === 'img' || name === 'image') {
    const src = element.attribs.src ?? '';
    if (isRemoteUrl(src)) report.remoteImages += 1;
    // A person sees the picture, not its alt text: the alt text is the model's only when there is no picture to show.
    if (imageIsShown(src)) delete element.attribs.alt;
    // The model never sees image addresses: they are tracking beacons or exfiltration targets, not content.
    delete element.attribs.src;
    delete element.attribs.srcset;
  }
  if (name === 'a' && element.attribs.href !== undefined) {
    // Read as the browser's URL parser reads it (WHATWG URL Standard, "basic URL parser": leading and trailing C0
    // controls and spaces stripped, every ASCII tab and newline removed), so a target broken over lines is one
    // target, and "java\nscript:" is the javascript: link it is.
    const href = element.attribs.href.replace(/^[\u0000-\u0020]+|[\u0000-\u0020]+$/g, '').replace(/[\t\n\r]/g, '');
    element.attribs.href = href;
    if (isDangerousScheme(href)) {
      report.blockedLinks += 1;
      delete element.attribs.href;
    } else if (mayHaveTrackingParams(href)) {
      const cleaned = stripTrackingParams(href.trim());
      report.trackingParams += cleaned.trackingParamsRemoved;
      element.attribs.href = cleaned.url;
    }
  }
}

