import * as z from 'zod';
import { composeMessage } from '../../mail/compose';
import { markdownToHtml } from '../../mail/markdownBody';
import { readWorkspaceFiles } from '../../writes/workspaceFiles';
import { attachmentsOf, candidateFromRaw } from '../../writes/outgoingMessage';
import { senderIdentity, withSignature } from '../../writes/sendAsIdentity';
import { defineTool } from '../server/toolDefinition';
import { declinedOutcome } from './shared/writeOutcome';
import { outgoingGlance } from '../server/callGlance';
import { loadDraftCandidate } from './shared/draftCandidate';
import { addressListSchema, fromSchema, bodyFormatSchema, bodySchema, declineReasonSchema, draftIdSchema, filesSchema, strictInput, subjectSchema } from './shared/schemas';

const inputSchema = strictInput({
  draftId: draftIdSchema,
  from: fromSchema.optional(),
  to: addressListSchema.optional(),
  cc: addressListSchema.optional(),
  bcc: addressListSchema.optional(),
  subject: subjectSchema.optional(),
  body: bodySchema.optional(),
  bodyFormat: bodyFormatSchema.optional(),
  files: filesSchema.optional(),
}).superRefine((args, ctx) => {
  const changes = [args.from, args.to, args.cc, args.bcc, args.subject, args.body, args.bodyFormat, args.files?.length ? args.files : undefined];
  if (changes.every((v) => v === undefined)) {
    ctx.addIssue({ code: 'custom', message: 'nothing to change: give at least one of from, to, cc, bcc, subject, body, bodyFormat, files', path: [] });
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
    const attachments = attachmentsOf(parsed);
    const added = await readWorkspaceFiles(ctx.workspace, args.files ?? [], attachments.reduce((n, a) => n + a.content.length, 0));
    const text = sender ? withSignature(body, sender.signature) : body;
    // The HTML part: rendered from the new text for markdown; the draft's own when neither body nor format changes
    // (the rest of the draft stays); none for a plain-text body.
    const html =
      args.bodyFormat === 'markdown' ? markdownToHtml(text) : args.bodyFormat === undefined && args.body === undefined && !sender && typeof parsed.html === 'string' ? parsed.html : undefined;
    const spec = {
      from: sender?.from ?? ctx.account,
      to: args.to ?? old.preview.to,
      cc: args.cc ?? old.preview.cc,
      bcc: args.bcc ?? old.preview.bcc,
      subject: args.subject ?? old.preview.subject,
      text,
      ...(html !== undefined ? { html } : {}),
      attachments: [...attachments, ...added.map((f) => ({ filename: f.filename, contentType: f.contentType, content: f.content }))],
      ...(old.preview.inReplyTo ? { inReplyTo: old.preview.inReplyTo } : {}),
      ...(parsed.references ? { references: (Array.isArray(parsed.references) ? parsed.references : [parsed.references]).filter((r) => /^<[^<>\s@]+@[^<>\s@]+>$/.test(r)) } : {}),
    };
    const { candidate } = await candidateFromRaw((await composeMessage(spec)).raw, ctx.account, threadId, ctx.mailProcessor, { signal: ctx.signal });
    const outcome = await ctx.writes.propose(
      { kind: 'draft', tool: 'update_draft', message: candidate, existing: { draftId: args.draftId, message: old } },
    );
    if (outcome.status === 'declined') return declinedOutcome(outcome, 'saved', undefined, outgoingGlance(candidate.preview));
    const { draft } = outcome;
    return {
      text: `Draft ${draft.id} updated: "${spec.subject}". Nothing was sent.`,
      structured: { status: 'saved' as const, draftId: draft.id, messageId: draft.message.id, threadId: draft.message.threadId, subject: spec.subject },
      effect: { kind: 'draftSaved', draftId: draft.id, subject: spec.subject, updated: true },
      messageIds: draft.message.id ? [draft.message.id] : [],
      glance: outgoingGlance(candidate.preview),
    };
  },
});
