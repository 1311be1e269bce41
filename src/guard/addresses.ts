import addressparser from 'nodemailer/lib/addressparser';
import { normaliseDomain } from './addressForms';
import { stripInvisible } from '../mail/textHygiene';

// The canonical domain form lives with the other address forms (guard/addressForms), one definition for every room.
export { normaliseDomain };

/**
 * The one place addresses are read: nodemailer's addressparser, for tool input, headers of mail read, the
 * edited confirmation document and the policy's checks alike, so "Name <a@b>" means the same address everywhere.
 */

export interface ParsedAddress {
  name: string;
  address: string;
}

/** An address that cannot be used as given; `field` names the offending input. */
export class AddressError extends Error {
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
  const name = stripInvisible(parsed.name).replace(/\s+/g, ' ').trim();
  const lookalike = name.match(ADDRESS_PUNCTUATION_LOOKALIKE);
  if (lookalike) {
    throw new AddressError(
      field,
      `${field}: the display name "${clip(name)}" contains ${lookalike.map((c) => `U+${(c.codePointAt(0) ?? 0).toString(16).toUpperCase().padStart(4, '0')}`).join(', ')}, ` +
        `which reads as the "@" or "." of an address; remove it from the name.`,
    );
  }
  const shown = name.match(ADDRESS_IN_TEXT) ?? [];
  const other = shown.find((a) => a.toLowerCase() !== parsed.address.toLowerCase());
  if (other) {
    throw new AddressError(
      field,
      `${field}: the display name "${clip(name)}" shows the address ${other}, but the message goes to ${parsed.address}. ` +
        `Remove the address from the name, or give the address ${other} itself.`,
    );
  }
  return { name, address: parsed.address };
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
