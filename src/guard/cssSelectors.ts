import { parse, SelectorType, stringify, type Selector } from 'css-what';

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
  readonly selector: string;
  /** first-line, first-letter, before, after, marker, ...: the rule styles that part of the matched elements. */
  readonly pseudoElement?: string;
  /** Whether something the cascade cannot evaluate was widened (or the selector could not be parsed at all). */
  readonly widened: boolean;
}

/** Pseudo-classes css-select evaluates exactly as a browser does on a static document. */
const EVALUATED = new Set([
  'not', 'is', 'where', 'matches', '-webkit-any', 'has', 'nth-child', 'nth-last-child', 'nth-of-type', 'nth-last-of-type',
  'first-child', 'last-child', 'only-child', 'first-of-type', 'last-of-type', 'only-of-type', 'empty', 'link', 'any-link',
  'root',
]);
/** At the top level of a sheet, :scope is the root element. */
const ROOT: Selector = { type: SelectorType.Pseudo, name: 'root', data: null };
/** States a reader does not start in: the rules for them do not decide what a person first sees. */
const NEVER_AT_FIRST = new Set(['hover', 'active', 'focus', 'focus-visible', 'focus-within', 'target', 'target-within']);
/** Pseudo-elements browsers still accept with one colon. */
const LEGACY_PSEUDO_ELEMENTS = new Set(['first-line', 'first-letter', 'before', 'after']);

const UNIVERSAL: Selector = { type: SelectorType.Universal, namespace: null };
const ALWAYS: Selector = { type: SelectorType.Pseudo, name: 'is', data: [[UNIVERSAL]] };
const NEVER: Selector = { type: SelectorType.Pseudo, name: 'not', data: [[UNIVERSAL]] };

/** Every element: for a selector that cannot even be parsed. */
const EVERYTHING: MatchableSelector = { selector: '*', widened: true };

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
    return EVERYTHING;
  }
  if (parsed.length !== 1) return EVERYTHING; // callers split selector lists first; a stray comma is not ours to guess
  const rewritten = rewriteCompound(parsed[0]);
  return { selector: stringify([rewritten.tokens]), pseudoElement: rewritten.pseudoElement, widened: rewritten.widened };
}

function rewriteCompound(tokens: readonly Selector[]): Rewritten {
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
      out.push(ALWAYS);
      widened = true;
      continue;
    }
    if (!Array.isArray(token.data)) {
      out.push(token);
      continue;
    }
    const inner = token.data.map(rewriteCompound);
    const innerWidened = inner.some((r) => r.widened);
    if (name === 'not' && innerWidened) {
      // :not(X) where X was widened could match fewer elements than the browser's: drop the negation.
      out.push(ALWAYS);
      widened = true;
      continue;
    }
    widened ||= innerWidened;
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
