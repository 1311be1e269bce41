/**
 * D1: the learned injection detector (src/guard/injectionModel.ts) at its shipped threshold, on every corpus in the
 * repo and in ../shared/corpora: recall per attack family and ordinary mail flagged, each with a 95 % Wilson
 * interval; the model's size and thresholds; time per mail. Mail goes through the same parts the server shows the
 * model (test/unit/guard/corpusEvaluation.ts). The shared dev corpora were trained on (their ordinary mail partly
 * held out for calibration), so their figures are not held-out estimates: those come from
 * scripts/detector/train.ts --leave-family-out (one family group held out of training at a time) and are in
 * bench/RESULTS.md. Run alone: npx tsx bench/detector.ts
 */
import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { injectionModel } from '../src/guard/injectionModel';
import { CORPUS_DIRS, evaluateCorpus, evaluateMessage, type MessageVerdict } from '../test/unit/guard/corpusEvaluation';
import { figure, rateWithInterval, runStandalone, type Figure } from './report';

const ROOT = resolve(__dirname, '..');

/** ../shared beside a checkout, or two levels up for a worktree under wt/. */
function sharedCorpus(name: string): string | undefined {
  return [resolve(ROOT, '..', 'shared', 'corpora', name, 'dev'), resolve(ROOT, '..', '..', 'shared', 'corpora', name, 'dev')].find((dir) => existsSync(join(dir, 'labels.json')));
}

interface Row {
  readonly verdict: MessageVerdict;
  readonly hostile: boolean;
  readonly family: string;
}

const flagged = (row: Row): boolean => row.verdict.findings.length > 0;

function summarise(title: string, rows: readonly Row[], details: string[]): { ordinary: [number, number]; families: Array<[string, number, number]> } {
  const ordinary = rows.filter((r) => !r.hostile);
  const byFamily = new Map<string, Row[]>();
  for (const row of rows.filter((r) => r.hostile)) byFamily.set(row.family, [...(byFamily.get(row.family) ?? []), row]);
  const families = [...byFamily].sort().map(([family, list]) => [family, list.filter(flagged).length, list.length] as [string, number, number]);
  details.push(`D1: ${title}`);
  if (ordinary.length) details.push(`D1:   ordinary mail flagged: ${rateWithInterval(ordinary.filter(flagged).length, ordinary.length)}`);
  for (const [family, k, n] of families) details.push(`D1:   ${family}: ${rateWithInterval(k, n)}`);
  return { ordinary: [ordinary.filter(flagged).length, ordinary.length], families };
}

async function labelledCorpus(dir: string): Promise<Row[]> {
  const labels = JSON.parse(readFileSync(join(dir, 'labels.json'), 'utf8')) as Array<{ file: string; hostile: boolean; technique: string; hidden?: boolean }>;
  const rows: Row[] = [];
  for (const label of labels) rows.push({ verdict: await evaluateMessage(join(dir, label.file)), hostile: label.hostile, family: `${label.technique}${label.hidden ? ' (hidden)' : ''}` });
  return rows;
}

export async function runDetectorBench(): Promise<{ figures: Figure[]; details: string[] }> {
  const details: string[] = [];
  const figures: Figure[] = [];
  const model = injectionModel();
  details.push(
    `D1: model src/guard/injectionModel.json: ${(model.fileBytes / 1024).toFixed(0)} KB on disk (beside the bundle, read on first use), ${model.nonZero} non-zero weights; thresholds: flag ≥ ${model.thresholds.flag.toFixed(3)}, likely attack ≥ ${model.thresholds.likely.toFixed(3)}`,
  );
  const started = performance.now();
  let mails = 0;
  const hostile = await evaluateCorpus(CORPUS_DIRS.hostile);
  const [demoDir, ordinaryDir] = CORPUS_DIRS.ordinary;
  const demo = await evaluateCorpus([demoDir]);
  const ordinary = await evaluateCorpus([ordinaryDir]);
  mails += hostile.length + demo.length + ordinary.length;
  const repo = summarise('repo corpora (written by the team; not trained on)', [
    ...hostile.map((verdict) => ({ verdict, hostile: true, family: 'test/fixtures/hostile' })),
    ...demo.map((verdict) => ({ verdict, hostile: false, family: 'demo' })),
    ...ordinary.map((verdict) => ({ verdict, hostile: false, family: 'ordinary' })),
  ], details);
  figures.push(figure('D1', 'repo ordinary mail flagged (demo mailbox + fixtures, not trained on)', rateWithInterval(...repo.ordinary), '≤ 1 %', repo.ordinary[0] <= 0.01 * repo.ordinary[1]));
  const [, repoK, repoN] = repo.families[0];
  figures.push(figure('D1', 'repo hostile fixtures flagged (not trained on)', rateWithInterval(repoK, repoN), '≥ 80 %', repoK >= 0.8 * repoN));
  for (const name of ['injection-public', 'injection-public2']) {
    const dir = sharedCorpus(name);
    if (!dir) {
      details.push(`D1: ${name}: not found beside the checkout`);
      continue;
    }
    const rows = await labelledCorpus(dir);
    mails += rows.length;
    const result = summarise(`../shared/corpora/${name}/dev (trained on; its ordinary mail partly calibration)`, rows, details);
    const worst = result.families.reduce((a, b) => (b[1] / b[2] < a[1] / a[2] ? b : a));
    figures.push(figure('D1', `${name} dev: ordinary mail flagged (trained on)`, rateWithInterval(...result.ordinary), '≤ 1 %', result.ordinary[0] <= 0.01 * result.ordinary[1]));
    figures.push(figure('D1', `${name} dev: weakest family (${worst[0]}; trained on)`, rateWithInterval(worst[1], worst[2]), '≥ 80 %', worst[1] >= 0.8 * worst[2]));
  }
  const perMail = (performance.now() - started) / Math.max(1, mails);
  figures.push(figure('D1', 'parse, sanitise and detect, per mail (mean over all corpora above)', `${perMail.toFixed(1)} ms`, 'info', undefined));
  return { figures, details };
}

runStandalone(module, runDetectorBench);
