import type { HiddenRunReason } from './extractedText';
import { MIN_ALPHA, MIN_TEXT_SIZE, standsOut } from './textVisibility';

/**
 * Which text of a PDF page a person sees, decided from the page's operator list (pdf.js's evaluation of the content
 * stream, with form XObjects, annotations and marked content inlined). The walk keeps the graphics state a viewer
 * keeps (CTM, clip, colours, alpha, soft masks, blend mode, text state, optional-content nesting) and places every
 * text run on the page; a run is visible only when all of these say so:
 * - painted at all: render mode 3 (no fill, no stroke) and 7 (clip only) paint nothing;
 * - opaque enough: fill (or stroke, for stroked modes) alpha above MIN_ALPHA;
 * - a colour that stands out from what lies under it (the page is white; an opaque rectangle painted before it
 *   counts);
 * - a size a person can read: its effective height and width per em after the text matrix and the CTM;
 * - inside the clip and inside the page's crop box;
 * - not in an optional-content group the document's default configuration switches off;
 * - not covered by an opaque rectangle painted after it.
 * What the walk cannot evaluate (a soft mask, a blend mode other than normal, a pattern fill, an optional-content
 * reference it cannot resolve) withholds the text it applies to, as 'unevaluatedStyle': fail closed.
 */

/** Letters that advance less than this share of an em each stand on one another. */
const MIN_ADVANCE_PER_EM = 0.12;
/** A covering rectangle must hide this share of a run's box. */
const COVERED_SHARE = 0.9;

type Matrix = readonly [number, number, number, number, number, number];
/** x0, y0, x1, y1 in page (default user) space, x0 <= x1, y0 <= y1. */
type Box = readonly [number, number, number, number];
type Rgb = readonly [number, number, number];

const IDENTITY: Matrix = [1, 0, 0, 1, 0, 0];

interface GraphicsState {
  ctm: Matrix;
  /** The clip's bounding box in page space; undefined = no clip yet. */
  clip?: Box;
  fill?: Rgb;
  stroke?: Rgb;
  /** Why the fill or stroke colour cannot be evaluated (a pattern, a shading). */
  fillUnknown: boolean;
  strokeUnknown: boolean;
  fillAlpha: number;
  strokeAlpha: number;
  softMask: boolean;
  blendNormal: boolean;
  renderMode: number;
  fontSize: number;
  hScale: number;
  charSpacing: number;
  wordSpacing: number;
  rise: number;
  leading: number;
}

function initialState(): GraphicsState {
  return {
    ctm: IDENTITY,
    fill: [0, 0, 0],
    stroke: [0, 0, 0],
    fillUnknown: false,
    strokeUnknown: false,
    fillAlpha: 1,
    strokeAlpha: 1,
    softMask: false,
    blendNormal: true,
    renderMode: 0,
    fontSize: 0,
    hScale: 1,
    charSpacing: 0,
    wordSpacing: 0,
    rise: 0,
    leading: 0,
  };
}

/** One piece of the page's text in content order: a run of glyphs, or a break between runs. */
export type PageItem = { readonly text: string; readonly hidden?: HiddenRunReason } | { readonly separator: string };

interface Run {
  readonly index: number;
  readonly box: Box;
  readonly order: number;
  hidden?: HiddenRunReason;
}

interface PaintedRect {
  readonly box: Box;
  /** The outline of a painted shape that is not an axis-aligned rectangle (one closed subpath, page space). */
  readonly outline?: ReadonlyArray<readonly [number, number]>;
  readonly colour?: Rgb;
  /** A picture's colour at a page point. */
  readonly sample?: (x: number, y: number) => Rgb | undefined;
  readonly opaque: boolean;
  readonly order: number;
}

/** A decoded picture as pdf.js hands it out (ImageKind: 1 one bit grey, 2 RGB, 3 RGBA). */
export interface PdfImage {
  readonly width: number;
  readonly height: number;
  readonly kind: number;
  readonly data: ArrayLike<number>;
}

/** pdf.js's operator numbers by name (OPS), and the optional-content test of the document. */
export interface PdfJsContext {
  readonly OPS: Readonly<Record<string, number>>;
  /** Whether marked content with these properties is shown; undefined when it cannot be told. */
  readonly isVisible: (properties: unknown) => boolean | undefined;
  /** A picture the operator list names by id, once decoded; undefined when it cannot be had. */
  readonly image?: (objId: string) => PdfImage | undefined;
}

