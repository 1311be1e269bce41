import type { gmail_v1 } from '@googleapis/gmail';
import { bareAddress, formatAddress } from '../guard/addresses';
import { stripInvisible } from '../mail/textHygiene';
import { ProposalError } from './errors';
import type { MailSource } from './mailSource';

/** Who a message goes out as: the From header, and the signature its body ends with (empty for none). */
export interface SenderIdentity {
  readonly from: string;
  readonly signature: string;
}

/**
 * The identity for `from`: the account itself, or one of its verified send-as aliases (users.settings.sendAs.list;
 * Gmail refuses to send from a pending one). Anything else is refused, naming the allowed addresses. The alias's
 * signature is HTML from the account's settings: it goes through the mail pipeline's sanitiser, in the mail worker
 * (hidden text withheld, links and images as text), like mail content.
 */
export async function senderIdentity(ctx: MailSource, from: string | undefined, appendSignature: boolean): Promise<SenderIdentity> {
  if (from === undefined || bareAddress(from) === ctx.account.toLowerCase()) return { from: ctx.account, signature: '' };
  let list: gmail_v1.Schema$SendAs[];
  try {
    list = await ctx.gmail.listSendAs({ signal: ctx.signal });
  } catch (error) {
    throw new ProposalError(`"from" needs the account's send-as addresses, and Gmail did not list them (${error instanceof Error ? error.message : String(error)}). Leave "from" out to send as ${ctx.account}.`);
  }
  const verified = list.filter((s) => typeof s.sendAsEmail === 'string' && s.sendAsEmail !== '' && (s.isPrimary === true || s.verificationStatus === 'accepted'));
  const alias = verified.find((s) => (s.sendAsEmail as string).toLowerCase() === bareAddress(from));
  if (!alias) {
    const allowed = [...new Set([ctx.account, ...verified.map((s) => s.sendAsEmail as string)])].join(', ');
    throw new ProposalError(`"from" must be one of the account's verified send-as addresses: ${allowed}. Nothing was sent or saved.`);
  }
  const name = (alias.displayName ?? '').replace(/[\r\n]+/g, ' ').trim();
  return {
    from: formatAddress({ name, address: alias.sendAsEmail as string }),
    signature: appendSignature && alias.signature ? signatureText(await ctx.mailProcessor.htmlText(alias.signature, { signal: ctx.signal })) : '',
  };
}

/** The body with the signature after the conventional "-- " line; unchanged without one or when it ends so already. */
export function withSignature(body: string, signature: string): string {
  if (!signature) return body;
  const block = `-- \n${signature}`;
  if (body.trimEnd().endsWith(block)) return body;
  return `${body.replace(/\s+$/, '')}\n\n${block}`;
}

function signatureText(visibleText: string): string {
  return stripInvisible(visibleText)
    .split('\n')
    .map((line) => line.trimEnd())
    .join('\n')
    .replace(/\n{3,}/g, '\n\n')
    .trim();
}
