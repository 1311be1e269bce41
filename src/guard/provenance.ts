import addressparser from 'nodemailer/lib/addressparser';
import type { EvidencePart } from '../writes/evidence';
import { canonicalAddress, domainOfAddress, domainSkeleton, normaliseDomain } from './addresses';
import { extractMailReferences, normaliseUrl, type FoundHow, type MailReference } from './mailReferences';
import { shingleRuns, shinglesOf } from './passages';

export { normaliseUrl } from './mailReferences';

/**
 * What entered this window's agent sessions from mail, for the confirmation's evidence: every address, domain,
 * link, one-time code and passage (as shingles) of mail others wrote, on canonical forms (guard/addresses,
 * guard/mailReferences), each with where it came from: which message (account, sender, subject, thread), which part
 * (visible text, text withheld as hidden, a link target, an attachment, a header), how (decoded, read back from an
 * obfuscation), and whether the detector flagged that message. It also knows each thread's correspondents (From,
 * To, Cc of its messages): the people a reply may go to without a warning.
 *
 * One tracker per window, shared by every account's server: an address read in account B's mail is still from mail
 * when the agent sends to it from account A. Memory is bounded; once full the tracker fails closed (an address or
 * link it does not know counts as possibly from mail, with a source saying so).
 */

/** The message something was found in, as the person knows it. */
export interface MessageOrigin {
  readonly messageId: string;
  readonly account?: string;
  readonly from?: string;
  readonly subject?: string;
  readonly threadId?: string;
  readonly flagged?: boolean;
}

export interface ProvenanceSource extends MessageOrigin {
  /** Where in the message (the evidence's words). */
  readonly part?: EvidencePart;
  /** Free words for older callers ("from", "body", "attachment cv.txt"). */
  readonly field?: string;
}

/** One finding of an item: the source, and how it was found when not written plainly. */
export interface ProvenanceFinding {
  readonly source: ProvenanceSource;
  readonly how?: FoundHow;
  /** A link that signs in, resets a password or confirms something. */
  readonly resetLink?: boolean;
}

/** A passage of an outgoing text that mail carried: where, and the words of the outgoing text it covers. */
export interface PassageMatch {
  readonly source: ProvenanceSource;
  /** Shingles of the outgoing text found in this source. */
  readonly shingles: number;
  /** The outgoing text's words from the first matching shingle on (for naming the passage). */
  readonly excerpt: string;
}

export interface ExtractedReferences {
  addresses: string[];
  domains: string[];
  urls: string[];
}

export interface ProvenanceOptions {
  /** Most distinct addresses, domains, links and codes remembered (default 50,000). */
  maxItems?: number;
  /** Most distinct passage shingles remembered (default 400,000). */
  maxShingles?: number;
  /** Most sources remembered per item (default 5). */
  maxSourcesPerItem?: number;
}

/** Canonical form of an address (addresses.canonicalAddress): sub-address and Gmail dots dropped, punycode domain. */
export function normaliseAddress(address: string): string {
  return canonicalAddress(address);
}

const KIND_PREFIX: Record<MailReference['kind'], string> = { address: 'a', domain: 'd', url: 'u', code: 'c', skeleton: 's' };

function keyOf(reference: MailReference): string {
  const flags = [reference.how ?? '', reference.resetLink ? 'reset' : ''].join('\t').replace(/\t+$/, '');
  return `${KIND_PREFIX[reference.kind]}:${reference.value}${flags ? `\t${flags}` : ''}`;
}

/** Addresses, domains and URLs in free text, canonical (every form guard/mailReferences finds). */
export function extractReferences(text: string): ExtractedReferences {
  const refs = extractMailReferences(text);
  const of = (kind: MailReference['kind']) => [...new Set(refs.filter((r) => r.kind === kind).map((r) => r.value))];
  return { addresses: of('address'), domains: of('domain'), urls: of('url') };
}

/**
 * The keys ProvenanceTracker.recordText() would add for `text`, one a line (`a:`, `d:`, `s:`, `u:`, `c:` items with
 * a tab and how they were found; `p:` passage shingles): for text scanned in the mail worker. One string crosses
 * between threads at the cost of a copy, where tens of thousands of small strings would each be rebuilt on the
 * extension host's thread.
 */
