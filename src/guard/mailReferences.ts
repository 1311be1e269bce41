import { decodeHTML } from 'entities';
import { canonicalAddress, domainSkeleton, foldAddressText, normaliseDomain } from './addresses';
import { stripInvisibleChars } from './invisibleChars';
import { KNOWN_TLDS, linkify, stripTrackingParams } from './links';

/**
 * Every address, domain, link and one-time code a model could take from a piece of mail text, including the ones a
 * model finds on its own: after decoding (base64 blobs, percent-encoding, HTML entities, JSON escapes, Unicode tag
 * characters), after reading an obfuscation back ("x at evil dot com", "[at]", "arroba", "punkt", a line break in
 * the middle, a quoted local part, a fullwidth at sign, an ideographic full stop, a non-ASCII hyphen), inside
 * links' targets (mailto: with its to/cc/bcc, URLs' path and query) and whatever punctuation surrounds it.
 *
 * Over-collecting is the safe direction: an extra key only means something "appeared in mail"; a missing one lets an
 * address through unmarked. Pure in the text, so it runs in the mail worker.
 */

/** How an item was found when it was not written plainly: decoded, read back from an obfuscation, in a link's target. */
export type FoundHow = 'encoded' | 'obfuscated' | 'link';

export type ReferenceKind = 'address' | 'domain' | 'url' | 'code' | 'skeleton';

export interface MailReference {
  readonly kind: ReferenceKind;
  /** Canonical (guard/addresses), so lookups compare forms, not spellings. */
  readonly value: string;
  readonly how?: FoundHow;
  /** A link that signs in, resets a password or confirms something. */
  readonly resetLink?: boolean;
}

// Local part: letters, digits and the common specials; leading punctuation is stripped as a second key below.
const ADDRESS = /(?:"[^"\n@]{1,64}"|[\p{L}\p{N}._%+'-]{1,64})@((?:[\p{L}\p{N}](?:[\p{L}\p{N}-]{0,61}[\p{L}\p{N}])?\.)+[\p{L}\p{N}](?:[\p{L}\p{N}-]{0,61}[\p{L}\p{N}])?)/gu;

// Words for "at" and "dot" in the languages mail obfuscation uses; bracketed or standing alone between words.
const AT_WORDS = String.raw`at|at\s*sign|arroba|chez|ät|snabel-?a|kukac|malpa|małpa|zavináč|собака|собачка|ат|απα|chiocciola|chiocciolina|klammeraffe|apenstaart|sobaka`;
const DOT_WORDS = String.raw`dot|period|point|punto|punkt|ponto|pont|kropka|tečka|piste|prik|точка|τελεία|nokta|titik`;
const BRACKETED_AT = new RegExp(String.raw`\s*[\[({<«"'*_]\s*(?:${AT_WORDS}|@)\s*[\])}>»"'*_]\s*`, 'giu');
const BRACKETED_DOT = new RegExp(String.raw`\s*[\[({<«"'*_]\s*(?:${DOT_WORDS}|\.)\s*[\])}>»"'*_]\s*`, 'giu');
const SPACED_AT = new RegExp(String.raw`(?<=[\p{L}\p{N}._%+-])\s+(?:${AT_WORDS})\s+(?=[\p{L}\p{N}])`, 'giu');
const SPACED_DOT = new RegExp(String.raw`(?<=[\p{L}\p{N}-])\s+(?:${DOT_WORDS})\s+(?=[\p{L}\p{N}])`, 'giu');
const HAS_OBFUSCATION = new RegExp(String.raw`(?:^|[^\p{L}])(?:${AT_WORDS}|${DOT_WORDS})(?:$|[^\p{L}])|[\[({<«]\s*@\s*[\])}>»]|\s@|@\s|\s\.\s*[\p{L}]{2,}`, 'iu');

