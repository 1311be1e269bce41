const ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

/**
 * The page of one document: its text escaped into a <pre> that wraps long lines, in the editor's font and colours.
 * The policy allows inline styles only (no script, image, font, frame or connection of any origin).
 */
export function mailTextHtml(text: string): string {
  const escaped = text.replace(/[&<>"']/g, (c) => ESCAPES[c]);
  return [
    '<!DOCTYPE html>',
    '<html lang="en"><head><meta charset="utf-8">',
    `<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'">`,
    '<style>',
    'body { margin: 0; padding: 8px 20px; color: var(--vscode-editor-foreground); background: var(--vscode-editor-background); }',
    'pre { margin: 0; white-space: pre-wrap; overflow-wrap: anywhere; font-family: var(--vscode-editor-font-family); font-size: var(--vscode-editor-font-size); line-height: 1.5; }',
    '</style></head>',
    `<body><pre>${escaped}</pre></body></html>`,
  ].join('\n');
}
