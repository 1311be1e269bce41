/** Command ids, as contributed in package.json. */
export const SIGN_IN_COMMAND = 'gmailTools.signIn';
export const SIGN_OUT_COMMAND = 'gmailTools.signOut';
export const ADD_ACCOUNT_COMMAND = 'gmailTools.addAccount';
export const IMPORT_OAUTH_CLIENT_COMMAND = 'gmailTools.importOAuthClient';
export const SHOW_CALL_COMMAND = 'gmailTools.showCall';
export const SHOW_WITHHELD_TEXT_COMMAND = 'gmailTools.showWithheldText';
export const CLEAR_CALLS_COMMAND = 'gmailTools.clearCalls';
export const SHOW_ACCOUNTS_COMMAND = 'gmailTools.showAccounts';
export const ENABLE_TOOLSET_COMMAND = 'gmailTools.enableToolset';
export const DISABLE_TOOLSET_COMMAND = 'gmailTools.disableToolset';
export const APPROVE_CONFIRMATION_COMMAND = 'gmailTools.confirm.approve';
export const REJECT_CONFIRMATION_COMMAND = 'gmailTools.confirm.reject';
export const UNDO_CALL_COMMAND = 'gmailTools.undoCall';
export const SEARCH_MAIL_COMMAND = 'gmailTools.searchMail';
export const COMPOSE_COMMAND = 'gmailTools.compose';
