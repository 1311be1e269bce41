import type { ChildNode, Document, Element } from 'domhandler';
import { findAll } from 'domutils';
import type { HiddenRunReason } from './extractedText';
import { MIN_TEXT_SIZE, standsOut } from './textVisibility';

/**
 * Whether Word shows a run, from its properties as Word resolves them: the document defaults (w:docDefaults), the
 * paragraph's style and the styles it is based on (or the default paragraph style), the run's character style and
 * its bases, then the run's own formatting, each level overriding the one before. A run is hidden when the result
 * has w:vanish or w:specVanish, a size under MIN_TEXT_SIZE (w:sz is in half-points, w:w scales the width), letters
 * condensed onto one another (w:spacing), a baseline moved off the page (w:position), or a
 * colour that does not stand out from what is under it: the run's shading or highlight, else the paragraph's
 * shading, else the table cell's, else the page colour (w:background), else white. Runs in a table row marked
 * w:trPr/w:hidden are hidden too. A colour that cannot be read withholds the run (fail closed).
 */

interface RunProps {
  vanish?: boolean;
  /** "auto" or a hex colour. */
  color?: string;
  /** Half-points. */
  size?: number;
  /** Width scale in percent (w:w). */
  scale?: number;
  /** Space added between characters, in twentieths of a point (w:spacing; negative condenses). */
  spacing?: number;
  /** Raised (+) or lowered (-) from the baseline, in half-points (w:position). */
  position?: number;
  /** A background under the run's own text: shading or highlight, as a CSS colour. */
  background?: string;
}

interface Style {
  readonly type: string;
  readonly basedOn?: string;
  readonly run: RunProps;
  /** The paragraph shading a paragraph style gives. */
  readonly paragraphBackground?: string;
}

export interface DocxStyles {
  readonly defaults: RunProps;
  readonly styles: ReadonlyMap<string, Style>;
  /** The style of paragraphs without w:pStyle. */
  readonly defaultParagraphStyle?: string;
  readonly defaultCharacterStyle?: string;
  /** The colours w:themeColor and w:themeFill name. */
  readonly theme: DocxTheme;
}

/** Taller than any Word page (22 inches, Word's largest). */
const MAX_PAGE_POINTS = 1584;

const HIGHLIGHTS: Record<string, string> = {
  black: '#000000', blue: '#0000ff', cyan: '#00ffff', green: '#00ff00', magenta: '#ff00ff', red: '#ff0000', yellow: '#ffff00',
  white: '#ffffff', darkBlue: '#000080', darkCyan: '#008080', darkGreen: '#008000', darkMagenta: '#800080', darkRed: '#800000',
  darkYellow: '#808000', darkGray: '#808080', lightGray: '#c0c0c0',
};

const child = (element: Element | undefined, name: string): Element | undefined =>
  element?.children.find((c): c is Element => (c as Element).name === name);

/** A toggle (w:vanish, w:specVanish) is on unless its w:val says off. */
function toggle(element: Element | undefined): boolean | undefined {
  if (!element) return undefined;
  const val = element.attribs['w:val'];
  return val === undefined || !/^(0|false|off)$/i.test(val);
}

/**
 * The document theme's colours by the names w:themeColor and w:themeFill use (ECMA-376 Part 1, 17.18.97
 * ST_ThemeColor, mapped to the theme's a:clrScheme). Word paints a theme colour in place of w:val/w:fill when both
 * are given, so "w:val=000000 w:themeColor=background1" is white. Without a theme part, Office's default theme.
 */
export type DocxTheme = ReadonlyMap<string, string>;

const OFFICE_THEME: DocxTheme = new Map(Object.entries({
  dk1: '000000', lt1: 'FFFFFF', dk2: '44546A', lt2: 'E7E6E6', accent1: '4472C4', accent2: 'ED7D31', accent3: 'A5A5A5',
  accent4: 'FFC000', accent5: '5B9BD5', accent6: '70AD47', hlink: '0563C1', folHlink: '954F72',
}));
const THEME_SLOTS: Record<string, string> = {
  dark1: 'dk1', text1: 'dk1', light1: 'lt1', background1: 'lt1', dark2: 'dk2', text2: 'dk2', light2: 'lt2', background2: 'lt2',
  accent1: 'accent1', accent2: 'accent2', accent3: 'accent3', accent4: 'accent4', accent5: 'accent5', accent6: 'accent6',
  hyperlink: 'hlink', followedHyperlink: 'folHlink',
};

