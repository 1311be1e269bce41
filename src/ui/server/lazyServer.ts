import type { AccountMcpEndpoint, AccountServerDeps, AccountServerLauncher } from '../../mcp/server/accountServer';
import { loadServerBundle } from '../../serverBundle';
import type { AccountMcpLauncher } from './mcpProvider';

/**
 * The extension's side of the server bundle (src/server.ts, loaded on first use by loadServerBundle()): the MCP
 * server, the Gmail client, the guard and the MIME/HTML libraries behind them load when VS Code first resolves a
 * server definition (or a palette command or an Undo needs a server), or at sign-in, not at activation.
 */
type ServerBundle = ReturnType<typeof loadServerBundle>;

export class LazyAccountServerLauncher implements AccountMcpLauncher {
  private launcher: Promise<AccountServerLauncher> | undefined;

  constructor(private readonly deps: AccountServerDeps) {}

  async start(account: string): Promise<AccountMcpEndpoint> {
    this.launcher ??= Promise.resolve().then(() => new (loadServerBundle().AccountServerLauncher)(this.deps));
    // A failed load is not kept: the next start tries again.
    const launcher = await this.launcher.catch((error: unknown) => {
      this.launcher = undefined;
      throw error;
    });
    return launcher.start(account);
  }

  /** Ends the mail workers (VS Code closing, the extension disabled); the servers are closed by their provider. */
  async dispose(): Promise<void> {
    const launcher = await this.launcher?.catch(() => undefined);
    await launcher?.mailProcessor.close();
  }
}

/** users.getProfile at sign-in (src/gmail/accountLookup), with the Google API client loaded on first use. */
export async function lookupAccountAddress(...args: Parameters<ServerBundle['lookupAccountAddress']>): ReturnType<ServerBundle['lookupAccountAddress']> {
  return loadServerBundle().lookupAccountAddress(...args);
}

/** The attachments of a message, for the person's Save Attachment… (src/mail/attachments/savedAttachment). */
export async function listSavableAttachments(...args: Parameters<ServerBundle['listSavableAttachments']>): ReturnType<ServerBundle['listSavableAttachments']> {
  return loadServerBundle().listSavableAttachments(...args);
}

/** One attachment's bytes, size-capped, for the person's Save Attachment… only (never a tool). */
export async function readAttachmentBytes(...args: Parameters<ServerBundle['readAttachmentBytes']>): ReturnType<ServerBundle['readAttachmentBytes']> {
  return loadServerBundle().readAttachmentBytes(...args);
}
