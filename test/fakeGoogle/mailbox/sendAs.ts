import type { gmail_v1 } from '@googleapis/gmail';

/**
 * The account's send-as identities as users.settings.sendAs.list returns them: the primary address (Gmail gives
 * it no verificationStatus) plus, by default, one verified alias with an HTML signature and one alias whose
 * verification is still pending (Gmail lists it, but it cannot be sent from).
 */
export function defaultSendAs(address: string): gmail_v1.Schema$SendAs[] {
  const domain = address.slice(address.lastIndexOf('@') + 1);
  return [
    { sendAsEmail: address, displayName: '', replyToAddress: '', signature: '', isPrimary: true, isDefault: true },
    {
      sendAsEmail: `team@${domain}`,
      displayName: 'Team Desk',
      replyToAddress: '',
      signature: '<div dir="ltr">Team Desk<br><a href="https://team.example/help">help</a><img src="https://tracker.example/p.gif"></div>',
      isPrimary: false,
      isDefault: false,
      treatAsAlias: true,
      verificationStatus: 'accepted',
    },
    {
      sendAsEmail: `old.address@${domain}`,
      displayName: 'Old Address',
      replyToAddress: '',
      signature: '',
      isPrimary: false,
      isDefault: false,
      treatAsAlias: true,
      verificationStatus: 'pending',
    },
  ];
}
