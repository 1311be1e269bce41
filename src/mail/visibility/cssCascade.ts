import Specificity from '@bramus/specificity';
import { selectAll } from 'css-select';
import { type ChildNode, type Document, type Element } from 'domhandler';
import { textContent } from 'domutils';
import postcss from 'postcss';
import { matchableSelector, SELECT_OPTIONS } from './cssSelectors';
import { decodeCssEscapes } from './cssValues';

/**
 * The CSS cascade for the properties that can hide text: the message's <style> rules (those inside @media,
 * @supports, @layer and @container too: we assume they apply, since the mail client's window is unknown and
 * assuming the rule away could reveal text it hides), inline styles, selector specificity, source order and
 * !important, CSS escapes in properties and values, and custom properties with var() substituted as a browser
 * does at computed-value time. Selectors are matched with css-select, specificity comes from @bramus/specificity.
 */

/** Properties the visibility model evaluates (src/guard/hiddenContent.ts reads each of them). */
export const VISIBILITY_PROPERTIES = new Set([
  'display', 'visibility', 'content-visibility', 'font-size', 'font', 'line-height', 'opacity', 'filter', 'color',
  '-webkit-text-fill-color', 'background', 'background-color', 'background-image', 'height', 'max-height', 'width',
  'max-width', 'overflow', 'overflow-x', 'overflow-y', 'position', 'left', 'top', 'right', 'bottom', 'inset',
  'text-indent', 'margin', 'margin-left', 'margin-top', 'clip', 'clip-path', 'transform', 'translate', 'scale',
  'zoom', 'mso-hide', 'mask', 'mask-image', '-webkit-mask', '-webkit-mask-image', 'letter-spacing', 'word-spacing',
  'padding', 'padding-left', 'padding-top', 'vertical-align', 'z-index', 'rotate', 'contain', 'white-space',
  'mix-blend-mode', 'animation', 'animation-name', 'color-scheme', 'transform-style', 'perspective', 'backface-visibility',
  'content', 'text-overflow', 'min-height', 'min-width', 'border', 'border-width', 'border-left', 'border-left-width',
  'border-top', 'border-top-width', 'padding-inline-start', 'margin-inline-start', 'margin-block-start', 'inset-inline-start',
  'inset-block-start', 'overflow-clip-margin', 'float', 'table-layout',
]);

/**
 * Properties that cannot hide text whatever their value (typeface, decoration, borders' colour and style, list
 * markers, table model, hyphenation, printing, Outlook's own mso-* except mso-hide). Any other property that the
 * model does not evaluate fails closed (hiddenContent.ts), so this list is what keeps ordinary mail readable.
 */