export function provenanceKeysOf(text: string): string {
  if (!text) return '';
  const items = extractMailReferences(text).map(keyOf);
  const passages = shinglesOf(text).map((s) => `p:${s}`);
  return [...items, ...passages].join('\n');
}

/** Addresses in a header value such as `"Name" <a@b>, c@d` (nodemailer's RFC 5322 address parser), lower case. */
export function extractHeaderAddresses(value: string): string[] {
  const out: string[] = [];
  const visit = (entries: ReturnType<typeof addressparser>): void => {
    for (const entry of entries) {
      if ('group' in entry && entry.group) visit(entry.group);
      else if ('address' in entry && entry.address) out.push(entry.address.trim().toLowerCase());
    }
  };
  visit(addressparser(value));
  return out;
}

/** Keys recorded between two yields to the event loop: few enough that the host's thread stays responsive. */
const KEYS_PER_SLICE = 5_000;
const MAX_THREADS = 20_000;

const FULL_SOURCE: ProvenanceSource = Object.freeze({ messageId: '(unknown: provenance memory full)', part: 'visible text' as const });

interface Stored {
  readonly source: ProvenanceSource;
  readonly how?: FoundHow;
  readonly resetLink?: boolean;
}

export class ProvenanceTracker {
  private readonly items = new Map<string, Stored[]>();
  private readonly passages = new Map<string, ProvenanceSource[]>();
  /** threadId → canonical addresses of its messages' From, To and Cc. */
  private readonly threads = new Map<string, Set<string>>();
  /** skeleton → the header domains (correspondents' domains) that have it. */
  private readonly headerDomains = new Map<string, Set<string>>();
  /** Messages that carried a one-time code or a sign-in/reset link, and messages the detector flagged. */
  private readonly securityMessages = new Set<string>();
  private readonly flaggedMessages = new Set<string>();
  private readonly maxItems: number;
  private readonly maxShingles: number;
  private readonly maxSources: number;
  private full = false;
  private passagesFull = false;

  constructor(options: ProvenanceOptions = {}) {
    this.maxItems = options.maxItems ?? 50_000;
    this.maxShingles = options.maxShingles ?? 400_000;
    this.maxSources = options.maxSourcesPerItem ?? 5;
  }

  /** An address, domain, link or code could not be remembered: unknown ones count as possibly from mail. */
  get saturated(): boolean {
    return this.full;
  }

  /** A passage could not be remembered: copied text can no longer be told from the person's own. */
  get passagesSaturated(): boolean {
    return this.passagesFull;
  }

  get size(): number {
    return this.items.size;
  }

  record(references: Partial<ExtractedReferences>, source: ProvenanceSource): void {
    const stored = Object.freeze({ ...source });
    for (const address of references.addresses ?? []) this.add(`a:${canonicalAddress(address)}`, { source: stored });
    for (const domain of references.domains ?? []) {
      this.add(`d:${normaliseDomain(domain)}`, { source: stored });
      this.add(`s:${domainSkeleton(domain)}`, { source: stored });
    }
    for (const url of references.urls ?? []) this.add(`u:${normaliseUrl(url)}`, { source: stored });
  }

  /**
   * Remembers the keys provenanceKeysOf() made of a text elsewhere (the mail worker), as recordText() would. It runs
   * on the extension host for every read, tens of thousands of keys for a hostile mail: so it yields to the event
   * loop every KEYS_PER_SLICE keys, and the caller awaits it before the result reaches the model, so no send can be
   * proposed from this mail before its keys are all recorded. One copy of the source is shared by every key.
   */
  async recordKeys(keys: string, source: ProvenanceSource): Promise<void> {
    if (!keys) return;
    const stored = Object.freeze({ ...source });
    let start = 0;
    let count = 0;
    while (start < keys.length) {
      const newline = keys.indexOf('\n', start);
      const end = newline < 0 ? keys.length : newline;
      this.addKey(keys.slice(start, end), stored);
      start = end + 1;
      if (++count % KEYS_PER_SLICE === 0) await new Promise<void>((resolve) => setImmediate(resolve));
    }
  }

  /** Remembers every address, domain, link, code and passage of a piece of mail text. */
  recordText(text: string, source: ProvenanceSource): void {
    const stored = Object.freeze({ ...source });
    for (const line of provenanceKeysOf(text).split('\n')) if (line) this.addKey(line, stored);
  }

