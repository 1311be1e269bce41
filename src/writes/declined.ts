import type { DeclineReason } from './pipeline';

/** The text a write that did not happen returns to the agent. */
export function declinedText(reason: DeclineReason, nothing: 'sent' | 'changed' | 'saved' | 'deleted'): string {
  const done = nothing === 'saved' ? 'nothing was saved' : `nothing was ${nothing}`;
  switch (reason) {
    case 'undone':
      return `Cancelled by the user (Undo in the undo-send window): ${done}. Do not retry unless the user asks for it.`;
    case 'shutdown':
      return `Not sent: VS Code closed or the Gmail server stopped during the undo-send window, so ${done}. Ask the user before trying again.`;
    case 'timeout':
      return `Declined by the user (the confirmation timed out): ${done}. Do not retry unless the user asks for it.`;
    case 'closed':
      return `Declined by the user (the confirmation was closed): ${done}. Do not retry unless the user asks for it.`;
    case 'cancelled':
      return `Cancelled before the user answered: ${done}. Do not retry unless the user asks for it.`;
    case 'declined':
      return `Declined by the user: ${done}. Do not retry unless the user asks for it.`;
  }
}