export function asImage(value: unknown): PdfImage | undefined {
  const v = value as Partial<PdfImage> | undefined;
  return v && typeof v.width === 'number' && typeof v.height === 'number' && typeof v.kind === 'number' && v.data && typeof v.data.length === 'number' ? (v as PdfImage) : undefined;
}

/** Most pixels looked at to tell whether a picture has transparent parts. */
const MAX_ALPHA_SCAN = 4_000_000;

function imageOpaque(picture: PdfImage): boolean {
  if (picture.kind === 1 || picture.kind === 2) return true;
  if (picture.kind !== 3 || picture.width * picture.height > MAX_ALPHA_SCAN) return false;
  for (let i = 3; i < picture.data.length; i += 4) if (picture.data[i] !== 255) return false;
  return true;
}

/** The colour at (u, v) of the unit square a picture fills (its first row at the top). */
function pixelAt(picture: PdfImage, u: number, v: number): Rgb | undefined {
  if (u < 0 || u > 1 || v < 0 || v > 1) return undefined;
  const x = Math.min(picture.width - 1, Math.floor(u * picture.width));
  const row = Math.min(picture.height - 1, Math.floor((1 - v) * picture.height));
  const d = picture.data;
  if (picture.kind === 1) {
    const rowBytes = (picture.width + 7) >> 3;
    const bit = (d[row * rowBytes + (x >> 3)] >> (7 - (x & 7))) & 1;
    return bit ? [255, 255, 255] : [0, 0, 0];
  }
  const size = picture.kind === 2 ? 3 : picture.kind === 3 ? 4 : 0;
  if (!size) return undefined;
  const at = (row * picture.width + x) * size;
  return at + 2 < d.length ? [d[at], d[at + 1], d[at + 2]] : undefined;
}

