import * as z from 'zod';
import { composeMessage } from '../../gmail/compose';
import { attachmentsOf, candidateFromRaw } from '../../writes/outgoingMessage';
import { senderIdentity, withSignature } from '../../writes/sendAsIdentity';
import { defineTool } from '../server/toolDefinition';
import { declinedOutcome } from '../server/writeOutcome';
import { loadDraftCandidate } from '../server/draftCandidate';
import { addressListSchema, fromSchema, bodySchema, declineReasonSchema, draftIdSchema, strictInput, subjectSchema } from '../server/schemas';

const inputSchema = strictInput({
  draftId: draftIdSchema,
  from: fromSchema.optional(),
  to: addressListSchema.optional(),
  cc: addressListSchema.optional(),
  bcc: addressListSchema.optional(),
  subject: subjectSchema.optional(),
  body: bodySchema.optional(),
}).superRefine((args, ctx) => {
  if (args.from === undefined && args.to === undefined && args.cc === undefined && args.bcc === undefined && args.subject === undefined && args.body === undefined) {
    ctx.addIssue({ code: 'custom', message: 'nothing to change: give at least one of from, to, cc, bcc, subject, body', path: [] });
  }
});

const outputSchema = z.object({
  status: z.enum(['saved', 'declined']),
  reason: declineReasonSchema.optional().describe('Why nothing was saved, when declined.'),
  draftId: z.string().optional(),
  messageId: z.string().optional(),
  threadId: z.string().optional(),
  subject: z.string().optional(),
});

export const updateDraft = defineTool({
  name: 'update_draft',
  toolset: 'drafts',
  title: 'Update an email draft',
  description:
    'Change a draft: the fields given replace the draft\'s; the rest, its thread and attachments stay. Nothing is sent. New recipients or body on a draft not created here need the user\'s approval.',
  inputSchema,
  outputSchema,
  annotations: { readOnlyHint: false, destructiveHint: true, idempotentHint: true, openWorldHint: false },
  proposes: ['draft'],
  async handler(args, ctx) {
    const { candidate: old, parsed, threadId } = await loadDraftCandidate(ctx, args.draftId);
    const sender = args.from === undefined ? undefined : await senderIdentity(ctx, args.from, ctx.appendSignature);
    const body = args.body ?? old.preview.body;
    const spec = {
      from: sender?.from ?? ctx.account,
      to: args.to ?? old.preview.to,
      cc: args.cc ?? old.preview.cc,
      bcc: args.bcc ?? old.preview.bcc,
      subject: args.subject ?? old.preview.subject,
      text: sender ? withSignature(body, sender.signature) : body,
      attachments: attachmentsOf(parsed),
      ...(old.preview.inReplyTo ? { inReplyTo: old.preview.inReplyTo } : {}),
      ...(parsed.references ? { references: (Array.isArray(parsed.references) ? parsed.references : [parsed.references]).filter((r) => /^<[^<>\s@]+@[^<>\s@]+>$/.test(r)) } : {}),
    };
    const { candidate } = await candidateFromRaw((await composeMessage(spec)).raw, ctx.account, threadId, ctx.mailProcessor, { signal: ctx.signal });
    const outcome = await ctx.writes.propose(
      { kind: 'draft', tool: 'update_draft', message: candidate, existing: { draftId: args.draftId, message: old } },
      ctx.progress,
      ctx.signal,
    );
    if (outcome.status === 'declined') return declinedOutcome(outcome, 'saved');
    const { draft } = outcome;
    return {
      text: `Draft ${draft.id} updated: "${spec.subject}". Nothing was sent.`,
      structured: { status: 'saved' as const, draftId: draft.id, messageId: draft.message.id, threadId: draft.message.threadId, subject: spec.subject },
      summary: `draft ${draft.id} updated: '${spec.subject}'`,
      messageIds: draft.message.id ? [draft.message.id] : [],
    };
  },
});
