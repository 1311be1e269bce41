import { oneLine } from '../gmail/textHygiene';

/**
 * Mail-derived or agent-given text for a notification, as plain text. VS Code turns `[label](target)` in
 * notification text into a link and runs a `command:` target on click, and it has no escape for that syntax; so
 * square brackets become look-alike ones, which no link syntax matches, and the text stays one line.
 */
export function plainNotificationText(text: string, maxChars = 200): string {
  return oneLine(text, maxChars).replace(/\[/g, '⁅').replace(/\]/g, '⁆');
}
