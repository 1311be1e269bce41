import { parse, SelectorType, stringify, type Selector } from 'css-what';
import type { Options } from 'css-select';
import { type AnyNode, type Element, isTag } from 'domhandler';

/**
 * Selectors as the visibility cascade matches them: never fewer elements than a browser would. css-select
 * evaluates structure (classes, ids, attributes, combinators, :not/:is/:where/:has, the nth- and -child
 * pseudo-classes, :root of the document the HTML standard's parser builds) as a browser does; everything else it
 * cannot know here (:lang(), :dir(), :defined, :visited, :read-only, a pseudo-class of tomorrow) is widened to "matches" where it stands, and a
 * :not() around such a part is dropped (it could match too). States a person does not start in (:hover, :focus,
 * :target, ...) never match. So a rule that could hide text applies to every element it could match: a superset,
 * which fails closed. The pseudo-element a rule styles is returned apart, for the caller to judge.
 */

export interface MatchableSelector {
  /** A selector css-select can evaluate that matches every element the original could match. */
  readonly superset: string;
  /** One that matches only elements the original certainly matches (the same as superset when nothing is unknown). */
  readonly subset: string;
  /** first-line, first-letter, before, after, marker, ...: the rule styles that part of the matched elements. */
  readonly pseudoElement?: string;
  /** Whether something the cascade cannot evaluate was met (or the selector could not be parsed at all). */
  readonly widened: boolean;
}

/** Pseudo-classes css-select evaluates exactly as a browser does on a static document. */
const EVALUATED = new Set([
  'not', 'is', 'where', 'matches', '-webkit-any', 'has', 'nth-child', 'nth-last-child', 'nth-of-type', 'nth-last-of-type',
  'first-child', 'last-child', 'only-child', 'first-of-type', 'last-of-type', 'only-of-type', 'empty', 'link', 'any-link',
  'root', 'lang', 'dir', 'defined',
]);

/** The language an element is in: its own lang attribute or its nearest ancestor's ("" when none says). */
function languageOf(element: Element): string | undefined {
  for (let e: AnyNode | null = element; e && isTag(e); e = e.parent) {
    const lang = e.attribs.lang ?? e.attribs['xml:lang'];
    if (lang !== undefined) return lang.trim().toLowerCase();
  }
  return undefined;
}

/** ltr or rtl from the dir attributes; undefined when an ancestor says auto (the text decides: not evaluated). */
function directionOf(element: Element): string | undefined {
  for (let e: AnyNode | null = element; e && isTag(e); e = e.parent) {
    const dir = e.attribs.dir?.trim().toLowerCase();
    if (dir === 'ltr' || dir === 'rtl') return dir;
    if (dir === 'auto' || (dir === undefined && e.name === 'bdi')) return undefined;
  }
  return 'ltr';
}

/**
 * The pseudo-classes css-select does not know, evaluated as a browser does on a static mail: :lang() by the lang
 * attributes (prefix matching and wildcards), :dir() by the dir attributes, :defined for every element (without
 * scripts no custom element is defined, and those are withheld anyway as unknown elements). Where the document
 * does not say (no lang attribute: the mail client's page may give one; dir=auto: the text decides), the answer
 * is "matches" in a positive context and "does not match" under :not(), through the -strict forms: a superset.
 */
