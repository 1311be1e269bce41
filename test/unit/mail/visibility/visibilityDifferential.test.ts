import assert from 'node:assert/strict';
import { describeDisagreement, familyTable, runDifferential } from '../../../oracle/differential';
import { FAMILIES } from '../../../oracle/hidingGenerator';
import { renderedTextForSuite } from '../../../oracle/renderedText';

/**
 * Differential testing of the visibility model against a real renderer: random combinations of hiding constructs
 * (test/oracle/hidingGenerator.ts), each with a unique marker, go through the read path and through Chromium. A
 * marker the model reads that Chromium hides fails the test. Text the model withholds that Chromium shows (the
 * price of failing closed) is printed per family, not failed. A fixed seed, so a failure replays exactly; the
 * bench (bench/visibilityDifferential.ts) runs many more cases on other seeds.
 */

const SEED = 20261207;
const CASES = 240;

describe('visibility differential: the model never reads what Chromium hides (generated cases)', function () {
  // About 5 s on this machine (Chromium renders each case); the suite's 20 s default is per test.
  this.timeout(180_000);
  const renderer = renderedTextForSuite();

  it(`seed ${SEED}, ${CASES} cases: no marker Chromium hides reaches the model`, async () => {
    const result = await runDifferential(renderer(), SEED, CASES);
    for (const line of familyTable(result)) console.log(`    ${line}`);
    const leaks = result.disagreements.filter((d) => d.kind === 'leak');
    const lost = result.disagreements.filter((d) => d.kind === 'lost');
    console.log(`    ${leaks.length} leaks, ${lost.length} words lost (Chromium shows, the model does not get)`);
    // The check means something only if Chromium hid markers in every family and showed some too.
    const hidden = FAMILIES.map((f) => result.perFamily[f].hiddenByChromium);
    assert.ok(hidden.every((n) => n > 0), `a family where Chromium hid nothing: ${hidden.join(', ')}`);
    assert.ok(hidden.reduce((a, b) => a + b, 0) < CASES, 'Chromium hid every marker: the oracle is not telling shown from hidden');
    assert.deepEqual(leaks.map(describeDisagreement), []);
  });
});
