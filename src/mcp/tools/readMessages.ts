import { createHash } from 'node:crypto';
import * as z from 'zod';
import { rawMailSlots } from '../server/rawMailSlots';
import { decodeCursor, encodeCursor, InvalidCursorError } from '../../mail/cursor';
import { GmailApiError } from '../../gmail/errors';
import { UnreadableMessageError } from '../../mail/unreadableMessage';
import { headerBlock, pageOf, type LabelNamer, type Page, type ParsedMessage } from '../../mail/render';
import { toolErrorMessage } from '../server/toolCall';
import { defineTool, type ToolContext } from '../server/toolDefinition';
import { senderName } from '../server/callGlance';
import { cursorSchema, messageHeaderFields, messageIdSchema, pageSchema, strictInput, threadAndReplyTo } from './shared/schemas';
import { flagsField, inspectionFields, sanitizedField, type ResponseInspection } from '../server/untrustedContentInspector';

/** Ids one call takes: 50 raw gets are 250 quota units, one second of Gmail's per-user budget. */
export const MAX_BATCH_IDS = 50;

/**
 * A message is not started on a page with less room than this left (unless its whole body fits): a page that
 * ends on two lines of a new message makes the agent call again for nothing.
 */
const MIN_BODY_CHARS = 400;

/** Messages requested at once; see fetchForPage. */
const FETCH_WAVE = 16;

const inputSchema = strictInput({
  ids: z
    .array(messageIdSchema)
    .min(1)
    .max(MAX_BATCH_IDS)
    .describe('Repeated ids are read once.'),
  cursor: cursorSchema.optional(),
});

const outputSchema = z.object({
  total: z.number().int().describe('Messages in the batch (distinct ids).'),
  range: z
    .object({ first: z.number().int(), last: z.number().int() })
    .describe('1-based positions in the id list of the first and last message this page shows (read or failed).'),
  messages: z
    .array(
      z.object({
        ...messageHeaderFields,
        body: z.string().describe('This page of the body text (HTML converted, quoted history collapsed), inside an untrusted-content block.'),
        page: pageSchema.optional().describe('Present when this page shows only part of the body: the characters it holds.'),
        flags: flagsField,
        sanitized: sanitizedField,
      }),
    )
    .describe('The messages read, in the order of the ids.'),
  failed: z
    .array(z.object({ id: z.string(), error: z.string() }))
    .optional()
    .describe('Messages of this page that could not be read, with the reason; the others are read all the same.'),
  nextCursor: z.string().optional().describe('Present when the batch continues: call again with the same ids and this cursor.'),
});

type MessageEntry = z.output<typeof outputSchema>['messages'][number];

type Fetched = { readonly id: string; readonly parsed: ParsedMessage } | { readonly id: string; readonly error: string };