/** Reads word/theme/theme1.xml (parsed): each slot's colour (srgbClr, or a sysClr's lastClr). */
export function docxThemeOf(theme: Document | undefined): DocxTheme {
  const out = new Map(OFFICE_THEME);
  const scheme = theme ? findAll((e) => e.name === 'a:clrScheme', theme.children)[0] : undefined;
  for (const slot of scheme?.children ?? []) {
    const name = (slot as Element).name?.replace(/^a:/, '');
    const colour = (slot as Element).children?.find((c): c is Element => (c as Element).name === 'a:srgbClr' || (c as Element).name === 'a:sysClr');
    const value = colour?.name === 'a:srgbClr' ? colour.attribs.val : colour?.attribs.lastClr;
    if (name && value && /^[0-9a-f]{6}$/i.test(value)) out.set(name, value);
  }
  return out;
}

/** A theme colour with w:themeTint (towards white) or w:themeShade (towards black) applied, as hex; undefined if unknown. */
function themeColour(theme: DocxTheme, name: string | undefined, tint: string | undefined, shade: string | undefined): string | undefined {
  const slot = name ? THEME_SLOTS[name] : undefined;
  const base = slot ? theme.get(slot) : undefined;
  if (!base) return undefined;
  const t = tint && /^[0-9a-f]{2}$/i.test(tint) ? parseInt(tint, 16) / 255 : 1;
  const sh = shade && /^[0-9a-f]{2}$/i.test(shade) ? parseInt(shade, 16) / 255 : 1;
  const channel = (i: number) => {
    const c = parseInt(base.slice(i, i + 2), 16);
    return Math.round(Math.min(255, Math.max(0, (c * t + 255 * (1 - t)) * sh))).toString(16).padStart(2, '0');
  };
  return `${channel(0)}${channel(2)}${channel(4)}`;
}

/** The background a w:shd paints: its fill (a theme fill first), or for a solid pattern its pattern colour; undefined for none. */
function shading(shd: Element | undefined, theme: DocxTheme): string | undefined {
  if (!shd) return undefined;
  const pattern = shd.attribs['w:val'];
  if (pattern === 'nil') return undefined;
  if (pattern === 'solid') return hexColour(themeColour(theme, shd.attribs['w:themeColor'], shd.attribs['w:themeTint'], shd.attribs['w:themeShade']) ?? shd.attribs['w:color'] ?? 'auto', '#000000');
  const fill = themeColour(theme, shd.attribs['w:themeFill'], shd.attribs['w:themeFillTint'], shd.attribs['w:themeFillShade']) ?? shd.attribs['w:fill'];
  return fill && fill !== 'auto' ? hexColour(fill, '#ffffff') : undefined;
}

function hexColour(value: string, auto: string): string {
  if (value === 'auto') return auto;
  return /^[0-9a-f]{6}$/i.test(value) ? `#${value}` : value;
}

/** The run properties one w:rPr sets (only what it sets). */
function runPropsOf(rPr: Element | undefined, theme: DocxTheme): RunProps {
  if (!rPr) return {};
  const out: RunProps = {};
  const vanish = toggle(child(rPr, 'w:vanish'));
  const specVanish = toggle(child(rPr, 'w:specVanish'));
  if (vanish !== undefined || specVanish !== undefined) out.vanish = !!vanish || !!specVanish;
  const colorElement = child(rPr, 'w:color');
  const color = colorElement ? themeColour(theme, colorElement.attribs['w:themeColor'], colorElement.attribs['w:themeTint'], colorElement.attribs['w:themeShade']) ?? colorElement.attribs['w:val'] : undefined;
  if (color) out.color = color;
  const size = Number(child(rPr, 'w:sz')?.attribs['w:val']);
  if (Number.isFinite(size) && child(rPr, 'w:sz')) out.size = size;
  const scale = Number(child(rPr, 'w:w')?.attribs['w:val']);
  if (Number.isFinite(scale) && child(rPr, 'w:w')) out.scale = scale;
  const spacing = Number(child(rPr, 'w:spacing')?.attribs['w:val']);
  if (child(rPr, 'w:spacing') && Number.isFinite(spacing)) out.spacing = spacing;
  const position = Number(child(rPr, 'w:position')?.attribs['w:val']);
  if (child(rPr, 'w:position') && Number.isFinite(position)) out.position = position;
  const highlight = child(rPr, 'w:highlight')?.attribs['w:val'];
  const shd = shading(child(rPr, 'w:shd'), theme);
  if (shd) out.background = shd;
  else if (highlight && highlight !== 'none') out.background = HIGHLIGHTS[highlight] ?? highlight;
  return out;
}

