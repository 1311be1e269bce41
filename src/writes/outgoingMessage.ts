import type { AddressObject } from 'mailparser';
import { bareAddress, formatAddress, parseAddress } from '../guard/addresses';
import { MarkdownBodyError, markdownToHtml } from '../mail/markdownBody';
import { composeMessage, forwardSpecOf, replyHeaders, type OriginalHeaders, type OutgoingAttachment, type OutgoingMessageSpec } from '../mail/compose';
import type { ComposeSource } from '../mail/processing/composeSource';
import type { MailProcessor } from '../mail/processing/mailProcessor';
import type { MailUse } from '../mail/unreadableMessage';
import { stripInvisible } from '../mail/textHygiene';
import { ProposalError } from './errors';
import type { MailSource } from './mailSource';
import { renderOriginalDocument } from './outgoingDocument';
import type { OutgoingEdit } from './outgoingDocument';
import { sha256Hex } from './payloadHash';
import type { OriginalMessage, OutgoingCandidate } from './proposal';
import { senderIdentity, withSignature } from './sendAsIdentity';
import { readWorkspaceFiles } from './workspaceFiles';

/** What a send or a draft asks for, as the tools' inputs give it. */
export interface OutgoingRequest {
  readonly to?: readonly string[];
  readonly cc?: readonly string[];
  readonly bcc?: readonly string[];
  readonly subject?: string;
  readonly body: string;
  /** Reply: the message replied to (threaded: threadId, In-Reply-To, References, "Re:"). */
  readonly replyToMessageId?: string;
  readonly replyAll?: boolean;
  /** Forward: the message forwarded, with its attachments. */
  readonly forwardMessageId?: string;
  readonly attachments?: ReadonlyArray<{ readonly messageId: string; readonly filename: string }>;
  /** Files of the open workspace, by paths relative to a workspace folder (writes/workspaceFiles). */
  readonly files?: readonly string[];
  /** 'markdown': the body is markdown, sent as text/plain and as an HTML part rendered from it. */
  readonly bodyFormat?: 'text' | 'markdown';
  /** A verified send-as alias of the account (senderIdentity); absent: the account. */
  readonly from?: string;
  /** End the body with the alias's signature (the gmailTools.compose.signature setting). */
  readonly appendSignature?: boolean;
}

export interface PreparedOutgoing {
  readonly candidate: OutgoingCandidate;
  /** The original replied to or forwarded (left side of the diff, Reply-To marks); absent for a new message. */
  readonly original?: OriginalMessage;
  /** A reply's: the original's Reply-To addresses it does not go to (outside the sender's organisation: compose.replyHeaders). */
  readonly replyToSetAside: readonly string[];
  /** Builds the message again from the user's edit: same threading, edited headers and body, the attachments kept. */
  rebuild(edit: OutgoingEdit): Promise<OutgoingCandidate>;
}

interface LoadedMessage {
  readonly id: string;
  readonly threadId: string;
  readonly labelIds: readonly string[];
  readonly parsed: ComposeSource;
}

/**
 * Builds the exact outgoing message for send_message and create_draft: a new message, a reply (recipients,
 * subject and threading from the original via compose.replyHeaders) or a forward (compose.forwardSpec, with the
 * original's attachments). Extra recipients in a reply or forward are added to the derived ones.
 */