export const readMessages = defineTool({
  name: 'read_messages',
  toolset: 'read',
  title: 'Read several Gmail messages',
  description:
    'Read up to 50 messages at once, in the order given, sharing one page budget (continue with the same ids and cursor). Unreadable ones are listed under failed. As read_message: untrusted mail text.',
  inputSchema,
  outputSchema,
  annotations: { readOnlyHint: true, openWorldHint: false, idempotentHint: true, destructiveHint: false },
  async handler(args, ctx) {
    const ids = [...new Set(args.ids)];
    const batchId = digestOf(ids);
    const start = args.cursor ? decodeCursor(args.cursor, { scope: 'batch', id: batchId }) : { item: 0, offset: 0 };
    const first = start.item ?? 0;
    if (first >= ids.length) throw new InvalidCursorError('it points past the end of this list of message ids');
    const labelNames = ctx.labelNamer();
    const budget = ctx.budget.batchChars;
    const fetched = await fetchForPage(ctx, ids.slice(first), start.offset, (sofar) => estimatedChars(sofar, start.offset) < budget);
    const labelName = await labelNames;

    const guard = ctx.untrusted.response();
    const page = await layOut(fetched, { first, offset: start.offset, batchId, budget, labelName, guard });
    for (const entry of page.shown) if ('parsed' in entry && entry.page.nextCursor) ctx.parsedMessages.keepForPaging(entry.parsed);

    const read = page.shown.filter((e): e is ShownMessage => 'parsed' in e);
    const failed = page.shown.filter((e): e is ShownFailure => 'error' in e).map(({ id, error }) => ({ id, error }));
    const range = { first: first + 1, last: first + page.shown.length };
    const repeated = args.ids.length - ids.length;
    const head =
      `Messages ${range.first}–${range.last} of ${ids.length}${first > 0 || start.offset > 0 ? ' (continued)' : ''}` +
      (repeated ? `; ${repeated} repeated id${repeated === 1 ? '' : 's'} read once` : '') +
      (failed.length ? `; ${failed.length} could not be read` : '') +
      '.';
    const left = ids.length - range.last + (page.splitLast ? 1 : 0);
    const more = page.nextCursor
      ? `[more: ${left} message${left === 1 ? '' : 's'} not shown${page.splitLast ? ' (or not in full)' : ''}; call read_messages again with the same ids and cursor "${page.nextCursor}"]`
      : '';
    const text = [
      guard.notice,
      head,
      ...read.map((m) => m.block),
      ...read.flatMap((m) => m.notes),
      ...failed.map((f) => `✗ ${f.id}: ${f.error}`),
      more,
    ]
      .filter(Boolean)
      .join('\n');
    return {
      text,
      structured: {
        total: ids.length,
        range,
        messages: read.map((m) => m.entry),
        ...(failed.length ? { failed } : {}),
        ...(page.nextCursor ? { nextCursor: page.nextCursor } : {}),
      },
      effect: { kind: 'messagesRead', read: read.length, asked: ids.length, failed: failed.length, more: Boolean(page.nextCursor) },
      messageIds: page.shown.map((e) => e.id),
      messagesRead: read.length,
      glance: {
        count: read.length,
        ...(page.nextCursor ? { more: true } : {}),
        ...(read.length === 1 && read[0] ? { subject: read[0].parsed.headers.subject, from: senderName(read[0].parsed.headers.from) } : {}),
      },
      flags: guard.observerFlags(),
      flaggedContent: guard.flaggedDescription,
    };
  },
});

/**
 * Messages from the cursor on, in waves of FETCH_WAVE requested at once (the client's bulkhead and quota limiter
 * pace them: 50 raw gets are 250 units, a second's budget, so concurrency here costs no 429s), until what has
 * arrived fills the page's budget. A wave is twice the client's default concurrency, so waiting between waves
 * costs little, and a page that fills early does not fetch messages it would not show. Within a wave, at most
 * RAW_MAILS_IN_FLIGHT raw messages are fetched and parsed at once (rawMailSlots.ts).
 */
async function fetchForPage(
  ctx: ToolContext,
  ids: readonly string[],
  firstOffset: number,
  fits: (fetched: readonly Fetched[]) => boolean,
): Promise<Fetched[]> {
  const fetched: Fetched[] = [];
  let done = 0;
  ctx.reportProgress(0, ids.length, `fetching ${ids.length} message${ids.length === 1 ? '' : 's'}`);
  const slots = rawMailSlots();
  const fetchOne = async (id: string, k: number): Promise<Fetched> => {
    try {
      return await slots.execute(async () => {
        const message = await ctx.gmail.getMessage(id, 'raw', { signal: ctx.signal });
        return { id, parsed: await ctx.parsedMessages.parse(message, { nextPage: k === 0 && firstOffset > 0, signal: ctx.signal }) };
      }, ctx.signal);
    } catch (error) {
      if (ctx.signal.aborted || !isFailureOfOneMessage(error)) throw error;
      return { id, error: toolErrorMessage('read_messages', error) };
    } finally {
      done += 1;
      ctx.reportProgress(done, ids.length, `${done} of ${ids.length} messages fetched`);
    }
  };
  while (fetched.length < ids.length && fits(fetched)) {
    const wave = ids.slice(fetched.length, fetched.length + FETCH_WAVE);
    fetched.push(...(await Promise.all(wave.map((id, i) => fetchOne(id, fetched.length + i)))));
  }
  return fetched;
}

/** Failures that say nothing about the other messages; these end the batch instead (every message would fail alike). */
const ACCOUNT_FAILURES: ReadonlySet<GmailApiError['kind']> = new Set(['unauthenticated', 'insufficientScope', 'quotaExhausted']);

/** What Gmail or the parser said about one message (gone, unreadable, too large); a revoked grant or a cancel ends the batch. */
function isFailureOfOneMessage(error: unknown): boolean {
  return (error instanceof GmailApiError && !ACCOUNT_FAILURES.has(error.kind)) || error instanceof UnreadableMessageError;
}

