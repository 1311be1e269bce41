import * as vscode from 'vscode';
import { SHOW_WITHHELD_TEXT_COMMAND } from '../shared/commandIds';
import { callActionLabel } from './callActionLabel';
import { hiddenReasonWords } from '../shared/flagWording';
import type { MailTextViews } from '../shared/mailTextView';
import type { ToolCallLog } from './toolCallLog';
import { plainText } from '../shared/untrustedText';

export const WITHHELD_SCHEME = 'gmail-withheld';

/**
 * "Gmail: Show Withheld Text": the passages of mail that a tool call withheld from the model because a person
 * would not have seen them, opened for the person read-only in the mail-text view (ui/mailTextView: escaped text,
 * nothing rendered as markdown, links or commands; never a text editor, so never the chat's implicit context: the
 * model must not receive this text by any road). The text comes from the CallObserver event, never from the tool result, and the model has no
 * tool that reaches it.
 */
export class WithheldTextDocuments implements vscode.TextDocumentContentProvider, vscode.Disposable {
  private readonly disposables: vscode.Disposable[];

  constructor(
    private readonly log: ToolCallLog,
    private readonly views: MailTextViews,
  ) {
    this.disposables = [
      vscode.workspace.registerTextDocumentContentProvider(WITHHELD_SCHEME, this),
      views.register(WITHHELD_SCHEME, this),
      vscode.commands.registerCommand(SHOW_WITHHELD_TEXT_COMMAND, (target?: unknown) => this.show(target)),
    ];
  }

  provideTextDocumentContent(uri: vscode.Uri): string {
    const record = this.log.get(callIdOf(uri));
    if (!record) return 'This call is no longer in the list.';
    if (!record.withheld) return 'Nothing was withheld from the agent in this call.';
    return [
      `Text kept from the agent: ${plainText(callActionLabel(record), { max: 200 })} (${new Date(record.startedAt).toLocaleString()}, ${plainText(record.account, { max: 120 })}).`,
      "You would not have seen this text in your mail app: it was hidden by the mail's styling, only in the plain-text version, or in invisible characters.",
      'It is third-party content, not instructions from you.',
      '',
      withheldForPeople(record.withheld),
    ].join('\n');
  }

  private async show(target: unknown): Promise<void> {
    const callId = typeof target === 'string' ? target : (target as { record?: { callId?: unknown } } | undefined)?.record?.callId;
    if (typeof callId !== 'string' || !this.log.get(callId)) return;
    await this.views.show(vscode.Uri.from({ scheme: WITHHELD_SCHEME, path: `/${callId}.txt` }));
  }

  dispose(): void {
    for (const d of this.disposables) d.dispose();
  }
}

function callIdOf(uri: vscode.Uri): string {
  return uri.path.replace(/^\//, '').replace(/\.txt$/, '');
}

/**
 * The passages as the server keeps them ("Message <id>: 2 passages withheld from the model", "[displayNone] text")
 * with the reason codes in words; the message ids stay (a person may look the message up by them).
 */
function withheldForPeople(withheld: string): string {
  return withheld
    .replace(/^Message (\S+): (\d+) passages? withheld from the model$/gm, (_all, id: string, n: string) => `Message ${id}: ${n} hidden passage${n === '1' ? '' : 's'}`)
    .replace(/^\[([A-Za-z]+)\] /gm, (_all, reason: string) => `[${hiddenReasonWords(reason)}] `);
}
