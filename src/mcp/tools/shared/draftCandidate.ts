import type { gmail_v1 } from '@googleapis/gmail';
import type { ComposeSource } from '../../../mail/processing/composeSource';
import { candidateFromRaw } from '../../../writes/outgoingMessage';
import type { OutgoingCandidate } from '../../../writes/proposal';
import { ToolInputError, type ToolContext } from '../../server/toolDefinition';

/** A draft as Gmail stores it, read raw and parsed into the outgoing candidate the writes pipeline proposes from. */
export interface LoadedDraft {
  readonly message: gmail_v1.Schema$Message;
  readonly threadId: string | undefined;
  readonly candidate: OutgoingCandidate;
  readonly parsed: ComposeSource;
}

/** What send_draft, update_draft and delete_draft each start from. */
export async function loadDraftCandidate(ctx: Pick<ToolContext, 'gmail' | 'account' | 'signal' | 'mailProcessor'>, draftId: string): Promise<LoadedDraft> {
  const draft = await ctx.gmail.getDraft(draftId, 'raw', { signal: ctx.signal });
  if (!draft.message?.raw) throw new ToolInputError(`Gmail returned draft ${draftId} without its content.`);
  const threadId = draft.message.threadId ?? undefined;
  const { candidate, parsed } = await candidateFromRaw(Buffer.from(draft.message.raw, 'base64url'), ctx.account, threadId, ctx.mailProcessor, { signal: ctx.signal });
  return { message: draft.message, threadId, candidate, parsed };
}