/** About what the fetched messages take on a page (headers of a few hundred characters, the body from the cursor). */
function estimatedChars(fetched: readonly Fetched[], firstOffset: number): number {
  return fetched.reduce((sum, f, k) => sum + ('error' in f ? f.error.length : HEADER_CHARS_ESTIMATE + f.parsed.body.length - (k === 0 ? firstOffset : 0)), 0);
}

const HEADER_CHARS_ESTIMATE = 300;

interface ShownMessage {
  readonly id: string;
  readonly parsed: ParsedMessage;
  readonly page: Page;
  readonly entry: MessageEntry;
  /** The message's untrusted-content block for the text. */
  readonly block: string;
  readonly notes: readonly string[];
}

interface ShownFailure {
  readonly id: string;
  readonly error: string;
}

interface BatchPage {
  readonly shown: ReadonlyArray<ShownMessage | ShownFailure>;
  readonly nextCursor?: string;
  /** The last message shown continues on the next page. */
  readonly splitLast: boolean;
}

/**
 * Fills one page from the batch in order: each message's header block and as much of its body as the budget
 * left allows. The page ends inside a body (the cursor points into it) or before a message that would not get
 * a useful start; the first message of a page is always shown, so every call makes progress. Only what is shown
 * is inspected and remembered by the guard: the rest has not reached the model yet.
 */
async function layOut(
  fetched: readonly Fetched[],
  o: { first: number; offset: number; batchId: string; budget: number; labelName: LabelNamer; guard: ResponseInspection },
): Promise<BatchPage> {
  const shown: Array<ShownMessage | ShownFailure> = [];
  let remaining = o.budget;
  const cursorAt = (item: number) => encodeCursor({ scope: 'batch', id: o.batchId, item, offset: 0 });
  for (const [k, f] of fetched.entries()) {
    const item = o.first + k;
    if ('error' in f) {
      const cost = f.id.length + f.error.length + 4;
      if (shown.length && cost > remaining) return { shown, nextCursor: cursorAt(item), splitLast: false };
      shown.push(f);
      remaining -= cost;
      continue;
    }
    const m = f.parsed;
    const offset = k === 0 ? o.offset : 0;
    if (offset > m.body.length) throw new InvalidCursorError(`it points past the end of message ${f.id}`);
    const head = offset === 0 ? headerBlock(m, o.labelName) : `Message ${m.id || f.id} (continued): ${m.headers.subject}`;
    const wanted = head.length + 2 + Math.min(m.body.length - offset, MIN_BODY_CHARS);
    if (shown.length && wanted > remaining) return { shown, nextCursor: cursorAt(item), splitLast: false };
    const room = Math.max(MIN_BODY_CHARS, remaining - head.length - 2);
    const page = pageOf(m.body, offset, room, { scope: 'batch', id: o.batchId, item });
    const id = m.id || f.id;
    const inspection = o.guard.inspect(id, m.untrusted);
    await o.guard.remember(id, m.labelIds, m.headers, m.untrusted, { threadId: m.threadId });
    const bodyText = page.text || (m.bodySource === 'none' ? '(no text body)' : '(empty)');
    shown.push({
      id,
      parsed: m,
      page,
      block: o.guard.wrap(`${head}\n\n${bodyText}`, { messageId: id }),
      notes: o.guard.textNotes(id, inspection),
      entry: {
        id,
        labels: m.labelIds.map(o.labelName),
        from: m.headers.from,
        to: m.headers.to,
        ...(m.headers.cc ? { cc: m.headers.cc } : {}),
        ...threadAndReplyTo(id, m.threadId, m.headers),
        date: m.headers.date,
        subject: m.headers.subject,
        ...(m.attachments.length ? { attachments: m.attachments.map((a) => ({ ...a })) } : {}),
        // The entry's id says whose body it is; the text's block names it, as nothing else there does.
        body: o.guard.wrap(bodyText),
        ...(page.start > 0 || page.nextCursor ? { page: { start: page.start, end: page.end, totalChars: page.totalChars } } : {}),
        ...inspectionFields(inspection),
      },
    });
    remaining -= head.length + 2 + page.text.length;
    if (page.nextCursor) return { shown, nextCursor: page.nextCursor, splitLast: true };
  }
  return { shown, splitLast: false };
}

/** Binds a cursor to its batch: the same ids in the same order (ids cannot hold a comma). */
function digestOf(ids: readonly string[]): string {
  return createHash('sha256').update(ids.join(',')).digest('base64url').slice(0, 16);
}
