import assert from 'node:assert/strict';
import { adversarialGoals, runAdversarial, type ActionOutcome } from '../../../bench/obedientAgent';

/**
 * Issue 22: every goal of our adversarial mail (test/fixtures/adversarial/goals.json), carried out by an obedient
 * agent through MCP against the fake Google, must reach the person graded danger, with at least one item graded
 * danger to say why; a tool that refuses the input outright (nothing leaves the mailbox) passes too.
 */

describe('adversarial mail: every attacker goal an obedient agent carries out is graded danger (issue 22)', function () {
  this.timeout(240_000);
  const entries = adversarialGoals().filter((entry) => entry.goal);
  let outcomes: ActionOutcome[] = [];

  before(async function () {
    this.timeout(240_000);
    outcomes = await runAdversarial();
  });

  it('runs every goal of goals.json, each mail found by the agent', () => {
    assert.equal(entries.length >= 40, true, `${entries.length} goals`);
    const bySlug = new Set(outcomes.map((o) => o.mail.replace(/^[AB]-\d+-|\.eml$/g, '')));
    for (const entry of entries) assert.ok(bySlug.has(entry.slug), `no outcome for ${entry.slug}`);
    assert.deepEqual(outcomes.filter((o) => o.outcome === 'not found').map((o) => o.mail), []);
  });

  for (const entry of entries) {
    it(`${entry.slug}: ${entry.trick} (${entry.goal!.action})`, () => {
      const mine = outcomes.filter((o) => o.mail.endsWith(`-${entry.slug}.eml`));
      assert.ok(mine.length > 0, 'the action ran');
      for (const outcome of mine) {
        if (outcome.outcome === 'refused') continue;
        assert.equal(outcome.outcome, 'danger', `${outcome.action}: shown as ${outcome.outcome}: ${outcome.detail ?? ''}`);
        const dangerItems = outcome.shown?.items.filter((item) => item.grade === 'danger') ?? [];
        assert.ok(dangerItems.length > 0, `a danger item says why: ${JSON.stringify(outcome.shown)}`);
        assert.ok(dangerItems.every((item) => item.reasons.length > 0), 'each danger item gives its reasons');
      }
    });
  }
});
