import { domainToASCII, domainToUnicode } from 'node:url';
import addressparser from 'nodemailer/lib/addressparser';
import commonMailProviders from 'email-providers/common.json';
import unhomoglyph from 'unhomoglyph';
import { stripInvisibleChars } from './invisibleChars';
import { UserFacingError } from '../errors/userFacingError';

/**
 * The one address and domain module of every room. Addresses are read here (nodemailer's addressparser, below),
 * and addresses and domains get their canonical forms here, so guard, mail and writes compare them the same way:
 * what a person would read as the same address is the same key. It imports no other module of ours but the
 * guard's list of invisible characters, so every room that may import guard/ can use it.
 *
 * - folded text: invisible and bidi characters gone, NFKC (fullwidth "＠", small "﹫", fullwidth "．" become ASCII),
 *   the ideographic full stops and the non-ASCII hyphens and minus signs become "." and "-";
 * - a domain: lower case, no trailing dot, punycode (an IDN shown in one form and typed in the other meet);
 * - an address: its domain so, lower case, the sub-address ("+tag") dropped, and for Gmail the dots of the local
 *   part dropped (Gmail delivers "j.o.hn+x@gmail.com" to "john@gmail.com");
 * - a skeleton (UTS #39): what a domain looks like, so "examp1e.com" or a Cyrillic "ехаmple.com" meets
 *   "example.com". The mapping is Unicode's own confusables.txt as the `unhomoglyph` package ships it (a small,
 *   data-only package by the markdown-it authors, regenerated from Unicode's file); the skeleton algorithm around it
 *   (NFD, map, NFD) is the standard's, written out here.
 */

// U+2010..U+2015 hyphens and dashes, U+2212 minus, U+FE58/U+FE63 small hyphens, U+FF0D fullwidth hyphen, U+00AD is invisible.
const NON_ASCII_HYPHEN = /[\u2010-\u2015\u2043\u2212\u2796\uFE58\uFE63\uFF0D]/g;
// Ideographic and halfwidth ideographic full stops (NFKC maps U+FF0E to "." but leaves U+3002).
const NON_ASCII_FULL_STOP = /[\u3002\uFF61\u2024\uFE52]/g;
// At signs NFKC leaves alone.
const NON_ASCII_AT = /[\uFE6B\uFF20]/g;

/** Text as an address reader sees it: invisible characters gone, compatibility forms and odd dots, hyphens, at signs made ASCII. */
export function foldAddressText(text: string): string {
  return stripInvisibleChars(text)
    .text.normalize('NFKC')
    .replace(NON_ASCII_AT, '@')
    .replace(NON_ASCII_FULL_STOP, '.')
    .replace(NON_ASCII_HYPHEN, '-');
}

/** Lower case, no leading "@", "*." or ".", no trailing dot, punycode; '' for nothing. */
export function normaliseDomain(domain: string): string {
  const trimmed = foldAddressText(domain).trim().toLowerCase().replace(/^(?:\*\.|@|\.)/, '').replace(/\.+$/, '');
  if (!trimmed) return '';
  const ascii = domainToASCII(trimmed);
  if (ascii) return ascii;
  try {
    return new URL(`http://${trimmed}`).hostname;
  } catch {
    return trimmed;
  }
}

/** The domain as a person reads it (Unicode), from either form. */
export function unicodeDomain(domain: string): string {
  const ascii = normaliseDomain(domain);
  return (ascii.includes('xn--') && domainToUnicode(ascii)) || ascii;
}

const GMAIL_DOMAINS = new Set(['gmail.com', 'googlemail.com']);

/** The domain part of an address ("" when there is none), canonical. */
export function domainOfAddress(address: string): string {
  const folded = foldAddressText(address);
  const at = folded.lastIndexOf('@');
  return at < 0 ? '' : normaliseDomain(folded.slice(at + 1).replace(/>.*$/, ''));
}

/**
 * The canonical key of an address: the mailbox a message to it reaches, as far as it can be known from outside.
 * A quoted local part loses its quotes ("john doe"@x → john doe@x), as address parsers give it back.
 */
export function canonicalAddress(address: string): string {
  const folded = foldAddressText(address).trim().replace(/^mailto:/i, '');
  const at = folded.lastIndexOf('@');
  if (at <= 0) return folded.toLowerCase();
  let local = folded.slice(0, at).toLowerCase();
  let domain = normaliseDomain(folded.slice(at + 1));
  const quoted = /^"(.*)"$/s.exec(local);
  if (quoted) local = quoted[1];
  else {
    const plus = local.indexOf('+');
    if (plus > 0) local = local.slice(0, plus);
    if (GMAIL_DOMAINS.has(domain)) {
      local = local.replace(/\./g, '');
      domain = 'gmail.com';
    }
  }
  return `${local}@${domain}`;
}

