import { z } from 'zod';

/**
 * Schema pieces shared by several tools. Every input is a strict object (unknown fields rejected, and
 * `additionalProperties: false` in the JSON Schema), every array has `items`: strict clients such as
 * Copilot reject anything else.
 */
const ID_PATTERN = /^[A-Za-z0-9_-]{1,128}$/;

export const messageIdSchema = z
  .string()
  .regex(ID_PATTERN, 'must be a Gmail message id as returned by search_messages (letters, digits, "-" and "_")')
  .describe('Gmail message id, as returned by search_messages.');

export const threadIdSchema = z
  .string()
  .regex(ID_PATTERN, 'must be a Gmail thread id as returned by search_messages (letters, digits, "-" and "_")')
  .describe('Gmail thread id, as returned by search_messages.');

export const labelIdSchema = z
  .string()
  .regex(/^[A-Za-z0-9_-]{1,128}$/, 'must be a label id as returned by list_labels (e.g. INBOX, UNREAD, Label_12)');

export const cursorSchema = z
  .string()
  .min(1)
  .max(512)
  .describe('Continuation cursor from the previous result of this tool, to read the next part.');

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