/** The text runs of one page's operator list, each marked hidden (with why) or not, in content order. */
export function pageTextItems(ops: { fnArray: ArrayLike<number>; argsArray: ArrayLike<unknown> }, view: readonly number[], pdfjs: PdfJsContext): PageItem[] {
  const OPS = pdfjs.OPS;
  const page: Box = normalise([view[0], view[1], view[2], view[3]]);
  const items: Array<{ text: string; hidden?: HiddenRunReason } | { separator: string }> = [];
  const runs: Run[] = [];
  const rects: PaintedRect[] = [];
  let order = 0;
  let state = initialState();
  const saved: GraphicsState[] = [];
  /** One entry per open marked-content section: true hidden, false shown, undefined cannot be told. */
  const marked: Array<boolean | undefined> = [];
  let textMatrix: Matrix = IDENTITY;
  let lineMatrix: Matrix = IDENTITY;
  let pendingClip = false;
  /** Glyph boxes of this text object painted with a clipping mode (4-7): after ET, the clip is where they are. */
  let textClip: Box[] | undefined;

  const push = () => saved.push({ ...state });
  const pop = () => {
    state = saved.pop() ?? initialState();
  };
  const separator = (text: string) => items.push({ separator: text });
  const moveLine = (tx: number, ty: number) => {
    lineMatrix = multiply([1, 0, 0, 1, tx, ty], lineMatrix);
    textMatrix = lineMatrix;
  };

  const showGlyphs = (glyphs: unknown) => {
    if (!Array.isArray(glyphs)) return;
    const fs = state.fontSize;
    const th = state.hScale;
    let text = '';
    let advance = 0;
    let glyphCount = 0;
    for (const g of glyphs) {
      if (typeof g === 'number') {
        advance += (-g / 1000) * fs * th;
        if (g < -330) text += ' ';
        continue;
      }
      if (!g || typeof g !== 'object') continue;
      const glyph = g as { unicode?: unknown; width?: unknown; isSpace?: unknown };
      text += typeof glyph.unicode === 'string' ? glyph.unicode : '';
      glyphCount += 1;
      const width = typeof glyph.width === 'number' && Number.isFinite(glyph.width) ? glyph.width : 0;
      advance += ((width / 1000) * fs + state.charSpacing + (glyph.isSpace ? state.wordSpacing : 0)) * th;
    }
    const toPage = multiply(textMatrix, state.ctm);
    // The run's box in text space: its advance wide, from the descender to the ascender of an em.
    const corners: Array<[number, number]> = [
      [0, state.rise - 0.2 * fs],
      [advance, state.rise - 0.2 * fs],
      [0, state.rise + 0.8 * fs],
      [advance, state.rise + 0.8 * fs],
    ];
    const box = boxOf(corners.map(([x, y]) => apply(toPage, x, y)));
    textMatrix = multiply([1, 0, 0, 1, advance, 0], textMatrix);
    if (state.renderMode >= 4) (textClip ??= []).push(box);
    if (!text) return;
    // Letters pushed onto one another (character spacing near minus their width): nothing legible is left.
    const piledUp = glyphCount >= 3 && advance / glyphCount < MIN_ADVANCE_PER_EM * Math.abs(fs * th);
    const run: Run = { index: items.length, box, order: order++, hidden: runHiddenReason(toPage, box) ?? (piledUp ? 'zeroSize' : undefined) };
    items.push({ text });
    runs.push(run);
  };

  const runHiddenReason = (toPage: Matrix, box: Box): HiddenRunReason | undefined => {
    if (marked.some((m) => m === true)) return 'hiddenLayer';
    if (marked.some((m) => m === undefined)) return 'unevaluatedStyle';
    const mode = state.renderMode;
    if (mode === 3 || mode === 7) return 'transparent';
    const fills = mode === 0 || mode === 2 || mode === 4 || mode === 6;
    const strokes = mode === 1 || mode === 2 || mode === 5 || mode === 6;
    // Size: an em's height and width on the page (the font size through the text matrix and the CTM).
    const height = Math.hypot(toPage[2], toPage[3]) * Math.abs(state.fontSize);
    const width = Math.hypot(toPage[0], toPage[1]) * Math.abs(state.fontSize * state.hScale);
    if (!(height > 0.01) || !(width > 0.01)) return 'zeroSize';
    if (Math.min(height, width) < MIN_TEXT_SIZE) return 'tinyFont';
    if (!overlaps(box, page)) return 'offScreen';
    if (state.clip && !overlaps(box, state.clip)) return 'clipped';
    if (state.softMask || !state.blendNormal) return 'unevaluatedStyle';
    const under = backgroundUnder(box);
    const paints = (colour: Rgb | undefined, unknown: boolean, alpha: number): 'yes' | 'no' | 'unknown' => {
      if (alpha <= MIN_ALPHA) return 'no';
      if (unknown || !colour) return 'unknown';
      // Over a gradient or a picture whose colour there is unknown, the text is taken as seen.
      if (!under) return 'yes';
      return standsOut(css(colour), css(under)) === false ? 'no' : 'yes';
    };
    const fill = fills ? paints(state.fill, state.fillUnknown, state.fillAlpha) : 'no';
    const stroke = strokes ? paints(state.stroke, state.strokeUnknown, state.strokeAlpha) : 'no';
    if (fill === 'yes' || stroke === 'yes') return undefined;
    if (fill === 'unknown' || stroke === 'unknown') return 'unevaluatedStyle';
    const alphaOnly = (fills ? state.fillAlpha <= MIN_ALPHA : true) && (strokes ? state.strokeAlpha <= MIN_ALPHA : true);
    return alphaOnly ? 'transparent' : 'sameColourAsBackground';
  };

  /**
   * The colour under the middle of this box: of the last opaque shape painted there (a picture's pixel there),
   * else the white page; undefined under a shading or a picture whose colour cannot be read.
   */
  const backgroundUnder = (box: Box): Rgb | undefined => {
    const cx = (box[0] + box[2]) / 2;
    const cy = (box[1] + box[3]) / 2;
    for (let i = rects.length - 1; i >= 0; i--) {
      const r = rects[i];
      if (!r.opaque || cx < r.box[0] || cx > r.box[2] || cy < r.box[1] || cy > r.box[3] || (r.outline && !inside(r.outline, cx, cy))) continue;
      return r.colour ?? r.sample?.(cx, cy);
    }
    return [255, 255, 255];
  };

  /** A picture painted into the unit square of the CTM: a cover when it has no transparency, a background to sample. */
  const image = (picture: PdfImage | undefined) => {
    const box = transformBox(state.ctm, [0, 0, 1, 1]);
    const clipped = state.clip ? intersect(state.clip, box) : box;
    const inverse = invert(state.ctm);
    const opaque = !!picture && imageOpaque(picture) && state.fillAlpha >= 1 && !state.softMask && state.blendNormal;
    const sample = picture && inverse ? (x: number, y: number) => pixelAt(picture, ...apply(inverse, x, y)) : undefined;
    rects.push({ box: clipped, opaque, order: order++, ...(sample ? { sample } : {}) });
  };

  const path = (args: unknown[]) => {
    const paintOp = Number(args[0]);
    const data = Array.isArray(args[1]) ? args[1][0] : undefined;
    const minMax = args[2] as ArrayLike<number> | null | undefined;
    const bounds = minMax && minMax.length >= 4 && Number.isFinite(minMax[0]) ? transformBox(state.ctm, [minMax[0], minMax[1], minMax[2], minMax[3]]) : undefined;
    if (pendingClip) {
      pendingClip = false;
      // An empty (or degenerate) path clips everything away.
      const clipBox: Box = bounds && bounds[2] - bounds[0] > 0 && bounds[3] - bounds[1] > 0 ? bounds : [0, 0, 0, 0];
      state.clip = state.clip ? intersect(state.clip, clipBox) : clipBox;
    }
    const fills = [OPS.fill, OPS.eoFill, OPS.fillStroke, OPS.eoFillStroke, OPS.closeFillStroke, OPS.closeEOFillStroke].includes(paintOp);
    if (!fills || !bounds) return;
    const clipped = state.clip ? intersect(state.clip, bounds) : bounds;
    const outline = isRectangle(data, state.ctm) ? undefined : singleOutline(data, state.ctm);
    // Several subpaths (glyph outlines, rings) or an outline this walk cannot follow: not a cover it can place.
    if (outline === null || (outline === undefined && !isRectangle(data, state.ctm))) return;
    const opaque = state.fillAlpha >= 1 && !state.softMask && state.blendNormal && !state.fillUnknown && !!state.fill;
    rects.push({ box: clipped, ...(outline ? { outline } : {}), colour: state.fillUnknown ? undefined : state.fill, opaque, order: order++ });
  };

  const setGState = (entries: unknown) => {
    if (!Array.isArray(entries)) return;
    for (const entry of entries) {
      if (!Array.isArray(entry)) continue;
      const [key, value] = entry as [unknown, unknown];
      if (key === 'ca') state.fillAlpha = clamp01(Number(value));
      else if (key === 'CA') state.strokeAlpha = clamp01(Number(value));
      else if (key === 'SMask') state.softMask = !!value;
      else if (key === 'BM') state.blendNormal = value === 'source-over' || value === 'normal' || value === undefined;
      else if (key === 'Font' && Array.isArray(value)) state.fontSize = Number(value[1]) || 0;
    }
  };

  for (let i = 0; i < ops.fnArray.length; i++) {
    const fn = ops.fnArray[i];
    const args = (ops.argsArray[i] ?? []) as unknown[];
    switch (fn) {
      case OPS.save:
        push();
        break;
      case OPS.restore:
        pop();
        break;
      case OPS.transform:
        state.ctm = multiply(numbers(args, 6) as unknown as Matrix, state.ctm);
        break;
      case OPS.paintFormXObjectBegin: {
        push();
        const matrix = Array.isArray(args[0]) && args[0].length === 6 ? (numbers(args[0] as unknown[], 6) as unknown as Matrix) : IDENTITY;
        state.ctm = multiply(matrix, state.ctm);
        const bbox = args[1] as ArrayLike<number> | null;
        if (bbox && bbox.length === 4) {
          const b = transformBox(state.ctm, [bbox[0], bbox[1], bbox[2], bbox[3]]);
          state.clip = state.clip ? intersect(state.clip, b) : b;
        }
        break;
      }
      case OPS.paintFormXObjectEnd:
        pop();
        break;
      case OPS.beginGroup: {
        push();
        const group = (args[0] ?? {}) as { matrix?: number[]; bbox?: number[]; smask?: unknown };
        if (Array.isArray(group.matrix) && group.matrix.length === 6) state.ctm = multiply(numbers(group.matrix, 6) as unknown as Matrix, state.ctm);
        if (Array.isArray(group.bbox) && group.bbox.length === 4) {
          const b = transformBox(state.ctm, [group.bbox[0], group.bbox[1], group.bbox[2], group.bbox[3]]);
          state.clip = state.clip ? intersect(state.clip, b) : b;
        }
        if (group.smask) state.softMask = true;
        break;
      }
      case OPS.endGroup:
        pop();
        break;
      case OPS.beginAnnotation: {
        push();
        const rect = args[1] as ArrayLike<number> | null;
        if (rect && rect.length === 4) {
          const b = transformBox(state.ctm, [rect[0], rect[1], rect[2], rect[3]]);
          state.clip = state.clip ? intersect(state.clip, b) : b;
        }
        for (const m of [args[2], args[3]]) if (Array.isArray(m) && m.length === 6) state.ctm = multiply(numbers(m, 6) as unknown as Matrix, state.ctm);
        break;
      }
      case OPS.endAnnotation:
        pop();
        break;
      case OPS.setGState:
        setGState(args[0]);
        break;
      case OPS.setFillRGBColor:
      case OPS.setFillColor:
      case OPS.setFillGray:
      case OPS.setFillCMYKColor: {
        const colour = colourOf(args);
        state.fill = colour;
        state.fillUnknown = !colour;
        break;
      }
      case OPS.setStrokeRGBColor:
      case OPS.setStrokeColor:
      case OPS.setStrokeGray:
      case OPS.setStrokeCMYKColor: {
        const colour = colourOf(args);
        state.stroke = colour;
        state.strokeUnknown = !colour;
        break;
      }
      case OPS.setFillColorN:
        // A pattern or shading fill: its colour where the text is cannot be told here.
        state.fill = colourOf(args);
        state.fillUnknown = !state.fill;
        break;
      case OPS.setStrokeColorN:
        state.stroke = colourOf(args);
        state.strokeUnknown = !state.stroke;
        break;
      case OPS.setFillTransparent:
        state.fillAlpha = 0;
        break;
      case OPS.setStrokeTransparent:
        state.strokeAlpha = 0;
        break;
      case OPS.clip:
      case OPS.eoClip:
        pendingClip = true;
        break;
      case OPS.constructPath:
        path(args);
        break;
      case OPS.paintImageXObject:
        image(typeof args[0] === 'string' ? pdfjs.image?.(args[0]) : undefined);
        break;
      case OPS.paintInlineImageXObject:
        image(asImage(args[0]));
        break;
      case OPS.paintSolidColorImageMask:
        // A one-pixel stencil: a rectangle of the fill colour over the unit square.
        rects.push({ box: transformBox(state.ctm, [0, 0, 1, 1]), colour: state.fill, opaque: state.fillAlpha >= 1 && !state.fillUnknown && !state.softMask && state.blendNormal, order: order++ });
        break;
      case OPS.shadingFill:
        // "sh" paints the whole clip (the page when there is none): a gradient laid over text hides it.
        rects.push({ box: state.clip ?? page, opaque: state.fillAlpha >= 1 && !state.softMask && state.blendNormal, order: order++ });
        break;
      case OPS.beginMarkedContentProps:
        marked.push(args[0] === 'OC' ? layerHidden(pdfjs, args[1]) : false);
        break;
      case OPS.beginMarkedContent:
        marked.push(false);
        break;
      case OPS.endMarkedContent:
        marked.pop();
        break;
      case OPS.beginText:
        textMatrix = IDENTITY;
        lineMatrix = IDENTITY;
        textClip = undefined;
        break;
      case OPS.endText:
        separator('\n');
        if (textClip) {
          // Everything painted after this, until the state is restored, shows only inside those glyphs' boxes.
          const glyphs = textClip.reduce((a, b) => [Math.min(a[0], b[0]), Math.min(a[1], b[1]), Math.max(a[2], b[2]), Math.max(a[3], b[3])] as Box);
          state.clip = state.clip ? intersect(state.clip, glyphs) : glyphs;
          textClip = undefined;
        }
        break;
      case OPS.setFont:
        state.fontSize = Number(args[1]) || 0;
        break;
      case OPS.setTextRenderingMode:
        state.renderMode = Number(args[0]) || 0;
        break;
      case OPS.setHScale:
        state.hScale = (Number(args[0]) || 0) / 100;
        break;
      case OPS.setCharSpacing:
        state.charSpacing = Number(args[0]) || 0;
        break;
      case OPS.setWordSpacing:
        state.wordSpacing = Number(args[0]) || 0;
        break;
      case OPS.setTextRise:
        state.rise = Number(args[0]) || 0;
        break;
      case OPS.setLeading:
        state.leading = Number(args[0]) || 0;
        break;
      case OPS.setTextMatrix: {
        const m = Array.isArray(args[0]) ? (args[0] as unknown[]) : args;
        textMatrix = lineMatrix = numbers(m, 6) as unknown as Matrix;
        separator('\n');
        break;
      }
      case OPS.moveText:
      case OPS.setLeadingMoveText: {
        const [tx, ty] = numbers(args, 2);
        if (fn === OPS.setLeadingMoveText) state.leading = -ty;
        moveLine(tx, ty);
        separator(ty !== 0 ? '\n' : ' ');
        break;
      }
      case OPS.nextLine:
        moveLine(0, -state.leading);
        separator('\n');
        break;
      case OPS.showText:
      case OPS.showSpacedText:
        showGlyphs(args[0]);
        break;
      case OPS.nextLineShowText:
        moveLine(0, -state.leading);
        separator('\n');
        showGlyphs(args[0]);
        break;
      case OPS.nextLineSetSpacingShowText:
        state.wordSpacing = Number(args[0]) || 0;
        state.charSpacing = Number(args[1]) || 0;
        moveLine(0, -state.leading);
        separator('\n');
        showGlyphs(args[2]);
        break;
      default:
        break;
    }
  }

  // Text under an opaque rectangle painted after it is hidden by it.
  for (const run of runs) {
    if (run.hidden) continue;
    if (rects.some((r) => r.opaque && r.order > run.order && covers(r, run.box))) run.hidden = 'covered';
  }
  for (const run of runs) {
    const item = items[run.index] as { text: string; hidden?: HiddenRunReason };
    if (run.hidden) item.hidden = run.hidden;
  }
  return items;
}

