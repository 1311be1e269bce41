import { bareAddress } from '../guard/addresses';
import { stripInvisible } from '../mail/textHygiene';
import { cutAt, oneLine } from '../text/oneLine';
import { atSendersOrganisation, canonicalAddress, domainOfAddress, domainSkeleton, isPublicMailboxDomain, unicodeDomain } from '../guard/addresses';
import { recipientLookalike } from '../guard/lookalikeSender';
import { codesIn } from '../guard/mailReferences';
import { shingleRuns } from '../guard/passages';
import { extractReferences, type ProvenanceFinding, type ProvenanceSource, type ProvenanceTracker } from '../guard/provenance';
import type { MessageLine, OutgoingMessagePreview } from './confirmer';
import { highestGrade, type Evidence, type EvidenceItem, type EvidenceSource, type Grade } from './evidence';

/**
 * The evidence a confirmation carries (writes/evidence), computed from provenance alone: for each recipient, link,
 * one-time code, copied passage and attachment of an outgoing message, and each message a change touches, a grade
 * and plain-word reasons naming the mail it came from. The rules (docs/evidence.md):
 *
 * - none: the thread's own people (From, To, Cc of the message replied to and of its thread as read), the account
 *   itself, addresses the account has written to; content not lifted from other senders' mail. A reply to the sender
 *   is never warned.
 * - notice: a new external recipient the mail did not supply; someone who only wrote to the account; passages
 *   copied from another thread's visible text.
 * - danger: anything the mail supplied that the thread's own correspondents did not: an address only mentioned in
 *   mail (text, hidden text, a link target, an attachment, encoded or spelled out), a Reply-To redirect, the sender
 *   of a flagged mail, a domain that came only from mail, a look-alike of a correspondent's or the account's domain;
 *   links from mail; codes, reset links, attachment text or hidden text copied out of their thread.
 */

/** Whether the account has written to an address or a domain (Sent); undefined: cannot be known. */
export interface WrittenToHistory {
  hasWrittenTo(address: string, signal?: AbortSignal): Promise<boolean | undefined>;
  hasWrittenToDomain?(domain: string, signal?: AbortSignal): Promise<boolean | undefined>;
}

/** What an outgoing message is, for the assessment: the preview's fields and its attachments. */
export type OutgoingForEvidence = Pick<OutgoingMessagePreview, 'from' | 'to' | 'cc' | 'bcc' | 'subject' | 'body' | 'threadId'> & {
  /** By name, and by the sha256 of their bytes when known (a file mail carried is traced by it). */
  readonly attachments: ReadonlyArray<{ readonly filename: string; readonly sha256?: string }>;
};

/** The message replied to or forwarded, as far as the evidence needs it. */
export interface OriginalForEvidence {
  readonly messageId?: string;
  readonly threadId?: string;
  readonly use?: 'reply' | 'forward';
  /** The original's From, To and Cc: the thread's people even when the thread was never read. */
  readonly correspondents?: readonly string[];
  /** Its sender: a reply to it is never warned. */
  readonly sender?: string;
  /** Recipients a reply goes to only because of the original's Reply-To. */
  readonly replyToRedirect?: readonly string[];
  /** The original as the person sees it: a forward carries its links by definition, whichever mail also had them. */
  readonly text?: string;
}

export interface EvidenceContext {
  readonly account: string;
  readonly provenance: ProvenanceTracker;
  readonly history?: WrittenToHistory;
  readonly signal?: AbortSignal;
}

/** Passages shorter than this many shared shingles (SHINGLE_WORDS + n - 1 words) are common phrases, not copies. */
const MIN_COPIED_SHINGLES = 3;

