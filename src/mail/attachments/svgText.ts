import type { ChildNode, Element } from 'domhandler';
import { isTag, isText } from 'domhandler';
import { getOuterHTML } from 'domutils';
import { parseDocument } from 'htmlparser2';
import { sanitizeHtml } from '../visibility/sanitize';
import parseInlineStyle from 'inline-style-parser';
import postcss from 'postcss';
import { CappedText, HiddenRuns, type ExtractedText, type ExtractionLimits, type HiddenRunReason } from './extractedText';
import { MIN_ALPHA, MIN_TEXT_SIZE, standsOut } from './textVisibility';

/**
 * The text of an SVG a person sees when it is shown (<text>, <tspan>, <textPath>), after a visibility check of each
 * text node: display and visibility, compounded opacity, fill and stroke (none, transparent, their opacity, their
 * colour against the white canvas), the font size after every transform, and where the text stands against the
 * viewBox. Style comes from presentation attributes, <style> rules with simple selectors (type, class, id) and
 * style attributes, later over earlier. Fail closed: text under a clip-path, mask or filter, a gradient or pattern
 * fill, a <style> rule or a value this check cannot evaluate, in <defs> or <symbol> (shown only where <use> places
 * it), in a <switch> branch after the first or with language or extension conditions, is withheld, as is <title>
 * and <desc> text (a tooltip and a description, not the picture). The HTML of a <foreignObject> (diagram tools
 * put their labels there) goes through the mail body's HTML pipeline.
 */

type Matrix = readonly [number, number, number, number, number, number];
const IDENTITY: Matrix = [1, 0, 0, 1, 0, 0];

interface Inherited {
  visibility: string;
  fill: string;
  stroke: string;
  color: string;
  fillOpacity: number;
  strokeOpacity: number;
  /** Product of every ancestor's opacity. */
  opacity: number;
  fontSize: number;
  ctm: Matrix;
  /** Set when something above this node hides it, or could and was not evaluated. */
  hidden?: HiddenRunReason;
}

const TEXT_ELEMENTS = new Set(['text', 'tspan', 'textpath', 'a']);
const NOT_RENDERED = new Set(['defs', 'symbol', 'clippath', 'mask', 'pattern', 'marker', 'lineargradient', 'radialgradient', 'filter']);
const DESCRIPTIVE = new Set(['title', 'desc', 'metadata']);
const NON_CONTENT = new Set(['style', 'script']);
const VISIBILITY_PROPERTIES = new Set([
  'display', 'visibility', 'opacity', 'fill', 'fill-opacity', 'stroke', 'stroke-opacity', 'color', 'font-size', 'font', 'transform',
  'clip-path', 'clip', 'mask', 'filter', 'x', 'y', 'dx', 'dy', 'content-visibility', 'text-indent', 'letter-spacing', 'overflow',
]);

interface StyleRule {
  readonly matches: (element: Element) => boolean;
  readonly declarations: ReadonlyArray<readonly [string, string]>;
}

export function svgText(source: string, limits: ExtractionLimits): ExtractedText {
  const document = parseDocument(source, { xmlMode: true, decodeEntities: true });
  const root = document.children.find((n): n is Element => isTag(n) && localName(n) === 'svg');
  const visible = new CappedText(limits.maxChars);
  const hidden = new HiddenRuns(limits.maxChars);
  if (!root) return { visibleText: '', ...hidden.result(), truncated: false };
  const { rules, unevaluated: styleUnevaluated } = styleRules(root);
  const viewBox = viewBoxOf(root);
  const start: Inherited = { visibility: 'visible', fill: 'black', stroke: 'none', color: 'black', fillOpacity: 1, strokeOpacity: 1, opacity: 1, fontSize: 16, ctm: IDENTITY };

  const walk = (nodes: readonly ChildNode[], parent: Inherited, inText: boolean): void => {
    for (const node of nodes) {
      if (isText(node)) {
        const text = node.data;
        if (!text.trim()) continue;
        // Text outside <text> (a title, a description, stray characters) is not drawn: kept for the detector only.
        const reason = parent.hidden ?? (inText ? textHiddenReason(parent) : 'hiddenAttribute');
        if (reason) hidden.push(reason, `${text.trim()} `);
        else {
          hidden.close();
          visible.push(text);
        }
        continue;
      }
      if (!isTag(node)) continue;
      const name = localName(node);
      if (NON_CONTENT.has(name)) continue;
      const state = inherit(node, name, parent, rules, styleUnevaluated, viewBox);
      if (name === 'switch') {
        // Only one branch of a <switch> is drawn, chosen by the viewer's features and language.
        node.children.filter(isTag).forEach((branch, i) => walk([branch], i === 0 ? state : { ...state, hidden: state.hidden ?? 'unevaluatedStyle' }, inText));
        continue;
      }
      if (name === 'foreignobject') {
        // What the SVG around it does to the HTML: hidden, transparent or shrunk out of reading, all of it is.
        const blocked =
          state.hidden ??
          (state.visibility === 'hidden' || state.visibility === 'collapse' ? 'hiddenAttribute' : state.opacity <= MIN_ALPHA ? 'transparent' : 16 * scaleOf(state.ctm) < MIN_TEXT_SIZE ? 'tinyFont' : undefined);
        if (blocked) {
          walk(node.children, { ...state, hidden: blocked }, true);
          continue;
        }
        const html = sanitizeHtml(node.children.map((c) => getOuterHTML(c, { xmlMode: false })).join(''), { maxInputChars: limits.maxChars * 4 });
        for (const passage of html.hiddenPassages) hidden.push(passage.reason, `${passage.text} `);
        if (html.text.trim()) {
          hidden.close();
          visible.push(`${html.text}\n`);
        }
        continue;
      }
      const entersText = name === 'text';
      walk(node.children, state, inText || entersText);
      if (entersText) visible.push('\n');
    }
  };
  walk(root.children, inherit(root, 'svg', start, rules, styleUnevaluated, viewBox), false);
  return { visibleText: visible.toString().replace(/[ \t]+/g, ' ').replace(/ ?\n ?/g, '\n').replace(/\n{2,}/g, '\n').trim(), ...hidden.result(), truncated: visible.truncated || hidden.truncated };
}

