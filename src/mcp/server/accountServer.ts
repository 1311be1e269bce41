import type { GoogleEndpoints } from '../../gmail/endpoints';
import { randomUUID } from 'node:crypto';
import { GmailClient, type BulkChangeResult } from '../../gmail/client';
import { ParsedMessageCache } from '../../mail/parsedMessageCache';
import type { MailProcessor } from '../../mail/processing/mailProcessor';
import { MailWorkerPool } from '../../mail/processing/mailWorkerPool';
import type { ToolsetName } from '../../gmail/scopes';
import type { TokenSource } from '../../gmail/tokenSource';
import { UserLimits, type UserLimitSettings } from '../../guard/userLimits';
import { ProvenanceTracker } from '../../guard/provenance';
import { DENY_ALL, type Confirmer } from '../../writes/confirmer';
import { readOnlyGmail, type GmailReadAccess } from '../../writes/mailSource';
import { WritePipeline } from '../../writes/pipeline';
import { SentHistory } from '../../writes/recipientMarks';
import type { WrittenToHistory } from '../../writes/evidenceAssessor';
import type { WriteUndo } from '../../writes/undo';
import { UndoSendWindow } from '../../writes/undoSend';
import type { WorkspaceFolders } from '../../writes/workspaceFiles';
import { InProcessMcpClient } from '../transport/inProcessClient';
import { startMcpHttpServer, type McpListenOptions, type RunningMcpServer } from '../transport/transport';
import type { Anomaly } from './callSupervisor';
import type { CallEffect } from './callEffect';
import type { CallObserver } from './callObserver';
import { createGmailMcpServer } from './server';
import { ToolAccess, toolAvailability, type ToolAccessSettings } from './toolAccess';
import { ALL_TOOLS } from './toolsets';

/** A running MCP server for one account: where it listens, the header it demands, and how to stop it. */
export interface AccountMcpEndpoint {
  readonly account: string;
  /** The account's reads, for the person's own actions (Save Attachment…): no write method, not even by a cast. */
  readonly gmail: GmailReadAccess;
  readonly server: RunningMcpServer;
  readonly access: ToolAccess;
  /** What this account's sessions have read from untrusted mail (addresses, domains, links). */
  readonly provenance: ProvenanceTracker;
  /** The user's limits and the anomaly alarms of this account. */
  readonly userLimits: UserLimits;
  /** The pace the account's Gmail client keeps now, in quota units a second (the setting, lowered after a 429). */
  quotaUnitsPerSecond(): number;
  /**
   * The person's Undo of a finished change (from the tree view): the writes pipeline runs it, with the user's limits,
   * and it is recorded like a call (tree view, audit log) with origin 'you'. Throws when refused or failed.
   */
  undo(undo: WriteUndo): Promise<BulkChangeResult>;
  /** A session in this process (command palette), with the same client, access, confirmer and policy. */
  connectInProcess(): Promise<InProcessMcpClient>;
  /** Stops the server; tool calls still running get `graceMs` to finish (default: the transport's grace). Sends held for Undo are not sent. */
  close(graceMs?: number): Promise<void>;
}