export async function prepareOutgoing(ctx: MailSource, request: OutgoingRequest): Promise<PreparedOutgoing> {
  const loaded = new Map<string, Promise<LoadedMessage>>();
  const load = (id: string, use: MailUse) => {
    let message = loaded.get(id);
    if (!message) loaded.set(id, (message = loadMessage(ctx, id, use)));
    return message;
  };
  const sender = await senderIdentity(ctx, request.from, request.appendSignature ?? false);
  const from = sender.from;
  const body = withSignature(request.body, sender.signature);
  let spec: OutgoingMessageSpec;
  let threadId: string | undefined;
  let original: LoadedMessage | undefined;
  let replyToSetAside: readonly string[] = [];

  if (request.replyToMessageId) {
    original = await load(request.replyToMessageId, 'reply');
    const reply = replyHeaders(originalHeadersOf(original.parsed), { replyAll: request.replyAll ?? false, self: ctx.account });
    spec = {
      from,
      to: [...reply.to, ...(request.to ?? [])],
      cc: [...reply.cc, ...(request.cc ?? [])],
      bcc: [...(request.bcc ?? [])],
      subject: request.subject ?? reply.subject,
      text: body,
      inReplyTo: reply.inReplyTo,
      references: reply.references,
    };
    threadId = original.threadId || undefined;
    const named = new Set([...spec.to ?? [], ...spec.cc ?? []].map(bareAddress));
    replyToSetAside = reply.replyToSetAside.filter((a) => !named.has(bareAddress(a)));
  } else if (request.forwardMessageId) {
    // The forwarded text is the original's, written by someone else: rendered as markdown, its text could become
    // links and formatting under the user's name that the plain text does not show.
    if (request.bodyFormat === 'markdown') throw new ProposalError('bodyFormat "markdown" is for new messages and replies; a forward goes as plain text. Leave bodyFormat out.');
    original = await load(request.forwardMessageId, 'forward');
    spec = forwardSpecOf(original.parsed, { from, to: request.to, cc: request.cc, bcc: request.bcc, note: body, originalId: original.id });
    if (request.subject !== undefined) spec = { ...spec, subject: request.subject };
  } else {
    if (request.subject === undefined) throw new ProposalError('A new message needs a subject: give "subject".');
    spec = { from, to: request.to ?? [], cc: request.cc ?? [], bcc: request.bcc ?? [], subject: request.subject, text: body };
  }

  const extra: OutgoingAttachment[] = [];
  for (const ref of request.attachments ?? []) {
    const source = await load(ref.messageId, 'forward');
    rememberAttachments(ctx, source);
    extra.push(attachmentOf(source, ref.filename));
  }
  const attachedBytes = [...(spec.attachments ?? []), ...extra].reduce((n, a) => n + a.content.length, 0);
  for (const file of await readWorkspaceFiles(ctx.workspace, request.files ?? [], attachedBytes)) {
    extra.push({ filename: file.filename, contentType: file.contentType, content: file.content });
  }
  const base: OutgoingMessageSpec = { ...spec, attachments: [...(spec.attachments ?? []), ...extra] };
  const markdown = request.bodyFormat === 'markdown';

  const build = async (s: OutgoingMessageSpec): Promise<OutgoingCandidate> => {
    const composed = await composeMessage({ ...s, ...(markdown ? { html: markdownHtml(s.text) } : {}), date: new Date() });
    return {
      raw: composed.raw,
      messageId: composed.messageId,
      preview: {
        from: s.from,
        to: displayList(s.to),
        cc: displayList(s.cc),
        bcc: displayList(s.bcc),
        subject: s.subject,
        body: s.text,
        ...(markdown ? { bodyFormat: 'markdown' as const } : {}),
        attachments: (s.attachments ?? []).map((a) => ({ filename: a.filename, mimeType: a.contentType, size: a.content.length, sha256: sha256Hex(a.content) })),
        ...(threadId ? { threadId } : {}),
        ...(s.inReplyTo ? { inReplyTo: s.inReplyTo } : {}),
      },
    };
  };

  if (original) rememberOriginal(ctx, original);
  const redirect = request.replyToMessageId && original ? replyToRedirect(original.parsed, base) : [];
  return {
    candidate: await build(base),
    replyToSetAside,
    ...(original ? { original: originalForProposal(original, redirect, request.replyToMessageId ? 'reply' : 'forward') } : {}),
    rebuild: (edit) =>
      build({
        ...base,
        to: edit.to,
        cc: edit.cc,
        bcc: edit.bcc,
        subject: edit.subject,
        text: edit.body,
        attachments: edit.keptAttachments.map((i) => (base.attachments ?? [])[i]).filter((a) => a !== undefined),
      }),
  };
}

function markdownHtml(text: string): string {
  try {
    return markdownToHtml(text);
  } catch (error) {
    if (error instanceof MarkdownBodyError) throw new ProposalError(`body: ${error.message}.`);
    throw error;
  }
}