function localName(element: Element): string {
  return element.name.replace(/^.*:/, '').toLowerCase();
}

/** The declarations that apply to an element: presentation attributes, then matching <style> rules, then style="". */
function declarationsOf(element: Element, rules: readonly StyleRule[]): Map<string, string> {
  const out = new Map<string, string>();
  for (const [name, value] of Object.entries(element.attribs)) if (VISIBILITY_PROPERTIES.has(name.toLowerCase())) out.set(name.toLowerCase(), value);
  for (const rule of rules) if (rule.matches(element)) for (const [p, v] of rule.declarations) out.set(p, v);
  const style = element.attribs.style;
  if (style) {
    try {
      for (const d of parseInlineStyle(style)) if (d.type === 'declaration' && d.property) out.set(d.property.toLowerCase(), d.value ?? '');
    } catch {
      out.set('unparsed', style);
    }
  }
  return out;
}

function inherit(element: Element, name: string, parent: Inherited, rules: readonly StyleRule[], styleUnevaluated: boolean, viewBox: ViewBox | undefined): Inherited {
  const d = declarationsOf(element, rules);
  const state: Inherited = { ...parent };
  const hide = (reason: HiddenRunReason) => {
    state.hidden ??= reason;
  };
  if (NOT_RENDERED.has(name)) hide('hiddenAttribute');
  if (DESCRIPTIVE.has(name)) hide('hiddenAttribute');
  if (styleUnevaluated && TEXT_ELEMENTS.has(name)) hide('unevaluatedStyle');
  // requiredFeatures is always met in SVG 2 browsers; a language or an extension depends on the viewer.
  if (['systemlanguage', 'requiredextensions'].some((a) => a in element.attribs)) hide('unevaluatedStyle');
  if (d.has('unparsed')) hide('unevaluatedStyle');
  const value = (p: string) => d.get(p)?.replace(/!important/i, '').trim().toLowerCase();
  if (value('display') === 'none') hide('hiddenAttribute');
  const visibility = value('visibility');
  if (visibility && visibility !== 'inherit') state.visibility = visibility;
  if (value('content-visibility') === 'hidden') hide('hiddenAttribute');
  for (const p of ['clip-path', 'mask', 'filter', 'clip']) {
    const v = value(p);
    if (v && v !== 'none' && v !== 'auto' && v !== 'inherit') hide('unevaluatedStyle');
  }
  if (value('font')) hide('unevaluatedStyle');
  const opacity = value('opacity');
  if (opacity !== undefined) state.opacity *= alphaOf(opacity) ?? 0;
  if (opacity !== undefined && alphaOf(opacity) === undefined) hide('unevaluatedStyle');
  for (const [p, key] of [['fill-opacity', 'fillOpacity'], ['stroke-opacity', 'strokeOpacity']] as const) {
    const v = value(p);
    if (v === undefined || v === 'inherit') continue;
    const a = alphaOf(v);
    if (a === undefined) hide('unevaluatedStyle');
    else state[key] = a;
  }
  for (const p of ['fill', 'stroke', 'color'] as const) {
    const v = value(p);
    if (v !== undefined && v !== 'inherit') state[p] = v;
  }
  const transform = value('transform');
  if (transform) {
    const m = parseTransform(transform);
    if (!m) hide('unevaluatedStyle');
    else state.ctm = multiply(m, parent.ctm);
  }
  const fontSize = value('font-size');
  if (fontSize) {
    const size = fontSizeOf(fontSize, parent.fontSize);
    if (size === undefined) hide('unevaluatedStyle');
    else state.fontSize = size;
  }
  // Where a <text> (or a positioned <tspan>) starts, against the picture's viewBox.
  if (viewBox && (name === 'text' || name === 'tspan') && (d.has('x') || d.has('y'))) {
    const x = firstNumber(d.get('x') ?? '0');
    const y = firstNumber(d.get('y') ?? '0');
    if (x === undefined || y === undefined) hide('unevaluatedStyle');
    else {
      const [px, py] = apply(state.ctm, x, y);
      const margin = state.fontSize * scaleOf(state.ctm);
      if (px < viewBox.x - margin || px > viewBox.x + viewBox.width + margin || py < viewBox.y || py > viewBox.y + viewBox.height + margin) hide('offScreen');
    }
  }
  return state;
}