export interface AccountServerDeps {
  readonly endpoints: GoogleEndpoints;
  readonly observer: CallObserver;
  tokenSourceFor(account: string): TokenSource;
  grantedScopesFor(account: string): Promise<readonly string[]>;
  /** The toolsets the user enabled (default: read only). */
  toolsets?(): readonly ToolsetName[];
  /** The read-only switch (default off; the read toolset is read-only anyway). */
  readOnly?(): boolean;
  /** The user's answer to every send and change of messages (the diff editor); default: everything declined. */
  readonly confirmer?: Confirmer;
  /** Whom the account has written to, one per account (asked once when it starts), for the evidence; default: its Sent mail (SentHistory). */
  sentHistoryFor?(account: string, gmail: GmailClient): WrittenToHistory;
  /** The user's limits, read at every check (domain lists, recipients, sends per hour, change size, typed count, undo-send seconds, alarms). */
  userLimitSettings?(): Partial<UserLimitSettings>;
  /** Where approved sends wait for Undo, shared by every account so the UI lists them all (default: one per launcher). */
  readonly undoSend?: UndoSendWindow;
  /** The folders open in VS Code (read live, as folders change): files attached to outgoing mail come only from these. */
  readonly workspace?: WorkspaceFolders;
  /** The pause switch ("kill switch"): while true every tool call of every account fails fast. */
  isPaused?(): boolean;
  /** A read burst or a sensitive search after flagged mail, for a warning notification. */
  onAnomaly?(anomaly: Anomaly): void;
  /** Where raw mail is parsed and guarded, shared by every account (default: one MailWorkerPool per launcher). */
  readonly mailProcessor?: MailProcessor;
  /** Gmail's per-user quota of the account's Cloud project in units a minute, read at each start (default: the client's, 6,000). */
  quotaUnitsPerMinute?(): number | undefined;
  /** What entered the sessions from mail, shared by every account of the window (default: one per launcher). */
  readonly provenance?: ProvenanceTracker;
  /** Where to listen: a unix socket in a 0700 directory in production, TCP for tests and benchmarks. */
  readonly listen?: McpListenOptions;
  log?(message: string): void;
}

/**
 * Starts the Gmail MCP server of one account: its own GmailClient (quota, cache) and access settings shared by
 * every MCP session on it. Used by the extension (unix socket) and by the standalone entry (TCP).
 */
export class AccountServerLauncher {
  private readonly undoSend: UndoSendWindow;
  /** Off the extension host's event loop: no mail, however hostile, holds it (issue 17). */
  readonly mailProcessor: MailProcessor;
  /**
   * One per window (the extension has one launcher), shared by every account's server: an address read in account
   * B's mail is still from mail when the agent sends to it from account A.
   */
  readonly provenance: ProvenanceTracker;

  constructor(private readonly deps: AccountServerDeps) {
    this.undoSend = deps.undoSend ?? new UndoSendWindow();
    this.provenance = deps.provenance ?? new ProvenanceTracker();
    this.mailProcessor = deps.mailProcessor ?? new MailWorkerPool();
  }

