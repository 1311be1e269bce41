import addressparser from 'nodemailer/lib/addressparser';
import { linkify, stripTrackingParams } from './links';

/**
 * Which addresses, domains and links entered this server session through untrusted content (mail the
 * model read). A send to such an address, or an outgoing body carrying such a link, is marked in the
 * confirmation and is never auto-approved: an injected "send it to x@evil.example" leaves a trail here.
 * One tracker per server session; memory is bounded, and once full the tracker fails closed (every
 * address it does not know as the user's own counts as possibly untrusted).
 */

export interface ProvenanceSource {
  messageId: string;
  /** Where in the message: "from", "body", "attachment cv.txt", … */
  field?: string;
}

export interface ExtractedReferences {
  addresses: string[];
  domains: string[];
  urls: string[];
}

export interface ProvenanceOptions {
  /** Most distinct items remembered (default 50,000). */
  maxItems?: number;
  /** Most sources remembered per item (default 5). */
  maxSourcesPerItem?: number;
}

export interface RecipientAssessment {
  address: string;
  /** Messages this address was seen in, if it came from untrusted content. */
  untrustedSources: ProvenanceSource[];
  /** Its domain appeared in untrusted content (a look-alike of a known contact is typical). */
  domainSeenInUntrusted: boolean;
  /** Not among the addresses the user has written to (undefined when no list was given). */
  neverWrittenTo: boolean | undefined;
}

export interface OutgoingAssessment {
  recipients: RecipientAssessment[];
  /** Links in the outgoing body that came from untrusted content. */
  untrustedLinks: Array<{ url: string; sources: ProvenanceSource[] }>;
  /** False when anything above is marked: the confirmation must be shown and approved by hand. */
  autoApprovable: boolean;
  /** The tracker was full; unknown items were treated as untrusted. */
  saturated: boolean;
}

export function normaliseAddress(address: string): string {
  return address.trim().replace(/^mailto:/i, '').toLowerCase();
}

