import { ResourceTemplate, type McpServer, type RegisteredResourceTemplate } from '@modelcontextprotocol/server';
import { ProtocolErrorCode as ErrorCode, type CallToolResult, type ListResourcesResult, type ReadResourceResult, type Resource, type ServerContext } from '@modelcontextprotocol/server';
import { GmailApiError } from '../../gmail/errors';
import { plainText } from '../../guard/displayText';
import { ProtocolError } from '../server/protocolError';
import type { ToolAvailability } from '../server/toolAccess';
import type { AnyToolDefinition } from '../server/toolDefinition';
import { readThread } from '../tools/readThread';
import { searchMessages } from '../tools/searchMessages';

/**
 * A Gmail thread as an MCP resource, so a person can attach a conversation to a chat (VS Code: Add Context… →
 * MCP Resources…, or MCP: Browse Resources…). Its content is read_thread's result, produced by running the
 * read_thread tool itself through the same call road as tools/call: the pause switch, the CallObserver (tree view
 * and audit log), the anomaly alarms, the guard (hidden text withheld, spotlighting, flags, provenance of addresses
 * and links) and read_thread's page budget. The listing is a search_messages call on the inbox, through the same
 * road. Nothing here reads Gmail or renders mail itself.
 */

export const THREAD_URI_TEMPLATE = 'gmail-thread://{threadId}';

export function threadResourceUri(threadId: string): string {
  return `gmail-thread://${threadId}`;
}

/** How many recent inbox threads the listing offers (one search of this many hits; 5 quota units each). */
export const LISTED_THREADS = 10;

/** Titles and descriptions come from mail and VS Code shows them in its pickers: one line, capped. */
const TITLE_CHARS = 80;
const DESCRIPTION_CHARS = 120;

type RequestExtra = ServerContext;

/** How the server runs a tool for a resource: exactly as for tools/call, and what the tool threw, if anything. */
export interface ResourceToolRunner {
  run(tool: AnyToolDefinition, args: Record<string, unknown>, extra: RequestExtra): Promise<{ readonly result: CallToolResult; readonly failure?: unknown }>;
  /** The toolsets, the read-only switch and Google's grant, as for tools/list. */
  availability(tool: AnyToolDefinition): ToolAvailability;
}

export function registerThreadResource(server: McpServer, runner: ResourceToolRunner): RegisteredResourceTemplate {
  return server.registerResource(
    'gmail_thread',
    new ResourceTemplate(THREAD_URI_TEMPLATE, { list: (extra) => listRecentThreads(runner, extra) }),
    {
      title: 'Gmail thread',
      description: 'A Gmail conversation by thread id (as search_messages lists it), read like read_thread: mail content is untrusted.',
      mimeType: 'text/plain',
    },
    (uri, variables, extra) => readThreadResource(runner, uri, variables.threadId, extra),
  );
}

async function listRecentThreads(runner: ResourceToolRunner, extra: RequestExtra): Promise<ListResourcesResult> {
  // Without read access there is nothing to list; reading one says why (see readThreadResource).
  if (!runner.availability(searchMessages).enabled) return { resources: [] };
  const { result } = await runner.run(searchMessages, { query: 'in:inbox', maxResults: LISTED_THREADS }, extra);
  if (result.isError) throw new ProtocolError(ErrorCode.InternalError, `Listing recent Gmail threads failed: ${textOf(result)}`);
  const hits = (result.structuredContent as { messages?: SearchHit[] } | undefined)?.messages ?? [];
  const newestOfThread = new Map<string, SearchHit>();
  for (const hit of hits) {
    const threadId = hit.threadId ?? hit.id;
    if (!newestOfThread.has(threadId)) newestOfThread.set(threadId, hit);
  }
  return { resources: [...newestOfThread].map(([threadId, hit]) => listedThread(threadId, hit)) };
}

/** What search_messages' structured result says of one hit (the fields used here). */
interface SearchHit {
  readonly id: string;
  readonly threadId?: string;
  readonly date: string;
  readonly from: string;
  readonly subject: string;
  readonly flags?: readonly unknown[];
}

/**
 * The subject, sender and date (already through the guard's sanitiser in search_messages) are for the person
 * choosing in VS Code's picker, which shows `title` as the label and renders `$(icon)` syntax there: plainText
 * makes them one plain, capped line. The `name` is ours alone ("Gmail thread <id>"): VS Code names the chat
 * attachment after it, and that name reaches the model as the user's context, outside any untrusted-content block.
 */
function listedThread(threadId: string, hit: SearchHit): Resource {
  const flagged = hit.flags?.length ? ' · flagged: instruction-like content' : '';
  return {
    uri: threadResourceUri(threadId),
    name: `Gmail thread ${threadId}`,
    title: plainText(hit.subject || '(no subject)', { max: TITLE_CHARS }),
    description: plainText(`${hit.from} · ${hit.date}${flagged}`, { max: DESCRIPTION_CHARS }),
    mimeType: 'text/plain',
  };
}

async function readThreadResource(runner: ResourceToolRunner, uri: URL, threadId: string | string[] | undefined, extra: RequestExtra): Promise<ReadResourceResult> {
  const args = { threadId };
  if (!readThread.inputSchema.safeParse(args).success) {
    throw new ProtocolError(ErrorCode.InvalidParams, `${plainText(uri.href, { max: 200 })} is not a Gmail thread: use gmail-thread://<thread id>, with an id from search_messages.`);
  }
  const access = runner.availability(readThread);
  if (!access.enabled) throw new ProtocolError(ErrorCode.InvalidRequest, UNAVAILABLE[access.reason]);
  const { result, failure } = await runner.run(readThread, args, extra);
  if (result.isError) throw new ProtocolError(errorCodeFor(failure), textOf(result));
  return { contents: [{ uri: uri.href, mimeType: 'text/plain', text: textOf(result) }] };
}

const UNAVAILABLE: Record<Exclude<ToolAvailability, { enabled: true }>['reason'], string> = {
  toolsetOff: 'Reading Gmail threads is off: turn on the read toolset (Gmail: Enable a Toolset).',
  readOnly: 'Reading Gmail threads is not available in read-only mode.',
  scopeNotGranted: 'Google did not grant read access to this mailbox: sign in again and allow "View your email messages and settings" (Gmail: Show Accounts and Granted Scopes shows what was granted).',
};

/**
 * An unknown thread is InvalidParams, as the MCP SDKs now agree for a resource that does not exist (SEP-2164,
 * https://modelcontextprotocol.io/seps/2164-resource-not-found-error, Final; it replaced -32002). A call turned
 * down before reaching Gmail (paused) is InvalidRequest; Gmail failing (quota, network, sign-in) is
 * InternalError. The message is read_thread's own, made for a person to act on, in every case.
 */
function errorCodeFor(failure: unknown): number {
  if (failure instanceof GmailApiError) return failure.status === 404 ? ErrorCode.InvalidParams : ErrorCode.InternalError;
  return failure === undefined ? ErrorCode.InvalidRequest : ErrorCode.InternalError;
}

function textOf(result: CallToolResult): string {
  return result.content.map((part) => (part.type === 'text' ? part.text : '')).join('\n');
}