/** Whether an optional-content section is hidden by the document's default configuration. */
function layerHidden(pdfjs: PdfJsContext, properties: unknown): boolean | undefined {
  if (!properties || typeof properties !== 'object') return undefined;
  const visible = pdfjs.isVisible(properties);
  return visible === undefined ? undefined : !visible;
}

function colourOf(args: unknown[]): Rgb | undefined {
  const value = args.length === 1 ? args[0] : args;
  if (typeof value === 'string') {
    const m = /^#([0-9a-f]{2})([0-9a-f]{2})([0-9a-f]{2})$/i.exec(value);
    return m ? [parseInt(m[1], 16), parseInt(m[2], 16), parseInt(m[3], 16)] : undefined;
  }
  if (value && typeof value === 'object' && 'length' in value) {
    const rgb = Array.from(value as ArrayLike<unknown>).slice(0, 3).map(Number);
    return rgb.length === 3 && rgb.every((v) => Number.isFinite(v)) ? [rgb[0], rgb[1], rgb[2]] : undefined;
  }
  return undefined;
}

function css(c: Rgb): string {
  return `rgb(${c[0]}, ${c[1]}, ${c[2]})`;
}

/** A path of one closed four-corner subpath along the axes (after the CTM): what "re" makes. */
function isRectangle(data: unknown, ctm: Matrix): boolean {
  if (!data || typeof data !== 'object' || !('length' in data)) return false;
  const d = Array.from(data as ArrayLike<number>);
  // moveTo x y, lineTo x y (x3), closePath: 0 x y 1 x y 1 x y 1 x y 4 (a trailing lineTo back to the start is allowed)
  const points: Array<[number, number]> = [];
  let k = 0;
  while (k < d.length) {
    const op = d[k];
    if ((op === 0 && k === 0) || (op === 1 && k > 0)) {
      points.push(apply(ctm, d[k + 1], d[k + 2]));
      k += 3;
    } else if (op === 4 && k === d.length - 1) {
      k += 1;
    } else return false;
  }
  if (points.length === 5 && near(points[4], points[0])) points.pop();
  if (points.length !== 4) return false;
  const box = boxOf(points);
  return points.every(([x, y]) => (nearly(x, box[0]) || nearly(x, box[2])) && (nearly(y, box[1]) || nearly(y, box[3])));
}

