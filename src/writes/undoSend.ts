/**
 * The undo-send window: an approved send waits here for the user's configured seconds before it is handed to
 * Gmail, and Undo (or the server stopping, or VS Code closing) inside the window means it is never sent. Plain
 * Node with an injectable clock; the UI lists pending sends, counts down and calls undo().
 */

export interface UndoSendClock {
  now(): number;
  setTimeout(run: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

export const SYSTEM_CLOCK: UndoSendClock = {
  now: () => Date.now(),
  setTimeout: (run, ms) => setTimeout(run, ms),
  clearTimeout: (handle) => clearTimeout(handle as ReturnType<typeof setTimeout>),
};

/** How a held send ended: handed on, undone by the user, cancelled by the agent's client, or stopped with the server. */
export type HoldOutcome = 'send' | 'undone' | 'cancelled' | 'shutdown';

/** What the UI shows of a held send: no body, and every text here came from the agent or mail (show it as plain text). */
export interface PendingSend {
  readonly id: string;
  readonly account: string;
  readonly callId?: string;
  readonly subject: string;
  readonly recipients: readonly string[];
  /** When it goes to Gmail (the clock's milliseconds). */
  readonly sendsAt: number;
}

interface Held {
  readonly pending: PendingSend;
  finish(outcome: HoldOutcome): void;
}

export class UndoSendWindow {
  private readonly held = new Map<string, Held>();
  private readonly listeners = new Set<() => void>();
  private nextId = 1;
  private isClosed = false;

  constructor(private readonly clock: UndoSendClock = SYSTEM_CLOCK) {}

  /** VS Code is closing (dispose() ran): nothing is sent any more, held or not. */
  get closed(): boolean {
    return this.isClosed;
  }

  /**
   * Waits `seconds` (0: not at all) and resolves 'send', unless undo(), the signal or shutdown() comes first.
   * After shutdown() every hold resolves 'shutdown' at once: a stopped server sends nothing it still held.
   */
  hold(what: Omit<PendingSend, 'id' | 'sendsAt'>, seconds: number, signal?: AbortSignal): Promise<HoldOutcome> {
    if (this.isClosed) return Promise.resolve('shutdown');
    if (signal?.aborted) return Promise.resolve('cancelled');
    if (!(seconds > 0)) return Promise.resolve('send');
    const id = `send-${this.nextId++}`;
    const pending: PendingSend = Object.freeze({ ...what, recipients: [...what.recipients], id, sendsAt: this.clock.now() + seconds * 1000 });
    return new Promise<HoldOutcome>((resolve) => {
      const onAbort = () => held.finish('cancelled');
      const timer = this.clock.setTimeout(() => held.finish('send'), seconds * 1000);
      const held: Held = {
        pending,
        finish: (outcome) => {
          if (!this.held.delete(id)) return;
          this.clock.clearTimeout(timer);
          signal?.removeEventListener('abort', onAbort);
          this.fire();
          resolve(outcome);
        },
      };
      this.held.set(id, held);
      signal?.addEventListener('abort', onAbort, { once: true });
      this.fire();
    });
  }

  /** Held sends, soonest first. */
  pending(): PendingSend[] {
    return [...this.held.values()].map((h) => h.pending).sort((a, b) => a.sendsAt - b.sendsAt);
  }

  /** The user's Undo: true when the send was still held (it will not be sent). */
  undo(id: string): boolean {
    const held = this.held.get(id);
    if (!held) return false;
    held.finish('undone');
    return true;
  }

  /** Stops the sends of one account (its server stops) or of all; later holds of all accounts stop at once only after dispose(). */
  stop(account?: string): void {
    for (const held of [...this.held.values()]) {
      if (account === undefined || held.pending.account === account) held.finish('shutdown');
    }
  }

  /** VS Code is closing: nothing held is sent, and nothing is held any more. */
  dispose(): void {
    this.isClosed = true;
    this.stop();
    this.listeners.clear();
  }

  /** Returns the unsubscribe function. */
  onDidChange(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  private fire(): void {
    for (const listener of [...this.listeners]) {
      try {
        listener();
      } catch {
        // A listener (the UI) failing must not change whether a message is sent.
      }
    }
  }
}
