import { colord, extend, type Colord } from 'colord';
import a11yPlugin from 'colord/plugins/a11y';
import mixPlugin from 'colord/plugins/mix';
import namesPlugin from 'colord/plugins/names';
import { selectAll } from 'css-select';
import { type ChildNode, type Document, type Element, Text, hasChildren, isCDATA, isComment, isTag, isText } from 'domhandler';
import { removeElement, textContent } from 'domutils';
import parseInlineStyle from 'inline-style-parser';
import postcss from 'postcss';
import { isDangerousScheme, isRemoteUrl, mayHaveTrackingParams, stripTrackingParams } from './links';

extend([a11yPlugin, mixPlugin, namesPlugin]);

/**
 * Removes from a parsed HTML document what a person reading the mail would not see, so the model does not
 * read it either. Visibility is worked out like a browser would for the properties that hide text: inline
 * styles and top-level <style> rules (matched with css-select), inherited colour, background, font size and
 * visibility, compounded opacity. What was removed is counted by reason and kept (capped) for the detector.
 */

export type HiddenReason =
  | 'displayNone'
  | 'visibilityHidden'
  | 'tinyFont'
  | 'transparent'
  | 'sameColourAsBackground'
  | 'hiddenAttribute'
  | 'zeroSize'
  | 'offScreen'
  | 'clipped'
  /** Outlook's mso-hide:all: hidden in the client many recipients read it in, a place to park text. */
  | 'msoHide';

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
}

const NON_CONTENT = new Set([
  'script', 'style', 'noscript', 'template', 'head', 'title', 'meta', 'link', 'base', 'object', 'embed', 'applet',
  'iframe', 'frame', 'frameset', 'svg', 'math', 'canvas', 'audio', 'video', 'source', 'track', 'select', 'button',
  'input', 'textarea', 'form', 'map', 'area', 'xml',
]);

// Only these properties can hide text; stylesheet rules without them are not matched at all (speed).
const RELEVANT = new Set([
  'display', 'visibility', 'font-size', 'font', 'opacity', 'color', 'background', 'background-color', 'background-image',
  'height', 'max-height', 'width', 'max-width', 'overflow', 'overflow-x', 'overflow-y', 'position', 'left', 'top',
  'right', 'text-indent', 'clip', 'clip-path', 'transform', 'line-height', 'mso-hide',
]);

const CONTRAST_INVISIBLE = 1.12; // #eee on white is 1.16 and still legible; #fafafa on white is 1.04
const MIN_FONT_PX = 3;
const MIN_OPACITY = 0.08;
const OFF_SCREEN_PX = -500;
const MAX_DEPTH = 128;

interface Inherited {
  color: Colord;
  background: Colord;
  /** False under a background image or an unparseable background: colour contrast cannot be judged. */
  backgroundKnown: boolean;
  fontPx: number;
  visibilityHidden: boolean;
  opacity: number;
}

type Declarations = Map<string, string>;

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
  };
  const sheet = stylesheetDeclarations(document);
  const removals: ChildNode[] = [];
  const hiddenParts: string[] = [];
  let hiddenLength = 0;
  // Newsletters repeat the same style attribute thousands of times; parse each distinct one once.
  const styleCache = new Map<string, Array<[string, string]>>();

  const hide = (node: ChildNode, reason: HiddenReason, isElement: boolean): void => {
    const text = (isText(node) ? node.data : textContent(node)).replace(/\s+/g, ' ').trim();
    if (isElement) report.hiddenElements += 1;
    report.hiddenByReason[reason] = (report.hiddenByReason[reason] ?? 0) + 1;
    report.hiddenChars += text.length;
    if (text && hiddenLength < maxHidden) {
      hiddenParts.push(text);
      hiddenLength += text.length + 1;
    }
    removals.push(node);
  };

  const walk = (parent: { children: ChildNode[] }, state: Inherited, depth: number): void => {
    for (const node of parent.children) {
      if (isText(node)) {
        if (!/\S/.test(node.data)) continue;
        const reason = textHiddenReason(state);
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
      const declarations = elementDeclarations(node, sheet, styleCache);
      const elementReason = elementHiddenReason(node, declarations);
      if (elementReason) {
        hide(node, elementReason, true);
        continue;
      }
      defangElement(node, name, report);
      const next = declarations.size === 0 && !hasColourAttributes(node) ? state : inherit(state, node, name, declarations);
      if (next.opacity < MIN_OPACITY) {
        hide(node, 'transparent', true);
        continue;
      }
      if (node.children.length === 0) continue;
      if (depth >= MAX_DEPTH) flatten(node);
      else walk(node, next, depth + 1);
    }
  };

  walk(document, {
    color: colord('#000'),
    background: colord('#fff'),
    backgroundKnown: true,
    fontPx: 16,
    visibilityHidden: false,
    opacity: 1,
  }, 0);
  for (const node of removals) removeElement(node);
  report.hiddenText = hiddenParts.join('\n').slice(0, maxHidden);
  return report;
}

