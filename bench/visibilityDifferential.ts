/**
 * V1: the visibility model against Chromium. (1) Generated hiding cases (test/oracle/hidingGenerator.ts) on several
 * seeds, many more than the fixed seed `npm test` runs: markers the model reads that Chromium hides (leaks, target
 * 0) and words Chromium shows that the model withholds (lost: the price of failing closed), per family. (2) The
 * ordinary (benign) HTML mail of the dev corpora, the ordinary fixtures and the demo mailbox: words a person sees in
 * Chromium that the model does not get. Needs Chromium (Debian's, or HARNESS_CHROMIUM); without it the figures are
 * not measured. Run alone: npx tsx bench/visibilityDifferential.ts [--seeds 1,2,3] [--cases 1000]
 */
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describeDisagreement, familyTable, runDifferential } from '../test/oracle/differential';
import { FAMILIES } from '../test/oracle/hidingGenerator';
import { compareFolders } from '../test/oracle/ordinaryLoss';
import { chromiumAvailable, CHROMIUM, RenderedText } from '../test/oracle/renderedText';
import { figure, runStandalone, type Figure } from './report';

const ROOT = resolve(__dirname, '..');

function option(name: string, fallback: string): string {
  const at = process.argv.indexOf(name);
  return at > 0 ? process.argv[at + 1] : fallback;
}

/** The benign part of a shared dev corpus: ../shared beside a checkout, or two levels up for a worktree under wt/. */
function sharedBenign(name: string): string | undefined {
  return [resolve(ROOT, '..', 'shared', 'corpora', name, 'dev', 'benign'), resolve(ROOT, '..', '..', 'shared', 'corpora', name, 'dev', 'benign')].find(existsSync);
}

export async function runVisibilityDifferential(): Promise<{ figures: Figure[]; details: string[] }> {
  const figures: Figure[] = [];
  const details: string[] = [];
  if (!chromiumAvailable()) {
    figures.push(figure('V1', 'visibility against Chromium', 'not measured', '0 leaks', undefined, `not measured: no Chromium at ${CHROMIUM}`));
    return { figures, details };
  }
  const seeds = option('--seeds', '1,2,3').split(',').map(Number);
  const cases = Number(option('--cases', '1000'));
  const renderer = await RenderedText.launch();
  try {
    let leaks = 0;
    let lost = 0;
    const perFamily = new Map(FAMILIES.map((f) => [f, { leaks: 0, lost: 0, cases: 0 }]));
    for (const seed of seeds) {
      const result = await runDifferential(renderer, seed, cases);
      details.push(`V1: seed ${seed}, ${cases} cases`);
      for (const line of familyTable(result)) details.push(`V1:   ${line}`);
      for (const d of result.disagreements.filter((x) => x.kind === 'leak').slice(0, 20)) details.push(`V1:   LEAK ${describeDisagreement(d)}`);
      for (const f of FAMILIES) {
        const row = perFamily.get(f)!;
        row.leaks += result.perFamily[f].leaks;
        row.lost += result.perFamily[f].lost;
        row.cases += result.perFamily[f].cases;
      }
      leaks += result.disagreements.filter((d) => d.kind === 'leak').length;
      lost += result.disagreements.filter((d) => d.kind === 'lost').length;
    }
    const total = seeds.length * cases;
    figures.push(figure('V1', `generated hiding cases the model reads and Chromium hides (seeds ${seeds.join(',')}, ${total} cases)`, String(leaks), '0', leaks === 0));
    figures.push(figure('V1', 'generated cases: words Chromium shows that the model withholds (failing closed)', String(lost), 'info', undefined,
      [...perFamily].filter(([, r]) => r.lost > 0).map(([f, r]) => `${f} ${r.lost}`).join(', ')));

    const folders = [sharedBenign('injection-public2'), sharedBenign('injection-public'), join(ROOT, 'test/fixtures/ordinary/eml'), join(ROOT, 'test/fixtures/mail')]
      .filter((f): f is string => f !== undefined);
    let personWords = 0;
    let lostWords = 0;
    let mails = 0;
    for (const folder of folders) {
      const comparisons = await compareFolders(renderer, [folder]);
      const folderLost = comparisons.reduce((n, c) => n + c.lost.length, 0);
      const folderWords = comparisons.reduce((n, c) => n + c.personWords, 0);
      details.push(`V1: ordinary ${folder.replace(`${resolve(ROOT, '..')}/`, '')}: ${comparisons.length} HTML mails, ${folderWords} words a person sees, ${folderLost} not given to the model (${comparisons.filter((c) => c.lost.length > 0).length} mails)`);
      personWords += folderWords;
      lostWords += folderLost;
      mails += comparisons.length;
    }
    const share = personWords === 0 ? 0 : lostWords / personWords;
    figures.push(figure('V1', `ordinary HTML mail: words a person sees that the model does not get (${mails} mails, ${personWords} words)`,
      `${lostWords} (${(share * 100).toFixed(2)} %)`, '≤ 0.1 %', share <= 0.001));
  } finally {
    await renderer.close();
  }
  return { figures, details };
}

runStandalone(module, runVisibilityDifferential);
