import assert from 'node:assert/strict';
import { basename } from 'node:path';
import { CORPUS_DIRS, evaluateCorpus, type MessageVerdict } from './corpusEvaluation';

/**
 * Detection rate on hostile mail and false-positive rate on ordinary mail, over the whole corpus
 * (bench/guardCorpus.ts prints the same figures with every miss). Floors, not exact numbers, so a rule can
 * be tightened without rewriting the test; the corpus sizes are asserted so the rates mean something.
 */
describe('guard corpus: detection and false positives', function () {
  this.timeout(60_000);
  let hostile: MessageVerdict[];
  let ordinary: MessageVerdict[];

  before(async () => {
    hostile = await evaluateCorpus(CORPUS_DIRS.hostile);
    ordinary = await evaluateCorpus(CORPUS_DIRS.ordinary);
  });

  it('has at least 40 hostile and 100 ordinary messages', () => {
    assert.ok(hostile.length >= 40, `${hostile.length} hostile`);
    assert.ok(ordinary.length >= 100, `${ordinary.length} ordinary`);
  });

  it('flags at least 90% of hostile messages', () => {
    const missed = hostile.filter((v) => v.findings.length === 0).map((v) => basename(v.file));
    const rate = 1 - missed.length / hostile.length;
    assert.ok(rate >= 0.9, `detection ${(rate * 100).toFixed(1)}%, missed: ${missed.join(', ')}`);
  });

  // The learned detector's threshold is calibrated on real ordinary mail (≤ 1 % flagged there); these fixtures
  // were written to be hard and it flags more of them than the hand-tuned rules did (bench/RESULTS.md, D1).
  it('flags at most 5% of ordinary messages', () => {
    const flagged = ordinary.filter((v) => v.findings.length > 0);
    const rate = flagged.length / ordinary.length;
    const detail = flagged.map((v) => `${basename(v.file)}: ${v.findings.map((f) => `${f.reason} "${f.excerpt}"`).join('; ')}`);
    assert.ok(rate <= 0.05, `false positives ${(rate * 100).toFixed(1)}%:\n${detail.join('\n')}`);
  });

  it('reports payloads hidden from the reader as hidden findings', () => {
    const hiddenTechniques = [
      'hidden-div-forward-financials', 'white-on-white-delete', 'near-white-text-exfil', 'zero-font-override',
      'tiny-font-tool-name', 'opacity-zero', 'visibility-hidden', 'class-hidden-style-block', 'offscreen-position',
      'zero-height-overflow', 'same-colour-dark-bg', 'hidden-preheader-with-address', 'tag-character-smuggling',
      'pdf-like-attachment-note',
    ];
    for (const technique of hiddenTechniques) {
      const verdict = hostile.find((v) => basename(v.file).endsWith(`-${technique}.eml`));
      assert.ok(verdict, `no corpus message for ${technique}`);
      assert.ok(verdict.findings.some((f) => f.hidden && f.reason === 'hidden-instructions'), `${technique}: ${JSON.stringify(verdict.findings)}`);
    }
  });
});
