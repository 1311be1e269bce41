import { promises as fs } from 'node:fs';
import { join } from 'node:path';
import type { ToolCallOrigin } from '../mcp/server/callObserver';
import { cut, redactSecrets, redactValue } from './redact';

/**
 * Append-only JSONL audit log of tool calls, kept in the extension's global storage (never the workspace).
 * One line a call: time, account, tool (and its origin when the agent did not call it), redacted arguments,
 * decision, result summary, message ids touched, flags. No bodies and no tokens: arguments go through
 * redactValue, free text through redactSecrets.
 * Size-based rotation (audit.jsonl -> audit.1.jsonl -> …). Writing never throws into the caller; failures
 * go to onError so the UI can say the log is not being written.
 */

export type AuditDecision = 'allowed' | 'approved' | 'rejected' | 'timed-out' | 'denied' | 'failed';

export interface AuditEntryInput {
  account: string;
  tool: string;
  /** 'resource': the server ran the tool for an MCP resource the person asked for (a thread attached to the chat). */
  origin?: ToolCallOrigin;
  args: unknown;
  decision: AuditDecision;
  resultSummary?: string;
  messageIds?: readonly string[];
  /** e.g. "injection:override-phrase", "recipient-from-untrusted-content". */
  flags?: readonly string[];
  durationMs?: number;
  /** Defaults to now. */
  time?: Date;
}

export interface AuditLogOptions {
  /** The directory to write in: the extension passes globalStorageUri.fsPath. */
  directory: string;
  /** Rotate when the current file would pass this size (default 5 MiB). */
  maxBytes?: number;
  /** Rotated files kept besides the current one (default 3). */
  keep?: number;
  onError?: (error: Error) => void;
}

const FILE = 'audit.jsonl';
const MAX_IDS = 100;

export class AuditLog {
  private readonly directory: string;
  private readonly maxBytes: number;
  private readonly keep: number;
  private readonly onError: (error: Error) => void;
  private queue: Promise<void> = Promise.resolve();
  private size: number | undefined;
  private ready = false;

  constructor(options: AuditLogOptions) {
    if (!options.directory) throw new Error('AuditLog: a directory is required');
    this.directory = options.directory;
    this.maxBytes = options.maxBytes ?? 5 * 1024 * 1024;
    this.keep = Math.max(0, options.keep ?? 3);
    this.onError = options.onError ?? (() => undefined);
  }

  get path(): string {
    return join(this.directory, FILE);
  }

  /** Queues one entry; the promise resolves when it is on disk (or failed and was reported). Never rejects. */
  append(entry: AuditEntryInput): Promise<void> {
    let line: string;
    try {
      line = `${JSON.stringify(toRecord(entry))}\n`;
    } catch (error) {
      this.report(error);
      return this.queue;
    }
    this.queue = this.queue.then(() => this.write(line)).catch((error: unknown) => this.report(error));
    return this.queue;
  }

  /** Resolves when everything appended so far is written. */
  flush(): Promise<void> {
    return this.queue;
  }

  private async write(line: string): Promise<void> {
    if (!this.ready) {
      await fs.mkdir(this.directory, { recursive: true, mode: 0o700 });
      this.ready = true;
    }
    const bytes = Buffer.byteLength(line);
    if (this.size === undefined) this.size = await fs.stat(this.path).then((s) => s.size, () => 0);
    if (this.size > 0 && this.size + bytes > this.maxBytes) await this.rotate();
    await fs.appendFile(this.path, line, { mode: 0o600 });
    // appendFile's mode applies only on creation; a file made by something else is tightened here.
    if (this.size === 0) await fs.chmod(this.path, 0o600).catch(() => undefined);
    this.size += bytes;
  }

  private async rotate(): Promise<void> {
    const rotated = (n: number): string => join(this.directory, `audit.${n}.jsonl`);
    if (this.keep === 0) {
      await fs.rm(this.path, { force: true });
    } else {
      await fs.rm(rotated(this.keep), { force: true });
      for (let n = this.keep - 1; n >= 1; n--) {
        await fs.rename(rotated(n), rotated(n + 1)).catch((error: NodeJS.ErrnoException) => {
          if (error.code !== 'ENOENT') throw error;
        });
      }
      await fs.rename(this.path, rotated(1));
    }
    this.size = 0;
  }

  private report(error: unknown): void {
    try {
      const message = error instanceof Error ? error.message : String(error);
      this.onError(new Error(`audit log: ${redactSecrets(message)}`));
    } catch {
      // the reporter itself failed; nothing sensible is left to do
    }
  }
}

function toRecord(entry: AuditEntryInput): Record<string, unknown> {
  return {
    time: (entry.time ?? new Date()).toISOString(),
    account: cut(redactSecrets(String(entry.account)), 200),
    tool: cut(redactSecrets(String(entry.tool)), 100),
    ...(entry.origin === 'resource' || entry.origin === 'you' ? { origin: entry.origin } : {}),
    args: redactValue(entry.args),
    decision: entry.decision,
    ...(entry.resultSummary !== undefined ? { resultSummary: cut(redactSecrets(entry.resultSummary), 500) } : {}),
    ...(entry.messageIds ? { messageIds: entry.messageIds.slice(0, MAX_IDS).map((id) => cut(redactSecrets(String(id)), 100)) } : {}),
    ...(entry.flags && entry.flags.length > 0 ? { flags: entry.flags.slice(0, 50).map((f) => cut(redactSecrets(String(f)), 100)) } : {}),
    ...(entry.durationMs !== undefined ? { durationMs: Math.round(entry.durationMs) } : {}),
  };
}