// Standard and URL-safe alphabets alike (Node's decoder reads both, padding or not).
const BASE64_BLOB = /[A-Za-z0-9+/_-]{16,}={0,2}/g;
const PERCENT = /%[0-9a-f]{2}/i;
const JSON_ESCAPE = /\\u([0-9a-fA-F]{4})|\\u\{([0-9a-fA-F]{1,6})\}|\\x([0-9a-fA-F]{2})/g;
const ENTITY = /&(?:#\d+|#x[0-9a-f]+|[a-z][a-z0-9]{1,31});?/i;

// "code" alone is source code on half the mailing lists: a code is announced as one ("verification code", "your code
// is", "code:") or by a word that only means one.
const CODE_CONTEXT =
  /(?:(?:verification|security|login|log-in|sign-in|signin|confirmation|access|authentication|one[- ]time|reset|2fa|otp|sms|your)\s+code|\bcode\s*(?:is|:)|\botp\b|one[- ]time (?:pass|pin)|passcode|pass code|\bpin\b|\b2fa\b|two[- ]factor|código de (?:verificación|seguridad|acceso)|codice (?:di verifica|di sicurezza)|kod (?:weryfikacyjny|bezpieczeństwa)|код (?:подтверждения|безопасности|доступа)|bestätigungscode|sicherheitscode|code de (?:vérification|sécurité|confirmation)|確認コード|認証コード|验证码|인증 ?번호)/iu;
const CODE = /(?<![\p{N}\p{L}-])\d{4,8}(?![\p{N}\p{L}-])|(?<![\p{N}\p{L}-])\d{3}[- ]\d{3}(?![\p{N}\p{L}-])/gu;
// Codes meant to be passed on: a dial-in, a postcode, a discount, an error or a tracking number.
const NOT_A_SECRET_CODE = /(?:participant|conference|dial[- ]in|zip|postal|post|area|promo|promotional|discount|coupon|voucher|tracking|product|error|status|source|country|bank sort|sort)\s+code/i;
// Words of the link itself, not of its tracking: "confirm", "auth" and "token" alone are list subscriptions and OAuth plumbing.
const RESET_LINK = /(?:reset|password|passwd|recover|sign-?in|signin|log-?in|verify|verification|magic|otp|activate|unlock|2fa)/i;

/** A readable variant of the text and how it was arrived at. */
interface Variant {
  readonly text: string;
  readonly how?: FoundHow;
}

/** The text, and each readable variant a model could make of it: decoded layers, obfuscations read back. */
function variantsOf(text: string): Variant[] {
  const out: Variant[] = [{ text }];
  const stripped = stripInvisibleChars(text);
  const folded = foldAddressText(text);
  if (folded !== text) out.push({ text: folded, how: 'obfuscated' });
  if (stripped.smuggledText) out.push({ text: stripped.smuggledText, how: 'encoded' });
  const decoded: string[] = [];
  if (ENTITY.test(folded)) decoded.push(decodeHTML(folded));
  if (PERCENT.test(folded)) decoded.push(percentDecoded(folded));
  JSON_ESCAPE.lastIndex = 0;
  if (JSON_ESCAPE.test(folded)) decoded.push(jsonUnescaped(folded));
  decoded.push(...base64Decoded(folded));
  // One more round over what was decoded: an entity inside base64, a percent-encoding inside an entity.
  for (const layer of [...decoded]) {
    if (ENTITY.test(layer)) decoded.push(decodeHTML(layer));
    if (PERCENT.test(layer)) decoded.push(percentDecoded(layer));
  }
  for (const d of decoded) if (d && d !== folded) out.push({ text: foldAddressText(d), how: 'encoded' });
  // Ciphers a model undoes when asked to ("the address, backwards", "in ROT13"): kept only when they read as an address.
  // An address stays address-shaped under ROT13, so only a known top-level domain after deciphering counts.
  for (const ciphered of [rot13(folded), [...folded].reverse().join('')]) {
    if (ADDRESS_SHAPE.test(ciphered) && (linkify.match(ciphered) ?? []).some((m) => m.schema === 'mailto:')) out.push({ text: ciphered, how: 'encoded' });
  }
  for (const variant of [...out]) {
    if (!HAS_OBFUSCATION.test(variant.text) && !/\n/.test(variant.text)) continue;
    const readBack = readObfuscations(variant.text);
    if (readBack !== variant.text) out.push({ text: readBack, how: variant.how ?? 'obfuscated' });
  }
  return out;
}

const ADDRESS_SHAPE = /[\p{L}\p{N}._%+-]+@[\p{L}\p{N}-]+(?:\.[\p{L}\p{N}-]+)*\.\p{L}{2,}/u;

function rot13(text: string): string {
  return text.replace(/[a-z]/gi, (c) => {
    const base = c <= 'Z' ? 65 : 97;
    return String.fromCharCode(((c.charCodeAt(0) - base + 13) % 26) + base);
  });
}

/** "x [at] evil [dot] com", "x at evil dot com", "x @ evil . com", "x@evil.\ncom" → "x@evil.com". */
export function readObfuscations(text: string): string {
  let t = text.replace(BRACKETED_AT, '@').replace(BRACKETED_DOT, '.');
  t = t.replace(SPACED_AT, '@').replace(SPACED_DOT, '.');
  // Spaces and line breaks around "@" and around dots next to it: "john . doe @ evil\n. com".
  t = t.replace(/[ \t]*\n?[ \t]*@[ \t]*\n?[ \t]*/g, '@');
  t = t.replace(/(@[\p{L}\p{N}.-]*[\p{L}\p{N}])[ \t]*\n?[ \t]*\.[ \t]*\n?[ \t]*(?=[\p{L}\p{N}])/gu, '$1.');
  // A line break inside an address ("bill\ning@evil.com", "billing@ev\nil.com"): join the lines.
  t = t.replace(/([\p{L}\p{N}._%+-])[ \t]*\n[ \t]*(?=[\p{L}\p{N}._%+-]*@)/gu, '$1');
  t = t.replace(/(@[\p{L}\p{N}.-]*[\p{L}\p{N}.-])[ \t]*\n[ \t]*(?=[\p{L}\p{N}])/gu, '$1');
  return t;
}

function percentDecoded(text: string): string {
  let out = text;
  for (let round = 0; round < 2 && PERCENT.test(out); round++) {
    out = out.replace(/(?:%[0-9a-f]{2})+/gi, (run) => {
      try {
        return decodeURIComponent(run);
      } catch {
        return run.replace(/%([0-9a-f]{2})/gi, (_m, hex: string) => String.fromCharCode(parseInt(hex, 16)));
      }
    });
  }
  return out.replace(/\+/g, ' + ');
}

function jsonUnescaped(text: string): string {
  JSON_ESCAPE.lastIndex = 0;
  return text.replace(JSON_ESCAPE, (_m, u4: string | undefined, ux: string | undefined, x2: string | undefined) => {
    const code = parseInt(u4 ?? ux ?? x2 ?? '0', 16);
    return code <= 0x10ffff ? String.fromCodePoint(code) : '';
  });
}

/** Base64 (and base64url) blobs that decode to mostly printable text. */
function base64Decoded(text: string): string[] {
  const out: string[] = [];
  BASE64_BLOB.lastIndex = 0;
  let count = 0;
  for (const match of text.matchAll(BASE64_BLOB)) {
    if (++count > 2_000) break;
    const blob = match[0];
    if (!/[0-9+/_-]/.test(blob) && !/[A-Z]/.test(blob.slice(1))) continue; // an ordinary long word
    const decoded = Buffer.from(blob, 'base64').toString('utf8');
    const printable = decoded.replace(/[^\p{L}\p{N}\p{P}\p{S}\s]/gu, '');
    if (decoded.length >= 6 && printable.length >= decoded.length * 0.9) out.push(decoded);
  }
  return out;
}

/**
 * "evil.comwiththeword" → "evil.com": a last label that is no top-level domain but starts with one (the longest),
 * after at least one label. Undefined when the domain ends as domains do.
 */
function domainBeforeRunTogetherText(domain: string): string | undefined {
  const labels = domain.split('.');
  const last = labels.pop() ?? '';
  if (labels.length === 0 || KNOWN_TLDS.has(last)) return undefined;
  for (let end = Math.min(last.length - 1, 24); end >= 2; end--) {
    if (KNOWN_TLDS.has(last.slice(0, end))) return `${labels.join('.')}.${last.slice(0, end)}`;
  }
  return undefined;
}

/** Where links are in `text`: an address inside one was found in a link target. */
function linkSpans(text: string): Array<[number, number]> {
  const spans: Array<[number, number]> = [];
  for (const match of linkify.match(text) ?? []) if (match.schema !== 'mailto:' && match.schema !== '') spans.push([match.index, match.lastIndex]);
  for (const match of text.matchAll(/mailto:[^\s<>"'\]\[)]+|https?:\/\/[^\s<>"'\]\[)]+/gi)) spans.push([match.index, match.index + match[0].length]);
  return spans;
}

/** Everything of the text a model could use as an address, domain, link or code; canonical, with how it was found. */
export function extractMailReferences(text: string): MailReference[] {
  const found = new Map<string, MailReference>();
  const add = (kind: ReferenceKind, value: string, how?: FoundHow, resetLink?: boolean) => {
    if (!value || value.length > 320) return;
    const key = `${kind}:${value}`;
    const existing = found.get(key);
    // The plainest finding wins: visible text over a link over a decoding.
    if (existing && (existing.how === undefined || how !== undefined)) return;
    found.set(key, { kind, value, ...(how ? { how } : {}), ...(resetLink ? { resetLink } : {}) });
  };
  const addDomain = (domain: string, how?: FoundHow) => {
    const d = normaliseDomain(domain);
    if (!d.includes('.')) return;
    add('domain', d, how);
    add('skeleton', domainSkeleton(d), how);
  };
  const addAddress = (raw: string, how?: FoundHow) => {
    const at = raw.lastIndexOf('@');
    if (at <= 0) return;
    const domain = raw.slice(at + 1);
    if (!normaliseDomain(domain).includes('.')) return;
    add('address', canonicalAddress(raw), how);
    // The same address without the punctuation a sentence put before it: "**x@y", "_x@y", "'x@y".
    const trimmed = raw.replace(/^[._%+'-]+/, '');
    if (trimmed !== raw && trimmed.indexOf('@') > 0) add('address', canonicalAddress(trimmed), how);
    addDomain(domain, how);
    // Words run together after the address ("x@evil.comwiththeword…"): a reader still sees evil.com.
    const runTogether = domainBeforeRunTogetherText(normaliseDomain(domain));
    if (runTogether) addDomain(runTogether, how ?? 'obfuscated');
  };

  for (const variant of variantsOf(text)) {
    const spans = variant.how ? [] : linkSpans(variant.text);
    const inLink = (index: number) => spans.some(([start, end]) => index >= start && index < end);
    for (const match of variant.text.matchAll(ADDRESS)) {
      addAddress(match[0], variant.how ?? (inLink(match.index) ? 'link' : undefined));
    }
    for (const match of linkify.match(variant.text) ?? []) {
      if (match.schema === 'mailto:') continue; // its addresses were found above, query parameters included
      let parsed: URL;
      try {
        parsed = new URL(match.url);
      } catch {
        continue;
      }
      if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:' && parsed.protocol !== 'ftp:') continue;
      const how = variant.how ?? (match.schema === '' ? undefined : 'link');
      add('url', normaliseUrl(match.url), variant.how, RESET_LINK.test(parsed.pathname + parsed.search) && carriesSecret(parsed));
      addDomain(parsed.hostname, how);
    }
    if (CODE_CONTEXT.test(variant.text)) {
      for (const match of variant.text.matchAll(CODE)) {
        const around = variant.text.slice(Math.max(0, match.index - 80), match.index + match[0].length + 40);
        const code = match[0].replace(/[- ]/g, '');
        // A year is not a code ("since 2019"), and neither is a number far from the words that announce one.
        if (CODE_CONTEXT.test(around) && !NOT_A_SECRET_CODE.test(around) && !/^(?:19|20)\d\d$/.test(code)) add('code', code, variant.how);
      }
    }
  }
  return [...found.values()];
}

/**
 * A link that signs in or resets is a key only when it carries one: a long random-looking token in its path or query
 * (letters and digits mixed). A plain login page is just a page.
 */
function carriesSecret(url: URL): boolean {
  const parts = [...url.pathname.split(/[/=;&]/), ...[...url.searchParams.values()].flatMap((v) => v.split(/[/=;&?]/))];
  return parts.some((part) => /^[\w~.-]{12,}$/.test(part) && /\d/.test(part) && /[a-z]/i.test(part) && !/^[\w.+-]+@/.test(part));
}

/** Scheme, host and path without tracking parameters or fragment: what "the same link" means here. */
export function normaliseUrl(url: string): string {
  try {
    const parsed = new URL(stripTrackingParams(url).url);
    parsed.hash = '';
    return parsed.toString().replace(/\/$/, '');
  } catch {
    return url.trim();
  }
}

/** One-time codes written in a text (an outgoing body), for matching against the codes mail carried. */
export function codesIn(text: string): string[] {
  return [...new Set([...foldAddressText(text).matchAll(CODE)].map((m) => m[0].replace(/[- ]/g, '')))];
}