  /** Remembers the addresses of a header (From, Reply-To, Cc of a received message) and their domains. */
  recordHeader(value: string, source: ProvenanceSource): void {
    const stored = Object.freeze({ part: 'header' as const, ...source });
    for (const address of extractHeaderAddresses(value)) {
      this.add(`a:${canonicalAddress(address)}`, { source: stored });
      const domain = domainOfAddress(address);
      if (!domain) continue;
      this.add(`d:${domain}`, { source: stored });
      this.add(`s:${domainSkeleton(domain)}`, { source: stored });
    }
  }

  /**
   * Remembers the bytes of a file mail carried (an attachment, by its sha256): the same file attached to an outgoing
   * message came from that mail, whatever it is called now or wherever the agent saved it in between.
   */
  recordAttachment(file: { readonly sha256: string; readonly filename: string }, origin: MessageOrigin): void {
    this.add(`h:${file.sha256.toLowerCase()}`, { source: Object.freeze({ ...origin, part: 'attachment' as const, field: `attachment ${file.filename}` }) });
  }

  /**
   * The people of a message's thread: its From, To and Cc (not its Reply-To, which is where a reply is redirected,
   * not who took part). A reply or reply-all to them is not warned.
   */
  recordCorrespondents(threadId: string | undefined, headers: { readonly from?: string; readonly to?: string; readonly cc?: string }): void {
    for (const value of [headers.from, headers.to, headers.cc]) {
      if (!value) continue;
      for (const address of extractHeaderAddresses(value)) {
        const domain = domainOfAddress(address);
        if (domain) {
          const skeleton = domainSkeleton(domain);
          let domains = this.headerDomains.get(skeleton);
          if (!domains) {
            if (this.headerDomains.size >= MAX_THREADS * 4) continue;
            this.headerDomains.set(skeleton, (domains = new Set()));
          }
          domains.add(domain);
        }
        if (!threadId) continue;
        let people = this.threads.get(threadId);
        if (!people) {
          if (this.threads.size >= MAX_THREADS) continue;
          this.threads.set(threadId, (people = new Set()));
        }
        people.add(canonicalAddress(address));
      }
    }
  }

  /** Canonical addresses of the thread's From, To and Cc as read this session. */
  threadCorrespondents(threadId: string | undefined): ReadonlySet<string> {
    return (threadId && this.threads.get(threadId)) || new Set();
  }

  /** Domains of correspondents (header From/To/Cc) that look like `domain` (same UTS #39 skeleton) but are not it. */
  correspondentLookalikes(domain: string): string[] {
    const d = normaliseDomain(domain);
    return [...(this.headerDomains.get(domainSkeleton(d)) ?? [])].filter((other) => other !== d);
  }

  addressFindings(address: string): ProvenanceFinding[] {
    return this.lookup(`a:${canonicalAddress(address)}`);
  }

  domainFindings(domain: string): ProvenanceFinding[] {
    return this.lookup(`d:${normaliseDomain(domain)}`);
  }

  /** Domains of mail whose skeleton equals this one's: a look-alike spelled in mail (other than the domain itself). */
  skeletonFindings(domain: string): ProvenanceFinding[] {
    return this.lookup(`s:${domainSkeleton(domain)}`);
  }

  urlFindings(url: string): ProvenanceFinding[] {
    return this.lookup(`u:${normaliseUrl(url)}`);
  }

  /** The mail that carried a file with these bytes (its sha256), as an attachment. */
  attachmentFindings(sha256: string): ProvenanceFinding[] {
    return this.lookup(`h:${sha256.toLowerCase()}`, false);
  }

  codeFindings(code: string): ProvenanceFinding[] {
    return this.lookup(`c:${code}`, false);
  }