/**
 * Mail nested deeper than any client renders is a parser-exhaustion trick: below MAX_DEPTH the subtree
 * becomes its plain text (collected without recursion), so no later recursive step can overflow the stack.
 */
function flatten(element: Element): void {
  const parts: string[] = [];
  const stack: ChildNode[] = [...element.children].reverse();
  while (stack.length > 0) {
    const node = stack.pop()!;
    if (isText(node)) parts.push(node.data);
    else if (isTag(node) && NON_CONTENT.has(node.name.toLowerCase())) continue;
    else if (hasChildren(node)) for (let i = node.children.length - 1; i >= 0; i--) stack.push(node.children[i]);
  }
  const text = new Text(parts.join(' '));
  text.parent = element;
  element.children = [text];
}

function textHiddenReason(state: Inherited): HiddenReason | undefined {
  if (state.visibilityHidden) return 'visibilityHidden';
  if (state.fontPx < MIN_FONT_PX) return 'tinyFont';
  if (state.color.alpha() * state.opacity < MIN_OPACITY) return 'transparent';
  if (state.backgroundKnown && state.background.alpha() > 0.9) {
    const shown = state.color.alpha() < 1 ? state.color.mix(state.background, 1 - state.color.alpha()) : state.color;
    if (shown.contrast(state.background) < CONTRAST_INVISIBLE) return 'sameColourAsBackground';
  }
  return undefined;
}