export const HARMLESS_PROPERTIES = new Set([
  'font-family', 'font-weight', 'font-style', 'font-variant', 'font-variant-ligatures', 'font-variant-caps',
  'font-variant-numeric', 'font-feature-settings', 'font-kerning', 'font-stretch', 'font-synthesis', 'font-optical-sizing',
  'font-display', 'text-decoration', 'text-decoration-line', 'text-decoration-color', 'text-decoration-style',
  'text-decoration-thickness', 'text-underline-offset', 'text-underline-position', 'text-decoration-skip-ink',
  'text-transform', 'text-align-last', 'text-justify', 'text-rendering', 'text-size-adjust', '-webkit-text-size-adjust',
  '-ms-text-size-adjust', '-moz-text-size-adjust', '-webkit-font-smoothing', '-moz-osx-font-smoothing', 'font-smooth',
  'text-wrap', 'text-wrap-mode', 'text-wrap-style', 'word-break', 'word-wrap', 'overflow-wrap', 'hyphens',
  '-webkit-hyphens', '-ms-hyphens', 'line-break', 'tab-size', 'unicode-bidi', 'text-emphasis', '-webkit-text-stroke',
  '-webkit-text-stroke-width', '-webkit-text-stroke-color', 'cursor', 'pointer-events', 'user-select',
  '-webkit-user-select', 'resize', 'caret-color', 'accent-color', 'outline', 'outline-color', 'outline-style',
  'outline-width', 'outline-offset', 'border-color', 'border-style', 'border-radius', 'border-top-left-radius',
  'border-top-right-radius', 'border-bottom-left-radius', 'border-bottom-right-radius', 'border-collapse',
  'border-spacing', 'border-right', 'border-bottom', 'border-right-width', 'border-bottom-width', 'border-top-color',
  'border-right-color', 'border-bottom-color', 'border-left-color', 'border-top-style', 'border-right-style',
  'border-bottom-style', 'border-left-style', 'border-image', 'box-shadow', '-webkit-box-shadow', 'box-sizing',
  '-webkit-box-sizing', '-moz-box-sizing', 'background-repeat', 'background-position', 'background-size',
  'background-attachment', 'background-clip', 'background-origin', 'background-position-x', 'background-position-y',
  'list-style', 'list-style-type', 'list-style-position', 'list-style-image', 'caption-side', 'empty-cells',
  'clear', 'quotes', 'counter-reset', 'counter-increment', 'page-break-before', 'page-break-after',
  'page-break-inside', 'break-before', 'break-after', 'break-inside', 'orphans', 'widows', 'transition',
  'transition-property', 'transition-duration', 'transition-timing-function', 'transition-delay', 'will-change',
  'object-fit', 'object-position', 'image-rendering', '-ms-interpolation-mode', 'print-color-adjust',
  '-webkit-print-color-adjust', 'color-adjust', 'forced-color-adjust', 'margin-right', 'margin-bottom',
  'padding-right', 'padding-bottom', 'max-inline-size', 'inline-size', 'block-size', 'aspect-ratio', 'isolation',
  'align-items', 'align-content', 'align-self', 'justify-content', 'justify-items', 'justify-self', 'place-items',
  'place-content', 'gap', 'row-gap', 'column-gap', 'grid-gap', 'flex-direction', 'flex-wrap', 'flex-flow', 'order',
  'flex-grow', 'flex-shrink', 'flex-basis', 'flex', 'grid-template-columns', 'grid-template-rows', 'grid-template-areas',
  'grid-template', 'grid-auto-flow', 'grid-auto-rows', 'grid-auto-columns', 'grid-column', 'grid-row', 'grid-area',
  'grid-column-start', 'grid-column-end', 'grid-row-start', 'grid-row-end', 'column-count', 'columns',
  'column-width', 'column-rule', 'column-fill', 'column-span', 'scroll-behavior', 'scrollbar-width', 'scrollbar-color',
  'touch-action', 'appearance', '-webkit-appearance', '-moz-appearance', 'speak', 'font-size-adjust',
  '-webkit-tap-highlight-color', '-webkit-touch-callout', '-webkit-nbsp-mode', '-webkit-line-break', 'text-combine-upright',
  'text-orientation', 'ruby-position', 'hanging-punctuation', 'initial-letter', 'image-orientation', 'shape-outside',
  'src', 'unicode-range', 'size', 'text-align', 'direction', 'writing-mode', 'text-shadow',
]);

/** A property the cascade keeps: evaluated by the visibility model, or unknown to it (which fails closed there). */
export function couldHide(property: string): boolean {
  if (property === 'mso-hide') return true;
  return !HARMLESS_PROPERTIES.has(property) && !property.startsWith('mso-');
}

const UNLAYERED = Number.MAX_SAFE_INTEGER;

interface RuleContext {
  /** Inside a condition the cascade does not evaluate (@media for some window, @supports, @container, ...). */
  readonly uncertain: boolean;
  readonly layer: number;
}

/** A media query true on every screen a mail is read on ("", all, screen); anything else may or may not hold. */
function appliesOnScreen(query: string | undefined): boolean {
  return query === undefined || /^\s*(?:(?:only\s+)?(?:all|screen)\s*)?$/i.test(query);
}

/** At-rules whose contents are style rules for the document; the others (@keyframes, @font-face, @page) are not. */
const GROUPING_AT_RULES = new Set(['media', 'supports', 'layer', 'container', 'document', '-moz-document', 'scope', 'starting-style']);

interface SheetDeclaration {
  readonly property: string;
  readonly value: string;
  readonly important: boolean;
  /** Specificity packed into one number (a, b, c in base 1000), then source order breaks ties. */
  readonly specificity: number;
  readonly order: number;
  /** Cascade layer: the order its @layer first appeared in; unlayered rules come after every layer. */
  readonly layer: number;
}

/** The cascaded (winning) values of one element's visibility properties, var() already substituted. */
export type Declarations = ReadonlyMap<string, string>;
/** Custom properties in effect at an element (they inherit). */
export type CustomProperties = ReadonlyMap<string, string>;