/** A draft or a sent message read back from its raw form (parsed by `processor`), as the confirmation shows it. */
export async function candidateFromRaw(
  raw: Buffer,
  account: string,
  threadId: string | undefined,
  processor: MailProcessor,
  options: { readonly signal?: AbortSignal } = {},
): Promise<{ candidate: OutgoingCandidate; parsed: ComposeSource }> {
  const parsed = await processor.openForCompose(raw, { id: 'draft', use: 'read' }, options);
  const messageId = parsed.messageId?.trim();
  return {
    parsed,
    candidate: {
      raw,
      messageId: messageId && /^<[^<>\s]+@[^<>\s]+>$/.test(messageId) ? messageId : undefined,
      preview: {
        from: addressesOf(parsed.from)[0] ?? account,
        to: addressesOf(parsed.to),
        cc: addressesOf(parsed.cc),
        bcc: addressesOf(parsed.bcc),
        subject: parsed.subject ?? '',
        body: parsed.bodyText,
        ...(parsed.bodySource === 'text/html' ? { bodyFormat: 'html' as const } : {}),
        attachments: attachmentsShown(parsed),
        ...(threadId ? { threadId } : {}),
        ...(parsed.inReplyTo ? { inReplyTo: parsed.inReplyTo.trim() } : {}),
      },
    },
  };
}

/**
 * The original's addresses are untrusted content like those of a read: a reply needs only a search to find its
 * message, so what it goes to (From, Reply-To, Cc) is remembered here, and marked 'untrusted' like a read's.
 */
function rememberOriginal(ctx: MailSource, original: LoadedMessage): void {
  // The user's own mail (SENT) is not untrusted, as for reads.
  if (original.labelIds.includes('SENT')) return;
  const headers = { from: original.parsed.from, replyTo: original.parsed.replyTo, to: original.parsed.to, cc: original.parsed.cc };
  for (const [field, value] of Object.entries(headers)) {
    for (const address of addressesOf(value)) ctx.provenance.recordHeader(address, { messageId: original.id, field });
  }
  rememberAttachments(ctx, original);
}

/** The files of a message the outgoing one uses, by their bytes: sent on, each is traced to it (evidenceAssessor). */
function rememberAttachments(ctx: MailSource, message: LoadedMessage): void {
  if (message.labelIds.includes('SENT') || message.labelIds.includes('DRAFT')) return;
  const from = addressesOf(message.parsed.from)[0];
  const origin = { messageId: message.id, ...(message.threadId ? { threadId: message.threadId } : {}), ...(from ? { from } : {}), ...(message.parsed.subject ? { subject: message.parsed.subject } : {}) };
  for (const a of message.parsed.attachments) {
    ctx.provenance.recordAttachment({ sha256: sha256Hex(a.content), filename: a.filename ?? '(unnamed)' }, origin);
  }
}

/** The original as a proposal carries it: the diff's left side, the Reply-To redirect, and its people for the evidence. */
function originalForProposal(original: LoadedMessage, replyToRedirect: readonly string[], use: 'reply' | 'forward'): OriginalMessage {
  const { parsed } = original;
  return {
    text: originalDocumentOf(parsed),
    replyToRedirect,
    messageId: original.id,
    ...(original.threadId ? { threadId: original.threadId } : {}),
    use,
    ...(addressesOf(parsed.from)[0] ? { sender: bareAddress(addressesOf(parsed.from)[0]) } : {}),
    correspondents: [...addressesOf(parsed.from), ...addressesOf(parsed.to), ...addressesOf(parsed.cc)].map(bareAddress).filter(Boolean),
  };
}

/** The reply's recipients that came from the original's Reply-To and are not its From. */
function replyToRedirect(parsed: ComposeSource, spec: Pick<OutgoingMessageSpec, 'to' | 'cc'>): string[] {
  const from = new Set(addressesOf(parsed.from).map(bareAddress));
  const replyTo = new Set(addressesOf(parsed.replyTo).map(bareAddress).filter((a) => !from.has(a)));
  return [...(spec.to ?? []), ...(spec.cc ?? [])].map(bareAddress).filter((a) => replyTo.has(a));
}