export function normaliseDomain(domain: string): string {
  const trimmed = domain.trim().toLowerCase().replace(/\.$/, '');
  try {
    return new URL(`http://${trimmed}`).hostname; // punycode, so a homograph and its ASCII spelling meet
  } catch {
    return trimmed;
  }
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

/** Addresses, domains and URLs in free text (linkify-it, with the full TLD list and internal names). */
export function extractReferences(text: string): ExtractedReferences {
  const addresses = new Set<string>();
  const domains = new Set<string>();
  const urls = new Set<string>();
  for (const match of linkify.match(text) ?? []) {
    if (match.schema === 'mailto:') {
      const address = normaliseAddress(match.url);
      addresses.add(address);
      const domain = address.split('@')[1];
      if (domain) domains.add(normaliseDomain(domain));
      continue;
    }
    try {
      const parsed = new URL(match.url);
      if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:' && parsed.protocol !== 'ftp:') continue;
      urls.add(normaliseUrl(match.url));
      domains.add(normaliseDomain(parsed.hostname));
    } catch {
      // linkify found something URL-shaped that WHATWG URL rejects: nothing a client would open
    }
  }
  return { addresses: [...addresses], domains: [...domains], urls: [...urls] };
}

/**
 * The keys ProvenanceTracker.recordText() would add for `text`, in its order, one a line (no address, domain or link
 * holds a line break): for text scanned in the mail worker. One string crosses between threads at the cost of a
 * copy, where tens of thousands of small strings would each be rebuilt on the extension host's thread.
 */
export function provenanceKeysOf(text: string): string {
  const found = extractReferences(text);
  return [
    ...found.addresses.map((a) => `a:${normaliseAddress(a)}`),
    ...found.domains.map((d) => `d:${normaliseDomain(d)}`),
    ...found.urls.map((u) => `u:${normaliseUrl(u)}`),
  ].join('\n');
}

/** Addresses in a header value such as `"Name" <a@b>, c@d` (nodemailer's RFC 5322 address parser). */
export function extractHeaderAddresses(value: string): string[] {
  const out: string[] = [];
  const visit = (entries: ReturnType<typeof addressparser>): void => {
    for (const entry of entries) {
      if ('group' in entry && entry.group) visit(entry.group);
      else if ('address' in entry && entry.address) out.push(normaliseAddress(entry.address));
    }
  };
  visit(addressparser(value));
  return out;
}

/** Keys recorded between two yields to the event loop: about 1.5 ms of the extension host's time. */
const KEYS_PER_SLICE = 5_000;

export class ProvenanceTracker {
  private readonly items = new Map<string, ProvenanceSource[]>();
  private readonly maxItems: number;
  private readonly maxSources: number;
  private full = false;

  constructor(options: ProvenanceOptions = {}) {
    this.maxItems = options.maxItems ?? 50_000;
    this.maxSources = options.maxSourcesPerItem ?? 5;
  }

  get saturated(): boolean {
    return this.full;
  }

  get size(): number {
    return this.items.size;
  }

  record(references: Partial<ExtractedReferences>, source: ProvenanceSource): void {
    for (const address of references.addresses ?? []) this.add(`a:${normaliseAddress(address)}`, source);
    for (const domain of references.domains ?? []) this.add(`d:${normaliseDomain(domain)}`, source);
    for (const url of references.urls ?? []) this.add(`u:${normaliseUrl(url)}`, source);
  }

  /**
   * Remembers the keys provenanceKeysOf() made of a text elsewhere (the mail worker), as recordText() would. It runs
   * on the extension host for every read, tens of thousands of keys for a hostile mail (80,000 took 20-27 ms in one
   * go, bench H1): so it yields to the event loop every KEYS_PER_SLICE keys, and the caller awaits it before the
   * result reaches the model, so no send can be proposed from this mail before its keys are all recorded. One copy
   * of the source is shared by every key (sources are never changed once stored).
   */
  async recordKeys(keys: string, source: ProvenanceSource): Promise<void> {
    if (!keys) return;
    const stored = Object.freeze({ ...source });
    let start = 0;
    let count = 0;
    while (start < keys.length) {
      const newline = keys.indexOf('\n', start);
      const end = newline < 0 ? keys.length : newline;
      this.add(keys.slice(start, end), stored, false);
      start = end + 1;
      if (++count % KEYS_PER_SLICE === 0) await new Promise<void>((resolve) => setImmediate(resolve));
    }
  }

  /** Remembers every address, domain and link in a piece of untrusted text. */
  recordText(text: string, source: ProvenanceSource): ExtractedReferences {
    const references = extractReferences(text);
    this.record(references, source);
    return references;
  }

  /** Remembers the addresses of an untrusted header (From, Reply-To, Cc of a received message). */
  recordHeader(value: string, source: ProvenanceSource): void {
    const addresses = extractHeaderAddresses(value);
    this.record({ addresses, domains: addresses.map((a) => a.split('@')[1] ?? '').filter(Boolean) }, source);
  }

  /** Sources the address was seen in; when saturated, an unknown address counts as untrusted too. */
  untrustedAddressSources(address: string): ProvenanceSource[] | undefined {
    return this.lookup(`a:${normaliseAddress(address)}`);
  }

  isUntrustedAddress(address: string): boolean {
    return this.untrustedAddressSources(address) !== undefined;
  }

  isUntrustedDomain(domain: string): boolean {
    return this.lookup(`d:${normaliseDomain(domain)}`) !== undefined;
  }

  /** Links in `text` (an outgoing body) that came from untrusted content. */
  urlsFromUntrusted(text: string): Array<{ url: string; sources: ProvenanceSource[] }> {
    const out: Array<{ url: string; sources: ProvenanceSource[] }> = [];
    for (const url of extractReferences(text).urls) {
      const sources = this.lookup(`u:${url}`);
      if (sources) out.push({ url, sources });
    }
    return out;
  }

  /**
   * Everything the confirmation must mark for one outgoing message. `writtenTo` is the set of addresses the
   * user has sent mail to (from Sent); without it, "never written to" is unknown and not counted.
   */
  assessOutgoing(message: { recipients: readonly string[]; body: string }, writtenTo?: ReadonlySet<string>): OutgoingAssessment {
    const known = writtenTo ? new Set([...writtenTo].map(normaliseAddress)) : undefined;
    const recipients = message.recipients.map((raw): RecipientAssessment => {
      const address = normaliseAddress(raw);
      const domain = address.split('@')[1] ?? '';
      return {
        address,
        untrustedSources: this.untrustedAddressSources(address) ?? [],
        domainSeenInUntrusted: domain ? this.isUntrustedDomain(domain) : false,
        neverWrittenTo: known ? !known.has(address) : undefined,
      };
    });
    const untrustedLinks = this.urlsFromUntrusted(message.body);
    const marked =
      recipients.some((r) => r.untrustedSources.length > 0 || r.neverWrittenTo === true) || untrustedLinks.length > 0;
    return { recipients, untrustedLinks, autoApprovable: !marked && !this.full, saturated: this.full };
  }

  private lookup(key: string): ProvenanceSource[] | undefined {
    const sources = this.items.get(key);
    if (sources) return sources;
    return this.full ? [{ messageId: '(unknown: provenance memory full)' }] : undefined;
  }

  /** `copy` false: `source` is already a copy of its own that nothing changes (recordKeys). */
  private add(key: string, source: ProvenanceSource, copy = true): void {
    if (key.length <= 2) return;
    const existing = this.items.get(key);
    if (existing) {
      if (existing.length < this.maxSources && !existing.some((s) => s.messageId === source.messageId && s.field === source.field)) {
        existing.push(copy ? { ...source } : source);
      }
      return;
    }
    if (this.items.size >= this.maxItems) {
      this.full = true;
      return;
    }
    this.items.set(key, [copy ? { ...source } : source]);
  }
}
