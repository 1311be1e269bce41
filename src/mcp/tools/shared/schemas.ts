import * as z from 'zod';
import { GMAIL_ID_PATTERN } from '../../../gmail/gmailId';
import { bareAddress } from '../../../guard/addresses';
import { MAX_WORKSPACE_FILES } from '../../../writes/workspaceFiles';

/**
 * Schema pieces shared by several tools. Every input is a strict object (unknown fields rejected, and
 * `additionalProperties: false` in the JSON Schema), every array has `items`: strict clients such as
 * Copilot reject anything else.
 */
export const messageIdSchema = z
  .string()
  .regex(GMAIL_ID_PATTERN, 'must be a Gmail message id as returned by search_messages (letters, digits, "-" and "_")');

export const threadIdSchema = z
  .string()
  .regex(GMAIL_ID_PATTERN, 'must be a Gmail thread id as returned by search_messages (letters, digits, "-" and "_")');

export const labelIdSchema = z
  .string()
  .regex(GMAIL_ID_PATTERN, 'must be a label id as returned by list_labels (e.g. INBOX, UNREAD, Label_12)');

/** How cursors work is said once, in the server's instructions. */
export const cursorSchema = z.string().min(1).max(512);

/** A strict object whose "unknown field" error names the fields the tool does accept. */
export function strictInput<Shape extends z.ZodRawShape>(shape: Shape) {
  const accepted = Object.keys(shape);
  return z.strictObject(shape, {
    error: (issue) =>
      issue.code === 'unrecognized_keys'
        ? `Unknown field${issue.keys.length === 1 ? '' : 's'} ${issue.keys.map((k) => `"${k}"`).join(', ')}: ` +
          (accepted.length ? `this tool accepts only ${accepted.map((k) => `"${k}"`).join(', ')}` : 'this tool takes no arguments')
        : undefined,
  });
}

export const attachmentSchema = z.object({
  filename: z.string(),
  mimeType: z.string(),
  size: z.number().int().describe('Bytes.'),
  inline: z.boolean().describe('Part of the HTML body (e.g. a logo) rather than a separate file.'),
});

export const pageSchema = z.object({
  start: z.number().int(),
  end: z.number().int(),
  totalChars: z.number().int(),
});

/** The fields every message result carries before its body, shared by read_message and read_messages. */
export const messageHeaderFields = {
  id: z.string(),
  threadId: z.string().optional().describe('Absent when it equals id (the message that started its thread).'),
  labels: z.array(z.string()),
  from: z.string(),
  to: z.string(),
  cc: z.string().optional(),
  replyTo: z.string().optional().describe('Absent when replies go to the sender.'),
  date: z.string().describe('ISO 8601, UTC.'),
  subject: z.string(),
  attachments: z.array(attachmentSchema).optional(),
};

/**
 * A message's threadId and Reply-To as a read result carries them: each only when it says something the result does
 * not already say (a threadId other than the id, a Reply-To other than the sender). The Reply-To is compared exactly
 * (lower case, nothing folded), so a look-alike or any other address is always shown.
 */
export function threadAndReplyTo(id: string, threadId: string, headers: { readonly from: string; readonly replyTo?: string }): { threadId?: string; replyTo?: string } {
  const reply = headers.replyTo?.trim().toLowerCase() ?? '';
  const toSender = reply === '' || reply === headers.from.trim().toLowerCase() || reply === bareAddress(headers.from);
  return { ...(threadId !== id ? { threadId } : {}), ...(toSender ? {} : { replyTo: headers.replyTo }) };
}

/* ---- write tools ---- */

/** Hard caps in the schemas; the user's limits (UserLimitSettings) are checked by the writes pipeline and are lower. */
export const MAX_RECIPIENT_ENTRIES = 100;
export const MAX_CHANGE_IDS = 500;
export const MAX_LABEL_NAMES = 20;
export const MAX_ATTACHMENT_REFS = 10;
export const MAX_BODY_BYTES = 200 * 1024;

const ONE_LINE = /^[^\r\n\0]*$/;

export const addressSchema = z
  .string()
  .min(3)
  .max(320)
  .regex(ONE_LINE, 'must be one address on one line (a line break could add headers)');

export const addressListSchema = z.array(addressSchema).max(MAX_RECIPIENT_ENTRIES);

/** send_message, create_draft, update_draft: who the message is from (what it takes is said in the server's instructions). */
export const fromSchema = addressSchema;

export const subjectSchema = z
  .string()
  .max(998)
  .regex(ONE_LINE, 'must be one line (a line break could add headers)');

export const bodySchema = z
  .string()
  .refine((s) => Buffer.byteLength(s, 'utf8') <= MAX_BODY_BYTES, `must be at most ${MAX_BODY_BYTES / 1024} KB`)
  .refine((s) => !s.includes('\0'), 'must not contain NUL characters');

export const draftIdSchema = z
  .string()
  .regex(GMAIL_ID_PATTERN, 'must be a draft id as returned by list_drafts or create_draft');

export const attachmentRefsSchema = z
  .array(
    z.strictObject({
      messageId: messageIdSchema,
      filename: z.string().min(1).max(255).regex(ONE_LINE, 'must be one line'),
    }),
  )
  .max(MAX_ATTACHMENT_REFS)
  .describe('From read mail.');

/** Paths relative to an open workspace folder; the rules (and the 25 MB cap) are in the server's instructions. */
export const filesSchema = z
  .array(z.string().min(1).max(1024).regex(ONE_LINE, 'must be one path on one line'))
  .max(MAX_WORKSPACE_FILES)
  .describe('Workspace paths.');

/** markdown: an HTML part rendered from the body as well (mail/markdownBody); said in the server's instructions. */
export const bodyFormatSchema = z.enum(['text', 'markdown']);

export const messageIdListSchema = z.array(messageIdSchema).min(1).max(MAX_CHANGE_IDS);

export const labelNameListSchema = z
  .array(z.string().min(1).max(225).regex(ONE_LINE, 'must be one line'))
  .max(MAX_LABEL_NAMES);

export const declineReasonSchema = z.enum(['declined', 'closed', 'timeout', 'cancelled', 'undone', 'shutdown']);

export const failedChangeSchema = z.object({ id: z.string(), error: z.string() });

/** The selection fields shared by trash_messages and modify_labels: ids, threads, or a query with a cap. */
export const selectionShape = {
  ids: messageIdListSchema.optional(),
  threadIds: z.array(threadIdSchema).min(1).max(MAX_CHANGE_IDS).optional().describe('Or: every message of these threads.'),
  query: z
    .string()
    .min(1)
    .max(1000)
    .optional()
    .describe('Or: a Gmail query, with maxMessages.'),
  maxMessages: z
    .number()
    .int()
    .min(1)
    .max(MAX_CHANGE_IDS)
    .optional()
    .describe('With query: the most messages it may affect; more matches are refused, not cut.'),
};

export function checkSelection(
  args: { ids?: unknown; threadIds?: unknown; query?: unknown; maxMessages?: unknown },
  addIssue: (message: string, path: string) => void,
): void {
  const given = [args.ids, args.threadIds, args.query].filter((v) => v !== undefined).length;
  if (given !== 1) addIssue('give exactly one of ids, threadIds or query (with maxMessages)', 'ids');
  if (args.query !== undefined && args.maxMessages === undefined) addIssue('a query needs maxMessages, the most messages it may affect', 'maxMessages');
  if (args.query === undefined && args.maxMessages !== undefined) addIssue('maxMessages goes with query', 'maxMessages');
}