  async start(account: string): Promise<AccountMcpEndpoint> {
    this.mailProcessor.warm?.();
    const gmail = new GmailClient({
      tokenSource: this.deps.tokenSourceFor(account),
      endpoints: this.deps.endpoints,
      quota: { unitsPerMinute: this.deps.quotaUnitsPerMinute?.() },
    });
    const access = new ToolAccess({
      toolsets: this.deps.toolsets?.() ?? ['read'],
      readOnly: this.deps.readOnly?.() ?? false,
      grantedScopes: await this.deps.grantedScopesFor(account),
    });
    // Per window, not per session nor per account: a send to an address read in another session or another
    // account's mail is still marked. The rate limits and alarms count the account.
    const provenance = this.provenance;
    // The detection context of createGmailMcpServer's default tools: the parse scans with it, the sessions reuse it.
    const parsedMessages = new ParsedMessageCache({ processor: this.mailProcessor, detection: { toolNames: ALL_TOOLS.map((t) => t.name), accountAddress: account } });
    const userLimits = new UserLimits({ settings: () => this.deps.userLimitSettings?.() });
    const agentDrafts = new Set<string>();
    // Per account: a 2026-07-28 client has no session, and each of its requests gets a server of its own.
    const sentHistory = this.deps.sentHistoryFor?.(account, gmail) ?? new SentHistory(gmail);
    const stopping = new AbortController();
    // origin 'you': a session of the person's own UI (connectInProcess), whose calls the tree and audit log say so.
    const createServer = (origin?: 'you') =>
      createGmailMcpServer({
        origin,
        gmail,
        account,
        access,
        observer: this.deps.observer,
        confirmer: this.deps.confirmer,
        sentHistory,
        undoSend: this.undoSend,
        agentDrafts,
        shutdown: stopping.signal,
        provenance,
        parsedMessages,
        mailProcessor: this.mailProcessor,
        userLimits,
        workspace: this.deps.workspace,
        isPaused: this.deps.isPaused ? () => this.deps.isPaused?.() === true : undefined,
        onAnomaly: this.deps.onAnomaly ? (anomaly) => this.deps.onAnomaly?.(anomaly) : undefined,
      });
    let server: RunningMcpServer;
    try {
      server = await startMcpHttpServer({
        createServer: () => createServer(),
        listen: this.deps.listen ?? { kind: 'socket' },
        onError: (error) => this.deps.log?.(`MCP transport error: ${error.message}`),
      });
    } catch (err) {
      gmail.close();
      throw err;
    }
    this.deps.log?.(`Gmail MCP server for ${account} listening (${server.kind}).`);
    // A 2025-11-25 session's server announces its own list changes; 2026-07-28 clients keep no session, so the
    // endpoint tells those listening, once for each change of what is listed (as the session's server does).
    let listed = listedToolNames(access.settings);
    const stopAnnouncing = access.onDidChange((settings) => {
      const now = listedToolNames(settings);
      if (now === listed) return;
      listed = now;
      server.toolListChanged();
    });
    // The person's own changes (Undo) take the same road as the agent's, without a confirmation to ask.
    const personal = new WritePipeline({
      account,
      gmail,
      confirmer: DENY_ALL,
      limits: userLimits,
      provenance,
      sentHistory,
      undoSend: this.undoSend,
      agentDrafts,
      mailProcessor: this.mailProcessor,
      shutdown: stopping.signal,
    });
    const observer = this.deps.observer;
    return {
      account,
      gmail: readOnlyGmail(gmail),
      quotaUnitsPerSecond: () => gmail.quotaUnitsPerSecond(),
      undo: async (undo) => {
        const callId = `undo-${randomUUID().slice(0, 8)}`;
        const startedAt = Date.now();
        observer.callStarted({ callId, tool: undo.tool, account, args: undo.args, startedAt, origin: 'you' });
        const finish = (status: 'succeeded' | 'failed', effect: CallEffect, extra: { error?: string; messageIds?: readonly string[] } = {}) => {
          const finishedAt = Date.now();
          observer.callFinished({ callId, status, finishedAt, durationMs: finishedAt - startedAt, effect, decision: 'allowed', ...extra });
        };
        try {
          const { result } = await personal.undo(undo);
          finish(result.failed.length ? 'failed' : 'succeeded', { kind: 'undone', changed: result.changed.length, failed: result.failed.length }, {
            messageIds: result.changed,
            ...(result.failed.length ? { error: result.failed.map((f) => `${f.id}: ${f.error}`).join('; ') } : {}),
          });
          return result;
        } catch (error) {
          finish('failed', { kind: 'failed' }, { error: error instanceof Error ? error.message : String(error) });
          throw error;
        }
      },
      server,
      access,
      provenance,
      userLimits,
      connectInProcess: () => InProcessMcpClient.connect(() => createServer('you')),
      close: async (graceMs) => {
        // Held sends first: a server that is stopping sends nothing it still held for Undo, nor anything approved
        // while its running calls finish.
        stopping.abort();
        stopAnnouncing();
        this.undoSend.stop(account);
        await server.close(graceMs);
        gmail.close();
        this.deps.log?.(`Gmail MCP server for ${account} stopped.`);
      },
    };
  }
}

/** The names of the tools the settings list, as one comparable value. */
function listedToolNames(settings: ToolAccessSettings): string {
  return ALL_TOOLS.filter((tool) => toolAvailability(tool, settings).enabled)
    .map((tool) => tool.name)
    .join(',');
}