function langMatches(element: Element, value: string | null | undefined, unknown: boolean): boolean {
  const lang = languageOf(element);
  if (lang === undefined) return unknown;
  if (!value) return false;
  return value.split(',').some((range) => {
    const r = range.trim().replace(/^["']|["']$/g, '').toLowerCase();
    return r === '*' ? lang !== '' : r !== '' && (lang === r || lang.startsWith(`${r}-`) || (r.startsWith('*-') && lang.includes(r.slice(1))));
  });
}

function dirMatches(element: Element, value: string | null | undefined, unknown: boolean): boolean {
  const dir = directionOf(element);
  return dir === undefined ? unknown : dir === value?.trim().toLowerCase();
}

export const SELECT_OPTIONS: Options<AnyNode, Element> = {
  pseudos: {
    lang: (element: Element, value?: string | null) => langMatches(element, value, true),
    'lang-strict': (element: Element, value?: string | null) => langMatches(element, value, false),
    dir: (element: Element, value?: string | null) => dirMatches(element, value, true),
    'dir-strict': (element: Element, value?: string | null) => dirMatches(element, value, false),
    defined: (element: Element) => !element.name.includes('-'),
  },
};

/** At the top level of a sheet, :scope is the root element. */
const ROOT: Selector = { type: SelectorType.Pseudo, name: 'root', data: null };

/** Pseudo-classes whose answer can be unknown: their -strict form answers "no" where the loose one answers "yes". */
const UNKNOWN_CAN_HAPPEN = new Set(['lang', 'dir']);

/** States a reader does not start in: the rules for them do not decide what a person first sees. */
const NEVER_AT_FIRST = new Set(['hover', 'active', 'focus', 'focus-visible', 'focus-within', 'target', 'target-within']);
/** Pseudo-elements browsers still accept with one colon. */
const LEGACY_PSEUDO_ELEMENTS = new Set(['first-line', 'first-letter', 'before', 'after']);

const UNIVERSAL: Selector = { type: SelectorType.Universal, namespace: null };
const ALWAYS: Selector = { type: SelectorType.Pseudo, name: 'is', data: [[UNIVERSAL]] };
const NEVER: Selector = { type: SelectorType.Pseudo, name: 'not', data: [[UNIVERSAL]] };

/** Every element perhaps, none certainly: for a selector that cannot even be parsed. */
const UNPARSEABLE: MatchableSelector = { superset: '*', subset: ':not(*)', widened: true };

interface Rewritten {
  tokens: Selector[];
  widened: boolean;
  pseudoElement?: string;
}

export function matchableSelector(selector: string): MatchableSelector {
  let parsed: Selector[][];
  try {
    parsed = parse(selector);
  } catch {
    return UNPARSEABLE;
  }
  if (parsed.length !== 1) return UNPARSEABLE; // callers split selector lists first; a stray comma is not ours to guess
  const superset = rewriteCompound(parsed[0], true);
  const subset = rewriteCompound(parsed[0], false);
  return {
    superset: stringify([superset.tokens]),
    subset: stringify([subset.tokens]),
    pseudoElement: superset.pseudoElement,
    widened: superset.widened,
  };
}

/**
 * The compound with what cannot be known replaced by "matches" or "does not match", whichever makes the whole
 * selector a superset (`wantTrue` in a positive context) or a subset of what the browser matches; each :not()
 * flips which answer that is.
 */
function rewriteCompound(tokens: readonly Selector[], wantTrue: boolean): Rewritten {
  const out: Selector[] = [];
  let widened = false;
  let pseudoElement: string | undefined;
  for (const token of tokens) {
    if (token.type === SelectorType.PseudoElement) {
      pseudoElement = token.name.toLowerCase();
      continue;
    }
    if (token.type !== SelectorType.Pseudo) {
      out.push(token);
      continue;
    }
    const name = token.name.toLowerCase();
    if (LEGACY_PSEUDO_ELEMENTS.has(name)) {
      pseudoElement = name;
      continue;
    }
    if (name === 'scope') {
      out.push(ROOT);
      continue;
    }
    if (NEVER_AT_FIRST.has(name)) {
      out.push(NEVER);
      continue;
    }
    if (!EVALUATED.has(name) || (typeof token.data === 'string' && /\bof\b/i.test(token.data))) {
      out.push(wantTrue ? ALWAYS : NEVER);
      widened = true;
      continue;
    }
    if (!Array.isArray(token.data)) {
      if (UNKNOWN_CAN_HAPPEN.has(name)) {
        widened = true;
        out.push(wantTrue ? token : { ...token, name: `${name}-strict` });
      } else out.push(token);
      continue;
    }
    const inner = token.data.map((compound) => rewriteCompound(compound, name === 'not' ? !wantTrue : wantTrue));
    widened ||= inner.some((r) => r.widened);
    out.push({ ...token, data: inner.map((r) => r.tokens) });
  }
  // "div > ::before" leaves a trailing combinator once the pseudo-element is taken off.
  const last = out[out.length - 1];
  if (!last || isTraversal(last)) out.push(UNIVERSAL);
  return { tokens: out, widened, pseudoElement };
}

function isTraversal(token: Selector): boolean {
  return token.type !== SelectorType.Attribute && token.type !== SelectorType.Pseudo && token.type !== SelectorType.PseudoElement &&
    token.type !== SelectorType.Tag && token.type !== SelectorType.Universal;
}
