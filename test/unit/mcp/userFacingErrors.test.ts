import { strict as assert } from 'node:assert';
import * as z from 'zod';
import { AuthorizationCancelledError } from '../../../src/auth/loopbackFlow';
import { MissingOAuthClientError, OAuthError } from '../../../src/auth/oauthClient';
import { isUserFacingError, type UserFacingCategory } from '../../../src/errors/userFacingError';
import { toGmailError } from '../../../src/gmail/errors';
import { ArchiveBoundsError } from '../../../src/mail/attachments/archiveBounds';
import { AttachmentExtractionError } from '../../../src/mail/attachments/extractedText';
import { SavedAttachmentError } from '../../../src/mail/attachments/savedAttachment';
import { MarkdownBodyError } from '../../../src/mail/markdownBody';
import { defineTool } from '../../../src/mcp/server/toolDefinition';
import { strictInput } from '../../../src/mcp/tools/shared/schemas';
import { OutgoingDocumentError } from '../../../src/writes/outgoingDocument';
import { toolTextForPeople } from '../../../src/ui/shared/toolTextForPeople';
import { plainText } from '../../../src/ui/shared/untrustedText';
import { startHarness, textOf } from './harness';

/** Each error a person reads (a tool result, the tree's row, a notification), made as its room makes it. */
const USER_FACING: ReadonlyArray<{ readonly error: Error; readonly category: UserFacingCategory }> = [
  { error: new OAuthError('Could not refresh the Google access token: Google could not be reached (ENOTFOUND). Check your connection.', 'ENOTFOUND'), category: 'gmail' },
  { error: new MissingOAuthClientError(), category: 'gmail' },
  { error: new AuthorizationCancelledError('Sign-in timed out after 5 minutes without an answer from the browser.'), category: 'gmail' },
  { error: new OutgoingDocumentError('Line 3: "Cc" appears twice.'), category: 'input' },
  { error: new MarkdownBodyError('a markdown body cannot carry images'), category: 'input' },
  { error: new SavedAttachmentError('Message m1 no longer has attachment 2; open the message again to see its attachments.'), category: 'content' },
  { error: new AttachmentExtractionError('encrypted', 'The PDF is encrypted with a password; its text cannot be read.'), category: 'content' },
  { error: new ArchiveBoundsError('The Word file was not read: it unpacks to more than 64 MB.', 0), category: 'content' },
];

/** A read tool that fails with the error its argument names. */
const failing = defineTool({
  name: 'fails_for_people',
  toolset: 'read',
  title: 'Fails',
  description: 'test only',
  inputSchema: strictInput({ which: z.number().int() }),
  outputSchema: z.object({}),
  annotations: { readOnlyHint: true, destructiveHint: false, openWorldHint: false, idempotentHint: true },
  async handler({ which }) {
    throw USER_FACING[which].error;
  },
});

describe('user-facing errors: one base, mapped by category in the tool runtime', () => {
  it('every error written for people is a UserFacingError of its category', () => {
    for (const { error, category } of USER_FACING) {
      assert.ok(isUserFacingError(error), error.name);
      assert.equal(error.category, category, error.name);
    }
  });

  it('the agent and the tree get each message as it is (no "<tool> failed:" label); input errors are recorded as denied', async () => {
    const h = await startHarness({ tools: [failing] });
    try {
      for (const [which, { error, category }] of USER_FACING.entries()) {
        const result = await h.call('fails_for_people', { which });
        assert.equal(result.isError, true, error.name);
        assert.equal(textOf(result), error.message, error.name);
        const finished = h.finished.at(-1);
        assert.equal(finished?.error, error.message, error.name);
        assert.equal(finished?.decision, category === 'input' || category === 'refusal' ? 'denied' : 'allowed', error.name);
        // The tree's result row, as ResultNode words it.
        assert.equal(`error: ${plainText(toolTextForPeople(finished?.error ?? ''), { max: 120 })}`, `error: ${plainText(error.message, { max: 120 })}`);
      }
    } finally {
      await h.close();
    }
  });

  it('a Gmail call passes the token source\'s own failures through (a refresh that failed, no OAuth client)', () => {
    for (const error of [new OAuthError('Could not refresh the Google access token.'), new MissingOAuthClientError()]) {
      assert.equal(toGmailError(error, { method: 'messages.get' }), error);
    }
  });
});