/** Reads word/styles.xml (parsed): the defaults and every style with what it sets, theme colours resolved with `theme`. */
export function docxStylesOf(styles: Document | undefined, theme: DocxTheme = OFFICE_THEME): DocxStyles {
  const map = new Map<string, Style>();
  let defaultParagraphStyle: string | undefined;
  let defaultCharacterStyle: string | undefined;
  if (!styles) return { defaults: {}, styles: map, theme };
  const docDefaults = findAll((e) => e.name === 'w:docDefaults', styles.children)[0];
  const defaults = runPropsOf(child(child(docDefaults, 'w:rPrDefault'), 'w:rPr'), theme);
  for (const style of findAll((e) => e.name === 'w:style', styles.children)) {
    const id = style.attribs['w:styleId'];
    if (!id) continue;
    const type = style.attribs['w:type'] ?? 'paragraph';
    const paragraphBackground = shading(child(child(style, 'w:pPr'), 'w:shd'), theme);
    map.set(id, { type, basedOn: child(style, 'w:basedOn')?.attribs['w:val'], run: runPropsOf(child(style, 'w:rPr'), theme), ...(paragraphBackground ? { paragraphBackground } : {}) });
    if (/^(1|true|on)$/i.test(style.attribs['w:default'] ?? '')) {
      if (type === 'paragraph') defaultParagraphStyle = id;
      if (type === 'character') defaultCharacterStyle = id;
    }
  }
  return { defaults, styles: map, defaultParagraphStyle, defaultCharacterStyle, theme };
}

/** A style and its bases, base first (a loop in basedOn ends the chain). */
function chain(styles: DocxStyles, id: string | undefined): Style[] {
  const out: Style[] = [];
  const seen = new Set<string>();
  for (let at = id; at && !seen.has(at); at = styles.styles.get(at)?.basedOn) {
    seen.add(at);
    const style = styles.styles.get(at);
    if (style) out.unshift(style);
  }
  return out;
}

function ancestor(node: ChildNode, name: string): Element | undefined {
  for (let at = node.parent; at; at = at.parent) if ((at as Element).name === name) return at as Element;
  return undefined;
}

/** EMUs in a point (DrawingML positions). */
const EMU_PER_POINT = 12_700;

/**
 * A run in a text box or shape (DrawingML w:drawing, VML v:shape): hidden when the drawing is marked hidden
 * (wp:docPr hidden, a VML style with display:none or visibility:hidden) or anchored more than a page away.
 */
function drawingHiddenReason(run: Element): HiddenRunReason | undefined {
  for (let at = run.parent as Element | null; at; at = at.parent as Element | null) {
    if (at.name === 'wp:anchor' || at.name === 'wp:inline') {
      const hidden = child(at, 'wp:docPr')?.attribs.hidden;
      if (hidden && /^(1|true|on)$/i.test(hidden)) return 'hiddenAttribute';
      for (const axis of ['wp:positionH', 'wp:positionV']) {
        const offset = Number(textOf(child(child(at, axis), 'wp:posOffset')));
        if (Number.isFinite(offset) && Math.abs(offset) / EMU_PER_POINT > MAX_PAGE_POINTS) return 'offScreen';
      }
    }
    const style = at.name?.startsWith('v:') ? at.attribs?.style : undefined;
    if (style && /(?:^|;)\s*(?:display\s*:\s*none|visibility\s*:\s*hidden)/i.test(style)) return 'hiddenAttribute';
  }
  return undefined;
}

/** Far enough left of the page that no margin brings it back (points). */
const BEYOND_MARGIN_POINTS = 144;