/** The UTS #39 skeleton of a domain (lower-cased around it, since domains are case-free): look-alikes share it. */
export function domainSkeleton(domain: string): string {
  return skeleton(unicodeDomain(domain).toLowerCase()).toLowerCase();
}

/** The UTS #39 skeleton of a string: NFD, every character by its confusable prototype, NFD again. */
export function skeleton(text: string): string {
  return unhomoglyph(text.normalize('NFD')).normalize('NFD');
}

/** The address a header or a tool argument names (`Name <a@b>` or a@b), folded and lower case; '' when none. */
export function mailboxOf(value: string): string {
  const folded = foldAddressText(value);
  const angle = /<([^<>]+@[^<>]+)>\s*$/.exec(folded);
  return (angle ? angle[1] : folded).trim().toLowerCase();
}

/**
 * Large public mailbox providers: that such a domain appears in mail says nothing about who supplied an address
 * at it (everyone has an address there), so a domain of this list never counts as "supplied by mail" by itself,
 * and two addresses there are not one organisation. The address itself still counts.
 * The list is email-providers' common set (derhuerst/email-providers, kept from providers' own sign-up data);
 * the few it lacks that people here write from are named beside it.
 */
const PUBLIC_MAILBOX_DOMAINS = new Set<string>([...commonMailProviders, 'googlemail.com', 'ymail.com', 'pm.me', 'fastmail.com', 'tutanota.com']);

export function isPublicMailboxDomain(domain: string): boolean {
  const d = normaliseDomain(domain);
  return PUBLIC_MAILBOX_DOMAINS.has(d) || /^(?:yahoo|hotmail|outlook)\.[a-z.]+$/.test(d);
}

/**
 * The address is at the sender's own organisation: its domain is the sender's or under it (reply.github.com
 * answers for github.com), and that domain is not a public mailbox provider (two gmail.com addresses are two
 * people). Mail with such a Reply-To asks for answers inside the organisation that sent it; the parent direction
 * is not taken, so a sender at a subdomain cannot vouch for the rest of its parent.
 */
export function atSendersOrganisation(address: string, sender: string): boolean {
  const domain = domainOfAddress(address);
  const senderDomain = domainOfAddress(sender);
  if (!domain || !senderDomain || !senderDomain.includes('.') || isPublicMailboxDomain(senderDomain)) return false;
  return domain === senderDomain || domain.endsWith(`.${senderDomain}`);
}

// Reading addresses: nodemailer's addressparser, for tool input, headers of mail read, the edited confirmation
// document and the policy's checks alike, so "Name <a@b>" means the same address everywhere.

export interface ParsedAddress {
  name: string;
  address: string;
}

/** An address that cannot be used as given; `field` names the offending input. */
export class AddressError extends UserFacingError {
  readonly category = 'input';
  constructor(
    readonly field: string,
    message: string,
  ) {
    super(message);
    this.name = 'AddressError';
  }
}

