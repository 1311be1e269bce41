import type { AnomalyKind, AnomalyReport, UserLimits } from '../../guard/userLimits';
import type { AlarmInputs } from './toolDefinition';

/**
 * The CallSupervisor: account-wide checks around every tool call: the user's pause switch (every call, reads included, fails fast
 * while paused), the anomaly alarms (a burst of reads; a search for secrets or money soon after mail with
 * instruction-like content was read). The sends-per-hour limit is the writes pipeline's (reserved per proposal).
 */

export const PAUSED_MESSAGE = 'Gmail tools are paused by the user (status bar: Resume).';

/** Raised for the extension's warning notification; the call's record carries the same text as a flag. */
export interface Anomaly {
  readonly account: string;
  readonly callId: string;
  readonly tool: string;
  readonly kind: AnomalyKind;
  /** For people, one sentence. */
  readonly message: string;
  readonly at: number;
}

export interface CallSupervisor {
  isPaused(): boolean;
  /** Before the handler runs (arguments valid): anomalies the call itself shows. */
  beforeCall(tool: string, args: Readonly<Record<string, unknown>>): AnomalyReport[];
  /** After a handler returned. */
  afterCall(tool: string, outcome: AlarmInputs): AnomalyReport[];
  onAnomaly(anomaly: Anomaly): void;
}

export interface AccountCallSupervisorDeps {
  readonly policy: UserLimits;
  isPaused?(): boolean;
  onAnomaly?(anomaly: Anomaly): void;
}

export class AccountCallSupervisor implements CallSupervisor {
  constructor(private readonly deps: AccountCallSupervisorDeps) {}

  isPaused(): boolean {
    try {
      return this.deps.isPaused?.() === true;
    } catch {
      return true; // a switch that cannot be read is treated as pulled: stopping is the safe side
    }
  }

  beforeCall(tool: string, args: Readonly<Record<string, unknown>>): AnomalyReport[] {
    if (tool !== 'search_messages' || typeof args.query !== 'string') return [];
    const report = this.deps.policy.observeSearch(args.query);
    return report ? [report] : [];
  }

  afterCall(_tool: string, outcome: AlarmInputs): AnomalyReport[] {
    const report = this.deps.policy.observeReads(outcome.messagesRead ?? 0, outcome.flaggedContent);
    return report ? [report] : [];
  }

  onAnomaly(anomaly: Anomaly): void {
    this.deps.onAnomaly?.(anomaly);
  }
}

export const NO_CALL_SUPERVISOR: CallSupervisor = {
  isPaused: () => false,
  beforeCall: () => [],
  afterCall: () => [],
  onAnomaly: () => undefined,
};
