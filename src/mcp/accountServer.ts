import type { GoogleEndpoints } from '../gmail/endpoints';
import { GmailClient } from '../gmail/client';
import { ParsedMessageCache } from '../gmail/parsedMessageCache';
import type { ToolsetName } from '../gmail/scopes';
import type { TokenSource } from '../gmail/tokenSource';
import { GuardPolicy, type GuardSettings } from '../guard/policy';
import { ProvenanceTracker } from '../guard/provenance';
import type { Anomaly } from './callGuard';
import type { CallObserver } from './callObserver';
import type { Confirmer } from './confirmer';
import { InProcessMcpClient } from './inProcessClient';
import { createGmailMcpServer } from './server';
import { ToolAccess } from './toolAccess';
import { startMcpHttpServer, type McpListenOptions, type RunningMcpServer } from './transport';
import type { WriteLimits } from './writeGate';
import type { WritePolicy } from './writePolicy';

/** A running MCP server for one account: where it listens, the header it demands, and how to stop it. */
export interface AccountMcpEndpoint {
  readonly account: string;
  /** The account's client, for Undo (runUndo) from the tree view. */
  readonly gmail: GmailClient;
  readonly server: RunningMcpServer;
  readonly access: ToolAccess;
  /** What this account's sessions have read from untrusted mail (addresses, domains, links). */
  readonly provenance: ProvenanceTracker;
  /** The user's limits and the anomaly alarms of this account. */
  readonly guardPolicy: GuardPolicy;
  /** A session in this process (command palette), with the same client, access, confirmer and policy. */
  connectInProcess(): Promise<InProcessMcpClient>;
  /** Stops the server; tool calls still running get `graceMs` to finish (default: the transport's grace). */
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
  /**
   * A write policy per MCP session; default: SentHistoryPolicy. Either way it is wrapped in GuardedWritePolicy
   * with the account's provenance and limits.
   */
  policyFor?(account: string, gmail: GmailClient): WritePolicy;
  /** The user's guard settings, read at every check (domain lists, recipients, sends per hour, trash size, alarms). */
  guardSettings?(): Partial<GuardSettings>;
  /** The pause switch ("kill switch"): while true every tool call of every account fails fast. */
  isPaused?(): boolean;
  /** A read burst or a sensitive search after flagged mail, for a warning notification. */
  onAnomaly?(anomaly: Anomaly): void;
  /** Read at each write (settings): recipients, query cap, typed-count threshold. */
  writeLimits?(): Partial<WriteLimits>;
  /** Where to listen: a unix socket in a 0700 directory in production, TCP for tests and benchmarks. */
  readonly listen?: McpListenOptions;
  log?(message: string): void;
}

/**
 * Starts the Gmail MCP server of one account: its own GmailClient (quota, cache) and access settings shared by
 * every MCP session on it. Used by the extension (unix socket) and by the standalone entry (TCP).
 */
export class AccountServerLauncher {
  constructor(private readonly deps: AccountServerDeps) {}

  async start(account: string): Promise<AccountMcpEndpoint> {
    const gmail = new GmailClient({ tokenSource: this.deps.tokenSourceFor(account), endpoints: this.deps.endpoints });
    const access = new ToolAccess({
      toolsets: this.deps.toolsets?.() ?? ['read'],
      readOnly: this.deps.readOnly?.() ?? false,
      grantedScopes: await this.deps.grantedScopesFor(account),
    });
    // Per account, not per session: a send to an address read in another session is still marked, and the
    // rate limits and alarms count the account.
    const provenance = new ProvenanceTracker();
    const parsedMessages = new ParsedMessageCache();
    const guardPolicy = new GuardPolicy({ settings: () => this.deps.guardSettings?.() });
    const createServer = () =>
      createGmailMcpServer({
        gmail,
        account,
        access,
        observer: this.deps.observer,
        confirmer: this.deps.confirmer,
        policy: this.deps.policyFor?.(account, gmail),
        writeLimits: this.deps.writeLimits,
        provenance,
        parsedMessages,
        guardPolicy,
        isPaused: this.deps.isPaused ? () => this.deps.isPaused?.() === true : undefined,
        onAnomaly: this.deps.onAnomaly ? (anomaly) => this.deps.onAnomaly?.(anomaly) : undefined,
      });
    let server: RunningMcpServer;
    try {
      server = await startMcpHttpServer({
        createServer,
        listen: this.deps.listen ?? { kind: 'socket' },
        onError: (error) => this.deps.log?.(`MCP transport error: ${error.message}`),
      });
    } catch (err) {
      gmail.close();
      throw err;
    }
    this.deps.log?.(`Gmail MCP server for ${account} listening (${server.kind}).`);
    return {
      account,
      gmail,
      server,
      access,
      provenance,
      guardPolicy,
      connectInProcess: () => InProcessMcpClient.connect(createServer),
      close: async (graceMs) => {
        await server.close(graceMs);
        gmail.close();
        this.deps.log?.(`Gmail MCP server for ${account} stopped.`);
      },
    };
  }
}