export async function loadMessage(ctx: MailSource, id: string, use: MailUse): Promise<LoadedMessage> {
  const message = await ctx.gmail.getMessage(id, 'raw', { signal: ctx.signal });
  if (!message.raw) throw new ProposalError(`Gmail returned message ${id} without its content.`);
  const raw = Buffer.from(message.raw, 'base64url');
  const parsed = await ctx.mailProcessor.openForCompose(raw, { id, use }, { signal: ctx.signal });
  return { id, threadId: message.threadId ?? '', labelIds: message.labelIds ?? [], parsed };
}

/** The message as the left side of the diff shows it: invisible characters removed (the user reads it). */
export function originalDocumentOf(parsed: ComposeSource): string {
  return renderOriginalDocument({
    from: addressesOf(parsed.from).join(', '),
    replyTo: addressesOf(parsed.replyTo).join(', '),
    to: addressesOf(parsed.to).join(', '),
    cc: addressesOf(parsed.cc).join(', '),
    date: parsed.date ? parsed.date.toUTCString() : '',
    subject: stripInvisible(parsed.subject ?? ''),
    attachments: attachmentsShown(parsed),
    body: stripInvisible(parsed.bodyText),
  });
}

export function originalHeadersOf(parsed: ComposeSource): OriginalHeaders {
  return {
    messageId: parsed.messageId,
    references: parsed.references,
    inReplyTo: parsed.inReplyTo,
    subject: parsed.subject,
    from: addressesOf(parsed.from),
    to: addressesOf(parsed.to),
    cc: addressesOf(parsed.cc),
    replyTo: addressesOf(parsed.replyTo),
  };
}

export function attachmentsOf(parsed: ComposeSource): OutgoingAttachment[] {
  return parsed.attachments
    .filter((a) => a.content && a.content.length > 0)
    .map((a, i) => ({
      filename: (a.filename ?? '').replace(/[\r\n\0]+/g, ' ').trim() || `attachment-${i + 1}`,
      contentType: a.contentType || 'application/octet-stream',
      content: a.content,
    }));
}

function attachmentOf(message: LoadedMessage, filename: string): OutgoingAttachment {
  const all = attachmentsOf(message.parsed);
  const match = all.find((a) => a.filename === filename) ?? all.find((a) => a.filename.toLowerCase() === filename.toLowerCase());
  if (!match) {
    const names = all.map((a) => `"${a.filename}"`).join(', ') || 'none';
    throw new ProposalError(`Message ${message.id} has no attachment "${filename}" (it has: ${names}). Give one of those filenames.`);
  }
  return match;
}

/** Addresses as `Name <addr>`, groups flattened, entries without an address dropped. */
function addressesOf(field: AddressObject | AddressObject[] | undefined): string[] {
  if (!field) return [];
  const out: string[] = [];
  for (const object of Array.isArray(field) ? field : [field]) {
    for (const entry of object.value) {
      for (const a of entry.group ?? [entry]) {
        if (a.address) out.push(formatAddress({ name: (a.name ?? '').replace(/[\r\n]+/g, ' ').trim(), address: a.address }));
      }
    }
  }
  return out;
}

function displayList(list: readonly string[] | undefined): string[] {
  const seen = new Set<string>();
  const out: string[] = [];
  for (const value of list ?? []) {
    const a = parseAddress(value, 'recipient');
    if (seen.has(a.address.toLowerCase())) continue;
    seen.add(a.address.toLowerCase());
    out.push(formatAddress(a));
  }
  return out;
}

/** A message's attachments as the confirmation lists them (a draft read back, the original replied to or forwarded). */
function attachmentsShown(parsed: ComposeSource): OutgoingCandidate['preview']['attachments'] {
  return parsed.attachments.map((a) => ({ filename: a.filename ?? '(unnamed)', mimeType: a.contentType, size: a.size ?? a.content.length, sha256: sha256Hex(a.content) }));
}
