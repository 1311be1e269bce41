import * as vscode from 'vscode';
import type { GoogleAuthProvider } from '../../auth/googleAuthProvider';
import type { MessageDocuments } from '../message/messageDocument';
import type { GmailMcpServerProvider } from '../server/mcpProvider';
import { COMPOSE_COMMAND, SEARCH_MAIL_COMMAND } from '../shared/commandIds';
import type { Own } from '../shared/feature';
import { PaletteTools } from './paletteTools';

/** The command palette's own mail tools: search mail, compose. */
export function registerPalette(own: Own, deps: { auth: GoogleAuthProvider; servers: GmailMcpServerProvider; documents: MessageDocuments }): void {
  const palette = new PaletteTools(deps.auth, deps.servers, deps.documents);
  own(vscode.commands.registerCommand(SEARCH_MAIL_COMMAND, (query?: string) => palette.search(query)));
  own(vscode.commands.registerCommand(COMPOSE_COMMAND, () => palette.compose()));
}
