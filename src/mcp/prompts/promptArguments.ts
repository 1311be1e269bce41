import * as z from 'zod';
import { GMAIL_ID_PATTERN } from '../../gmail/gmailId';

/**
 * Argument pieces the prompts share. MCP prompt arguments are strings, typed by the person in VS Code's argument
 * picker (which also offers a file's contents or a command's output as the value): each is capped, and one-line
 * values lose their line breaks, so an argument cannot grow the prompt past a few lines of the person's own words.
 */

/** Whitespace runs (line breaks included) folded to one space. */
export function foldedLine(max: number) {
  return z
    .string()
    .max(max, `must be at most ${max} characters`)
    .transform((value) => value.replace(/\s+/g, ' ').trim())
    .pipe(z.string().min(1, 'must not be empty'));
}

/** A Gmail message or thread id, as search_messages lists them. */
export const mailIdArgument = z
  .string()
  .trim()
  .regex(GMAIL_ID_PATTERN, 'must be a Gmail message or thread id as search_messages lists them (letters, digits, "-" and "_")');