  /**
   * Sources of the passages of `text` that mail carried, one entry a source message, most shingles first; a shingle
   * that an `explained` source also carries counts for none.
   */
  passageMatches(text: string, explained: (source: ProvenanceSource) => boolean = () => false, carried: ReadonlySet<string> = new Set()): PassageMatch[] {
    const bySource = new Map<ProvenanceSource, { shingles: number; start: number; words: readonly string[] }>();
    for (const run of shingleRuns(text)) {
      const sources = this.passages.get(run.shingle) ?? [];
      // A passage the message may carry (the one forwarded, its own thread's) is not a copy of the others that share it.
      if (carried.has(run.shingle) || sources.some(explained)) continue;
      for (const source of sources) {
        const entry = bySource.get(source);
        if (entry) entry.shingles += 1;
        else bySource.set(source, { shingles: 1, start: run.start, words: run.words });
      }
    }
    return [...bySource]
      .map(([source, m]) => ({ source, shingles: m.shingles, excerpt: m.words.slice(m.start, m.start + 12).join(' ') }))
      .sort((a, b) => b.shingles - a.shingles);
  }

  /** What is known of a message read: it carried a code or a sign-in/reset link (security), the detector flagged it. */
  messageTraits(messageId: string): { readonly security: boolean; readonly flagged: boolean } {
    return { security: this.securityMessages.has(messageId), flagged: this.flaggedMessages.has(messageId) };
  }

  // The older questions, kept for callers that only need a yes or no.

  /** Sources the address was seen in; when saturated, an unknown address counts as from mail too. */
  untrustedAddressSources(address: string): ProvenanceSource[] | undefined {
    const found = this.addressFindings(address);
    return found.length ? found.map((f) => f.source) : undefined;
  }

  isUntrustedAddress(address: string): boolean {
    return this.addressFindings(address).length > 0;
  }

  isUntrustedDomain(domain: string): boolean {
    return this.domainFindings(domain).length > 0;
  }

  /** Links in `text` (an outgoing body) that came from mail. */
  urlsFromUntrusted(text: string): Array<{ url: string; sources: ProvenanceSource[] }> {
    const out: Array<{ url: string; sources: ProvenanceSource[] }> = [];
    for (const url of extractReferences(text).urls) {
      const found = this.urlFindings(url);
      if (found.length) out.push({ url, sources: found.map((f) => f.source) });
    }
    return out;
  }

  private lookup(key: string, failClosed = true): ProvenanceFinding[] {
    const stored = this.items.get(key);
    if (stored) return stored;
    return this.full && failClosed ? [{ source: FULL_SOURCE }] : [];
  }

  private addKey(line: string, source: ProvenanceSource): void {
    if (source.flagged) this.remember(this.flaggedMessages, source.messageId);
    if (line.startsWith('c:') || line.endsWith('\treset')) this.remember(this.securityMessages, source.messageId);
    if (line.startsWith('p:')) {
      this.addPassage(line.slice(2), source);
      return;
    }
    const tab = line.indexOf('\t');
    if (tab < 0) {
      this.add(line, { source });
      return;
    }
    const [how, reset] = line.slice(tab + 1).split('\t');
    this.add(line.slice(0, tab), { source, ...(how ? { how: how as FoundHow } : {}), ...(reset ? { resetLink: true } : {}) });
  }

  private remember(set: Set<string>, messageId: string): void {
    if (set.size < this.maxItems) set.add(messageId);
  }

  private addPassage(shingle: string, source: ProvenanceSource): void {
    const existing = this.passages.get(shingle);
    if (existing) {
      if (existing.length < 3 && !existing.some((s) => s.messageId === source.messageId && s.part === source.part)) existing.push(source);
      return;
    }
    if (this.passages.size >= this.maxShingles) {
      this.passagesFull = true;
      return;
    }
    this.passages.set(shingle, [source]);
  }

  private add(key: string, entry: Stored): void {
    if (key.length <= 2) return;
    const existing = this.items.get(key);
    if (existing) {
      const same = existing.findIndex((s) => s.source.messageId === entry.source.messageId && s.source.part === entry.source.part && s.source.field === entry.source.field);
      // A plain finding replaces a decoded one of the same message part; a reset mark is kept.
      if (same >= 0) {
        if (existing[same].how && !entry.how) existing[same] = { ...entry, ...(existing[same].resetLink ? { resetLink: true } : {}) };
        return;
      }
      if (existing.length < this.maxSources) existing.push(entry);
      return;
    }
    if (this.items.size >= this.maxItems) {
      this.full = true;
      return;
    }
    this.items.set(key, [entry]);
  }
}