export async function assessOutgoingEvidence(ctx: EvidenceContext, message: OutgoingForEvidence, original?: OriginalForEvidence): Promise<Evidence> {
  const { provenance } = ctx;
  const threadId = message.threadId ?? original?.threadId;
  const threadPeople = new Set<string>([...provenance.threadCorrespondents(threadId), ...(original?.correspondents ?? []).map(canonicalAddress)]);
  const sender = original?.use === 'reply' && original.sender ? canonicalAddress(original.sender) : undefined;
  if (sender) threadPeople.add(sender);
  const accountAddress = canonicalAddress(ctx.account);
  const accountDomain = domainOfAddress(ctx.account);
  const threadDomains = new Set([...threadPeople].map(domainOfAddress));
  const redirected = new Set((original?.replyToRedirect ?? []).map(canonicalAddress));
  const sameThread = (source: ProvenanceSource) => threadId !== undefined && source.threadId === threadId;
  const forwarded = (source: ProvenanceSource) => original?.use === 'forward' && original.messageId !== undefined && source.messageId === original.messageId;

  const items: EvidenceItem[] = [];
  const recipients = [...new Set([...message.to, ...message.cc, ...message.bcc].map((r) => bareAddress(r) || r.trim().toLowerCase()).filter(Boolean))];
  for (const address of recipients) {
    items.push(await assessRecipient(ctx, address, { accountAddress, accountDomain, threadPeople, threadDomains, redirected, sender, sameThread }));
  }
  const allToThread = recipients.every((r) => threadPeople.has(canonicalAddress(r)) || canonicalAddress(r) === accountAddress);

  // A reply's or forward's subject is the original's: only a new message's subject can be copied from elsewhere.
  const outgoingText = original ? message.body : `${message.subject}\n${message.body}`;
  const explained = (source: ProvenanceSource) => forwarded(source) || (allToThread && sameThread(source));
  // The store keeps a few sources per link, so a link common to many mails may not name the one forwarded: the
  // forwarded text itself says what the forward carries.
  const forwardedUrls = new Set(original?.use === 'forward' && original.text ? extractReferences(original.text).urls : []);
  // Links: from mail is danger unless it stays in its own thread or is part of the message forwarded.
  for (const url of extractReferences(outgoingText).urls) {
    const findings = provenance.urlFindings(url);
    if (findings.length === 0) continue;
    const reset = findings.some((f) => f.resetLink);
    if (!reset && forwardedUrls.has(url)) {
      items.push(item('link', url, 'none', ['part of the message forwarded'], findings));
      continue;
    }
    // Explained by the message forwarded or the thread replied to: the link is theirs (a reset link still leaves it).
    const fromMail = findings.some((f) => explained(f.source)) ? [] : findings;
    const resetLeaving = reset && !(allToThread && findings.some((f) => sameThread(f.source)));
    if (fromMail.length === 0 && !resetLeaving) {
      items.push(item('link', url, 'none', [forwardedOrThread(findings, forwarded)], findings));
      continue;
    }
    const reasons = [
      `${reset ? 'a sign-in, reset or confirmation link ' : 'a link '}${where(fromMail[0] ?? findings[0], ctx.account)}`,
      ...(allToThread ? [] : ['it goes to people outside that thread']),
    ];
    items.push(item('link', url, 'danger', reasons, fromMail.length ? fromMail : findings));
  }

  // One-time codes copied out of their thread.
  for (const code of codesIn(outgoingText)) {
    const findings = provenance.codeFindings(code).filter((f) => !(allToThread && sameThread(f.source)));
    if (findings.length === 0) continue;
    items.push(item('passage', code, 'danger', [`a one-time code ${where(findings[0], ctx.account)}`, 'codes are for the account holder alone'], findings));
  }

  // Passages copied from mail.
  // A forward carries the forwarded text whichever other mails quoted it too (the store names a few sources a passage).
  const carried = new Set(original?.use === 'forward' && original.text ? shingleRuns(original.text).map((r) => r.shingle) : []);
  for (const match of provenance.passageMatches(outgoingText, explained, carried)) {
    if (match.shingles < MIN_COPIED_SHINGLES) continue;
    const finding: ProvenanceFinding = { source: match.source };
    const part = match.source.part;
    const grade: Grade = part === 'attachment' || part === 'hidden text' || match.source.flagged ? 'danger' : 'notice';
    const what = part === 'attachment' ? 'attachment text' : part === 'hidden text' ? 'text hidden from you' : sameThread(match.source) ? 'text' : "another thread's text";
    items.push(item('passage', cutAt(match.excerpt, 60), grade, [`copies ${what} ${where(finding, ctx.account)}`], [finding]));
  }
  if (provenance.passagesSaturated) {
    items.push(item('passage', '(subject and body)', 'notice', ['so much mail was read this session that copied passages can no longer be recognised'], []));
  }

  // Attachments by their bytes: a file mail carried is that mail's, whatever it is called now or where it was saved.
  for (const attachment of message.attachments) {
    const name = stripInvisible(attachment.filename);
    const findings = attachment.sha256 ? provenance.attachmentFindings(attachment.sha256) : [];
    if (findings.length === 0) {
      items.push(item('attachment', name, 'none', ['attached by the agent; no mail read carried this file']));
      continue;
    }
    const ownPlace = findings.find((f) => explained(f.source));
    if (ownPlace) {
      items.push(item('attachment', name, 'none', [forwarded(ownPlace.source) ? 'attached to the message forwarded' : "a file of this thread, to the thread's own people"], findings));
      continue;
    }
    const source = pickDecisive(findings).source;
    items.push(item('attachment', name, 'danger', [`the same file as ${oneLine(stripInvisible(source.field ?? 'an attachment'), 80)} of ${mailName(source, ctx.account)}`, 'it goes to people outside that thread'], findings));
  }

  return { grade: highestGrade(items.map((i) => i.grade)), summary: summarise(items, original), items };
}

