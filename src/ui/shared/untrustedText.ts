/**
 * The UI's name for the one rule that makes mail text safe to show in VS Code: it lives in the guard room
 * (src/guard/displayText.ts) because the MCP server applies it too, to the resource titles VS Code shows in its
 * pickers, and the MCP room cannot import from ui.
 */
export { NOTIFICATION_LINK_PATTERN, plainLines, plainText, type PlainTextOptions } from '../../guard/displayText';