function elementHiddenReason(element: Element, d: Declarations): HiddenReason | undefined {
  if ('hidden' in element.attribs) return 'hiddenAttribute';
  if (d.size === 0) return undefined;
  const display = d.get('display');
  if (display && /^none\b/i.test(display)) return 'displayNone';
  if (/^all\b/i.test(d.get('mso-hide') ?? '')) return 'msoHide';
  const overflowHidden = /hidden|clip/i.test(`${d.get('overflow') ?? ''} ${d.get('overflow-x') ?? ''} ${d.get('overflow-y') ?? ''}`);
  if (overflowHidden) {
    for (const property of ['height', 'max-height', 'width', 'max-width']) {
      const value = d.get(property) ?? (property === 'height' || property === 'width' ? element.attribs[property] : undefined);
      if (value !== undefined && isZeroLength(value)) return 'zeroSize';
    }
  }
  const position = d.get('position');
  if (position && /absolute|fixed/i.test(position)) {
    for (const side of ['left', 'top', 'right']) {
      const px = lengthPx(d.get(side) ?? '', 16);
      if (px !== undefined && px <= OFF_SCREEN_PX) return 'offScreen';
    }
  }
  const indent = lengthPx(d.get('text-indent') ?? '', 16);
  if (indent !== undefined && indent <= OFF_SCREEN_PX) return 'offScreen';
  const transform = d.get('transform');
  if (transform && /scale\(\s*0(\.0*)?\s*[,)]|scale[xy]?\(\s*0(\.0*)?\s*\)/i.test(transform)) return 'zeroSize';
  const clip = d.get('clip');
  if (clip && /rect\(\s*0(px)?[\s,]+0(px)?[\s,]+0(px)?[\s,]+0(px)?\s*\)/i.test(clip)) return 'clipped';
  const clipPath = d.get('clip-path');
  if (clipPath && /inset\(\s*(50|100)%|circle\(\s*0/i.test(clipPath)) return 'clipped';
  return undefined;
}

function inherit(state: Inherited, element: Element, name: string, d: Declarations): Inherited {
  const next: Inherited = { ...state };
  const visibility = d.get('visibility');
  if (visibility) next.visibilityHidden = /hidden|collapse/i.test(visibility);
  const opacity = d.get('opacity');
  if (opacity !== undefined) {
    const value = /%$/.test(opacity.trim()) ? parseFloat(opacity) / 100 : parseFloat(opacity);
    if (Number.isFinite(value)) next.opacity = state.opacity * Math.min(1, Math.max(0, value));
  }
  const fontSize = d.get('font-size') ?? fontShorthandSize(d.get('font'));
  if (fontSize !== undefined) next.fontPx = fontPx(fontSize, state.fontPx);
  const colorValue = d.get('color') ?? (name === 'font' ? element.attribs.color : undefined);
  if (colorValue !== undefined) {
    const parsed = parseColour(colorValue);
    if (parsed) next.color = parsed;
  }
  const background = backgroundOf(element, d);
  if (background === 'unknown') next.backgroundKnown = false;
  else if (background && background.alpha() > 0) {
    next.background = background.alpha() < 1 ? background.mix(state.background, 1 - background.alpha()) : background;
    next.backgroundKnown = true;
  }
  return next;
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
    const colour = parseColour(shorthand.trim().split(/\s+(?![^(]*\))/)[0] ?? '');
    if (colour) return colour;
  }
  const colourValue = d.get('background-color') ?? element.attribs.bgcolor;
  if (colourValue !== undefined) return parseColour(colourValue) ?? 'unknown';
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

function fontPx(value: string, parentPx: number): number {
  const cleaned = value.replace(/!important/i, '').trim().toLowerCase();
  if (cleaned in FONT_KEYWORDS) return FONT_KEYWORDS[cleaned];
  if (cleaned === 'smaller') return parentPx / 1.2;
  if (cleaned === 'larger') return parentPx * 1.2;
  return lengthPx(cleaned, parentPx) ?? parentPx;
}

function fontShorthandSize(font: string | undefined): string | undefined {
  if (!font) return undefined;
  const match = /(?:^|\s)((?:\d*\.)?\d+(?:px|pt|em|rem|%)?|xx-small|x-small|small|medium|large|x-large|xx-large)(?:\/\S+)?\s+\S/i.exec(font);
  return match?.[1];
}

/** Absolute and font-relative CSS lengths in px; undefined for what cannot be known statically (calc, vw). */
function lengthPx(value: string, emPx: number): number | undefined {
  const match = /^\s*(-?(?:\d*\.)?\d+)\s*(px|pt|pc|em|rem|ex|ch|%|in|cm|mm|q)?\s*(?:!important)?\s*$/i.exec(value);
  if (!match) return undefined;
  const n = parseFloat(match[1]);
  switch ((match[2] ?? 'px').toLowerCase()) {
    case 'px': return n;
    case 'pt': return (n * 4) / 3;
    case 'pc': return n * 16;
    case 'em': case 'ex': case 'ch': return n * emPx;
    case 'rem': return n * 16;
    case '%': return (n / 100) * emPx;
    case 'in': return n * 96;
    case 'cm': return (n * 96) / 2.54;
    case 'mm': return (n * 96) / 25.4;
    case 'q': return (n * 96) / 101.6;
    default: return undefined;
  }
}

function isZeroLength(value: string): boolean {
  const px = lengthPx(value, 16);
  return px !== undefined && px <= 0.5;
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

const NO_DECLARATIONS: Declarations = new Map();

function elementDeclarations(element: Element, sheet: Map<Element, Declarations>, cache: Map<string, Array<[string, string]>>): Declarations {
  const fromSheet = sheet.get(element);
  const inline = element.attribs.style;
  if (!inline || !inline.trim()) return fromSheet ?? NO_DECLARATIONS;
  let parsed = cache.get(inline);
  if (parsed === undefined) {
    parsed = parseDeclarations(inline).filter(([property]) => RELEVANT.has(property));
    cache.set(inline, parsed);
  }
  if (parsed.length === 0) return fromSheet ?? NO_DECLARATIONS;
  const declarations: Declarations = new Map(fromSheet);
  for (const [property, value] of parsed) declarations.set(property, value);
  return declarations;
}

/** Like a browser, a malformed declaration is skipped and the rest still apply. */
function parseDeclarations(style: string): Array<[string, string]> {
  const toPairs = (source: string): Array<[string, string]> =>
    parseInlineStyle(source).flatMap((node) =>
      node.type === 'declaration' ? [[node.property.toLowerCase(), node.value] as [string, string]] : [],
    );
  try {
    return toPairs(style);
  } catch {
    return style.split(';').flatMap((piece) => {
      try {
        return toPairs(piece);
      } catch {
        return [];
      }
    });
  }
}

/**
 * Top-level rules of the message's <style> elements, applied in source order. Rules inside @media are left
 * out: responsive mail hides one of two layouts there, and guessing the wrong one would hide real content.
 */
function stylesheetDeclarations(document: Document): Map<Element, Declarations> {
  const result = new Map<Element, Declarations>();
  const styles = selectAll<ChildNode | Document, Element>('style', document);
  for (const style of styles) {
    let root: postcss.Root;
    try {
      root = postcss.parse(textContent(style));
    } catch {
      continue;
    }
    for (const node of root.nodes) {
      if (node.type !== 'rule') continue;
      const declarations: Array<[string, string]> = [];
      node.walkDecls((decl) => {
        const property = decl.prop.toLowerCase();
        if (RELEVANT.has(property)) declarations.push([property, decl.value]);
      });
      if (declarations.length === 0) continue;
      let elements: Element[];
      try {
        elements = selectAll<ChildNode | Document, Element>(node.selector, document);
      } catch {
        continue; // pseudo-classes such as :hover and unknown syntax: not a static state
      }
      for (const element of elements) {
        const map = result.get(element) ?? new Map<string, string>();
        for (const [property, value] of declarations) map.set(property, value);
        result.set(element, map);
      }
    }
  }
  return result;
}
