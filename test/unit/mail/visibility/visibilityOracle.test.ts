import assert from 'node:assert/strict';
import path from 'node:path';
import { compareFolders } from '../../../oracle/ordinaryLoss';
import { renderedTextForSuite } from '../../../oracle/renderedText';

/**
 * The product's visible text against a real renderer, on every HTML mail of every corpus: the words the model
 * reads (src/mail/visibility/sanitize.ts) and the words a person sees in Chromium (renderedText.ts) must agree. Two ways
 * to disagree, each with a tolerance for what text conversion changes (table layout, link brackets, alt text):
 * leaked (the model reads words the person cannot see: a hiding technique the product misses) and lost (the
 * person sees words the model does not get: ordinary mail losing content). Every disagreement is listed.
 */

const ROOT = path.resolve(__dirname, '../../../..');
const CORPORA = [
  path.join(ROOT, 'test/fixtures/mail'),
  path.join(ROOT, 'test/fixtures/ordinary/eml'),
  path.join(ROOT, 'test/fixtures/hostile/eml'),
  process.env.INJECTION_PUBLIC_DEV ?? path.resolve(ROOT, '../shared/corpora/injection-public/dev'),
];
/** Leaked words allowed per mail, and lost ones: at most this many or this share of the mail's words. */
const LEAK_TOLERANCE = { words: 2, share: 0.02 };
const LOSS_TOLERANCE = { words: 3, share: 0.05 };

function within(count: number, total: number, tolerance: { words: number; share: number }): boolean {
  return count <= Math.max(tolerance.words, Math.ceil(total * tolerance.share));
}

describe('visibility oracle: the model reads what Chromium shows a person', function () {
  // About 25 s for the corpora on this machine (Chromium renders each mail); the suite's 20 s default is per test.
  this.timeout(180_000);
  const renderer = renderedTextForSuite();

  it('itself tells hidden text from shown text (the oracle can disagree)', async () => {
    const shown = await renderer().visibleText(
      '<p>SHOWNPLAIN</p><div style="font-size:0"><span style="font-size:14px">SHOWNRESET</span></div>' +
        '<div style="position:absolute;left:-9999px">HIDDENOFF</div><div style="color:#fff">HIDDENWHITE</div><div style="font-size:0">HIDDENZERO</div>' +
        '<div style="opacity:0">HIDDENOPACITY</div><div style="height:0;overflow:hidden">HIDDENHEIGHT</div><div style="clip-path:inset(50%)">HIDDENCLIPPATH</div>' +
        '<span style="display:inline-block;transform:scale(0)">HIDDENSCALE</span><div style="-webkit-text-fill-color:transparent">HIDDENFILL</div>',
    );
    assert.deepEqual(shown.split('\n'), ['SHOWNPLAIN', 'SHOWNRESET']);
  });

  it('agrees on every HTML mail of every corpus, and lists each disagreement', async () => {
    const disagreements: string[] = [];
    let compared = 0;
    const totals = { product: 0, person: 0, leaked: 0, lost: 0 };
    for (const corpus of CORPORA) {
      for (const { file, productWords, personWords, leaked, lost } of await compareFolders(renderer(), [corpus])) {
        compared += 1;
        totals.product += productWords;
        totals.person += personWords;
        totals.leaked += leaked.length;
        totals.lost += lost.length;
        const name = path.relative(path.resolve(ROOT, '..'), file);
        if (!within(leaked.length, productWords, LEAK_TOLERANCE)) disagreements.push(`${name}: the model reads ${leaked.length} words a person does not see: ${leaked.slice(0, 12).join(' ')}`);
        if (!within(lost.length, personWords, LOSS_TOLERANCE)) disagreements.push(`${name}: a person sees ${lost.length} words the model does not get: ${lost.slice(0, 12).join(' ')}`);
      }
    }
    console.log(
      `  compared ${compared} HTML mails; ${disagreements.length} disagreements; distinct words per mail summed: model ${totals.product}, ` +
        `person ${totals.person}, leaked ${totals.leaked}, lost ${totals.lost}`,
    );
    for (const d of disagreements) console.log(`    ${d}`);
    assert.ok(compared > 0, 'no HTML mail found in the corpora');
    assert.deepEqual(disagreements, []);
  });
});