function textHiddenReason(state: Inherited): HiddenRunReason | undefined {
  if (state.visibility === 'hidden' || state.visibility === 'collapse') return 'hiddenAttribute';
  if (state.opacity <= MIN_ALPHA) return 'transparent';
  const size = state.fontSize * scaleOf(state.ctm);
  if (!(size > 0.01)) return 'zeroSize';
  if (size < MIN_TEXT_SIZE) return 'tinyFont';
  const paints = (paint: string, alpha: number): 'yes' | 'no' | 'unknown' | 'transparent' => {
    if (paint === 'none' || paint === 'transparent') return 'transparent';
    if (alpha * state.opacity <= MIN_ALPHA) return 'transparent';
    const colour = paint === 'currentcolor' ? state.color : paint;
    if (colour.startsWith('url(') || colour.startsWith('var(') || colour.includes('context-')) return 'unknown';
    const shows = standsOut(colour, '#ffffff');
    if (shows === undefined) return 'unknown';
    return shows ? 'yes' : 'no';
  };
  const fill = paints(state.fill, state.fillOpacity);
  const stroke = paints(state.stroke, state.strokeOpacity);
  if (fill === 'yes' || stroke === 'yes') return undefined;
  if (fill === 'unknown' || stroke === 'unknown') return 'unevaluatedStyle';
  if (fill === 'no' || stroke === 'no') return 'sameColourAsBackground';
  return 'transparent';
}

/** <style> rules whose selectors are plain (a type, a .class, an #id, or one of each): others fail closed. */
function styleRules(root: Element): { rules: StyleRule[]; unevaluated: boolean } {
  const rules: StyleRule[] = [];
  let unevaluated = false;
  const styles: Element[] = [];
  const collect = (nodes: readonly ChildNode[]) => {
    for (const n of nodes) {
      if (!isTag(n)) continue;
      if (localName(n) === 'style') styles.push(n);
      else collect(n.children);
    }
  };
  collect([root]);
  for (const style of styles) {
    const css = style.children.map((c) => ('data' in c ? String(c.data) : '')).join('');
    let parsed: postcss.Root;
    try {
      parsed = postcss.parse(css);
    } catch {
      unevaluated = true;
      continue;
    }
    parsed.walkAtRules((at) => {
      if (at.name.toLowerCase() !== 'font-face' && at.name.toLowerCase() !== 'import') unevaluated = true;
    });
    parsed.walkRules((rule) => {
      if (rule.parent?.type !== 'root') return;
      const declarations: Array<[string, string]> = [];
      rule.walkDecls((decl) => {
        declarations.push([decl.prop.toLowerCase(), decl.value]);
      });
      if (!declarations.some(([p]) => VISIBILITY_PROPERTIES.has(p) || p.startsWith('--'))) return;
      const matchers = rule.selectors.map(simpleSelector);
      if (matchers.some((m) => !m)) {
        unevaluated = true;
        return;
      }
      rules.push({ matches: (e) => matchers.some((m) => m?.(e)), declarations });
    });
  }
  return { rules, unevaluated };
}

