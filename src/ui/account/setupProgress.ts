/**
 * How far the person got with the setup, worked out from what is stored, never from a running server: the OAuth
 * client in SecretStorage, a Google session, the toolset settings, a call the agent made in the calls view. Each key is a
 * context key the walkthrough ticks its steps by (package.json `completionEvents`, `onContext:`), so a person who
 * signed in yesterday and has not started the Gmail server today still sees those steps done.
 */
export const OAUTH_CLIENT_IMPORTED_CONTEXT = 'gmailTools.oauthClientImported';
export const SIGNED_IN_CONTEXT = 'gmailTools.signedIn';
export const TOOLSET_ENABLED_CONTEXT = 'gmailTools.toolsetEnabled';
export const TOOL_CALL_SEEN_CONTEXT = 'gmailTools.toolCallSeen';

export interface SetupState {
  readonly hasClient: boolean;
  readonly hasSession: boolean;
  /** The toolsets the settings turn on; read is always one of them. */
  readonly enabledToolsets: readonly string[];
  /** How many of the calls the calls view lists the agent made (not the person's own from the palette, nor a resource's). */
  readonly agentCalls: number;
}

/** Each setup context key and its value for this state. */
export function setupProgress(state: SetupState): Record<string, boolean> {
  return {
    [OAUTH_CLIENT_IMPORTED_CONTEXT]: state.hasClient,
    [SIGNED_IN_CONTEXT]: state.hasSession,
    [TOOLSET_ENABLED_CONTEXT]: state.enabledToolsets.some((t) => t !== 'read'),
    [TOOL_CALL_SEEN_CONTEXT]: state.agentCalls > 0,
  };
}
