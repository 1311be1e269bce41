import valueParser, { type Node as ValueNode } from 'postcss-value-parser';

/**
 * CSS values as the visibility check needs them: lengths (with calc(), min(), max(), clamp()), numbers,
 * transforms reduced to how far they move and how much they scale. Anything that cannot be evaluated
 * statically is `undefined`, and callers fail closed on it: a value we cannot evaluate is not shown harmless.
 */

/** Decodes CSS escapes (`\70` is "p", `\:` is ":"), as a browser does before it reads a property or value. */
export function decodeCssEscapes(text: string): string {
  if (!text.includes('\\')) return text;
  return text.replace(/\\(?:([0-9a-fA-F]{1,6})[ \t\n\f\r]?|([^\n\r\f0-9a-fA-F]))/g, (_m, hex: string | undefined, char: string | undefined) => {
    if (hex === undefined) return char ?? '';
    const code = parseInt(hex, 16);
    return code === 0 || code > 0x10ffff || (code >= 0xd800 && code <= 0xdfff) ? '\uFFFD' : String.fromCodePoint(code);
  });
}

export interface LengthContext {
  /** The element's font size in px, for em, ex and ch. */
  readonly emPx: number;
  /** What 100% means for this property, when it means a length; undefined when percentages cannot be known. */
  readonly percentOf?: number;
}

/** A stand-in viewport for vw/vh: a mail client's reading pane. */
const VIEWPORT = { width: 1024, height: 768 };

const UNIT_PX: Record<string, number> = {
  px: 1, pt: 4 / 3, pc: 16, in: 96, cm: 96 / 2.54, mm: 96 / 25.4, q: 96 / 101.6,
};

function unitPx(unit: string, ctx: LengthContext): number | undefined {
  const u = unit.toLowerCase();
  if (u in UNIT_PX) return UNIT_PX[u];
  switch (u) {
    case '': return 1; // unitless numbers (0, and the legacy quirk) as px
    case 'em': return ctx.emPx;
    case 'ex': case 'ch': return ctx.emPx / 2;
    case 'rem': return 16;
    case '%': return ctx.percentOf === undefined ? undefined : ctx.percentOf / 100;
    case 'vw': return VIEWPORT.width / 100;
    case 'vh': return VIEWPORT.height / 100;
    case 'vmin': return Math.min(VIEWPORT.width, VIEWPORT.height) / 100;
    case 'vmax': return Math.max(VIEWPORT.width, VIEWPORT.height) / 100;
    default: return undefined;
  }
}

/** A length in px: "12px", "-9999px", "calc(1em - 2px)", "max(0px, 1px)". */
export function lengthPx(value: string, ctx: LengthContext): number | undefined {
  const nodes = valueParser(value.replace(/!\s*important\s*$/i, '').trim()).nodes.filter((n) => n.type !== 'space' && n.type !== 'comment');
  if (nodes.length !== 1) return undefined;
  return nodeLength(nodes[0], ctx);
}

function nodeLength(node: ValueNode, ctx: LengthContext): number | undefined {
  if (node.type === 'word') {
    const unit = valueParser.unit(node.value);
    if (!unit) return undefined;
    const factor = unitPx(unit.unit, ctx);
    return factor === undefined ? undefined : parseFloat(unit.number) * factor;
  }
  if (node.type !== 'function') return undefined;
  const name = node.value.toLowerCase();
  if (name === 'calc' || name === '') return evaluateSum(node.nodes, ctx);
  const args = splitArguments(node.nodes).map((arg) => evaluateSum(arg, ctx));
  if (args.length === 0 || args.some((a) => a === undefined)) return undefined;
  const numbers = args as number[];
  if (name === 'min') return Math.min(...numbers);
  if (name === 'max') return Math.max(...numbers);
  if (name === 'clamp' && numbers.length === 3) return Math.max(numbers[0], Math.min(numbers[1], numbers[2]));
  return undefined;
}

