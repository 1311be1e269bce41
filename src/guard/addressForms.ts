import { domainToASCII, domainToUnicode } from 'node:url';
import unhomoglyph from 'unhomoglyph';
import { stripInvisibleChars } from './invisibleChars';

/**
 * The one place addresses and domains get their canonical forms, so guard, mail and writes compare them the same
 * way: what a person would read as the same address is the same key here. It imports no room (only the guard's
 * own list of invisible characters), so every room can use it.
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
 * at it (everyone has an address there), so a domain of this list never counts as "supplied by mail" by itself.
 * The address itself still does.
 */
const PUBLIC_MAILBOX_DOMAINS = new Set([
  'gmail.com', 'googlemail.com', 'outlook.com', 'hotmail.com', 'live.com', 'msn.com', 'yahoo.com', 'ymail.com',
  'icloud.com', 'me.com', 'mac.com', 'aol.com', 'proton.me', 'protonmail.com', 'pm.me', 'gmx.com', 'gmx.net',
  'gmx.de', 'web.de', 'mail.com', 'zoho.com', 'yandex.com', 'yandex.ru', 'mail.ru', 'qq.com', '163.com',
  '126.com', 'fastmail.com', 'tutanota.com', 'hey.com', 'orange.fr', 'free.fr', 'laposte.net', 't-online.de',
  'libero.it', 'naver.com', 'seznam.cz', 'wp.pl', 'o2.pl', 'interia.pl',
]);

export function isPublicMailboxDomain(domain: string): boolean {
  const d = normaliseDomain(domain);
  return PUBLIC_MAILBOX_DOMAINS.has(d) || /^yahoo\.[a-z.]+$/.test(d) || /^hotmail\.[a-z.]+$/.test(d) || /^outlook\.[a-z.]+$/.test(d);
}
