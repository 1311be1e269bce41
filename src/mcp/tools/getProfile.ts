import * as z from 'zod';
import { defineTool } from '../server/toolDefinition';
import { strictInput } from '../server/schemas';

const outputSchema = z.object({
  emailAddress: z.string(),
  messagesTotal: z.number().int(),
  threadsTotal: z.number().int(),
  historyId: z.string(),
});

export const getProfile = defineTool({
  name: 'get_profile',
  toolset: 'read',
  title: 'Gmail account profile',
  description: 'The signed-in Gmail address and the mailbox size (messages and threads).',
  inputSchema: strictInput({}),
  outputSchema,
  annotations: { readOnlyHint: true, openWorldHint: false, idempotentHint: true, destructiveHint: false },
  async handler(_args, ctx) {
    const p = await ctx.gmail.getProfile({ signal: ctx.signal });
    const structured = {
      emailAddress: p.emailAddress ?? ctx.account,
      messagesTotal: p.messagesTotal ?? 0,
      threadsTotal: p.threadsTotal ?? 0,
      historyId: p.historyId ?? '',
    };
    return {
      text: `Account ${structured.emailAddress}: ${structured.messagesTotal} messages in ${structured.threadsTotal} threads.`,
      structured,
      summary: `profile of ${structured.emailAddress}`,
    };
  },
});
