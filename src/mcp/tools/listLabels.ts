import * as z from 'zod';
import { stripInvisible } from '../../mail/textHygiene';
import { oneLine } from '../../text/oneLine';
import { defineTool } from '../server/toolDefinition';
import { strictInput } from './shared/schemas';

const outputSchema = z.object({
  labels: z.array(
    z.object({
      id: z.string(),
      name: z.string(),
      type: z.enum(['system', 'user']),
    }),
  ),
});

export const listLabels = defineTool({
  name: 'list_labels',
  toolset: 'read',
  title: 'List Gmail labels',
  description: 'List the mailbox labels (system and the user\'s own) with their ids.',
  inputSchema: strictInput({}),
  outputSchema,
  annotations: { readOnlyHint: true, openWorldHint: false, idempotentHint: true, destructiveHint: false },
  async handler(_args, ctx) {
    const labels = (await ctx.gmail.listLabels({ signal: ctx.signal }))
      .filter((l): l is typeof l & { id: string } => typeof l.id === 'string')
      .map((l) => ({ id: l.id, name: oneLine(stripInvisible(l.name ?? l.id)), type: l.type === 'system' ? ('system' as const) : ('user' as const) }))
      .sort((a, b) => (a.type === b.type ? a.name.localeCompare(b.name) : a.type === 'system' ? -1 : 1));
    const lines = labels.map((l) => (l.name === l.id ? `${l.id} (${l.type})` : `${l.id}: ${l.name} (${l.type})`));
    return {
      text: labels.length ? [`${labels.length} labels (id: name):`, ...lines].join('\n') : 'No labels.',
      structured: { labels },
      effect: { kind: 'listed', noun: 'label', count: labels.length },
      glance: { count: labels.length },
    };
  },
});
