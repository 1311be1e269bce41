import { domainToUnicode } from 'node:url';
import { normaliseDomain } from './addresses';
import { EMAIL } from './injectionVocabulary';

/**
 * Senders and recipients that pretend to be someone else: a display name that is itself an address other than
 * the real one ("security@google.com" <x@evil.example>), and domains that read as another domain: mixed scripts
 * in one label (Latin "paypal" with a Cyrillic "а"), a label written wholly in letters that look Latin, or an
 * IDN spelled as punycode (xn--…) that decodes to one of those. Pure functions, so the read results and the send
 * confirmation (marking a recipient) use the same verdict.
 */

export type LookalikeKind = 'display-name-address' | 'mixed-script-domain' | 'confusable-domain';

export interface LookalikeFinding {
  readonly kind: LookalikeKind;
  /** One short line for people and for the model. */
  readonly message: string;
}

export interface Mailbox {
  readonly name?: string;
  readonly address: string;
}

const ADDRESS = new RegExp(EMAIL, 'gu');

/**
 * `Name <addr>`, `"Name" <addr>` or a bare address, as our headers render a sender; the address is the last
 * angle-bracketed part, so a display name that contains "<…>" itself cannot pass for it.
 */
export function parseMailbox(header: string): Mailbox | undefined {
  const trimmed = header.trim();
  const angle = /<([^<>\s]+@[^<>\s]+)>\s*$/u.exec(trimmed);
  if (angle) {
    const name = trimmed.slice(0, angle.index).trim().replace(/^"(.*)"$/su, '$1').trim();
    return { name: name || undefined, address: angle[1] };
  }
  ADDRESS.lastIndex = 0;
  const bare = ADDRESS.exec(trimmed);
  return bare && bare[0].length === trimmed.length ? { address: trimmed } : undefined;
}

// Scripts a domain label can mix with Latin to imitate it; Han/Hiragana/Katakana mixes are normal in Japanese.
const SCRIPTS = ['Latin', 'Cyrillic', 'Greek', 'Armenian', 'Cherokee', 'Georgian', 'Coptic'] as const;
const SCRIPT_RES = SCRIPTS.map((script) => [script, new RegExp(`\\p{Script=${script}}`, 'u')] as const);
/**
 * Cyrillic and Greek letters whose glyphs are the Latin ones (Unicode's confusables.txt lists them as
 * skeleton-equal to a Latin letter); a label made only of these reads as Latin ("аррӏе" for "apple").
 */
const LATIN_LOOKING = new Set([...'аеорсуххіјѕԁһӏԛԝɡАВЕКМНОРСТХУІЈЅԌοαρτνκικΑΒΕΖΗΙΚΜΝΟΡΤΥΧ']);

function scriptsOf(label: string): string[] {
  return SCRIPT_RES.filter(([, re]) => re.test(label)).map(([script]) => script);
}

/** What is wrong with a domain, if anything: mixed scripts in one label, or a label of Latin look-alikes. */
export function domainLookalike(domain: string): LookalikeFinding | undefined {
  const ascii = normaliseDomain(domain);
  if (!ascii) return undefined;
  // domainToUnicode returns '' for a domain it cannot parse; the punycode then stays as it was.
  const unicode = /(?:^|\.)xn--/u.test(ascii) ? domainToUnicode(ascii) || ascii : ascii;
  const shown = unicode === ascii ? unicode : `${unicode} (${ascii})`;
  for (const label of unicode.split('.')) {
    const scripts = scriptsOf(label);
    if (scripts.length > 1) {
      return { kind: 'mixed-script-domain', message: `the domain ${shown} mixes ${scripts.join(' and ')} letters, as look-alike domains do` };
    }
    const letters = [...label].filter((c) => /\p{L}/u.test(c));
    if (scripts.length === 1 && scripts[0] !== 'Latin' && letters.length > 0 && letters.every((c) => LATIN_LOOKING.has(c))) {
      return { kind: 'confusable-domain', message: `the domain ${shown} is written in ${scripts[0]} letters that look Latin` };
    }
  }
  return undefined;
}

/** The domain of an address ("a@b.example" → "b.example"), or undefined. */
function domainOf(address: string): string | undefined {
  const at = address.lastIndexOf('@');
  return at > 0 ? address.slice(at + 1) : undefined;
}

const sameAddress = (a: string, b: string): boolean => a.trim().toLowerCase() === b.trim().toLowerCase();

/** Everything that makes a sender look like someone else, one finding a kind. */
export function senderLookalikes(sender: Mailbox): LookalikeFinding[] {
  const findings: LookalikeFinding[] = [];
  if (sender.name) {
    const named = [...sender.name.matchAll(ADDRESS)].map((m) => m[0]).find((a) => !sameAddress(a, sender.address));
    if (named) findings.push({ kind: 'display-name-address', message: `the display name shows the address ${named}, but the mail is from ${sender.address}` });
  }
  const domain = domainOf(sender.address);
  const lookalike = domain ? domainLookalike(domain) : undefined;
  if (lookalike) findings.push(lookalike);
  return findings;
}

/** The same check for a recipient address, for the send confirmation to mark. */
export function recipientLookalike(address: string): LookalikeFinding | undefined {
  const domain = domainOf(address);
  return domain ? domainLookalike(domain) : undefined;
}
