/**
 * A prompt's text when the read tools it needs are off or not granted: the person's request, then what the agent
 * should tell them instead of trying, with the one place where every prompt's read tools are turned on.
 */
export function readToolsUnavailable(request: string): string {
  return `${request} The Gmail read tools are not available right now: tell me so, and that the read toolset must be on and granted (Gmail: Show Accounts and Granted Scopes).`;
}
