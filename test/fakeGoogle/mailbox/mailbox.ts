import { createHash } from 'node:crypto';
import { readdir, readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import { LabelRegistry } from './labels';
import { parseMessage, partsWithFilename, type ParsedMessage } from './parseMessage';
import { takeFakeLabels } from './fakeLabelsHeader';
import { assignThreads } from './threading';
import type { StoredMessage } from './storedMessage';
import type { MimePart } from './mimeTree';
import type { gmail_v1 } from '@googleapis/gmail';
import { DraftStore } from './drafts';
import { defaultSendAs } from './sendAs';

/** First history id handed out; Gmail's are large opaque increasing numbers. */
const FIRST_HISTORY_ID = 100_000;

/**
 * One account's mail: messages, threads, labels and drafts. The HTTP routes read it and the write-side routes
 * change it through methods here, so the routes never touch the maps directly.
 */
export class Mailbox {
  readonly labels = new LabelRegistry();
  readonly drafts = new DraftStore();
  /** users.settings.sendAs: tests may replace the list. */
  sendAs: gmail_v1.Schema$SendAs[];
  private readonly messages = new Map<string, StoredMessage>();
  private readonly threads = new Map<string, string[]>();
  private historyCounter = FIRST_HISTORY_ID;

  constructor(readonly address: string) {
    this.sendAs = defaultSendAs(address);
  }

  /** Loads every *.eml file of `dir` (not recursive). A file that cannot be parsed fails the load with its name. */
  static async fromDirectory(address: string, dir: string): Promise<Mailbox> {
    const names = (await readdir(dir)).filter((n) => n.toLowerCase().endsWith('.eml')).sort();
    const mailbox = new Mailbox(address);
    const loaded: { parsed: ParsedMessage; labels: string[] | undefined }[] = [];
    for (const name of names) {
      const file = path.join(dir, name);
      try {
        const { raw, labels } = takeFakeLabels(await readFile(file));
        const parsed = await parseMessage(raw, (await stat(file)).mtimeMs);
        loaded.push({ parsed, labels });
      } catch (err) {
        throw new Error(`cannot load ${file}: ${(err as Error).message}`, { cause: err });
      }
    }
    mailbox.addLoaded(loaded);
    return mailbox;
  }

  /** Loads raw messages (tests and the write side use this); X-Fake-Labels headers are honoured. */
  static async fromRaw(address: string, raws: readonly Buffer[], now = Date.now()): Promise<Mailbox> {
    const mailbox = new Mailbox(address);
    const loaded = [];
    for (const bytes of raws) {
      const { raw, labels } = takeFakeLabels(bytes);
      loaded.push({ parsed: await parseMessage(raw, now), labels });
    }
    mailbox.addLoaded(loaded);
    return mailbox;
  }

  private addLoaded(loaded: { parsed: ParsedMessage; labels: string[] | undefined }[]): void {
    const ordered = [...loaded].sort((a, b) => a.parsed.internalDate - b.parsed.internalDate);
    const usedIds = new Set<string>();
    const drafts: StoredMessage[] = ordered.map(({ parsed, labels }) => {
      const id = uniqueId(parsed.idSeed, usedIds);
      return {
        ...parsed,
        id,
        threadId: id,
        historyId: ++this.historyCounter,
        labelIds: new Set(labels ? labels.map((l) => this.labels.resolveFixtureLabel(l)) : this.defaultLabels(parsed)),
        attachments: attachmentIndex(id, parsed.root),
      };
    });
    const threadOf = assignThreads(drafts);
    for (const m of drafts) {
      m.threadId = threadOf.get(m.id)!;
      this.messages.set(m.id, m);
      const thread = this.threads.get(m.threadId) ?? [];
      thread.push(m.id);
      this.threads.set(m.threadId, thread);
    }
  }

  /** Mail from the account is SENT; mail to it (or to no one it can tell) lands in INBOX, unread. */
  private defaultLabels(parsed: ParsedMessage): string[] {
    const me = this.address.toLowerCase();
    const fromMe = parsed.fromAddresses.includes(me);
    const toMe = parsed.recipientAddresses.includes(me);
    if (fromMe && !toMe) return ['SENT'];
    if (fromMe && toMe) return ['SENT', 'INBOX', 'UNREAD'];
    return ['INBOX', 'UNREAD'];
  }

  /**
   * Adds one message made at run time (sent, drafted, delivered): into `threadId` when given (the caller has
   * checked Gmail's threading rules), else into a thread of its own.
   */
  addMessage(parsed: ParsedMessage, labelIds: Iterable<string>, threadId?: string): StoredMessage {
    if (threadId !== undefined && !this.threads.has(threadId)) throw new Error(`no such thread: ${threadId}`);
    // A thread keeps its id after its first message is deleted, so a new id must not collide with one either.
    const id = uniqueId(parsed.idSeed, new Set([...this.messages.keys(), ...this.threads.keys()]));
    const message: StoredMessage = {
      raw: parsed.raw,
      root: parsed.root,
      internalDate: parsed.internalDate,
      snippet: parsed.snippet,
      messageIdHeader: parsed.messageIdHeader,
      references: parsed.references,
      normalizedSubject: parsed.normalizedSubject,
      fromAddresses: parsed.fromAddresses,
      recipientAddresses: parsed.recipientAddresses,
      words: parsed.words,
      id,
      threadId: threadId ?? id,
      historyId: this.nextHistoryId(),
      labelIds: new Set(labelIds),
      attachments: attachmentIndex(id, parsed.root),
    };
    this.messages.set(id, message);
    const thread = this.threads.get(message.threadId) ?? [];
    thread.push(id);
    this.threads.set(message.threadId, thread);
    return message;
  }

  /** Removes a message for good (a deleted draft, a permanent delete); an emptied thread goes too. */
  removeMessage(id: string): StoredMessage | undefined {
    const message = this.messages.get(id);
    if (!message) return undefined;
    this.messages.delete(id);
    const rest = (this.threads.get(message.threadId) ?? []).filter((m) => m !== id);
    if (rest.length) this.threads.set(message.threadId, rest);
    else this.threads.delete(message.threadId);
    this.historyCounter++;
    return message;
  }

  /** Replaces a message's labels; the change gets a new history id, as in Gmail. */
  setLabels(message: StoredMessage, labelIds: Iterable<string>): void {
    message.labelIds = new Set(labelIds);
    message.historyId = this.nextHistoryId();
  }

  /** Messages whose Message-ID header is `messageId` (angle brackets optional), oldest first. */
  findByMessageIdHeader(messageId: string): StoredMessage[] {
    const wanted = normalizeMessageId(messageId);
    return [...this.messages.values()].filter((m) => m.messageIdHeader !== undefined && normalizeMessageId(m.messageIdHeader) === wanted).sort(byDateAscending);
  }

  get historyId(): number {
    return this.historyCounter;
  }

  /** Next history id, for changes made by the write side. */
  nextHistoryId(): number {
    return ++this.historyCounter;
  }

  getMessage(id: string): StoredMessage | undefined {
    return this.messages.get(id);
  }

  /** Messages of a thread, oldest first. */
  getThread(threadId: string): StoredMessage[] | undefined {
    const ids = this.threads.get(threadId);
    if (!ids) return undefined;
    return ids.map((id) => this.messages.get(id)!).sort(byDateAscending);
  }

  /** All messages, newest first (Gmail's list order). */
  allMessages(): StoredMessage[] {
    return [...this.messages.values()].sort((a, b) => -byDateAscending(a, b));
  }

  threadIds(): string[] {
    return [...this.threads.keys()];
  }

  getAttachment(messageId: string, attachmentId: string): MimePart | undefined {
    return this.messages.get(messageId)?.attachments.get(attachmentId);
  }

  get messageCount(): number {
    return this.messages.size;
  }

  get threadCount(): number {
    return this.threads.size;
  }
}

function normalizeMessageId(id: string): string {
  const trimmed = id.trim();
  return (trimmed.startsWith('<') && trimmed.endsWith('>') ? trimmed : `<${trimmed}>`).toLowerCase();
}

function byDateAscending(a: StoredMessage, b: StoredMessage): number {
  return a.internalDate - b.internalDate || a.historyId - b.historyId;
}

/** Gmail-like 16-hex-digit id; a duplicate Message-ID (the same mail stored twice) gets a derived id. */
function uniqueId(seed: string, used: Set<string>): string {
  let id = seed;
  for (let n = 1; used.has(id); n++) id = createHash('sha256').update(`${seed}:${n}`).digest('hex').slice(0, 16);
  used.add(id);
  return id;
}

/** Opaque, stable attachment ids (Gmail's are long base64url strings). */
function attachmentIndex(messageId: string, root: MimePart): Map<string, MimePart> {
  const index = new Map<string, MimePart>();
  for (const part of partsWithFilename(root)) {
    const id = `ANGjdJ${createHash('sha256').update(`${messageId}/${part.partId}`).digest('base64url')}`;
    index.set(id, part);
  }
  return index;
}
