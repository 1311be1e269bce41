import * as vscode from 'vscode';
import type { ToolCallRecord, ToolCallLog } from './toolCallLog';
import { SHOW_CALL_COMMAND } from '../shared/commandIds';
import { callActionLabel } from './callActionLabel';
import { groupCalls, type CallGroup } from './callTimeGroups';
import { callFlagForPeople } from '../shared/flagWording';
import { toolTextForPeople } from '../shared/toolTextForPeople';
import { plainLines, plainText } from '../shared/untrustedText';
import { oneLine } from '../../text/oneLine';

/** How the tooltip says who started a call: the agent says nothing, anyone else is named. */
const ORIGIN_NOTES: Record<NonNullable<ToolCallRecord['origin']> | 'agent', string> = {
  agent: '',
  resource: ' (for an MCP resource, not called by the agent)',
  you: ' (origin: you, from the command palette; not called by the agent)',
};

const LABEL_VALUE_MAX = 60;

/** A time group ("Today") or the calls waiting for the person; a stable id keeps its expansion across refreshes. */
export class CallGroupNode extends vscode.TreeItem {
  constructor(readonly group: CallGroup<ToolCallRecord>) {
    super(group.label, vscode.TreeItemCollapsibleState.Expanded);
    this.id = `group/${group.id}`;
    this.description = `${group.calls.length} call${group.calls.length === 1 ? '' : 's'}`;
    this.contextValue = `callGroup.${group.id}`;
    if (group.id === 'waiting') this.iconPath = new vscode.ThemeIcon('bell-dot', new vscode.ThemeColor('notificationsWarningIcon.foreground'));
  }
}

/**
 * A tool call, worded as the action it was ("Declined · Send 'Invoice' to …", see callActionLabel) with its status
 * icon; the description has the time first (the side bar cuts from the right), then flags, duration and account;
 * the tool name and arguments are in the tooltip and the children.
 */
export class ToolCallNode extends vscode.TreeItem {
  constructor(
    readonly record: ToolCallRecord,
    options: { readonly withDate?: boolean; readonly now?: number } = {},
  ) {
    const action = callActionLabel(record, options.now);
    super(action, vscode.TreeItemCollapsibleState.Collapsed);
    this.id = record.callId;
    const started = new Date(record.startedAt);
    // Minutes tell calls apart at a glance; the tooltip and the call's document have the seconds.
    const time = options.withDate ? started.toLocaleString(undefined, { dateStyle: 'short', timeStyle: 'short' }) : started.toLocaleTimeString(undefined, { hour: '2-digit', minute: '2-digit' });
    const duration = record.durationMs === undefined ? '' : ` · ${formatDuration(record.durationMs)}`;
    const warning = record.flags?.length ? ` · ⚠ ${record.flags.length} warning${record.flags.length > 1 ? 's' : ''}` : '';
    this.description = `${time}${warning}${duration} · ${plainText(record.account, { max: 60 })}`;
    this.iconPath = record.flags?.length && record.status === 'succeeded' ? new vscode.ThemeIcon('warning', new vscode.ThemeColor('list.warningForeground')) : statusIcon(record.status);
    const undoable = (record.undo && !record.undone) || (record.status === 'waitingToSend' && record.pendingSendId !== undefined);
    this.contextValue = `toolCall.${record.status}${undoable ? '.undoable' : ''}${record.withheld ? '.withheld' : ''}${record.attachmentMessageIds?.length ? '.attachments' : ''}`;
    // A plain string: a MarkdownString would render whatever an argument, a subject or an account label carried.
    this.tooltip = [
      plainText(action, { max: 300 }),
      `${plainText(record.tool, { max: 60 })}${ORIGIN_NOTES[record.origin ?? 'agent']}, ${statusLabel(record)}${record.undone ? ', undone' : ''}`,
      `${plainText(record.account, { max: 60 })}, ${started.toLocaleString()}${duration}`,
    ].join('\n');
    this.accessibilityInformation = { label: `${plainText(action, { max: 300 })}, ${statusLabel(record)}, ${plainText(record.account, { max: 60 })}, ${time}` };
    this.command = { command: SHOW_CALL_COMMAND, title: 'Show Call Details', arguments: [record.callId] };
  }
}

