import { sanitizeAlternatives } from '../../src/mail/visibility/sanitize';
import { FAMILIES, generateCases, type Family, type HidingCase } from './hidingGenerator';
import type { RenderedText } from './renderedText';

/**
 * The generator's cases (hidingGenerator.ts) through both the product's read path (sanitizeAlternatives, what
 * read_message gives the model) and Chromium (renderedText.ts). A leak is a marker the product shows and Chromium
 * hides: a hiding technique the visibility model misses. Lost text is a marker or control word Chromium shows and
 * the product withholds: the price of failing closed, reported, not failed.
 */

export interface Disagreement {
  readonly kind: 'leak' | 'lost';
  readonly testCase: HidingCase;
  readonly word: string;
}

export interface FamilyCount {
  cases: number;
  hiddenByChromium: number;
  leaks: number;
  lost: number;
}

export interface DifferentialResult {
  readonly seed: number;
  readonly cases: number;
  readonly disagreements: Disagreement[];
  readonly perFamily: Record<Family, FamilyCount>;
}

const shows = (text: string, word: string) => text.toLowerCase().includes(word.toLowerCase());

export async function runDifferential(renderer: RenderedText, seed: number, count: number): Promise<DifferentialResult> {
  const perFamily = Object.fromEntries(FAMILIES.map((f) => [f, { cases: 0, hiddenByChromium: 0, leaks: 0, lost: 0 }])) as Record<Family, FamilyCount>;
  const disagreements: Disagreement[] = [];
  for (const testCase of generateCases(seed, count)) {
    const product = sanitizeAlternatives(testCase.html, undefined).text;
    const person = await renderer.visibleText(testCase.html);
    const counts = perFamily[testCase.family];
    counts.cases += 1;
    // Alt text is not a text node, so the oracle cannot see it: a person sees it exactly when there is no image.
    const personSeesMarker = testCase.altShown ?? shows(person, testCase.marker);
    if (!personSeesMarker) counts.hiddenByChromium += 1;
    const productShowsMarker = shows(product, testCase.marker);
    if (productShowsMarker && !personSeesMarker) {
      counts.leaks += 1;
      disagreements.push({ kind: 'leak', testCase, word: testCase.marker });
    }
    for (const word of [testCase.marker, ...testCase.controls]) {
      const seen = word === testCase.marker ? personSeesMarker : shows(person, word);
      if (seen && !shows(product, word)) {
        counts.lost += 1;
        disagreements.push({ kind: 'lost', testCase, word });
      }
    }
  }
  return { seed, cases: count, disagreements, perFamily };
}

export function describeDisagreement(d: Disagreement): string {
  const verdict = d.kind === 'leak' ? 'the model reads what Chromium hides' : 'Chromium shows what the model does not get';
  return `#${d.testCase.index} ${d.testCase.family} [${d.testCase.constructs.join(' | ')}] ${verdict}: ${d.word}`;
}

export function familyTable(result: DifferentialResult): string[] {
  return FAMILIES.map((f) => {
    const c = result.perFamily[f];
    return `${f.padEnd(14)} cases ${String(c.cases).padStart(4)}  hidden by Chromium ${String(c.hiddenByChromium).padStart(4)}  leaks ${String(c.leaks).padStart(3)}  lost ${String(c.lost).padStart(3)}`;
  });
}