const LINE_BREAK_OR_NUL = /[\r\n\0]/;
// Deliberately strict: what Gmail's own composer accepts, not everything RFC 5321 allows (no quoted local parts,
// no address literals). Unicode domains are allowed (nodemailer writes them as punycode).
const ADDRESS = /^[A-Za-z0-9.!#$%&'*+/=?^_`{|}~-]+@(?:[\p{L}\p{N}](?:[\p{L}\p{N}-]{0,61}[\p{L}\p{N}])?\.)+[\p{L}\p{N}]{2,63}$/u;
// Characters that read as an address's "@" or "." (fullwidth and small at signs, ideographic and fullwidth full stops):
// a display name "ceo＠corp。com" would pass for an address a person trusts.
const ADDRESS_PUNCTUATION_LOOKALIKE = /[\uFF20\uFE6B\u3002\uFF61\uFF0E\uFE12\uFE52]/gu;
// Anything in a display name that a person would read as an address.
const ADDRESS_IN_TEXT = /[^\s<>()"',;:@]+@[^\s<>()"',;:@]+\.[^\s<>()"',;:@]+/gu;

/** One address as written by a person or taken from a header; throws AddressError when it is not exactly one valid address. */
export function parseAddress(value: string, field: string): ParsedAddress {
  if (typeof value !== 'string') throw new AddressError(field, `${field}: an address must be a string`);
  noLineBreaks(value, field);
  const parsed = addressparser(value);
  if (parsed.length !== 1) throw new AddressError(field, `${field}: expected exactly one address, got ${parsed.length} in "${clip(value)}"`);
  const only = parsed[0];
  if ('group' in only && only.group) throw new AddressError(field, `${field}: address groups are not accepted ("${clip(value)}")`);
  const address = ('address' in only ? only.address : '').trim();
  if (!ADDRESS.test(address) || address.length > 254) throw new AddressError(field, `${field}: not a valid email address: "${clip(value)}"`);
  return { name: only.name.trim(), address };
}

/** A header value that may list several addresses (To, Cc, Reply-To as read from a message); groups are flattened. */
export function parseAddressList(value: string | readonly string[] | undefined, field: string): ParsedAddress[] {
  if (value === undefined) return [];
  const values = typeof value === 'string' ? [value] : value;
  const out: ParsedAddress[] = [];
  for (const v of values) {
    noLineBreaks(v, field);
    for (const a of addressparser(v, { flatten: true })) {
      if (!a.address) continue;
      out.push(parseAddress(formatAddress({ name: a.name, address: a.address }), field));
    }
  }
  return out;
}

/**
 * An address the account sends to (or from): the display name loses invisible and bidi characters (a person
 * would not see them, a spoofed name could hide behind them), and a name that shows another address than its
 * own is refused, since the recipient's mail client would show that address as the sender or a co-recipient.
 */
export function outgoingAddress(value: string, field: string): ParsedAddress {
  const parsed = parseAddress(value, field);
  const name = sendableName(parsed.name);
  const problem = nameProblem(name, parsed.address);
  if (problem) throw new AddressError(field, `${field}: ${problem}`);
  return { name, address: parsed.address };
}

/**
 * An address taken from the headers of mail being answered (a reply-all's To and Cc): a name that outgoingAddress
 * would refuse is dropped rather than refused, since the agent did not write it and the bare address is what the
 * message goes to ("'ann@home.example' via Team" <team@list.example> becomes team@list.example).
 */
export function answeringAddress(a: ParsedAddress): ParsedAddress {
  const name = sendableName(a.name);
  return nameProblem(name, a.address) ? { name: '', address: a.address } : { name, address: a.address };
}

function sendableName(name: string): string {
  return stripInvisibleChars(name).text.replace(/\s+/g, ' ').trim();
}

function nameProblem(name: string, address: string): string | undefined {
  const lookalike = name.match(ADDRESS_PUNCTUATION_LOOKALIKE);
  if (lookalike) {
    return (
      `the display name "${clip(name)}" contains ${lookalike.map((c) => `U+${(c.codePointAt(0) ?? 0).toString(16).toUpperCase().padStart(4, '0')}`).join(', ')}, ` +
      `which reads as the "@" or "." of an address; remove it from the name.`
    );
  }
  const other = (name.match(ADDRESS_IN_TEXT) ?? []).find((a) => a.toLowerCase() !== address.toLowerCase());
  if (other) return `the display name "${clip(name)}" shows the address ${other}, but the message goes to ${address}. Remove the address from the name, or give the address ${other} itself.`;
  return undefined;
}

/** `Name <addr>` with the name quoted when it needs to be; MailComposer RFC 2047-encodes non-ASCII names. */
export function formatAddress(a: ParsedAddress): string {
  if (!a.name) return a.address;
  const needsQuotes = /[()<>[\]:;@\\,."]/.test(a.name);
  const name = needsQuotes ? `"${a.name.replace(/["\\]/g, (c) => `\\${c}`)}"` : a.name;
  return `${name} <${a.address}>`;
}

/** "Name <a@b>" or "a@b" -> "a@b", lower case; '' when the value holds no address. Never throws. */
export function bareAddress(formatted: string): string {
  try {
    const first = addressparser(formatted, { flatten: true }).find((a) => a.address);
    return (first?.address ?? '').trim().toLowerCase();
  } catch {
    return '';
  }
}

/** The domain of an address, lower case, punycode (so a homograph meets its ASCII spelling). */
export function addressDomain(address: string): string {
  const bare = bareAddress(address) || address.trim().toLowerCase();
  return normaliseDomain(bare.slice(bare.lastIndexOf('@') + 1));
}

function noLineBreaks(value: string, field: string): void {
  if (LINE_BREAK_OR_NUL.test(value)) throw new AddressError(field, `${field} contains a line break or NUL, which could inject headers`);
}

function clip(value: string): string {
  const flat = value.replace(/[\r\n\0]/g, ' ');
  return flat.length > 80 ? `${flat.slice(0, 77)}...` : flat;
}