/** The tool the call ran, by its MCP name (what the agent and the audit log call it). */
export class ToolNameNode extends vscode.TreeItem {
  constructor(record: ToolCallRecord) {
    // Who started it, when it was not the agent: the person (origin: you) or an MCP resource.
    super(`tool: ${plainText(record.tool, { max: 60 })}${record.origin ? ` · origin: ${record.origin}` : ''}`, vscode.TreeItemCollapsibleState.None);
    this.id = `${record.callId}/tool`;
    this.description = statusLabel(record);
    this.iconPath = new vscode.ThemeIcon('tools');
    this.contextValue = 'toolCall.tool';
  }
}

/** One argument of a call, its value shortened: labels never carry bodies. */
export class ArgumentNode extends vscode.TreeItem {
  constructor(callId: string, name: string, value: unknown) {
    super(plainText(`${name}: ${summarizeValue(value)}`, { max: LABEL_VALUE_MAX + 40 }), vscode.TreeItemCollapsibleState.None);
    this.id = `${callId}/arg/${name}`;
    this.iconPath = new vscode.ThemeIcon('symbol-field');
    this.contextValue = 'toolCall.argument';
  }
}

/** The one-line result summary, or the error the agent was given. */
export class ResultNode extends vscode.TreeItem {
  constructor(record: ToolCallRecord) {
    const failed = record.status === 'failed' || record.status === 'declined';
    const text = toolTextForPeople(record.status === 'failed' ? record.error ?? 'failed' : record.summary ?? '');
    const kind = record.status === 'declined' ? 'declined' : failed ? 'error' : 'result';
    super(`${kind}: ${plainText(text, { max: 120 })}`, vscode.TreeItemCollapsibleState.None);
    this.id = `${record.callId}/result`;
    this.iconPath = new vscode.ThemeIcon(failed ? 'error' : 'output');
    this.tooltip = plainLines(text, { max: 300, maxLines: 20 });
    this.contextValue = 'toolCall.result';
  }
}

/** Why a call is flagged: instruction-like content in the mail it read, or an anomaly; in words, not reason codes. */
export class FlagNode extends vscode.TreeItem {
  constructor(callId: string, index: number, flag: string, messages = 0) {
    const worded = callFlagForPeople(flag, messages);
    // The warning icon says it is a warning: the label is the sentence alone.
    super(plainText(worded, { max: 140 }), vscode.TreeItemCollapsibleState.None);
    this.id = `${callId}/flag/${index}`;
    this.tooltip = plainLines(worded, { max: 300 });
    this.iconPath = new vscode.ThemeIcon('warning', new vscode.ThemeColor('list.warningForeground'));
    this.contextValue = 'toolCall.flag';
  }
}

type GmailCallsTreeNode = CallGroupNode | ToolCallNode | ToolNameNode | ArgumentNode | ResultNode | FlagNode;

