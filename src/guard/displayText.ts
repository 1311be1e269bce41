import { stripInvisibleChars } from './invisibleChars';

/**
 * Text that came from mail (subjects, names, addresses, file names, labels, bodies) or from the model's arguments,
 * made safe to show in VS Code's own UI: our notifications, tree and documents (src/ui) and what the MCP server
 * hands VS Code to show in its own pickers (resource titles). Several VS Code surfaces interpret plain-looking strings:
 * - notification messages turn `[label](command:… | https:… | file:…)` into links that run on click
 *   (vs/base/common/linkedText.ts), so a subject could put a "Cancel" link into a Send notification that approves;
 * - quick picks, the status bar and tree item labels render `$(codicon)` as icons;
 * - MarkdownString renders everything.
 * Nothing here tries to tell good text from bad: every untrusted string gets the same treatment, which keeps
 * what a person reads (one line, the same words) and removes what VS Code would act on.
 */

export interface PlainTextOptions {
  /** Longest result in characters (an ellipsis marks a cut); default 200. */
  readonly max?: number;
}

/**
 * One line of untrusted text for a notification, label, description, tooltip, quick pick or title: invisible and
 * bidi characters removed, whitespace folded, link syntax and codicon syntax broken, length capped.
 */
export function plainText(text: string | undefined, options: PlainTextOptions = {}): string {
  const max = options.max ?? 200;
  // The guard room's one list of invisible characters (bidi controls, zero-width, tag characters, fillers).
  const folded = stripInvisibleChars(text ?? '').text.replace(/\s+/g, ' ').trim();
  return capLength(defuse(folded), max);
}

/** Several lines of untrusted text (a tooltip): each line as plainText, line breaks kept. */
export function plainLines(text: string | undefined, options: PlainTextOptions & { readonly maxLines?: number } = {}): string {
  const lines = (text ?? '').split(/\r?\n/).map((line) => plainText(line, { max: options.max ?? 300 }));
  const maxLines = options.maxLines ?? 20;
  return (lines.length > maxLines ? [...lines.slice(0, maxLines), '…'] : lines).join('\n');
}

/**
 * `](` is what makes `[label](target)` a link and `$(` what makes `$(name)` an icon; a space between the two
 * characters keeps the text readable and takes the syntax away. Applied until nothing is left to break, so
 * nested or overlapping forms cannot reassemble.
 */
function defuse(text: string): string {
  let out = text;
  for (let previous = ''; previous !== out; ) {
    previous = out;
    out = out.replace(/\](?=\()/g, '] ').replace(/\$\(/g, '$ (');
  }
  // A bare command: URI is not a link in a notification, but it is in any markdown that might show the text later.
  return out.replace(/\b(command|vscode|vscode-insiders):/gi, '$1\u2236');
}

function capLength(text: string, max: number): string {
  if (text.length <= max) return text;
  // Never cut a surrogate pair in half.
  let end = Math.max(1, max - 1);
  const code = text.charCodeAt(end - 1);
  if (code >= 0xd800 && code <= 0xdbff) end -= 1;
  return `${text.slice(0, end)}…`;
}

/**
 * VS Code's own pattern for links in notification text (vs/base/common/linkedText.ts, 1.139): a test checks that
 * nothing we pass to a notification still matches it.
 */
export const NOTIFICATION_LINK_PATTERN = /\[([^\]]+)\]\(((?:https?:\/\/|command:|file:)[^)\s]+)(?: (["'])(.+?)(\3))?\)/gi;
