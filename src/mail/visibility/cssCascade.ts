import Specificity from '@bramus/specificity';
import { selectAll } from 'css-select';
import { type ChildNode, type Document, type Element } from 'domhandler';
import { textContent } from 'domutils';
import postcss from 'postcss';
import { decodeCssEscapes } from './cssValues';

/**
 * The CSS cascade for the properties that can hide text: the message's <style> rules (those inside @media,
 * @supports, @layer and @container too: we assume they apply, since the mail client's window is unknown and
 * assuming the rule away could reveal text it hides), inline styles, selector specificity, source order and
 * !important, CSS escapes in properties and values, and custom properties with var() substituted as a browser
 * does at computed-value time. Selectors are matched with css-select, specificity comes from @bramus/specificity.
 */

/** Properties that can hide or move text; rules with none of them (nor custom properties) are skipped (speed). */
export const VISIBILITY_PROPERTIES = new Set([
  'display', 'visibility', 'content-visibility', 'font-size', 'font', 'line-height', 'opacity', 'filter', 'color',
  '-webkit-text-fill-color', 'background', 'background-color', 'background-image', 'height', 'max-height', 'width',
  'max-width', 'overflow', 'overflow-x', 'overflow-y', 'position', 'left', 'top', 'right', 'bottom', 'inset',
  'text-indent', 'margin', 'margin-left', 'margin-top', 'clip', 'clip-path', 'transform', 'translate', 'scale',
  'zoom', 'mso-hide', 'mask', 'mask-image', '-webkit-mask', '-webkit-mask-image',
]);

/** At-rules whose contents are style rules for the document; the others (@keyframes, @font-face, @page) are not. */
const GROUPING_AT_RULES = new Set(['media', 'supports', 'layer', 'container', 'document', '-moz-document', 'scope', 'starting-style']);

interface SheetDeclaration {
  readonly property: string;
  readonly value: string;
  readonly important: boolean;
  /** Specificity packed into one number (a, b, c in base 1000), then source order breaks ties. */
  readonly specificity: number;
  readonly order: number;
}

/** The cascaded (winning) values of one element's visibility properties, var() already substituted. */
export type Declarations = ReadonlyMap<string, string>;
/** Custom properties in effect at an element (they inherit). */
export type CustomProperties = ReadonlyMap<string, string>;

const EMPTY: Declarations = new Map();
const MAX_VAR_DEPTH = 16;

export class Cascade {
  private readonly sheet = new Map<Element, SheetDeclaration[]>();
  private readonly inlineCache = new Map<string, Array<[string, string, boolean]>>();
  private order = 0;

  constructor(document: Document) {
    for (const style of selectAll<ChildNode | Document, Element>('style', document)) {
      let root: postcss.Root;
      try {
        root = postcss.parse(textContent(style));
      } catch {
        continue; // an unparseable sheet: a browser would recover some rules; here none apply
      }
      this.addRules(root, document);
    }
  }

  private addRules(container: postcss.Container, document: Document): void {
    for (const node of container.nodes ?? []) {
      if (node.type === 'atrule') {
        if (GROUPING_AT_RULES.has(node.name.toLowerCase())) this.addRules(node, document);
        continue;
      }
      if (node.type !== 'rule') continue;
      const declarations: Array<[string, string, boolean | undefined]> = [];
      for (const child of node.nodes ?? []) {
        if (child.type !== 'decl') continue;
        const property = normaliseProperty(child.prop);
        if (isRelevant(property)) declarations.push([property, decodeCssEscapes(child.value), child.important]);
      }
      if (declarations.length === 0) continue;
      for (const selector of splitSelectors(node)) {
        let elements: Element[];
        let specificity: number;
        try {
          elements = selectAll<ChildNode | Document, Element>(selector, document);
          const s = Specificity.calculate(selector)[0]?.value ?? { a: 0, b: 0, c: 0 };
          specificity = s.a * 1e6 + s.b * 1e3 + s.c;
        } catch {
          continue; // :hover and friends (not the state a reader first sees), unknown syntax
        }
        for (const element of elements) {
          let list = this.sheet.get(element);
          if (!list) this.sheet.set(element, (list = []));
          for (const [property, value, important] of declarations) {
            list.push({ property, value, important: important === true, specificity, order: this.order++ });
          }
        }
      }
    }
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
    const winners = new Map<string, { rank: number; specificity: number; order: number; value: string }>();
    const consider = (property: string, value: string, rank: number, specificity: number, order: number) => {
      const current = winners.get(property);
      if (
        !current ||
        rank > current.rank ||
        (rank === current.rank && (specificity > current.specificity || (specificity === current.specificity && order >= current.order)))
      ) {
        winners.set(property, { rank, specificity, order, value });
      }
    };
    // Normal sheet < normal inline < !important sheet < !important inline.
    for (const d of fromSheet ?? []) consider(d.property, d.value, d.important ? 2 : 0, d.specificity, d.order);
    inline.forEach(([property, value, important], i) => consider(property, value, important ? 3 : 1, 0, i));
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
      if (value !== undefined) declarations.set(property, value);
    }
    return { declarations, customs };
  }

  private inlineDeclarations(element: Element): Array<[string, string, boolean]> {
    const style = element.attribs.style;
    if (!style || !style.trim()) return [];
    let parsed = this.inlineCache.get(style);
    if (parsed === undefined) {
      parsed = parseDeclarations(style).filter(([property]) => isRelevant(property));
      // Bounded: a hostile message could carry many distinct styles; past the cap, parse without caching.
      if (this.inlineCache.size < 5000) this.inlineCache.set(style, parsed);
    }
    return parsed;
  }
}

function isRelevant(property: string): boolean {
  return property.startsWith('--') || VISIBILITY_PROPERTIES.has(property);
}

function normaliseProperty(raw: string): string {
  const decoded = decodeCssEscapes(raw.trim());
  // Custom property names are case-sensitive; every other property name is not.
  return decoded.startsWith('--') ? decoded : decoded.toLowerCase();
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