const EMPTY: Declarations = new Map();
const RESET = /^\s*(?:initial|unset|revert|revert-layer)\s*$/i;
/** The evaluated properties that inherit: for them, unset and revert mean the parent's value. */
const INHERITED = new Set([
  'color', '-webkit-text-fill-color', 'font', 'font-size', 'visibility', 'letter-spacing', 'word-spacing', 'line-height',
  'text-indent', 'white-space', 'color-scheme', 'text-shadow',
]);
/** Keyword properties whose invalid values a browser drops (so an earlier valid declaration stays in force). */
const KEYWORDS: Record<string, RegExp> = {
  display: /^(?:none|contents|block|inline|inline-block|flow|flow-root|list-item|table|inline-table|table-row-group|table-header-group|table-footer-group|table-row|table-cell|table-column-group|table-column|table-caption|flex|inline-flex|grid|inline-grid|ruby|ruby-text|ruby-base|math|-webkit-box|-webkit-inline-box|inherit|initial|unset|revert|revert-layer|(?:block|inline|run-in)(?:\s+(?:flow|flow-root|table|flex|grid|ruby|list-item))*(?:\s+list-item)?|list-item\s+(?:block|inline|flow|flow-root))$/i,
  visibility: /^(?:visible|hidden|collapse|inherit|initial|unset|revert|revert-layer)$/i,
  position: /^(?:static|relative|absolute|fixed|sticky|-webkit-sticky|inherit|initial|unset|revert|revert-layer)$/i,
  'content-visibility': /^(?:visible|hidden|auto|inherit|initial|unset|revert|revert-layer)$/i,
};

/** Whether a browser would keep the declaration (only keyword properties are checked; var() is checked later). */
function isValidDeclaration(property: string, value: string): boolean {
  const grammar = KEYWORDS[property];
  return !grammar || value.includes('var(') || grammar.test(value.replace(/!\s*important\s*$/i, '').trim());
}
const NO_RULES: readonly ConditionalRule[] = [];

/**
 * uncertain: a rule that may or may not apply (a selector with parts the cascade cannot evaluate, a condition such
 * as @media or @supports it does not evaluate); firstLine: the
 * element's first line or letter; generated: ::before/::after boxes, which can be laid over the element's text;
 * ignored: ::selection, ::marker and the like, which never hide the element's text.
 */
export type ConditionalKind = 'uncertain' | 'firstLine' | 'generated' | 'ignored';

export interface ConditionalRule {
  readonly kind: ConditionalKind;
  readonly declarations: Declarations;
}

function pseudoElementKind(name: string): ConditionalKind {
  if (name === 'first-line' || name === 'first-letter') return 'firstLine';
  if (name === 'before' || name === 'after') return 'generated';
  return 'ignored';
}

function specificityOf(selector: string): number {
  try {
    const s = Specificity.calculate(selector)[0]?.value ?? { a: 0, b: 0, c: 0 };
    return s.a * 1e6 + s.b * 1e3 + s.c;
  } catch {
    return 0;
  }
}
const MAX_VAR_DEPTH = 16;

export class Cascade {
  private readonly sheet = new Map<Element, SheetDeclaration[]>();
  private readonly conditional = new Map<Element, ConditionalRule[]>();
  private readonly inlineCache = new Map<string, Array<[string, string, boolean]>>();
  private order = 0;
  private readonly layers = new Map<string, number>();

  constructor(document: Document) {
    for (const style of selectAll<ChildNode | Document, Element>('style', document)) {
      let root: postcss.Root;
      try {
        root = postcss.parse(textContent(style));
      } catch {
        continue; // an unparseable sheet: a browser would recover some rules; here none apply
      }
      this.addRules(root, document, { uncertain: !appliesOnScreen(style.attribs.media), layer: UNLAYERED });
    }
  }