function simpleSelector(selector: string): ((element: Element) => boolean) | undefined {
  const m = /^\s*([a-zA-Z][\w-]*|\*)?((?:[.#][\w-]+)*)\s*$/.exec(selector);
  if (!m || (!m[1] && !m[2])) return undefined;
  const type = m[1]?.toLowerCase();
  const parts = [...(m[2] ?? '').matchAll(/([.#])([\w-]+)/g)].map((p) => [p[1], p[2]] as const);
  return (element) =>
    (!type || type === '*' || localName(element) === type) &&
    parts.every(([kind, name]) => (kind === '#' ? element.attribs.id === name : (element.attribs.class ?? '').split(/\s+/).includes(name)));
}

interface ViewBox {
  readonly x: number;
  readonly y: number;
  readonly width: number;
  readonly height: number;
}

function viewBoxOf(root: Element): ViewBox | undefined {
  const numbers = (root.attribs.viewBox ?? root.attribs.viewbox ?? '').trim().split(/[\s,]+/).map(Number);
  if (numbers.length === 4 && numbers.every(Number.isFinite) && numbers[2] > 0 && numbers[3] > 0) return { x: numbers[0], y: numbers[1], width: numbers[2], height: numbers[3] };
  const width = lengthOf(root.attribs.width);
  const height = lengthOf(root.attribs.height);
  return width && height ? { x: 0, y: 0, width, height } : undefined;
}

function lengthOf(value: string | undefined): number | undefined {
  const m = /^\s*([\d.]+)(px)?\s*$/.exec(value ?? '');
  return m ? Number(m[1]) : undefined;
}

function firstNumber(value: string): number | undefined {
  const first = value.trim().split(/[\s,]+/)[0] ?? '0';
  const m = /^(-?[\d.]+(?:e-?\d+)?)(px)?$/i.exec(first);
  return m ? Number(m[1]) : undefined;
}

function alphaOf(value: string): number | undefined {
  const m = /^(-?[\d.]+)(%)?$/.exec(value.trim());
  if (!m) return undefined;
  const n = Number(m[1]) / (m[2] ? 100 : 1);
  return Number.isFinite(n) ? Math.min(1, Math.max(0, n)) : undefined;
}

function fontSizeOf(value: string, parent: number): number | undefined {
  const m = /^(-?[\d.]+)(px|pt|em|rem|%)?$/.exec(value.trim());
  if (!m) return undefined;
  const n = Number(m[1]);
  if (!Number.isFinite(n)) return undefined;
  switch (m[2]) {
    case 'pt':
      return (n * 4) / 3;
    case 'em':
      return n * parent;
    case 'rem':
      return n * 16;
    case '%':
      return (n / 100) * parent;
    default:
      return n;
  }
}

/** An SVG transform list as one matrix; undefined for anything unparsed. */
function parseTransform(value: string): Matrix | undefined {
  let m: Matrix = IDENTITY;
  const re = /(matrix|translate|scale|rotate|skewX|skewY)\s*\(([^)]*)\)/gi;
  let consumed = '';
  for (const part of value.matchAll(re)) {
    consumed += part[0];
    const a = part[2].trim().split(/[\s,]+/).filter(Boolean).map(Number);
    if (a.some((n) => !Number.isFinite(n))) return undefined;
    let t: Matrix;
    switch (part[1].toLowerCase()) {
      case 'matrix':
        if (a.length !== 6) return undefined;
        t = [a[0], a[1], a[2], a[3], a[4], a[5]];
        break;
      case 'translate':
        t = [1, 0, 0, 1, a[0] ?? 0, a[1] ?? 0];
        break;
      case 'scale':
        t = [a[0] ?? 1, 0, 0, a[1] ?? a[0] ?? 1, 0, 0];
        break;
      case 'rotate': {
        const r = ((a[0] ?? 0) * Math.PI) / 180;
        const [cx, cy] = [a[1] ?? 0, a[2] ?? 0];
        t = multiply(multiply([1, 0, 0, 1, -cx, -cy], [Math.cos(r), Math.sin(r), -Math.sin(r), Math.cos(r), 0, 0]), [1, 0, 0, 1, cx, cy]);
        break;
      }
      case 'skewx':
        t = [1, 0, Math.tan(((a[0] ?? 0) * Math.PI) / 180), 1, 0, 0];
        break;
      default:
        t = [1, Math.tan(((a[0] ?? 0) * Math.PI) / 180), 0, 1, 0, 0];
    }
    // SVG applies the list left to right onto the element: the rightmost transform is applied to it first.
    m = multiply(t, m);
  }
  if (value.replace(/[\s,]/g, '').length !== consumed.replace(/[\s,]/g, '').length) return undefined;
  return m;
}

/** a then b (row vectors, as PDF and SVG matrices). */
function multiply(a: Matrix, b: Matrix): Matrix {
  return [a[0] * b[0] + a[1] * b[2], a[0] * b[1] + a[1] * b[3], a[2] * b[0] + a[3] * b[2], a[2] * b[1] + a[3] * b[3], a[4] * b[0] + a[5] * b[2] + b[4], a[4] * b[1] + a[5] * b[3] + b[5]];
}

function apply(m: Matrix, x: number, y: number): [number, number] {
  return [m[0] * x + m[2] * y + m[4], m[1] * x + m[3] * y + m[5]];
}

/** The smaller of the two axis scales: text squeezed along either axis is unreadable. */
function scaleOf(m: Matrix): number {
  return Math.min(Math.hypot(m[0], m[1]), Math.hypot(m[2], m[3]));
}
