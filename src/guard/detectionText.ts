import unhomoglyph from 'unhomoglyph';
import { EMAIL } from './injectionVocabulary';
import { stripInvisibleChars } from './invisibleChars';

/**
 * The text the injection detector reads: what a model would understand, spelled the one way the detector knows.
 * A model reads "ѕеnd" (Cyrillic ѕ and е), "𝐢𝐠𝐧𝐨𝐫𝐞", "1gn0re" and "System꞉" as the words they look like; the
 * detector must too, or an attacker need only change letters. Steps, in order:
 * - invisible characters (zero-width, bidi controls, tag characters) go;
 * - the look-alike substitutes controlTokens.ts puts into role markers go back to the marker ("System꞉" is again
 *   "System:"), so a defanged marker still counts as a marker;
 * - NFKC folds compatibility forms (fullwidth, mathematical letters, ligatures);
 * - in a word that mixes Latin letters with letters of another script, or that is all look-alikes of Latin letters,
 *   each letter becomes its UTS #39 confusable prototype (unhomoglyph, built from Unicode's confusables.txt). A
 *   word wholly in another script ("привет", "申請") stays as it is: its own language is not an attack;
 * - leetspeak inside a word that has letters ("1gn0re", "pa$$word") becomes letters; numbers alone stay.
 * Case is kept: the features fold it themselves, and capitals carry meaning for rules ("IMPORTANT!!!").
 */

/** controlTokens.ts's substitutes, mapped back to what they replaced. */
const DEFANG_SUBSTITUTES: Readonly<Record<string, string>> = { '‹': '<', '›': '>', '⟦': '[', '⟧': ']', '⌗': '#', '꞉': ':' };
const DEFANGED = /[‹›⟦⟧⌗꞉]/gu;

const LEET: Readonly<Record<string, string>> = { '0': 'o', '1': 'i', '3': 'e', '4': 'a', '5': 's', '7': 't', '$': 's', '@': 'a' };
// A word as the detector sees it: letters, marks, digits and the leet symbols glued to them.
const WORD = /[\p{L}\p{M}\p{N}$@]+/gu;
const EMAIL_OR_HANDLE = new RegExp(EMAIL, 'gu');
const ASCII_LETTER = /[A-Za-z]/;
const NON_ASCII_LETTER = /[^\x00-\x7F]/u;

const prototypeCache = new Map<string, string | null>();

/** The ASCII letter(s) a character is confusable with, or null when its prototype is not plain ASCII. */
function asciiPrototype(char: string): string | null {
  let cached = prototypeCache.get(char);
  if (cached !== undefined) return cached;
  const lower = char.toLowerCase();
  const skeleton = unhomoglyph(lower);
  cached = /^[a-z]+$/i.test(skeleton) && skeleton !== lower ? skeleton.toLowerCase() : null;
  // Upper-case prototypes ('I' for Cyrillic І) read as the lower-case letter the word means.
  if (cached === 'l' && /^[iіıɪ]$/iu.test(lower)) cached = 'i';
  if (prototypeCache.size < 10_000) prototypeCache.set(char, cached);
  return cached;
}

function isUpper(char: string): boolean {
  return char !== char.toLowerCase() && char === char.toUpperCase();
}

function unconfuseWord(word: string): string {
  if (!NON_ASCII_LETTER.test(word)) return word;
  const chars = [...word];
  const mixed = ASCII_LETTER.test(word);
  const prototypes = chars.map((c) => (c.charCodeAt(0) < 0x80 ? c : asciiPrototype(c)));
  // A word of another script stays, unless every letter is a Latin look-alike (an all-Cyrillic "ѕеnd").
  if (!mixed && prototypes.some((p) => p === null)) return word;
  return chars
    .map((c, i) => {
      const p = prototypes[i];
      if (p === null || c.charCodeAt(0) < 0x80) return c;
      return isUpper(c) ? p.toUpperCase() : p;
    })
    .join('');
}

function unleetWord(word: string): string {
  // Long runs are identifiers, hashes or base64, not words spelled in leet.
  if (word.length > 24) return word;
  const letters = word.match(/\p{L}/gu)?.length ?? 0;
  // A word in leet is mostly letters; dates, times and identifiers ("20260603T0828Z") are mostly digits.
  if (letters < 2 || letters * 2 < [...word].length || !/[0-9$@]/.test(word)) return word;
  // Units, ordinals and model numbers ("3pm", "10th", "mp3", "v2", "x86") are ordinary: only letters on both sides count.
  if (!/\p{L}[0-9$@]+\p{L}/u.test(word) && !/^[$@]/.test(word)) return word;
  return word.replace(/[0-9$@]/g, (c) => LEET[c] ?? c);
}

// Base64 a model would decode: a long run of its alphabet, whole quads, that decodes to readable text.
const BASE64_RUN = /(?<![A-Za-z0-9+/])(?:[A-Za-z0-9+/]{4}){4,}(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?(?![A-Za-z0-9+/=])/g;
const MAX_DECODED = 20;

/** The readable text that base64 runs in the text spell, one line each (at most MAX_DECODED runs). */
export function decodedBase64Runs(text: string): string[] {
  const decoded: string[] = [];
  for (const match of text.matchAll(BASE64_RUN)) {
    // Words in camel case or long identifiers match the alphabet too; real base64 mixes cases and digits.
    if (!/[0-9+/]/.test(match[0]) || !/[a-z]/.test(match[0]) || !/[A-Z]/.test(match[0])) continue;
    const plain = Buffer.from(match[0], 'base64').toString('utf8');
    const readable = plain.replace(/[^\p{L}\p{N}\p{P}\p{Zs}\n]/gu, '');
    if (plain.length >= 8 && readable.length / plain.length > 0.9 && /\p{L}{3}/u.test(plain)) decoded.push(plain);
    if (decoded.length >= MAX_DECODED) break;
  }
  return decoded;
}

/**
 * The detector's reading of a text (see above); offsets are not kept, so findings quote this text. What base64
 * runs in it decode to is appended, a line each: a model decodes them, so the detector reads them too.
 */
export function normalizeForDetection(input: string): string {
  const decoded = decodedBase64Runs(input);
  const text = normalizeVisible(input);
  return decoded.length ? `${text}\n${decoded.map(normalizeVisible).join('\n')}` : text;
}

function normalizeVisible(input: string): string {
  const visible = stripInvisibleChars(input).text.replace(DEFANGED, (c) => DEFANG_SUBSTITUTES[c] ?? c).normalize('NFKC');
  // Addresses keep their '@' and digits: they are destinations, not words.
  const parts: string[] = [];
  let last = 0;
  for (const match of visible.matchAll(EMAIL_OR_HANDLE)) {
    parts.push(normalizeWords(visible.slice(last, match.index)), match[0]);
    last = match.index + match[0].length;
  }
  parts.push(normalizeWords(visible.slice(last)));
  return parts.join('');
}

function normalizeWords(text: string): string {
  return text.replace(WORD, (word) => unleetWord(unconfuseWord(word)));
}