/** An opaque shape hides a run when it covers most of its box, and for a shape other than a rectangle, all its corners. */
function covers(shape: PaintedRect, run: Box): boolean {
  if (coveredShare(run, shape.box) < COVERED_SHARE) return false;
  const outline = shape.outline;
  if (!outline) return true;
  return [
    [run[0], run[1]],
    [run[2], run[1]],
    [run[0], run[3]],
    [run[2], run[3]],
  ].every(([x, y]) => inside(outline, x, y));
}

/** Even-odd test of a point against a closed outline. */
function inside(outline: ReadonlyArray<readonly [number, number]>, x: number, y: number): boolean {
  let odd = false;
  for (let i = 0, j = outline.length - 1; i < outline.length; j = i++) {
    const [xi, yi] = outline[i];
    const [xj, yj] = outline[j];
    if (yi > y !== yj > y && x < ((xj - xi) * (y - yi)) / (yj - yi) + xi) odd = !odd;
  }
  return odd;
}

/**
 * The outline of a path of one subpath, through its end points (a curve's chord lies inside a convex bulge, so
 * the outline never claims more than the shape covers there); null for several subpaths.
 */
function singleOutline(data: unknown, ctm: Matrix): Array<[number, number]> | null | undefined {
  if (!data || typeof data !== 'object' || !('length' in data)) return undefined;
  const d = Array.from(data as ArrayLike<number>);
  const points: Array<[number, number]> = [];
  const steps: Record<number, number> = { 0: 2, 1: 2, 2: 6, 3: 4, 4: 0 };
  for (let k = 0; k < d.length; ) {
    const op = d[k];
    const n = steps[op];
    if (n === undefined) return undefined;
    if (op === 0 && k > 0) return null;
    if (n > 0) points.push(apply(ctm, d[k + n - 1], d[k + n]));
    k += 1 + n;
  }
  return points.length >= 3 ? points : undefined;
}

