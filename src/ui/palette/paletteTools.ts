import * as vscode from 'vscode';
import type { GoogleAuthProvider } from '../../auth/googleAuthProvider';
import type { InProcessMcpClient, InProcessToolResult } from '../../mcp/transport/inProcessClient';
import { MailSearchPick } from './mailSearchPick';
import type { GmailMcpServerProvider } from '../server/mcpProvider';
import type { MessageDocuments } from '../message/messageDocument';
import { unwrapped, type ReadMessageView } from '../message/messageDocumentText';
import { toolTextForPeople } from '../shared/toolTextForPeople';
import { plainText } from '../shared/untrustedText';

const MAX_BODY_CHARS = 20_000;
/** Hits a search lists (search_messages allows 50; a pick shows fewer at a glance). */
const SEARCH_HITS = 25;
/** search_messages' own limit on a query. */
const MAX_QUERY_CHARS = 2_000;
/** Pages of read_message's body (8,000 characters each) an opened message shows. */
const MAX_BODY_PAGES = 25;

/**
 * The Gmail tools from the command palette: the same tools (validation, policy, diff confirmation, tree
 * view) as agent mode, called by the user instead of the model.
 */
export class PaletteTools {
  constructor(
    private readonly auth: GoogleAuthProvider,
    private readonly servers: GmailMcpServerProvider,
    private readonly documents: MessageDocuments,
  ) {}

  private async account(): Promise<string | undefined> {
    const sessions = await this.auth.getSessions(undefined);
    if (!sessions.length) {
      void vscode.window.showWarningMessage('Gmail Tools: sign in to Google first (Gmail: Sign In to Google).');
      return undefined;
    }
    if (sessions.length === 1) return sessions[0].account.label;
    return vscode.window.showQuickPick(sessions.map((s) => s.account.label), { title: 'Which Google account?' });
  }

  /** One short-lived session per command, on the account's current server (its client, cache and policy). */
  private async withClient<T>(account: string, use: (client: InProcessMcpClient) => Promise<T>): Promise<T> {
    const client = await this.servers.connectInProcess(account);
    try {
      return await use(client);
    } finally {
      await client.close().catch(() => undefined);
    }
  }

  /**
   * Gmail: Search Mail…: the live quick pick (ui/mailSearchPick) on one in-process session that lives as long as
   * the pick; choosing a hit opens it as a read-only message document. Returns the pick, which tests drive.
   */
  async search(query?: string): Promise<MailSearchPick | undefined> {
    const account = await this.account();
    if (!account) return undefined;
    let client: Promise<InProcessMcpClient> | undefined;
    const session = () => (client ??= this.servers.connectInProcess(account));
    const pick = new MailSearchPick({
      account,
      search: async (q) => (await session()).callTool('search_messages', q ? { query: q, maxResults: SEARCH_HITS, preview: true } : { labelIds: ['INBOX'], maxResults: SEARCH_HITS, preview: true }),
      onChoose: (hit) => this.openMessage(account, hit.id).then(() => undefined),
    });
    pick.onDidHide(() => void client?.then((c) => c.close()).catch(() => undefined));
    return pick.show(typeof query === 'string' ? query.slice(0, MAX_QUERY_CHARS) : '');
  }

  /**
   * Opens a message as a read-only document from read_message's result (the body's pages followed with its cursor,
   * up to MAX_BODY_PAGES), so the person reads the sanitised text the agent would. Returns the document's URI.
   */
  async openMessage(account: string, messageId: string): Promise<vscode.Uri | undefined> {
    const read = await vscode.window.withProgress({ location: vscode.ProgressLocation.Window, title: 'Opening the message…' }, () =>
      this.readWhole(account, messageId).catch((error: unknown) => ({
        // The server could not be reached (signed out meanwhile): said like a tool error.
        first: { isError: true, text: (error as Error).message } as InProcessToolResult,
        more: [],
        cut: false,
      })),
    );
    if (read.first.isError || !read.first.structured) {
      void vscode.window.showErrorMessage(`Gmail Tools: ${plainText(toolTextForPeople(read.first.text), { max: 300 })}`);
      return undefined;
    }
    return this.documents.show({ account, message: read.first.structured as unknown as ReadMessageView, morePages: read.more, bodyCut: read.cut });
  }

  /** read_message's first page, the body's further pages (unwrapped), and whether more were left unread. */
  private readWhole(account: string, messageId: string): Promise<{ first: InProcessToolResult; more: string[]; cut: boolean }> {
    return this.withClient(account, async (c) => {
      const first = await c.callTool('read_message', { id: messageId });
      if (first.isError || !first.structured) return { first, more: [], cut: false };
      const more: string[] = [];
      let cursor = first.structured.nextCursor;
      while (typeof cursor === 'string' && more.length < MAX_BODY_PAGES - 1) {
        const page = await c.callTool('read_message', { id: messageId, cursor });
        if (page.isError || !page.structured) break;
        more.push(unwrapped(String(page.structured.body ?? '')));
        cursor = page.structured.nextCursor;
      }
      return { first, more, cut: typeof cursor === 'string' };
    });
  }

  /** Composes a new message; sending goes through the diff confirmation like any agent send. */
  async compose(): Promise<boolean> {
    const account = await this.account();
    if (!account) return false;
    const to = await vscode.window.showInputBox({ title: 'New message: To', prompt: 'Recipients, separated by commas', ignoreFocusOut: true });
    if (!to) return false;
    const subject = await vscode.window.showInputBox({ title: 'New message: Subject', ignoreFocusOut: true });
    if (subject === undefined) return false;
    const body = await vscode.window.showInputBox({ title: 'New message: Text', prompt: 'You can still edit the message in the review diff.', ignoreFocusOut: true });
    if (body === undefined) return false;
    const result = await this.withClient(account, (c) =>
      c.callTool('send_message', { to: to.split(',').map((a) => a.trim()).filter(Boolean), subject, body: body.slice(0, MAX_BODY_CHARS) }),
    );
    if (result.isError) void vscode.window.showErrorMessage(`Gmail Tools: ${plainText(toolTextForPeople(result.text), { max: 300 })}`);
    else void vscode.window.showInformationMessage(`Gmail Tools: ${plainText(toolTextForPeople(result.text.split('\n')[0]), { max: 300 })}`);
    return !result.isError && result.structured?.status !== 'declined';
  }
}
