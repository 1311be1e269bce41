import { colord, extend, type Colord } from 'colord';
import a11yPlugin from 'colord/plugins/a11y';
import mixPlugin from 'colord/plugins/mix';
import namesPlugin from 'colord/plugins/names';
import { type ChildNode, type Document, type Element, isCDATA, isComment, isTag, isText } from 'domhandler';
import { removeElement, textContent } from 'domutils';
import valueParser from 'postcss-value-parser';
import { Cascade, type CustomProperties, type Declarations } from './cssCascade';
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

/** A colour we could not evaluate (color-mix(), relative colours, garbage): fails closed where it decides visibility. */
type Colour = Colord | 'unknown';

interface Inherited {
  color: Colour;
  /** -webkit-text-fill-color; undefined means currentcolor (the initial value). */
  fill: Colour | undefined;
  background: Colord;
  /** False under a background image or an unparseable background: colour contrast cannot be judged. */
  backgroundKnown: boolean;
  fontPx: number;
  visibilityHidden: boolean;
  opacity: number;
  /** zoom, scale and transform scale, compounded. */
  scale: number;
  customs: CustomProperties;
}

export interface HiddenContentOptions {
  maxHiddenTextChars?: number;
}

export function removeHiddenContent(document: Document, options: HiddenContentOptions = {}): HiddenContentReport {
  const maxHidden = options.maxHiddenTextChars ?? 8000;
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

  const walk = (parent: { children: ChildNode[] }, state: Inherited, depth: number): void => {
    for (const node of parent.children) {
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
      if (depth >= MAX_DEPTH) {
        hide(node, 'nestedTooDeep', true);
        continue;
      }
      const { declarations, customs } = cascade.compute(node, state.customs);
      const elementReason = elementHiddenReason(node, declarations, state);
      if (elementReason) {
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
      if (node.children.length > 0) walk(node, next, depth + 1);
    }
  };

  walk(document, {
    color: colord('#000'),
    fill: undefined,
    background: colord('#fff'),
    backgroundKnown: true,
    fontPx: 16,
    visibilityHidden: false,
    opacity: 1,
    scale: 1,
    customs: new Map(),
  }, 0);
  for (const node of removals) removeElement(node);
  report.hiddenText = report.hiddenPassages.map((p) => p.text).join('\n').slice(0, maxHidden);
  return report;
}

function textHiddenReason(state: Inherited): HiddenReason | undefined {
  if (state.visibilityHidden) return 'visibilityHidden';
  if (state.fontPx * state.scale < MIN_FONT_PX) return 'tinyFont';
  const shownColour = state.fill ?? state.color;
  if (shownColour === 'unknown') return 'unevaluatedStyle';
  if (shownColour.alpha() * state.opacity < MIN_OPACITY) return 'transparent';
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

function clipPathReason(value: string | undefined): HiddenReason | undefined {
  if (value === undefined) return undefined;
  const v = value.trim().toLowerCase();
  if (/^(?:none|initial|unset|inherit|revert|margin-box|border-box|padding-box|content-box|fill-box|stroke-box|view-box)$/.test(v)) return undefined;
  const fn = valueParser(v).nodes.find((n) => n.type === 'function');
  if (!fn || fn.type !== 'function') return 'clipped';
  const words = fn.nodes.filter((n) => n.type === 'word').map((n) => n.value);
  const percent = (w: string) => (/^-?(?:\d*\.)?\d+%$/.test(w) ? parseFloat(w) : /^0(?:px)?$/.test(w) ? 0 : undefined);
  if (fn.value === 'inset') {
    const round = words.indexOf('round');
    const given = (round >= 0 ? words.slice(0, round) : words).map(percent);
    if (given.length === 0 || given.some((p) => p === undefined)) return 'clipped'; // px insets: the box size is unknown
    const [t, r = t, b = t, l = r] = given as number[];
    return t + b >= 99 || l + r >= 99 ? 'clipped' : undefined;
  }
  if (fn.value === 'circle' || fn.value === 'ellipse') {
    const at = words.indexOf('at');
    const radii = (at >= 0 ? words.slice(0, at) : words).filter((w) => !/^(?:closest-side|farthest-side)$/.test(w));
    if (radii.length === 0 && words.some((w) => /side$/.test(w))) return undefined;
    if (radii.length === 0) return undefined;
    return radii.some((w) => (percent(w) ?? -1) <= 1) ? 'clipped' : undefined;
  }
  if (fn.value === 'polygon') {
    const points = splitPolygon(fn.nodes).map((pair) => pair.map(percent));
    if (points.length < 3 || points.some((p) => p.length !== 2 || p.some((x) => x === undefined))) return 'clipped';
    let area = 0;
    for (let i = 0; i < points.length; i++) {
      const [x1, y1] = points[i] as number[];
      const [x2, y2] = points[(i + 1) % points.length] as number[];
      area += x1 * y2 - x2 * y1;
    }
    return Math.abs(area) / 2 < 100 ? 'clipped' : undefined; // under 1 % of the box
  }
  return 'clipped'; // url(), path() and the rest: not evaluated here
}

function splitPolygon(nodes: valueParser.Node[]): string[][] {
  const points: string[][] = [[]];
  for (const n of nodes) {
    if (n.type === 'div' && n.value === ',') points.push([]);
    else if (n.type === 'word' && !/^(?:nonzero|evenodd)$/.test(n.value)) points[points.length - 1].push(n.value);
  }
  return points.filter((p) => p.length > 0);
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
    next.fill = /^\s*currentcolor\s*$/i.test(fill) || /^\s*initial\s*$/i.test(fill) ? undefined : colourValue(fill, state.fill ?? state.color, state.color);
  }
  const background = backgroundOf(element, d);
  if (background === 'unknown') next.backgroundKnown = false;
  else if (background && background.alpha() > 0) {
    next.background = background.alpha() < 1 ? background.mix(state.background, 1 - background.alpha()) : background;
    next.backgroundKnown = true;
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

function defangElement(element: Element, name: string, report: HiddenContentReport): void {
  if (name === 'img' || name === 'image') {
    const src = element.attribs.src ?? '';
    if (isRemoteUrl(src)) report.remoteImages += 1;
    // The model never sees image addresses: they are tracking beacons or exfiltration targets, not content.
    delete element.attribs.src;
    delete element.attribs.srcset;
  }
  if (name === 'a' && element.attribs.href !== undefined) {
    const href = element.attribs.href;
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

