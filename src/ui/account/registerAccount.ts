import type { GoogleAuthProvider } from '../../auth/googleAuthProvider';
import type { OAuthClientStore } from '../../auth/oauthClientStore';
import type { ToolCallLog } from '../calls/toolCallLog';
import type { GmailMcpServerProvider } from '../server/mcpProvider';
import type { Own } from '../shared/feature';
import { registerAccountCommands } from './accountCommands';
import { SetupContextKeys } from './setupContext';
import { ToolAccessSync } from './toolAccessSync';
import type { ToolsetSettings } from './toolsetSettings';

export interface AccountDeps {
  /** This extension's id (publisher.name), for the walkthrough. */
  readonly extensionId: string;
  readonly auth: GoogleAuthProvider;
  readonly clients: OAuthClientStore;
  readonly toolsets: ToolsetSettings;
  readonly servers: GmailMcpServerProvider;
  /** The calls view's log: the walkthrough's agent-mode step is done once an agent's call shows there. */
  readonly toolCalls: ToolCallLog;
}

/**
 * The Google account side: the OAuth client, sign-in and sign-out, the toolsets and the grants they need, the
 * context keys the welcome view and walkthrough read, and the servers' tool lists kept to what is granted.
 */
export function registerAccount(own: Own, deps: AccountDeps): void {
  const { auth, clients, toolsets, servers } = deps;
  own(
    new SetupContextKeys({
      extensionId: deps.extensionId,
      hasClient: async () => (await clients.get()) !== undefined,
      onDidChangeClient: clients.onDidChange,
      hasSession: async () => (await auth.getSessions(undefined)).length > 0,
      onDidChangeSessions: auth.onDidChangeSessions,
      enabledToolsets: () => toolsets.enabledToolsets(),
      onDidChangeToolsets: toolsets.onDidChange,
      // A call without an origin is the agent's; the person's own (palette) and a resource's do not try agent mode.
      agentCalls: () => deps.toolCalls.all().filter((call) => call.origin === undefined).length,
      onDidChangeToolCalls: deps.toolCalls.onDidChange,
    }),
  );
  own(new ToolAccessSync(auth, servers, toolsets));
  for (const command of registerAccountCommands({ auth, clients, toolsets })) own(command);
}