/** A text frame (w:framePr, twips) placed wholly left of the page or past its largest size shows nothing. */
function frameHiddenReason(frame: Element | undefined): HiddenRunReason | undefined {
  if (!frame) return undefined;
  const at = (axis: 'x' | 'y') => Number(frame.attribs[`w:${axis}`] ?? 0) / 20;
  const size = (axis: 'w' | 'h') => Math.max(0, Number(frame.attribs[`w:${axis}`] ?? 0) / 20);
  const [x, y, w, h] = [at('x'), at('y'), size('w'), size('h')];
  if (![x, y, w, h].every(Number.isFinite)) return 'unevaluatedStyle';
  if (x + w <= -BEYOND_MARGIN_POINTS || y + h <= -BEYOND_MARGIN_POINTS || x >= MAX_PAGE_POINTS || y >= MAX_PAGE_POINTS) return 'offScreen';
  return undefined;
}

function textOf(element: Element | undefined): string {
  return element ? element.children.map((c) => ('data' in c ? String(c.data) : '')).join('') : '';
}

/** Why Word would not show this w:r, or undefined when it shows it. `pageColour`: w:background's colour, if any. */
export function docxRunHiddenReason(run: Element, styles: DocxStyles, pageColour?: string): HiddenRunReason | undefined {
  const drawing = drawingHiddenReason(run);
  if (drawing) return drawing;
  const row = ancestor(run, 'w:tr');
  if (row && toggle(child(child(row, 'w:trPr'), 'w:hidden'))) return 'hiddenAttribute';
  const paragraph = ancestor(run, 'w:p');
  const pPr = paragraph ? child(paragraph, 'w:pPr') : undefined;
  const frame = frameHiddenReason(child(pPr, 'w:framePr'));
  if (frame) return frame;
  const paragraphStyle = chain(styles, child(pPr, 'w:pStyle')?.attribs['w:val'] ?? styles.defaultParagraphStyle);
  const rPr = child(run, 'w:rPr');
  const characterStyle = chain(styles, child(rPr, 'w:rStyle')?.attribs['w:val'] ?? styles.defaultCharacterStyle);
  const props: RunProps = Object.assign({}, styles.defaults, ...paragraphStyle.map((s) => s.run), ...characterStyle.map((s) => s.run), runPropsOf(rPr, styles.theme));
  if (props.vanish) return 'hiddenAttribute';
  const points = (props.size ?? 20) / 2;
  if (points <= 0 || (props.scale ?? 100) <= 0) return 'zeroSize';
  if (Math.min(points, (points * (props.scale ?? 100)) / 100) < MIN_TEXT_SIZE) return 'tinyFont';
  // Condensed until the letters stand on one another: nothing legible is left.
  if ((props.spacing ?? 0) / 20 <= -0.8 * points * ((props.scale ?? 100) / 100)) return 'zeroSize';
  // Raised or lowered by more than a page is off the page.
  if (Math.abs(props.position ?? 0) / 2 > MAX_PAGE_POINTS) return 'offScreen';
  // A row of an exact height (w:hRule="exact", twips) cuts what does not fit: under half a line shows nothing legible.
  const height = child(child(row, 'w:trPr'), 'w:trHeight');
  if (height?.attribs['w:hRule'] === 'exact' && Number(height.attribs['w:val']) / 20 < 0.5 * points) return 'clipped';
  const cell = ancestor(run, 'w:tc');
  const paragraphBackground = shading(child(pPr, 'w:shd'), styles.theme) ?? [...paragraphStyle].reverse().find((s) => s.paragraphBackground)?.paragraphBackground;
  const background = props.background ?? paragraphBackground ?? shading(child(child(cell, 'w:tcPr'), 'w:shd'), styles.theme) ?? pageColour ?? '#ffffff';
  // "auto" is Word's automatic colour: black, or white on a dark background; it always stands out.
  if (!props.color || props.color === 'auto') return undefined;
  const shows = standsOut(hexColour(props.color, '#000000'), background);
  if (shows === undefined) return 'unevaluatedStyle';
  return shows ? undefined : 'sameColourAsBackground';
}

/** The page colour of word/document.xml (w:document/w:background), when set. */
export function docxPageColour(document: Document): string | undefined {
  const background = findAll((e) => e.name === 'w:background', document.children)[0];
  const color = background?.attribs['w:color'];
  return color && color !== 'auto' ? hexColour(color, '#ffffff') : undefined;
}
