import type { AccountMcpEndpoint, AccountServerDeps, AccountServerLauncher } from '../mcp/server/accountServer';
import type * as AccountLookup from '../gmail/accountLookup';
import type * as SavedAttachment from '../mail/attachments/savedAttachment';
import type { AccountMcpLauncher } from './mcpProvider';

/**
 * The one place the extension reaches the MCP server, the Gmail client, the guard and the MIME/HTML libraries
 * behind them: a dynamic import, so they load when VS Code first resolves a server definition (or a palette
 * command or an Undo needs a server), or at sign-in, not at activation. The build puts what these imports reach
 * into dist/server.js, which extension.js requires here on first use (scripts/bundle/lazyServerBundle.mjs).
 */
export class LazyAccountServerLauncher implements AccountMcpLauncher {
  private launcher: Promise<AccountServerLauncher> | undefined;

  constructor(private readonly deps: AccountServerDeps) {}

  async start(account: string): Promise<AccountMcpEndpoint> {
    this.launcher ??= import('../mcp/server/accountServer').then(({ AccountServerLauncher }) => new AccountServerLauncher(this.deps));
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
export async function lookupAccountAddress(...args: Parameters<typeof AccountLookup.lookupAccountAddress>): ReturnType<typeof AccountLookup.lookupAccountAddress> {
  const { lookupAccountAddress } = await import('../gmail/accountLookup');
  return lookupAccountAddress(...args);
}

/** The attachments of a message, for the person's Save Attachment… (src/mail/attachments/savedAttachment). */
export async function listSavableAttachments(...args: Parameters<typeof SavedAttachment.listSavableAttachments>): ReturnType<typeof SavedAttachment.listSavableAttachments> {
  const { listSavableAttachments } = await import('../mail/attachments/savedAttachment');
  return listSavableAttachments(...args);
}

/** One attachment's bytes, size-capped, for the person's Save Attachment… only (never a tool). */
export async function readAttachmentBytes(...args: Parameters<typeof SavedAttachment.readAttachmentBytes>): ReturnType<typeof SavedAttachment.readAttachmentBytes> {
  const { readAttachmentBytes } = await import('../mail/attachments/savedAttachment');
  return readAttachmentBytes(...args);
}