function splitArguments(nodes: ValueNode[]): ValueNode[][] {
  const args: ValueNode[][] = [[]];
  for (const n of nodes) {
    if (n.type === 'div' && n.value === ',') args.push([]);
    else args[args.length - 1].push(n);
  }
  return args.filter((a) => a.length > 0);
}

/**
 * calc()'s grammar: terms joined by + and - (spaces around them), factors by * and /. A factor is a length, a
 * number or a nested function. Multiplying two lengths is not CSS; it is treated like a number product, which
 * only happens in invalid CSS that a browser would drop (the caller fails closed on the result either way).
 */
function evaluateSum(nodes: ValueNode[], ctx: LengthContext): number | undefined {
  const tokens: Array<{ op: string } | { value: number; isNumber: boolean }> = [];
  for (const n of nodes) {
    if (n.type === 'space' || n.type === 'comment') continue;
    if (n.type === 'div' && n.value === '/') {
      tokens.push({ op: '/' });
      continue;
    }
    if (n.type === 'word' && (n.value === '+' || n.value === '-' || n.value === '*' || n.value === '/')) {
      tokens.push({ op: n.value });
      continue;
    }
    if (n.type === 'word' && /^[+-]?(?:\d*\.)?\d+(?:e[+-]?\d+)?$/i.test(n.value)) {
      tokens.push({ value: parseFloat(n.value), isNumber: true });
      continue;
    }
    // postcss-value-parser keeps "2*3px" as one word: split products and quotients it left joined.
    if (n.type === 'word' && /[*/]/.test(n.value)) {
      const inner = valueParser(n.value.replace(/([*/])/g, ' $1 ')).nodes;
      const value = evaluateSum(inner, ctx);
      if (value === undefined) return undefined;
      tokens.push({ value, isNumber: false });
      continue;
    }
    const value = nodeLength(n, ctx);
    if (value === undefined) return undefined;
    tokens.push({ value, isNumber: false });
  }
  let total = 0;
  let sign = 1;
  let term: number | undefined;
  let pendingOp: string | undefined;
  for (const t of tokens) {
    if ('op' in t) {
      if (t.op === '+' || t.op === '-') {
        if (term === undefined) return undefined;
        total += sign * term;
        term = undefined;
        sign = t.op === '-' ? -1 : 1;
      } else pendingOp = t.op;
      continue;
    }
    if (term === undefined) term = t.value;
    else if (pendingOp === '*') term *= t.value;
    else if (pendingOp === '/') {
      if (t.value === 0) return undefined;
      term /= t.value;
    } else return undefined;
    pendingOp = undefined;
  }
  if (term === undefined) return undefined;
  return total + sign * term;
}

/** A plain number or percentage as a fraction of one ("0.5", "50%", "calc(1 / 2)"). */
export function numberValue(value: string): number | undefined {
  const v = value.replace(/!\s*important\s*$/i, '').trim();
  if (/^[+-]?(?:\d*\.)?\d+(?:e[+-]?\d+)?%$/i.test(v)) return parseFloat(v) / 100;
  if (/^[+-]?(?:\d*\.)?\d+(?:e[+-]?\d+)?$/i.test(v)) return parseFloat(v);
  const n = lengthPx(v, { emPx: 16, percentOf: 1 });
  return n;
}

export interface TransformEffect {
  /** How much the element's text is scaled (1 = unchanged), the smaller of the two axes. */
  readonly scale: number;
  /** The largest distance it is moved left or up (px, positive = away from view), or right/down far out. */
  readonly offscreen: boolean;
  /** The larger of the two axes' scale: how much the box grows about its centre. */
  readonly grow: number;
  /** How far it is moved (px), right and down. */
  readonly dx: number;
  readonly dy: number;
}

