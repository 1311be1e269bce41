import { escapeHtml, page } from '../http/html';
import { describeScope, isSignInScope } from './scopeCatalog';

export interface ConsentView {
  requestId: string;
  appName: string;
  accounts: string[];
  selectedAccount: string;
  requestedScopes: string[];
  alreadyGranted: string[];
  /** Scopes whose checkbox starts ticked. */
  preTicked: Set<string>;
}

/**
 * Google's consent screen: one checkbox per sensitive scope (granular consent), Allow (#approve) and Cancel (#deny).
 * Google's granular permissions guide (developers.google.com/identity/protocols/oauth2/resources/granular-permissions)
 * describes the per-scope choice for requests where "more than one non-Sign-In scope is requested"; with one such
 * scope there are no checkboxes, and the person allows it or cancels.
 */
export function renderConsentPage(view: ConsentView): string {
  const granular = view.requestedScopes.filter((s) => !isSignInScope(s)).length > 1;
  const accountOptions = view.accounts
    .map((a) => `<option value="${escapeHtml(a)}"${a === view.selectedAccount ? ' selected' : ''}>${escapeHtml(a)}</option>`)
    .join('');
  const scopeItems = view.requestedScopes
    .map((scope, i) => {
      const label = `${escapeHtml(describeScope(scope))} <small>(${escapeHtml(scope)})</small>`;
      if (isSignInScope(scope) || !granular) return `<li>${label} <input type="hidden" name="scope" value="${escapeHtml(scope)}"></li>`;
      const checked = view.preTicked.has(scope) ? ' checked' : '';
      return `<li><label><input type="checkbox" id="scope-${i}" name="scope" value="${escapeHtml(scope)}"${checked}> ${label}</label></li>`;
    })
    .join('');
  const granted = view.alreadyGranted.length
    ? `<p>${escapeHtml(view.appName)} already has some access:</p><ul>${view.alreadyGranted.map((s) => `<li>${escapeHtml(describeScope(s))}</li>`).join('')}</ul>`
    : '';
  return page(
    `Sign in - Google Accounts`,
    `<h1>${escapeHtml(view.appName)} wants access to your Google Account</h1>
<form method="POST" action="auth/approval">
<input type="hidden" name="request_id" value="${escapeHtml(view.requestId)}">
<p class="account"><label>Account <select name="account" id="account">${accountOptions}</select></label></p>
<p>Select what ${escapeHtml(view.appName)} can access</p>
<ul id="scopes">${scopeItems}</ul>
${granted}
<div class="buttons"><button type="submit" id="deny" name="decision" value="deny">Cancel</button>
<button type="submit" id="approve" name="decision" value="allow">Continue</button></div>
</form>`,
  );
}

export function renderAuthErrorPage(status: number, error: string, description: string): string {
  return page(
    `Error ${status}: ${error}`,
    `<h1>Access blocked: authorization error</h1><p class="error" id="error">Error ${status}: ${escapeHtml(error)}</p><p id="error-description">${escapeHtml(description)}</p>`,
  );
}
