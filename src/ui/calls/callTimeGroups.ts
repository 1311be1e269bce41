import type { ToolCallStatus } from '../../mcp/server/callObserver';

/**
 * The tool-call view's grouping, the way VS Code's chat history groups sessions: calls that wait for the person
 * first (a confirmation to answer, a send still in its Undo window), then by when they started: Today, Yesterday,
 * Earlier this week (the five days before), Older. Days are the local calendar's. Group ids never change, so VS
 * Code keeps each group's expansion across refreshes; empty groups are left out.
 */

export type CallGroupId = 'waiting' | 'today' | 'yesterday' | 'week' | 'older';

export interface CallGroup<T> {
  readonly id: CallGroupId;
  readonly label: string;
  /** Newest first. */
  readonly calls: readonly T[];
}

const LABELS: Record<CallGroupId, string> = {
  waiting: 'Waiting for you',
  today: 'Today',
  yesterday: 'Yesterday',
  week: 'Earlier this week',
  older: 'Older',
};

const ORDER: readonly CallGroupId[] = ['waiting', 'today', 'yesterday', 'week', 'older'];

/** Calls a person has to act on now (the view's badge counts the first kind). */
export function waitsForPerson(status: ToolCallStatus): boolean {
  return status === 'awaitingApproval' || status === 'waitingToSend';
}

/** The time group a call started in (never 'waiting': that depends on its status, not its time). */
export function timeGroupOf(startedAt: number, now: number): Exclude<CallGroupId, 'waiting'> {
  const today = startOfDay(now);
  if (startedAt >= today) return 'today';
  const day = 24 * 60 * 60 * 1000;
  // Local midnights, not now minus 24 h: daylight-saving days are 23 or 25 hours long.
  const yesterday = startOfDay(today - day / 2);
  if (startedAt >= yesterday) return 'yesterday';
  let weekStart = yesterday;
  for (let i = 0; i < 5; i++) weekStart = startOfDay(weekStart - day / 2);
  return startedAt >= weekStart ? 'week' : 'older';
}

/** The calls in their groups, groups in a fixed order, calls newest first within each. */
export function groupCalls<T extends { readonly startedAt: number; readonly status: ToolCallStatus }>(calls: readonly T[], now: number): CallGroup<T>[] {
  const byGroup = new Map<CallGroupId, T[]>();
  for (const call of calls) {
    const id = waitsForPerson(call.status) ? 'waiting' : timeGroupOf(call.startedAt, now);
    const members = byGroup.get(id) ?? [];
    members.push(call);
    byGroup.set(id, members);
  }
  return ORDER.filter((id) => byGroup.has(id)).map((id) => ({
    id,
    label: LABELS[id],
    calls: [...(byGroup.get(id) ?? [])].sort((a, b) => b.startedAt - a.startedAt),
  }));
}

function startOfDay(time: number): number {
  const date = new Date(time);
  date.setHours(0, 0, 0, 0);
  return date.getTime();
}
