/** Toolsets and the minimal Gmail scope each needs (DESIGN.md "Excessive scope"). */
export type ToolsetName = 'read' | 'drafts' | 'send' | 'organize';

export const GMAIL_SCOPES = {
  readonly: 'https://www.googleapis.com/auth/gmail.readonly',
  compose: 'https://www.googleapis.com/auth/gmail.compose',
  send: 'https://www.googleapis.com/auth/gmail.send',
  modify: 'https://www.googleapis.com/auth/gmail.modify',
} as const;

export const TOOLSET_SCOPES: Readonly<Record<ToolsetName, readonly string[]>> = Object.freeze({
  read: [GMAIL_SCOPES.readonly],
  drafts: [GMAIL_SCOPES.compose],
  send: [GMAIL_SCOPES.send],
  organize: [GMAIL_SCOPES.modify],
});

/**
 * Scopes we never request: full mail access and settings (filters, forwarding, delegates, send-as) stay out
 * of reach by construction.
 */
export function isForbiddenScope(scope: string): boolean {
  return scope === 'https://mail.google.com/' || scope.startsWith('https://www.googleapis.com/auth/gmail.settings.');
}

export function scopesForToolsets(toolsets: Iterable<ToolsetName>): string[] {
  const scopes = new Set<string>();
  for (const t of toolsets) for (const s of TOOLSET_SCOPES[t]) scopes.add(s);
  return [...scopes].sort();
}

/** gmail.modify includes read access to messages; gmail.compose and gmail.send do not (Google's reference). */
export function grantsRead(granted: readonly string[]): boolean {
  return granted.some((s) => s === GMAIL_SCOPES.readonly || s === GMAIL_SCOPES.modify);
}