/** An angle in degrees ("30deg", "0.5turn", "1rad"); undefined when it is not one. */
function angleDeg(value: string | undefined): number | undefined {
  const unit = value === undefined ? false : valueParser.unit(value.trim());
  if (!unit) return undefined;
  const n = parseFloat(unit.number);
  switch (unit.unit.toLowerCase()) {
    case 'deg': return n;
    case 'rad': return (n * 180) / Math.PI;
    case 'turn': return n * 360;
    case 'grad': return n * 0.9;
    case '': return n === 0 ? 0 : undefined;
    default: return undefined;
  }
}

/** Skewed this close to a right angle, glyphs are sheared into slivers. */
const MAX_SKEW_DEG = 60;

/** What a transform does to legibility; undefined when it cannot be evaluated (3D, unknown functions, var()). */
export function transformEffect(value: string, emPx: number): TransformEffect | undefined {
  const v = value.trim().toLowerCase();
  if (v === 'none' || v === '' || v === 'initial' || v === 'unset' || v === 'inherit' || v === 'revert' || v === 'revert-layer') return { scale: 1, offscreen: false, dx: 0, dy: 0, grow: 1 };
  let scaleX = 1;
  let scaleY = 1;
  let dx = 0;
  let dy = 0;
  for (const node of valueParser(v).nodes) {
    if (node.type === 'space' || node.type === 'comment') continue;
    if (node.type !== 'function') return undefined;
    const args = splitArguments(node.nodes);
    const len = (i: number) => (args[i] ? nodeLength(args[i][0], { emPx, percentOf: 0 }) : 0);
    const num = (i: number) => (args[i] ? numberValue(valueParser.stringify(args[i])) : undefined);
    switch (node.value) {
      case 'translate': case 'translatex': case 'translatey': case 'translate3d': {
        const x = node.value === 'translatey' ? 0 : len(0);
        const y = node.value === 'translatey' ? len(0) : node.value === 'translatex' ? 0 : len(1);
        if (x === undefined || y === undefined) return undefined;
        dx += x;
        dy += y;
        break;
      }
      case 'scale': case 'scalex': case 'scaley': case 'scale3d': {
        const a = num(0);
        const b = node.value === 'scale' ? (args.length > 1 ? num(1) : a) : node.value === 'scale3d' ? num(1) : 1;
        if (a === undefined || b === undefined) return undefined;
        if (node.value === 'scaley') scaleY *= a;
        else {
          scaleX *= a;
          scaleY *= b;
        }
        break;
      }
      case 'matrix': {
        const m = args.map((_a, i) => num(i));
        if (m.length !== 6 || m.some((x) => x === undefined)) return undefined;
        const [a, b, c, d, e, f] = m as number[];
        scaleX *= Math.hypot(a, b);
        scaleY *= Math.hypot(c, d);
        dx += e;
        dy += f;
        break;
      }
      case 'skew': case 'skewx': case 'skewy': {
        const angles = args.map((a) => angleDeg(valueParser.stringify(a)));
        if (angles.some((a) => a === undefined)) return undefined;
        // tan() of the shear: near 90 degrees the glyphs are sheared into slivers.
        if (angles.some((a) => Math.abs(Math.tan(((a as number) * Math.PI) / 180)) > Math.tan((MAX_SKEW_DEG * Math.PI) / 180))) {
          scaleX = 0;
        }
        break;
      }
      case 'rotate': case 'rotatez':
        break; // text stays legible
      default:
        return undefined; // rotateX/Y, perspective, matrix3d: can fold text edge-on
    }
  }
  return {
    scale: Math.min(Math.abs(scaleX), Math.abs(scaleY)),
    grow: Math.max(Math.abs(scaleX), Math.abs(scaleY)),
    offscreen: isOffscreen(dx) || isOffscreen(dy),
    dx,
    dy,
  };
}

/** Moved this far, text is out of any reading pane. */
export const OFFSCREEN_PX = 500;

export function isOffscreen(px: number): boolean {
  return px <= -OFFSCREEN_PX || px >= 5000;
}