function coveredShare(run: Box, cover: Box): number {
  const area = (run[2] - run[0]) * (run[3] - run[1]);
  if (area <= 0) return 0;
  const i = intersect(run, cover);
  return ((i[2] - i[0]) * (i[3] - i[1])) / area;
}

function multiply(a: Matrix, b: Matrix): Matrix {
  return [a[0] * b[0] + a[1] * b[2], a[0] * b[1] + a[1] * b[3], a[2] * b[0] + a[3] * b[2], a[2] * b[1] + a[3] * b[3], a[4] * b[0] + a[5] * b[2] + b[4], a[4] * b[1] + a[5] * b[3] + b[5]];
}

function invert(m: Matrix): Matrix | undefined {
  const det = m[0] * m[3] - m[1] * m[2];
  if (!det) return undefined;
  return [m[3] / det, -m[1] / det, -m[2] / det, m[0] / det, (m[2] * m[5] - m[3] * m[4]) / det, (m[1] * m[4] - m[0] * m[5]) / det];
}

function apply(m: Matrix, x: number, y: number): [number, number] {
  return [m[0] * x + m[2] * y + m[4], m[1] * x + m[3] * y + m[5]];
}

function transformBox(m: Matrix, b: Box): Box {
  return boxOf([apply(m, b[0], b[1]), apply(m, b[2], b[1]), apply(m, b[0], b[3]), apply(m, b[2], b[3])]);
}