  private addRules(container: postcss.Container, document: Document, context: RuleContext): void {
    for (const node of container.nodes ?? []) {
      if (node.type === 'atrule') {
        const name = node.name.toLowerCase();
        if (!GROUPING_AT_RULES.has(name)) continue;
        if (name === 'layer') {
          // "@layer a, b;" only orders layers; "@layer a { ... }" (or anonymous) holds rules.
          const names = node.params.split(',').map((n) => n.trim()).filter(Boolean);
          const layers = (names.length > 0 ? names : [`anonymous ${this.layers.size}`]).map((n) => {
            const key = context.layer === UNLAYERED ? n : `${context.layer}.${n}`;
            if (!this.layers.has(key)) this.layers.set(key, this.layers.size);
            return this.layers.get(key) as number;
          });
          if (node.nodes) this.addRules(node, document, { ...context, layer: layers[0] });
          continue;
        }
        // A condition the cascade does not evaluate (the window, the features, the container): the rules may apply.
        const uncertain = context.uncertain || !(name === 'media' && appliesOnScreen(node.params));
        this.addRules(node, document, { ...context, uncertain });
        continue;
      }
      if (node.type !== 'rule') continue;
      const declarations: Array<[string, string, boolean | undefined]> = [];
      for (const child of node.nodes ?? []) {
        if (child.type !== 'decl') continue;
        const property = normaliseProperty(child.prop);
        const value = decodeCssEscapes(child.value);
        if (property === 'all') for (const p of VISIBILITY_PROPERTIES) declarations.push([p, value, child.important]);
        else if (isRelevant(property) && isValidDeclaration(property, value)) declarations.push([property, value, child.important]);
      }
      if (declarations.length === 0) continue;
      for (const selector of splitSelectors(node)) {
        const matchable = matchableSelector(selector);
        const specificity = specificityOf(selector);
        const kind: ConditionalKind = matchable.pseudoElement ? pseudoElementKind(matchable.pseudoElement) : 'uncertain';
        if (kind === 'ignored') continue;
        // Where the rule certainly applies it takes part in the cascade; where it only may (a selector with parts
        // the cascade cannot evaluate, a condition it does not evaluate) or styles a part of the element, it is
        // judged alone, and can add hiding but never take it away.
        const whole = !context.uncertain && !matchable.pseudoElement;
        const certain = whole ? this.select(matchable.subset, document, 'none') : [];
        const certainSet = new Set(certain);
        const perhaps = whole && !matchable.widened ? [] : this.select(matchable.superset, document, 'all').filter((e) => !certainSet.has(e));
        for (const element of perhaps) {
          let list = this.conditional.get(element);
          if (!list) this.conditional.set(element, (list = []));
          list.push({ kind, declarations: new Map(declarations.map(([p, v]) => [p, v])) });
        }
        for (const element of certain) {
          let list = this.sheet.get(element);
          if (!list) this.sheet.set(element, (list = []));
          for (const [property, value, important] of declarations) {
            list.push({ property, value, important: important === true, specificity, order: this.order++, layer: context.layer });
          }
        }
      }
    }
  }

  /** The elements a selector matches; when css-select cannot evaluate it, every element (superset) or none (subset). */
  private select(selector: string, document: Document, onError: 'all' | 'none'): Element[] {
    try {
      return selectAll<ChildNode | Document, Element>(selector, document, SELECT_OPTIONS as never);
    } catch {
      return onError === 'none' ? [] : selectAll<ChildNode | Document, Element>('*', document);
    }
  }

  /**
   * Rules that apply to the element only perhaps (a widened selector) or to a part of it (a pseudo-element), each
   * to be judged alone: one that would hide text withholds the element's (see hiddenContent.ts).
   */
  conditionalRules(element: Element): readonly ConditionalRule[] {
    return this.conditional.get(element) ?? NO_RULES;
  }

  /**
   * The element's cascaded visibility properties with var() substituted against `inherited` custom properties
   * (plus the element's own), and the custom properties its children inherit. A var() that resolves to nothing
   * makes its declaration invalid at computed-value time, so the property is left unset, as in a browser.
   */
  compute(element: Element, inherited: CustomProperties): { declarations: Declarations; customs: CustomProperties } {
    const fromSheet = this.sheet.get(element);
    const inline = this.inlineDeclarations(element);
    if (!fromSheet && inline.length === 0) return { declarations: EMPTY, customs: inherited };
    const winners = new Map<string, { rank: number; layer: number; specificity: number; order: number; value: string }>();
    const consider = (property: string, value: string, rank: number, layer: number, specificity: number, order: number) => {
      const current = winners.get(property);
      if (
        !current ||
        rank > current.rank ||
        (rank === current.rank &&
          (layer > current.layer || (layer === current.layer && (specificity > current.specificity || (specificity === current.specificity && order >= current.order)))))
      ) {
        winners.set(property, { rank, layer, specificity, order, value });
      }
    };
    // Normal sheet < normal inline < !important sheet < !important inline; among sheet rules, later layers win
    // normal declarations and earlier layers win !important ones (unlayered counts as the last layer).
    for (const d of fromSheet ?? []) consider(d.property, d.value, d.important ? 2 : 0, d.important ? -d.layer : d.layer, d.specificity, d.order);
    inline.forEach(([property, value, important], i) => consider(property, value, important ? 3 : 1, 0, 0, i));
    let customs = inherited;
    for (const [property, w] of winners) {
      if (!property.startsWith('--')) continue;
      if (customs === inherited) customs = new Map(inherited);
      (customs as Map<string, string>).set(property, w.value);
    }
    const declarations = new Map<string, string>();
    for (const [property, w] of winners) {
      if (property.startsWith('--')) continue;
      const value = w.value.includes('var(') ? substituteVars(w.value, customs, 0) : w.value;
      // A property that does not inherit, reset to its initial value, is as if never set.
      if (value === undefined || (RESET.test(value) && !INHERITED.has(property))) continue;
      declarations.set(property, value);
    }
    return { declarations, customs };
  }