interface RecipientContext {
  readonly accountAddress: string;
  readonly accountDomain: string;
  readonly threadPeople: ReadonlySet<string>;
  readonly threadDomains: ReadonlySet<string>;
  readonly redirected: ReadonlySet<string>;
  readonly sender?: string;
  readonly sameThread: (source: ProvenanceSource) => boolean;
}

async function assessRecipient(ctx: EvidenceContext, address: string, r: RecipientContext): Promise<EvidenceItem> {
  const { provenance } = ctx;
  const canonical = canonicalAddress(address);
  const domain = domainOfAddress(address);
  const findings = provenance.addressFindings(address);
  if (canonical === r.sender) return item('recipient', address, 'none', ['the sender of the message replied to'], findings);
  if (canonical === r.accountAddress) return item('recipient', address, 'none', ['this account itself'], []);
  if (r.redirected.has(canonical) && !r.threadPeople.has(canonical)) {
    const via = findings.find((f) => f.source.part === 'reply-to');
    // A Reply-To inside the sender's own organisation (a ticket system's, a dated address) is the sender answering:
    // a reply goes there as it would to the sender. compose.replyHeaders follows no other Reply-To by itself.
    if (r.sender && atSendersOrganisation(address, r.sender)) {
      return item('recipient', address, 'none', [`the Reply-To of the message replied to, at its sender's own domain ${unicodeDomain(domain)}`], findings);
    }
    return item('recipient', address, 'danger', [`the message replied to set its Reply-To to this address, which is not its sender${via ? ` (${mailName(via.source, ctx.account)})` : ''}`], findings);
  }
  if (r.threadPeople.has(canonical)) return item('recipient', address, 'none', ['takes part in this thread'], findings);

  const lookalike = lookalikeOf(provenance, domain, r.accountDomain);
  const writtenTo = await ctx.history?.hasWrittenTo(address, ctx.signal);
  const mentions = findings.filter((f) => !isCorrespondentFinding(f));
  const headerOnly = findings.filter(isCorrespondentFinding);
  const never = writtenTo === false ? ['you have never written to it'] : [];
  const mentioned = mentions.length ? [`appears ${mentions.length === findings.length ? 'only ' : ''}${where(pickDecisive(mentions), ctx.account)}`] : [];
  if (lookalike) return item('recipient', address, 'danger', [...mentioned, lookalike, ...never], findings);
  if (writtenTo === true) {
    const risky = mentions.filter(isRiskyFinding);
    if (risky.length) return item('recipient', address, 'notice', ['you have written to it before', `it also appears ${where(risky[0], ctx.account)}`], findings);
    return item('recipient', address, 'none', ['you have written to it before'], findings);
  }
  if (findings.some((f) => f.source.messageId.startsWith('(unknown'))) {
    return item('recipient', address, 'danger', ['so much mail was read this session that it cannot be told whether this address came from mail', ...never], findings);
  }
  if (mentioned.length) return item('recipient', address, 'danger', [...mentioned, ...never], findings);
  if (headerOnly.length) {
    const flagged = headerOnly.find((f) => f.source.flagged);
    if (flagged) return item('recipient', address, 'danger', [`sent ${mailName(flagged.source, ctx.account)}`, ...never], findings);
    return item('recipient', address, 'notice', [`wrote to you (${mailName(headerOnly[0].source, ctx.account)})`, ...never], findings);
  }

  // The address never appeared; its domain may have.
  const domainFindings = domain && domain !== r.accountDomain && !r.threadDomains.has(domain) && !isPublicMailboxDomain(domain) ? provenance.domainFindings(domain) : [];
  if (domainFindings.length && !domainFindings.some((f) => f.source.messageId.startsWith('(unknown'))) {
    const knownDomain = await ctx.history?.hasWrittenToDomain?.(domain, ctx.signal);
    if (knownDomain !== true) {
      return item('recipient', address, 'danger', [`a new address at ${unicodeDomain(domain)}, a domain that came from mail (${where(pickDecisive(domainFindings), ctx.account)})`, ...never], domainFindings);
    }
  }
  const external = domain !== r.accountDomain;
  if (writtenTo === false || external) {
    return item('recipient', address, 'notice', [[external ? 'outside your domain' : '', writtenTo === false ? 'new: you have never written to it' : 'not from mail'].filter(Boolean).join(', ')]);
  }
  return item('recipient', address, 'none', ['in your own domain']);
}

