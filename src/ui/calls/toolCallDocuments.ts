import * as vscode from 'vscode';
import { callActionLabel } from './callActionLabel';
import { callFlagForPeople } from '../shared/flagWording';
import type { ToolCallLog, ToolCallRecord } from './toolCallLog';
import { toolTextForPeople } from '../shared/toolTextForPeople';
import { plainText } from '../shared/untrustedText';

export const TOOL_CALL_SCHEME = 'gmail-tool-call';

/**
 * A whole tool call as a read-only plain-text document (a content provider's documents cannot be edited or saved),
 * opened from its row: what it did in words first, then the tool, status, times, warnings, every argument and the
 * result. The tab is titled by the action, the call id is the document's last line. Argument values are written
 * as JSON strings: one line each, control and bidi characters escaped, nothing rendered.
 */
export class ToolCallDocumentProvider implements vscode.TextDocumentContentProvider, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<vscode.Uri>();
  readonly onDidChange = this.changed.event;
  private readonly subscription: vscode.Disposable;
  /** The URIs opened per call, so a change of the call refreshes the document under whatever title it was opened. */
  private readonly opened = new Map<string, vscode.Uri>();

  constructor(private readonly log: ToolCallLog) {
    this.subscription = log.onDidChange((record) => {
      const uri = record && this.opened.get(record.callId);
      if (uri) this.changed.fire(uri);
    });
  }

  provideTextDocumentContent(uri: vscode.Uri): string {
    const callId = callIdOf(uri);
    const record = this.log.get(callId);
    if (!record) return 'This call is no longer in the list (Clear Tool Calls, or the window was reloaded).\n';
    this.opened.set(callId, uri);
    return renderCallDocument(record);
  }

  dispose(): void {
    this.subscription.dispose();
    this.changed.dispose();
  }
}

export function renderCallDocument(record: ToolCallRecord, now = Date.now()): string {
  const started = new Date(record.startedAt);
  const took = record.durationMs === undefined ? '' : `, took ${record.durationMs < 1000 ? `${Math.round(record.durationMs)} ms` : `${(record.durationMs / 1000).toFixed(1)} s`}`;
  const flags = (record.flags ?? []).map((f) => `  ⚠ ${plainText(callFlagForPeople(f, record.messageIds?.length ?? 0), { max: 400 })}`);
  const args = Object.entries(record.args).map(([name, value]) => `  ${plainText(name, { max: 60 })}: ${JSON.stringify(value) ?? String(value)}`);
  const result = record.status === 'failed' ? record.error : record.summary;
  return [
    plainText(callActionLabel(record, now), { max: 300 }),
    '',
    `Tool: ${plainText(record.tool, { max: 60 })}${record.origin === 'resource' ? ' (for a thread attached to the chat, not called by the agent)' : ''}`,
    `Status: ${record.status}${record.edited ? ' (edited before approval)' : ''}${record.undone ? ', undone' : ''}`,
    `Account: ${plainText(record.account, { max: 120 })}`,
    `Started: ${started.toLocaleString()}${took}`,
    ...(flags.length ? ['', 'Warnings:', ...flags] : []),
    '',
    'Arguments the agent gave:',
    ...(args.length ? args : ['  (none)']),
    ...(result ? ['', record.status === 'failed' ? 'Error:' : 'Result:', `  ${plainText(toolTextForPeople(result), { max: 2000 })}`] : []),
    ...(record.messageIds?.length ? ['', `Message ids: ${record.messageIds.map((id) => plainText(id, { max: 40 })).join(', ')}`] : []),
    '',
    `Call id: ${record.callId}`,
    '',
  ].join('\n');
}

/** The call's document, titled by what the call did (a tab title, not a path anyone resolves). */
export function uriForCall(record: Pick<ToolCallRecord, 'callId'> & Partial<ToolCallRecord>): vscode.Uri {
  const title = record.tool ? plainText(callActionLabel(record as ToolCallRecord), { max: 60 }).replace(/[\\/?#%]/g, '_').replace(/^\.+/, '') : '';
  return vscode.Uri.from({ scheme: TOOL_CALL_SCHEME, path: `/${record.callId}/${title || 'Tool call'}` });
}

/** The call id a `gmail-tool-call:` URI names: `/<callId>/<title>` (or `/<callId>.json`, the form before titles). */
function callIdOf(uri: vscode.Uri): string {
  return (uri.path.split('/')[1] ?? '').replace(/\.json$/, '');
}
