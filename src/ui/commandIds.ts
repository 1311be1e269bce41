/** Command ids, as contributed in package.json. */
export const SIGN_IN_COMMAND = 'gmailTools.signIn';
export const SIGN_OUT_COMMAND = 'gmailTools.signOut';
export const IMPORT_OAUTH_CLIENT_COMMAND = 'gmailTools.importOAuthClient';
export const SHOW_CALL_COMMAND = 'gmailTools.showCall';
export const CLEAR_CALLS_COMMAND = 'gmailTools.clearCalls';
export const SHOW_ACCOUNTS_COMMAND = 'gmailTools.showAccounts';