export class ToolCallsTreeProvider implements vscode.TreeDataProvider<GmailCallsTreeNode>, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<GmailCallsTreeNode | undefined>();
  readonly onDidChangeTreeData = this.changed.event;
  private readonly subscription: vscode.Disposable;

  private countdown: ReturnType<typeof setInterval> | undefined;

  constructor(private readonly log: ToolCallLog) {
    // Node ids are stable, so a root refresh keeps expansion state while statuses change.
    this.subscription = log.onDidChange(() => {
      this.changed.fire(undefined);
      this.followCountdown();
    });
  }

  /** While a send waits for Undo, the tree refreshes each second so its item counts down. */
  private followCountdown(): void {
    const waiting = this.log.waitingToSend() > 0;
    if (waiting && !this.countdown) this.countdown = setInterval(() => this.changed.fire(undefined), 1000);
    if (!waiting && this.countdown) {
      clearInterval(this.countdown);
      this.countdown = undefined;
    }
  }

  getTreeItem(element: GmailCallsTreeNode): vscode.TreeItem {
    return element;
  }

  getChildren(element?: GmailCallsTreeNode): GmailCallsTreeNode[] {
    const now = Date.now();
    if (!element) return groupCalls(this.log.all(), now).map((group) => new CallGroupNode(group));
    if (element instanceof CallGroupNode) {
      const withDate = element.group.id !== 'today' && element.group.id !== 'waiting';
      return element.group.calls.map((record) => new ToolCallNode(this.log.get(record.callId) ?? record, { withDate, now }));
    }
    if (!(element instanceof ToolCallNode)) return [];
    const record = this.log.get(element.record.callId) ?? element.record;
    const args = Object.entries(record.args).map(([k, v]) => new ArgumentNode(record.callId, k, v));
    const finished = record.status === 'succeeded' || record.status === 'failed' || record.status === 'declined';
    const flags = (record.flags ?? []).map((f, i) => new FlagNode(record.callId, i, f, record.messageIds?.length ?? 0));
    const tool = new ToolNameNode(record);
    return finished ? [...flags, tool, ...args, new ResultNode(record)] : [tool, ...args];
  }

  dispose(): void {
    if (this.countdown) clearInterval(this.countdown);
    this.subscription.dispose();
    this.changed.dispose();
  }
}

function statusIcon(status: ToolCallRecord['status']): vscode.ThemeIcon {
  switch (status) {
    case 'running':
      return new vscode.ThemeIcon('loading~spin');
    case 'awaitingApproval':
      return new vscode.ThemeIcon('bell-dot', new vscode.ThemeColor('notificationsWarningIcon.foreground'));
    case 'approved':
    case 'edited':
      return new vscode.ThemeIcon('loading~spin');
    case 'waitingToSend':
      return new vscode.ThemeIcon('watch', new vscode.ThemeColor('notificationsWarningIcon.foreground'));
    case 'succeeded':
      return new vscode.ThemeIcon('pass', new vscode.ThemeColor('testing.iconPassed'));
    case 'declined':
      return new vscode.ThemeIcon('circle-slash', new vscode.ThemeColor('testing.iconSkipped'));
    case 'failed':
      return new vscode.ThemeIcon('error', new vscode.ThemeColor('testing.iconFailed'));
  }
}

function statusLabel(record: ToolCallRecord): string {
  if (record.status === 'succeeded' && record.edited) return 'succeeded (edited)';
  if (record.status === 'waitingToSend') {
    const seconds = Math.max(0, Math.ceil(((record.sendsAt ?? Date.now()) - Date.now()) / 1000));
    return `sending in ${seconds} s (Undo to keep it)`;
  }
  return record.status === 'awaitingApproval' ? 'awaiting approval' : record.status;
}

export function summarizeValue(value: unknown): string {
  if (typeof value === 'string') {
    return value.length > LABEL_VALUE_MAX ? `"${oneLine(value).slice(0, LABEL_VALUE_MAX)}…" (${value.length} chars)` : JSON.stringify(oneLine(value));
  }
  if (Array.isArray(value)) return value.length <= 3 ? shorten(JSON.stringify(value), LABEL_VALUE_MAX) : `[${value.length} items]`;
  if (value && typeof value === 'object') return `{${Object.keys(value).length} fields}`;
  return String(value);
}

function shorten(text: string, max: number): string {
  return text.length > max ? `${text.slice(0, max)}…` : text;
}

function formatDuration(ms: number): string {
  return ms < 1000 ? `${Math.round(ms)} ms` : `${(ms / 1000).toFixed(1)} s`;
}