  private inlineDeclarations(element: Element): Array<[string, string, boolean]> {
    const style = element.attribs.style;
    if (!style || !style.trim()) return [];
    let parsed = this.inlineCache.get(style);
    if (parsed === undefined) {
      parsed = parseDeclarations(style).flatMap((d): Array<[string, string, boolean]> =>
        d[0] === 'all' ? [...VISIBILITY_PROPERTIES].map((p) => [p, d[1], d[2]]) : isRelevant(d[0]) && isValidDeclaration(d[0], d[1]) ? [d] : [],
      );
      // Bounded: a hostile message could carry many distinct styles; past the cap, parse without caching.
      if (this.inlineCache.size < 5000) this.inlineCache.set(style, parsed);
    }
    return parsed;
  }
}

function isRelevant(property: string): boolean {
  return property.startsWith('--') || couldHide(property);
}

function normaliseProperty(raw: string): string {
  const decoded = decodeCssEscapes(raw.trim());
  // Custom property names are case-sensitive; every other property name is not.
  if (decoded.startsWith('--')) return decoded;
  const name = decoded.toLowerCase();
  // Browsers read -webkit-transform as transform (and so on): the prefixed name is an alias of the evaluated one.
  const unprefixed = name.replace(/^-(?:webkit|moz|ms|o)-/, '');
  return unprefixed !== name && !VISIBILITY_PROPERTIES.has(name) && !HARMLESS_PROPERTIES.has(name) && VISIBILITY_PROPERTIES.has(unprefixed) ? unprefixed : name;
}

function splitSelectors(rule: postcss.Rule): string[] {
  try {
    return rule.selectors;
  } catch {
    return [rule.selector];
  }
}

/** var(--x) and var(--x, fallback), nested, against the custom properties in effect; undefined when invalid. */
function substituteVars(value: string, customs: CustomProperties, depth: number): string | undefined {
  if (depth > MAX_VAR_DEPTH) return undefined; // a cycle, or an expansion bomb: invalid, as in a browser
  let out = '';
  let at = 0;
  for (;;) {
    const start = value.toLowerCase().indexOf('var(', at);
    if (start < 0) return out + value.slice(at);
    out += value.slice(at, start);
    const end = matchingParen(value, start + 3);
    if (end < 0) return undefined;
    const inner = value.slice(start + 4, end);
    const comma = topLevelComma(inner);
    const name = (comma < 0 ? inner : inner.slice(0, comma)).trim();
    const own = customs.get(name);
    const replacement = own !== undefined ? own : comma >= 0 ? inner.slice(comma + 1) : undefined;
    if (replacement === undefined) return undefined;
    const resolved = replacement.includes('var(') ? substituteVars(replacement, customs, depth + 1) : replacement;
    if (resolved === undefined) return undefined;
    out += resolved.trim();
    at = end + 1;
  }
}

function matchingParen(text: string, open: number): number {
  let depth = 0;
  for (let i = open; i < text.length; i++) {
    if (text[i] === '(') depth++;
    else if (text[i] === ')' && --depth === 0) return i;
  }
  return -1;
}

function topLevelComma(text: string): number {
  let depth = 0;
  for (let i = 0; i < text.length; i++) {
    if (text[i] === '(') depth++;
    else if (text[i] === ')') depth--;
    else if (text[i] === ',' && depth === 0) return i;
  }
  return -1;
}

/**
 * Like a browser, a malformed declaration is skipped and the rest still apply. postcss, not a lighter inline-style
 * parser, so that escaped property names ("dis\\70 lay") parse as the browser reads them.
 */
function parseDeclarations(style: string): Array<[string, string, boolean]> {
  const toTriples = (source: string): Array<[string, string, boolean]> => {
    const rule = postcss.parse(`x{${source}}`).first;
    if (!rule || rule.type !== 'rule') return [];
    return (rule.nodes ?? []).flatMap((node) =>
      node.type === 'decl' ? [[normaliseProperty(node.prop), decodeCssEscapes(node.value), node.important] as [string, string, boolean]] : [],
    );
  };
  try {
    return toTriples(style);
  } catch {
    return style.split(';').flatMap((piece) => {
      try {
        return toTriples(piece);
      } catch {
        return [];
      }
    });
  }
}
