import * as vscode from 'vscode';
import type { UndoSendWindow } from '../../writes/undoSend';
import { APPROVE_CONFIRMATION_COMMAND, REJECT_CONFIRMATION_COMMAND } from '../shared/commandIds';
import type { Own } from '../shared/feature';
import { DiffConfirmer } from './confirmDiff';
import { CONFIRMATION_DOCUMENTS, ConfirmationCodeLensProvider } from './confirmationCodeLens';
import { UndoSendNotifier } from './undoSendNotifier';

export interface ConfirmationFeature {
  readonly confirmer: DiffConfirmer;
}

/** The diff every write is confirmed in, its Approve and Reject commands and code lens, and the undo-send notice. */
export function registerConfirmation(own: Own, deps: { timeoutMs(): number; undoSend: UndoSendWindow }): ConfirmationFeature {
  const confirmer = own(new DiffConfirmer({ timeoutMs: deps.timeoutMs }));
  // Command arguments can come from a command link anywhere VS Code renders one: only the diff's own URI (the
  // editor title's buttons) decides directly, anything else opens our pick.
  own(vscode.commands.registerCommand(APPROVE_CONFIRMATION_COMMAND, (argument?: unknown) => confirmer.approveCommand(argument)));
  own(vscode.commands.registerCommand(REJECT_CONFIRMATION_COMMAND, (argument?: unknown) => confirmer.rejectCommand(argument)));
  own(vscode.languages.registerCodeLensProvider(CONFIRMATION_DOCUMENTS, own(new ConfirmationCodeLensProvider(confirmer))));
  own(new UndoSendNotifier(deps.undoSend));
  return { confirmer };
}