function boxOf(points: ReadonlyArray<readonly [number, number]>): Box {
  const xs = points.map((p) => p[0]);
  const ys = points.map((p) => p[1]);
  return [Math.min(...xs), Math.min(...ys), Math.max(...xs), Math.max(...ys)];
}

function normalise(b: Box): Box {
  return [Math.min(b[0], b[2]), Math.min(b[1], b[3]), Math.max(b[0], b[2]), Math.max(b[1], b[3])];
}

function intersect(a: Box, b: Box): Box {
  const x0 = Math.max(a[0], b[0]);
  const y0 = Math.max(a[1], b[1]);
  return [x0, y0, Math.max(x0, Math.min(a[2], b[2])), Math.max(y0, Math.min(a[3], b[3]))];
}

/** Shares an area (not just an edge) with the other box; a run of no width still counts where it stands. */
function overlaps(run: Box, area: Box): boolean {
  const i = intersect(run, area);
  const w = i[2] - i[0];
  const h = i[3] - i[1];
  if (run[2] - run[0] <= 0) return h > 0 && run[0] >= area[0] && run[0] <= area[2];
  return w > 0 && h > 0;
}

function numbers(args: readonly unknown[], n: number): number[] {
  return Array.from({ length: n }, (_, i) => {
    const v = Number(args[i]);
    return Number.isFinite(v) ? v : 0;
  });
}

function clamp01(v: number): number {
  return Number.isFinite(v) ? Math.min(1, Math.max(0, v)) : 1;
}

function near(a: readonly [number, number], b: readonly [number, number]): boolean {
  return nearly(a[0], b[0]) && nearly(a[1], b[1]);
}

function nearly(a: number, b: number): boolean {
  return Math.abs(a - b) < 0.01;
}
