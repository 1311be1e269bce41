/**
 * What kind of failure a person (and the agent) is told about, which decides how the call is recorded:
 * - refusal: the gate or the user's limits turned the call down;
 * - input: the call's own arguments (ids, cursor, addresses, proposal) cannot be used; the agent can fix them;
 * - gmail: Gmail or the Google sign-in failed;
 * - content: a message cannot be read as asked.
 */
export type UserFacingCategory = 'refusal' | 'input' | 'gmail' | 'content';

const USER_FACING = Symbol.for('gmailTools.userFacingError');

/**
 * A failure whose message is written for the person and the agent (what happened, what to do): the tool runtime
 * passes it on as it is (redacted), where any other error is labelled as the tool's failure. Every room's own
 * errors of this sort extend it, so the runtime maps them by category in one place without knowing their classes.
 * Two errors stay outside on purpose: ToolRegistrationError is a programmer's mistake caught when the server is
 * built, never shown to anyone; ProtocolError is a JSON-RPC error of a resource or prompt request, which the SDK
 * answers with its own code and the tool runtime never sees.
 */
export abstract class UserFacingError extends Error {
  abstract readonly category: UserFacingCategory;
  readonly [USER_FACING] = true;
}

/**
 * True for a UserFacingError made in either bundle: the extension's and the server's (dist/server.js) each have
 * their own copy of the class, so instanceof would miss one made across the line; the registered symbol does not.
 */
export function isUserFacingError(error: unknown): error is UserFacingError {
  return typeof error === 'object' && error !== null && (error as { [USER_FACING]?: unknown })[USER_FACING] === true;
}
