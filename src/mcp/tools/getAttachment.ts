import type { gmail_v1 } from '@googleapis/gmail';
import * as z from 'zod';
import { WorkerAttachmentExtractor, type AttachmentTextExtractor } from '../../mail/attachments/attachmentExtractor';
import { ATTACHMENT_KINDS, attachmentKind } from '../../mail/attachments/attachmentKind';
import { partBytes } from '../../mail/attachments/partBytes';
import { sha256Hex } from '../../writes/payloadHash';
import { BoundedAttachmentExtractor } from '../../mail/attachments/attachmentExtractor';
import { AttachmentExtractionError, type ExtractionLimits } from '../../mail/attachments/extractedText';
import { decodeCursor } from '../../mail/cursor';
import { pageFields, pageOf } from '../../mail/render';
import { sanitizeText } from '../../mail/visibility/sanitizeText';
import { defineTool, ToolInputError } from '../server/toolDefinition';
import { cursorSchema, messageIdSchema, pageSchema, strictInput } from './shared/schemas';
import { flagsField, inspectionFields, sanitizedField, untrustedContentSchema } from '../server/untrustedContentInspector';

/** Bytes of one attachment downloaded for reading; Gmail's own cap on what a message carries is 25 MB. */
export const MAX_ATTACHMENT_READ_BYTES = 25 * 1024 * 1024;
/** What the extraction may produce, before paging: pages of a PDF and characters of text. */
export const ATTACHMENT_LIMITS: ExtractionLimits = Object.freeze({ maxPages: 200, maxChars: 400_000 });
const EXTRACTION_TIME_LIMIT_MS = 20_000;

let defaultExtractor: AttachmentTextExtractor | undefined;
/** The worker-backed extractor, made on first use: nothing of it loads until an attachment is read. */
function extractor(): AttachmentTextExtractor {
  // One worker per file, two files at a time: a burst of reads adds two workers' memory, not one per file.
  return (defaultExtractor ??= new BoundedAttachmentExtractor(new WorkerAttachmentExtractor({ timeLimitMs: EXTRACTION_TIME_LIMIT_MS })));
}

const inputSchema = strictInput({
  messageId: messageIdSchema,
  partId: z
    .string()
    .regex(/^[0-9]+(\.[0-9]+){0,15}$/, 'must be a MIME part id such as "1" or "1.2"')
    .optional()
    .describe('Preferred (stable).'),
  attachmentId: z.string().regex(/^[A-Za-z0-9_-]{1,2048}$/, 'must be a Gmail attachment id').optional(),
  filename: z.string().min(1).max(255).regex(/^[^\r\n\0]*$/, 'must be one line').optional(),
  cursor: cursorSchema.optional(),
});

const outputSchema = z.object({
  messageId: z.string(),
  partId: z.string().optional(),
  filename: z.string(),
  mimeType: z.string(),
  size: z.number().int().describe('Bytes.'),
  kind: z.enum(ATTACHMENT_KINDS).describe('"other": only name, type and size can be given.'),
  text: z.string().optional().describe('This page of the file\'s visible text, inside an untrusted-content block.'),
  pages: z.object({ read: z.number().int(), total: z.number().int() }).optional(),
  truncated: z.boolean().optional().describe('The file was longer than what is read of it (pages or characters).'),
  page: pageSchema.optional(),
  nextCursor: z.string().optional(),
  untrustedContent: untrustedContentSchema,
  flags: flagsField,
  sanitized: sanitizedField,
});

interface FoundPart {
  readonly partId?: string;
  readonly filename: string;
  readonly mimeType: string;
  readonly size: number;
  readonly attachmentId?: string;
  readonly inlineData?: string;
}