/** A header From/To/Cc finding: the address is someone who wrote or was written to, not only mentioned. */
function isCorrespondentFinding(f: ProvenanceFinding): boolean {
  return f.source.part === 'header';
}

function isRiskyFinding(f: ProvenanceFinding): boolean {
  return f.source.part === 'hidden text' || f.source.part === 'reply-to' || f.how === 'encoded' || f.source.flagged === true;
}

/** The finding that says most: hidden text, a flagged mail, a decoding, a link target, an attachment, then the rest. */
function pickDecisive(findings: readonly ProvenanceFinding[]): ProvenanceFinding {
  const score = (f: ProvenanceFinding) =>
    (f.source.part === 'hidden text' ? 16 : 0) + (f.source.flagged ? 8 : 0) + (f.how === 'encoded' ? 4 : f.how === 'obfuscated' ? 3 : 0) + (f.how === 'link' || f.source.part === 'link target' ? 2 : 0) + (f.source.part === 'attachment' ? 1 : 0);
  return [...findings].sort((a, b) => score(b) - score(a))[0];
}

/** A domain that reads as a correspondent's or the account's (same UTS #39 skeleton, or mixed scripts), in words. */
function lookalikeOf(provenance: ProvenanceTracker, domain: string, accountDomain: string): string | undefined {
  if (!domain) return undefined;
  if (accountDomain && domain !== accountDomain && domainSkeleton(domain) === domainSkeleton(accountDomain)) {
    return `its domain ${unicodeDomain(domain)} looks like your own domain ${unicodeDomain(accountDomain)} but is not it`;
  }
  const like = provenance.correspondentLookalikes(domain);
  if (like.length) return `its domain ${unicodeDomain(domain)} looks like ${unicodeDomain(like[0])}, a correspondent's domain, but is not it`;
  const mixed = recipientLookalike(`x@${unicodeDomain(domain)}`);
  return mixed ? mixed.message : undefined;
}

const PART_WORDS: Record<string, string> = {
  'hidden text': 'in hidden text',
  'link target': 'in a link target',
  attachment: 'in an attachment',
  header: 'in the headers',
  'reply-to': 'as the Reply-To',
  'visible text': 'in the text',
};

/** "in hidden text of "Invoice 443" from ap@vendor.com, a flagged mail". */
function where(finding: ProvenanceFinding, account: string): string {
  const part = finding.source.part ?? 'visible text';
  let words = PART_WORDS[part] ?? 'in the text';
  if (finding.how === 'encoded') words = `encoded (base64, percent-encoding, entities or escapes) ${words}`;
  else if (finding.how === 'obfuscated') words = `spelled out to evade detection ("at", "dot", look-alike or split characters) ${words}`;
  else if (finding.how === 'link' && part === 'visible text') words = 'in a link target';
  return `${words} of ${mailName(finding.source, account)}`;
}

/** How a person knows a mail: its subject and sender, its account when not this one, and its flag. */
function mailName(source: ProvenanceSource, account: string): string {
  if (source.messageId.startsWith('(unknown')) return 'mail read this session';
  const subject = source.subject ? `"${oneLine(stripInvisible(source.subject), 60)}"` : `message ${source.messageId}`;
  const from = source.from ? ` from ${bareAddress(source.from) || cutAt(stripInvisible(source.from), 60)}` : '';
  const otherAccount = source.account && source.account.toLowerCase() !== account.toLowerCase() ? ` (in ${source.account})` : '';
  return `${subject}${from}${otherAccount}${source.flagged ? ', a flagged mail' : ''}`;
}

