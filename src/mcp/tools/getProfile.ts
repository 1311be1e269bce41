import type { gmail_v1 } from '@googleapis/gmail';
import * as z from 'zod';
import { GmailApiError } from '../../gmail/errors';
import { stripInvisible } from '../../mail/textHygiene';
import { oneLine } from '../../text/oneLine';
import { defineTool } from '../server/toolDefinition';
import { strictInput } from './shared/schemas';

const sendAsSchema = z.object({
  email: z.string(),
  displayName: z.string().optional().describe('The name shown with this address, when one is set.'),
  isPrimary: z.boolean().describe("The account's own address."),
  isDefault: z.boolean().describe('The address Gmail sends from unless told otherwise.'),
  hasSignature: z.boolean().describe('A signature is set for this address (its text is not shown here).'),
});

const outputSchema = z.object({
  emailAddress: z.string(),
  messagesTotal: z.number().int(),
  threadsTotal: z.number().int(),
  historyId: z.string(),
  sendAs: z
    .array(sendAsSchema)
    .optional()
    .describe('The addresses this account may send from: its own and its verified aliases. Absent when Gmail did not list them.'),
  sendAsUnavailable: z.string().optional().describe('Why the send-as addresses are missing, when they are.'),
});

type SendAsEntry = z.output<typeof sendAsSchema>;

/** Names and addresses are the user's own settings, still cut to one line: they end up in our text. */
const MAX_NAME_CHARS = 200;

export const getProfile = defineTool({
  name: 'get_profile',
  toolset: 'read',
  title: 'Gmail account profile',
  description: 'The signed-in address, the mailbox size and the addresses the account may send from.',
  inputSchema: strictInput({}),
  outputSchema,
  annotations: { readOnlyHint: true, openWorldHint: false, idempotentHint: true, destructiveHint: false },
  async handler(_args, ctx) {
    // One after the other: a refused grant then fails the profile read alone, once, with its own clear message.
    const p = await ctx.gmail.getProfile({ signal: ctx.signal });
    const sendAs = await ctx.gmail.listSendAs({ signal: ctx.signal }).then(
        (list) => ({ list: verifiedIdentities(list) }),
        (error: unknown) => {
          // The profile is still worth having: a grant of gmail.compose alone reads the profile but not the settings.
          if (!(error instanceof GmailApiError) || ctx.signal.aborted) throw error;
          return { unavailable: error.message };
        },
      );
    const structured = {
      emailAddress: p.emailAddress ?? ctx.account,
      messagesTotal: p.messagesTotal ?? 0,
      threadsTotal: p.threadsTotal ?? 0,
      historyId: p.historyId ?? '',
      ...('list' in sendAs ? { sendAs: sendAs.list } : { sendAsUnavailable: sendAs.unavailable }),
    };
    const identities =
      'list' in sendAs
        ? `Sends as: ${sendAs.list.map(describe).join('; ') || '(none listed)'}.`
        : `Send-as addresses unavailable: ${sendAs.unavailable}`;
    return {
      text: `Account ${structured.emailAddress}: ${structured.messagesTotal} messages in ${structured.threadsTotal} threads.\n${identities}`,
      structured,
      effect: { kind: 'profileRead', address: structured.emailAddress, ...('list' in sendAs ? { sendAs: sendAs.list.length } : {}) },
    };
  },
});

/**
 * The identities mail can go out from: the primary address (Gmail gives it no verification status) and aliases
 * whose verification was accepted. Pending aliases are left out: Gmail refuses to send from them. The signature
 * is the user's HTML and may carry remote images and links; the agent learns only whether there is one.
 */
function verifiedIdentities(list: readonly gmail_v1.Schema$SendAs[]): SendAsEntry[] {
  return list
    .filter((s) => typeof s.sendAsEmail === 'string' && s.sendAsEmail !== '' && (s.isPrimary === true || s.verificationStatus === 'accepted'))
    .map((s) => {
      const displayName = oneLine(stripInvisible(s.displayName ?? ''), MAX_NAME_CHARS);
      return {
        email: oneLine(stripInvisible(s.sendAsEmail as string), MAX_NAME_CHARS),
        ...(displayName ? { displayName } : {}),
        isPrimary: s.isPrimary === true,
        isDefault: s.isDefault === true,
        hasSignature: (s.signature ?? '').trim() !== '',
      };
    });
}

function describe(s: SendAsEntry): string {
  const marks = [s.isPrimary && 'primary', s.isDefault && 'default', s.hasSignature && 'has a signature'].filter(Boolean).join(', ');
  return `${s.displayName ? `${s.displayName} <${s.email}>` : s.email}${marks ? ` (${marks})` : ''}`;
}