export const getAttachment = defineTool({
  name: 'get_attachment',
  toolset: 'read',
  title: 'Read a Gmail attachment',
  description:
    'The text of one attachment: text files (txt, CSV, JSON, calendar), PDF, Word (.docx), HTML, SVG, Markdown and attached mail (.eml) as shown; other files: name, type and size. Name it by partId, attachmentId or filename. Hidden text in the file is withheld; nothing is saved to disk.',
  inputSchema,
  outputSchema,
  annotations: { readOnlyHint: true, openWorldHint: false, idempotentHint: true, destructiveHint: false },
  async handler(args, ctx) {
    const named = [args.partId, args.attachmentId, args.filename].filter((v) => v !== undefined).length;
    if (named !== 1) throw new ToolInputError('Name the attachment with exactly one of partId, attachmentId or filename.');
    const message = await ctx.gmail.getMessage(args.messageId, 'full', { signal: ctx.signal });
    const part = findPart(message.payload, args) ?? (args.attachmentId ? { filename: '(unnamed)', mimeType: 'application/octet-stream', size: 0, attachmentId: args.attachmentId } : undefined);
    if (!part) throw new ToolInputError(`Message ${args.messageId} has no attachment ${args.partId ? `with part id ${args.partId}` : `named "${args.filename}"`}. read_message lists its attachments.`);
    if (part.size > MAX_ATTACHMENT_READ_BYTES) {
      throw new ToolInputError(`The attachment is ${part.size} bytes; get_attachment reads files up to ${MAX_ATTACHMENT_READ_BYTES / 1024 / 1024} MB.`);
    }
    const guard = ctx.untrusted.response();
    const filename = sanitizeText(part.filename).text.replace(/\s+/g, ' ').slice(0, 255);
    const mimeType = sanitizeText(part.mimeType).text.slice(0, 200);
    const described = { messageId: args.messageId, ...(part.partId ? { partId: part.partId } : {}), filename, mimeType };
    const data = await partBytes(ctx.gmail, args.messageId, { attachmentId: part.attachmentId, data: part.inlineData }, { signal: ctx.signal });
    const size = data.length;
    if (size > MAX_ATTACHMENT_READ_BYTES) throw new ToolInputError(`The attachment is ${size} bytes; get_attachment reads files up to 25 MB.`);
    const kind = attachmentKind(part.mimeType, part.filename, data.subarray(0, 8));
    // The bytes' hash follows the file wherever the agent takes it: attached to a message later, it is traced here.
    const traced = { threadId: message.threadId ?? undefined, attachment: true, attachmentDigests: [{ filename, sha256: sha256Hex(data) }] };
    if (kind === 'other') {
      await guard.remember(args.messageId, message.labelIds ?? [], {}, { text: '', hiddenText: '' }, traced);
      return {
        text: `${filename} (${mimeType}, ${size} bytes): its text cannot be read; only name, type and size are given.`,
        structured: { ...described, size, kind, untrustedContent: guard.notice },
        effect: { kind: 'attachmentRead', messageId: args.messageId, filename, readAs: kind },
        messageIds: [args.messageId],
        glance: { file: filename },
        attachmentMessageIds: [args.messageId],
      };
    }
    let extracted;
    try {
      extracted = await extractor().extract({ bytes: data, mimeType: part.mimeType, filename: part.filename }, ATTACHMENT_LIMITS, { signal: ctx.signal, detection: ctx.untrusted.detection });
    } catch (error) {
      if (error instanceof AttachmentExtractionError) throw new ToolInputError(`${filename}: ${error.message}`);
      throw error;
    }
    // Guarded like a body in the extraction worker: sanitised, hidden text withheld (kept for the detector and the
    // person), scanned by the detector; here it is paged, spotlighted, flagged and its addresses remembered.
    const { text: readable, untrusted } = extracted.guarded;
    const owner = { scope: 'message' as const, id: `${args.messageId}:${part.partId ?? part.attachmentId ?? filename}` };
    const offset = args.cursor ? decodeCursor(args.cursor, owner).offset : 0;
    const page = pageOf(readable, offset, ctx.budget.messageChars, owner);
    const inspection = guard.inspect(args.messageId, untrusted);
    await guard.remember(args.messageId, message.labelIds ?? [], {}, untrusted, traced);
    const pages = extracted.pageCount !== undefined ? { read: extracted.pagesRead ?? 0, total: extracted.pageCount } : undefined;
    const wrapped = guard.wrap(page.text || '(no text)');
    const lines = [
      guard.notice,
      `${filename} (${mimeType}, ${size} bytes, ${kind}${pages ? `, ${pages.read} of ${pages.total} pages` : ''}) from message ${args.messageId}:`,
      wrapped,
      ...guard.textNotes(args.messageId, inspection),
      ...(page.nextCursor ? [`More text: call get_attachment again with cursor "${page.nextCursor}".`] : []),
    ];
    return {
      text: lines.join('\n'),
      structured: {
        ...described,
        size,
        kind,
        text: wrapped,
        ...(pages ? { pages } : {}),
        ...(extracted.truncated ? { truncated: true } : {}),
        ...pageFields(page),
        untrustedContent: guard.notice,
        ...inspectionFields(inspection),
      },
      effect: { kind: 'attachmentRead', messageId: args.messageId, filename, readAs: kind },
      messageIds: [args.messageId],
      glance: { file: filename },
      attachmentMessageIds: [args.messageId],
      messagesRead: 1,
      flags: guard.observerFlags(),
      flaggedContent: guard.flaggedDescription,
      withheld: guard.withheldText,
    };
  },
});

/** The part the arguments name: by part id, by Gmail's attachment id, or by file name (the first match). */
function findPart(root: gmail_v1.Schema$MessagePart | undefined, args: { partId?: string; attachmentId?: string; filename?: string }): FoundPart | undefined {
  const stack = root ? [root] : [];
  while (stack.length) {
    const part = stack.shift() as gmail_v1.Schema$MessagePart;
    const matches =
      (args.partId !== undefined && part.partId === args.partId) ||
      (args.attachmentId !== undefined && part.body?.attachmentId === args.attachmentId) ||
      (args.filename !== undefined && !!part.filename && part.filename === args.filename);
    if (matches && !part.parts?.length) {
      return {
        partId: part.partId ?? undefined,
        filename: part.filename || '(unnamed)',
        mimeType: part.mimeType ?? 'application/octet-stream',
        size: part.body?.size ?? 0,
        attachmentId: part.body?.attachmentId ?? undefined,
        inlineData: part.body?.attachmentId ? undefined : (part.body?.data ?? ''),
      };
    }
    stack.push(...(part.parts ?? []));
  }
  return undefined;
}