function forwardedOrThread(findings: readonly ProvenanceFinding[], forwarded: (s: ProvenanceSource) => boolean): string {
  return findings.some((f) => forwarded(f.source)) ? 'part of the message forwarded' : 'from this thread, going back to its people';
}

function item(kind: EvidenceItem['kind'], value: string, grade: Grade, reasons: readonly string[], findings: readonly ProvenanceFinding[] = []): EvidenceItem {
  const sources = evidenceSources(findings);
  return { kind, value, grade, reasons, ...(sources.length ? { sources } : {}) };
}

function evidenceSources(findings: readonly ProvenanceFinding[]): EvidenceSource[] {
  const out: EvidenceSource[] = [];
  const seen = new Set<string>();
  for (const { source, how } of findings) {
    if (source.messageId.startsWith('(unknown')) continue;
    const part = how === 'link' && source.part === 'visible text' ? 'link target' : (source.part ?? 'visible text');
    const key = `${source.messageId}\0${part}`;
    if (seen.has(key)) continue;
    seen.add(key);
    out.push({
      messageId: source.messageId,
      part,
      ...(source.account ? { account: source.account } : {}),
      ...(source.from ? { from: source.from } : {}),
      ...(source.subject ? { subject: source.subject } : {}),
      ...(source.flagged ? { flagged: true } : {}),
    });
  }
  return out;
}

/** One or two sentences, grade first, the decisive item named. */
export function summarise(items: readonly EvidenceItem[], original?: Pick<OriginalForEvidence, 'use'>): string {
  const grade = highestGrade(items.map((i) => i.grade));
  const top = items.filter((i) => i.grade === grade);
  if (grade === 'none') {
    if (original?.use === 'reply') return 'No warning: a reply to the people of this thread, with nothing taken from other mail.';
    if (items.some((i) => i.kind === 'message')) return 'No warning: nothing in this change came from mail.';
    return 'No warning: everyone here is someone you have written to or a person of this thread, and nothing was taken from other mail.';
  }
  const first = top[0];
  const label = grade === 'danger' ? 'Danger' : 'Notice';
  const more = top.length > 1 ? ` ${top.length - 1} more item${top.length === 2 ? ' is' : 's are'} marked ${grade}.` : '';
  const lead = first.kind === 'passage' || first.kind === 'link' ? `the ${first.kind} "${cutAt(first.value, 60)}"` : first.value;
  return `${label}: ${lead} ${first.reasons.join('; ')}.${more}`;
}

/** What a trash or label change is, for the assessment. */
export interface ChangeForEvidence {
  readonly action: 'trash' | 'untrash' | 'labels';
  /** Labels the change removes (INBOX: archive, UNREAD: mark read). */
  readonly removes?: readonly string[];
  readonly selected: ReadonlyArray<Pick<MessageLine, 'id' | 'from' | 'subject'>>;
  /** The change needs a typed count (bulk). */
  readonly bulk: boolean;
}

/**
 * A change's evidence, one item a message touched. The rule is kept simple so a person can check it: a message that
 * carried a one-time code or a sign-in/reset link (a security notice) being trashed, archived or marked read is
 * danger (it is how an attacker hides an alert); a message the detector flagged being trashed is notice (its trace
 * goes); a bulk change is notice; everything else is none. Untrash is always none.
 */
export function assessChangeEvidence(ctx: Pick<EvidenceContext, 'provenance' | 'account'>, change: ChangeForEvidence): Evidence {
  const hides = change.action === 'trash' || (change.removes ?? []).some((l) => l === 'INBOX' || l === 'UNREAD');
  const items: EvidenceItem[] = change.selected.map((m) => {
    const value = `${cutAt(stripInvisible(m.subject).replace(/\s+/g, ' ').trim() || '(no subject)', 60)} — ${bareAddress(m.from) || '(no sender)'}`;
    if (change.action === 'untrash') return item('message', value, 'none', ['comes back from Trash']);
    const traits = ctx.provenance.messageTraits(m.id);
    if (hides && traits.security) return item('message', value, 'danger', ['a security notice (a one-time code or a sign-in or reset link) would be hidden from you']);
    if (change.action === 'trash' && traits.flagged) return item('message', value, 'notice', ['a flagged mail: trashing it removes its trace']);
    if (change.bulk) return item('message', value, 'notice', ['part of a bulk change']);
    return item('message', value, 'none', []);
  });
  return { grade: highestGrade(items.map((i) => i.grade)), summary: summarise(items), items };
}
