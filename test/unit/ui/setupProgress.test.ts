import * as assert from 'node:assert/strict';
import { OAUTH_CLIENT_IMPORTED_CONTEXT, SIGNED_IN_CONTEXT, TOOLSET_ENABLED_CONTEXT, TOOL_CALL_SEEN_CONTEXT, setupProgress } from '../../../src/ui/account/setupProgress';

const fresh = { hasClient: false, hasSession: false, enabledToolsets: ['read'], agentCalls: 0 };

describe('the walkthrough ticks what the person did, from what is stored', () => {
  it('ticks nothing for a fresh install', () => {
    assert.deepEqual(Object.values(setupProgress(fresh)), [false, false, false, false]);
  });

  it('ticks the client and sign-in from the stores alone: no server has to run', () => {
    const progress = setupProgress({ ...fresh, hasClient: true, hasSession: true });
    assert.equal(progress[OAUTH_CLIENT_IMPORTED_CONTEXT], true);
    assert.equal(progress[SIGNED_IN_CONTEXT], true);
    assert.equal(progress[TOOLSET_ENABLED_CONTEXT], false);
    assert.equal(progress[TOOL_CALL_SEEN_CONTEXT], false);
  });

  it('counts a toolset beyond read as enabled, and read alone (always on) as not', () => {
    assert.equal(setupProgress({ ...fresh, enabledToolsets: ['read'] })[TOOLSET_ENABLED_CONTEXT], false);
    assert.equal(setupProgress({ ...fresh, enabledToolsets: ['read', 'drafts'] })[TOOLSET_ENABLED_CONTEXT], true);
  });

  it('ticks agent mode once a call the agent made shows in the calls view', () => {
    assert.equal(setupProgress({ ...fresh, agentCalls: 1 })[TOOL_CALL_SEEN_CONTEXT], true);
  });
});
