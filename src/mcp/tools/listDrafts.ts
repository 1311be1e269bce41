import * as z from 'zod';
import { listingView, summaryView, type SummaryView } from '../../mail/render';
import { UnreadableMessageError } from '../../mail/unreadableMessage';
import { defineTool } from '../server/toolDefinition';
import { strictInput } from './shared/schemas';
import { flagsField, inspectionFields, sanitizedField, untrustedContentSchema } from '../server/untrustedContentInspector';

const inputSchema = strictInput({
  query: z.string().max(1000).optional(),
  maxResults: z.number().int().min(1).max(50).default(20),
  pageToken: z.string().min(1).max(512).optional(),
});

const outputSchema = z.object({
  drafts: z.array(
    z.object({
      draftId: z.string(),
      messageId: z.string(),
      threadId: z.string(),
      to: z.string(),
      subject: z.string(),
      date: z.string(),
      snippet: z.string().describe('The start of the visible body; empty when the draft could not be read.'),
      flags: flagsField,
      sanitized: sanitizedField,
    }),
  ),
  nextPageToken: z.string().optional(),
  untrustedContent: untrustedContentSchema,
});

/**
 * A draft's listing entry is read like a search hit: from its raw message, the snippet cut from the visible body
 * (never Gmail's snippet, which is built from hidden elements too), and everything through the guard (spotlight,
 * withheld hidden text, flags, provenance): a draft may quote other people's mail, or be what an agent wrote there.
 */
export const listDrafts = defineTool({
  name: 'list_drafts',
  toolset: 'drafts',
  title: 'List email drafts',
  description: 'List the account\'s drafts (id, to, subject, date, snippet), newest first.',
  inputSchema,
  outputSchema,
  annotations: { readOnlyHint: true, destructiveHint: false, idempotentHint: true, openWorldHint: false },
  async handler(args, ctx) {
    const list = await ctx.gmail.listDrafts({ query: args.query, maxResults: args.maxResults, pageToken: args.pageToken }, { signal: ctx.signal });
    const read = await Promise.all(
      list.drafts.map(async (d): Promise<{ draftId: string; view: SummaryView }> => {
        // drafts.get rather than messages.get: gmail.compose may read drafts but not other mail.
        const message = (await ctx.gmail.getDraft(d.id, 'raw', { signal: ctx.signal })).message;
        if (!message?.raw || !message.id) return { draftId: d.id, view: summaryView({ ...d.message, snippet: '' }) };
        try {
          return { draftId: d.id, view: listingView(await ctx.parsedMessages.parseListed(message, { signal: ctx.signal })) };
        } catch (error) {
          if (!(error instanceof UnreadableMessageError)) throw error;
          // Past the parser's limits: listed by its headers alone, without a snippet (never Gmail's).
          return { draftId: d.id, view: summaryView({ ...d.message, snippet: '' }) };
        }
      }),
    );
    const guard = ctx.untrusted.response();
    const notes: string[] = [];
    const drafts = [];
    for (const { draftId, view } of read) {
      const inspection = guard.inspect(view.id, view.untrusted, view.from);
      // As a read records it: the draft's people as its thread's correspondents; its DRAFT label keeps its text and
      // the addresses it mentions out of what "came from mail" (the account's own writing, see ResponseInspection.remember).
      await guard.remember(view.id, view.labelIds, { from: view.from, to: view.to, subject: view.subject }, view.untrusted, { threadId: view.threadId });
      notes.push(...guard.textNotes(view.id, inspection));
      drafts.push({
        draftId,
        messageId: view.id,
        threadId: view.threadId,
        to: view.to,
        subject: view.subject,
        date: view.date,
        snippet: view.snippet,
        ...inspectionFields(inspection),
      });
    }
    const lines = drafts.map((d) => `${d.draftId} | ${d.date} | to ${d.to || '(nobody yet)'} | ${d.subject} | ${d.snippet}`);
    const more = list.nextPageToken ? `More drafts: pass pageToken "${list.nextPageToken}".` : '';
    const listing = drafts.length ? [guard.notice, `${drafts.length} draft${drafts.length === 1 ? '' : 's'}:`, guard.wrap(lines.join('\n')), ...notes] : ['0 drafts.'];
    return {
      text: [...listing, more].filter(Boolean).join('\n'),
      structured: { drafts, ...(list.nextPageToken ? { nextPageToken: list.nextPageToken } : {}), untrustedContent: guard.notice },
      effect: { kind: 'listed', noun: 'draft', count: drafts.length, more: Boolean(list.nextPageToken) },
      messageIds: drafts.map((d) => d.messageId),
      glance: { count: drafts.length, ...(list.nextPageToken ? { more: true } : {}) },
      flags: guard.observerFlags(),
      flaggedContent: guard.flaggedDescription,
      withheld: guard.withheldText,
    };
  },
});
