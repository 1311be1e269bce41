import { strict as assert } from 'node:assert';
import { GMAIL_SCOPES } from '../../../src/gmail/scopes';
import { InProcessMailProcessor } from '../../../src/mail/processing/mailProcessor';
import { AccountServerLauncher } from '../../../src/mcp/server/accountServer';
import { NO_OBSERVER } from '../../../src/mcp/server/callObserver';
import type { ConfirmationDecision, ConfirmationRequest, Confirmer } from '../../../src/writes/confirmer';
import { approvalOf } from '../../../src/writes/confirmationText';
import { createFakeGoogle, type FakeGoogle } from '../../fakeGoogle/index';
import { signIn } from '../fakeGoogle/helpers';

const ME = 'demo.user@example.com';

/** A person who answers when the test says so. */
class HeldConfirmer implements Confirmer {
  private waiting: Array<(request: ConfirmationRequest) => void> = [];
  private answer?: (decision: ConfirmationDecision) => void;
  private request?: ConfirmationRequest;
  confirm(request: ConfirmationRequest): Promise<ConfirmationDecision> {
    this.request = request;
    for (const notify of this.waiting.splice(0)) notify(request);
    return new Promise((resolve) => (this.answer = resolve));
  }
  asked(): Promise<ConfirmationRequest> {
    return this.request ? Promise.resolve(this.request) : new Promise((resolve) => this.waiting.push(resolve));
  }
  approve(): void {
    assert.ok(this.request && this.answer);
    this.answer(approvalOf(this.request));
  }
}

describe('mcp: nothing is sent after the server began to stop (the shutdown grace)', function () {
  let fake: FakeGoogle;
  const scopes = [GMAIL_SCOPES.readonly, GMAIL_SCOPES.send];

  beforeEach(async () => {
    fake = await createFakeGoogle({ accounts: [{ address: ME, messages: [] }], autoConsent: true });
  });
  afterEach(async () => fake.close());

  for (const undoSendSeconds of [0, 2]) {
    it(`undoSendSeconds ${undoSendSeconds}: a send approved while running calls get their grace is declined, and Gmail never sees it`, async () => {
      const oauth = await signIn(fake, scopes);
      const confirmer = new HeldConfirmer();
      const launcher = new AccountServerLauncher({
        endpoints: fake.endpoints,
        observer: NO_OBSERVER,
        tokenSourceFor: () => ({ getAccessToken: async () => (await oauth.getAccessToken()).token as string }),
        grantedScopesFor: async () => scopes,
        toolsets: () => ['read', 'send'],
        confirmer,
        userLimitSettings: () => ({ undoSendSeconds }),
        listen: { kind: 'tcp' },
        mailProcessor: new InProcessMailProcessor(),
      });
      const endpoint = await launcher.start(ME);
      const client = await endpoint.connectInProcess();
      const call = client.callTool('send_message', { to: ['friend@example.org'], subject: 'Approved during shutdown', body: 'x' });
      await confirmer.asked();
      const closing = endpoint.close(5_000);
      confirmer.approve();
      const result = await call;
      await closing;
      await client.close();
      assert.equal(result.isError, false, result.text);
      assert.deepEqual(result.structured, { status: 'declined', reason: 'shutdown' });
      assert.equal(fake.sentMessages(ME).length, 0);
      assert.equal(fake.requestLog.filter((e) => e.path.endsWith('/messages/send')).length, 0);
    });
  }
});
