/**
 * Trains the injection model (src/guard/injectionModel.ts) from DATA/examples.jsonl (prepareData.ts), calibrates
 * its thresholds on ordinary mail it did not train on, reports recall per attack family with Wilson intervals,
 * and (with --write) writes src/guard/injectionModel.json. Reproducible: examples are sorted by id and shuffled
 * with a fixed seed, so the same data gives the same weights.
 *
 *   npx tsx scripts/detector/train.ts [--data DIR] [--write] [--hold-out SOURCE[,SOURCE]] [--report FILE]
 *
 * --hold-out puts every attack of those sources in the test split (and none in training): the honest estimate
 * for attack families the model never saw. Ordinary mail is always split by unit (manifest.json "splits").
 */
import { createHash } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { DetectionContext } from '../../src/guard/injectionTypes';
import { normalizeForDetection } from '../../src/guard/detectionText';
import { extractFeatures, FEATURE_COUNT, HASH_BUCKETS, type WindowFeatures } from '../../src/guard/injectionFeatures';
import { decodeModel, encodeModel, MODEL_FILE, probabilityOf, type LoadedModel } from '../../src/guard/injectionModel';
import { rateWithInterval } from '../../bench/report';
import { mulberry32 } from '../../test/fixtures/generate/seed';
import type { Example } from './prepareData';

const ROOT = resolve(import.meta.dirname, '..', '..');
const arg = (name: string): string | undefined => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? process.argv[i + 1] : undefined;
};
const DATA_DIR = resolve(arg('data') ?? '/work/data/detector');
const HOLD_OUT = new Set((arg('hold-out') ?? '').split(',').filter(Boolean));
/** --hold-out-family REGEX: attack families matching it are held out (e.g. half of a benchmark's categories). */
const HOLD_OUT_FAMILY = arg('hold-out-family') ? new RegExp(arg('hold-out-family')!) : undefined;
const WRITE = process.argv.includes('--write');

const manifest = JSON.parse(readFileSync(join(ROOT, 'scripts/detector/manifest.json'), 'utf8')) as {
  seed: number;
  splits: { calibrationShare: number; testShare: number };
};
const SEED = manifest.seed;
/** Training sees the tool names and account the product passes, so rule features fire as they will at run time. */
const CONTEXT: DetectionContext = {
  toolNames: ['search_messages', 'read_message', 'read_thread', 'list_labels', 'get_profile', 'get_attachment_text', 'create_draft', 'update_draft', 'list_drafts', 'send_draft', 'send_message', 'trash_messages', 'untrash_messages', 'modify_labels'],
  accountAddress: 'demo.user@example.com',
};
/** Ordinary mail contributes at most this many windows a mail, so one long thread does not outweigh a hundred mails. */
const MAX_ORDINARY_WINDOWS = 6;
/** Weights kept (largest magnitude): the file stays small and the model loses almost nothing. */
const KEEP_WEIGHTS = 40_000;
const EPOCHS = 6;
const TARGET_ORDINARY_FLAGGED = 0.01;
const REAL_MAIL = new Set(['injection-public', 'injection-public2', 'everything-list']);

type Split = 'train' | 'calibration' | 'test';

function unitFraction(unit: string): number {
  return createHash('sha256').update(`${SEED}:${unit}`).digest().readUInt32BE(0) / 2 ** 32;
}

function splitOf(example: Example): Split {
  if (example.hostile) return HOLD_OUT.has(example.source) || HOLD_OUT_FAMILY?.test(example.family) ? 'test' : 'train';
  const f = unitFraction(example.unit);
  if (f < manifest.splits.calibrationShare) return 'calibration';
  if (f < manifest.splits.calibrationShare + manifest.splits.testShare) return 'test';
  return 'train';
}

interface Instance {
  readonly features: WindowFeatures;
  readonly label: 0 | 1;
}

function locate(text: string, focus: readonly string[]): Array<[number, number]> {
  const spans: Array<[number, number]> = [];
  for (const marker of focus) {
    const needle = normalizeForDetection(marker).slice(0, 60);
    if (needle.length < 8) continue;
    const at = text.indexOf(needle);
    if (at >= 0) spans.push([at, at + needle.length]);
  }
  return spans;
}

const overlaps = (w: WindowFeatures, [start, end]: [number, number], least: number): boolean => Math.min(w.end, end) - Math.max(w.start, start) >= least;

function instancesOf(examples: readonly Example[], carriers: readonly string[], random: () => number): Instance[] {
  const out: Instance[] = [];
  for (const example of examples) {
    if (!example.hostile) {
      const windows = extractFeatures(normalizeForDetection(example.text), CONTEXT);
      const chosen = windows.length <= MAX_ORDINARY_WINDOWS ? windows : [windows[0], windows[windows.length - 1], ...windows.slice(1, -1).filter(() => random() < (MAX_ORDINARY_WINDOWS - 2) / (windows.length - 2))];
      for (const features of chosen) out.push({ features, label: 0 });
      continue;
    }
    if (example.bare) {
      const attack = normalizeForDetection(augment(example.text, random));
      out.push(...extractFeatures(attack, CONTEXT).map((features) => ({ features, label: 1 as const })));
      // The same attack inside an ordinary mail, at its start, middle or end.
      const carrier = normalizeForDetection(carriers[Math.floor(random() * carriers.length)]);
      const cut = Math.floor(random() * Math.min(carrier.length, 700));
      const where = random();
      const before = where < 0.33 ? '' : carrier.slice(0, cut);
      const after = where > 0.66 ? '' : carrier.slice(cut, cut + 700);
      const text = `${before}\n\n${attack}\n\n${after}`;
      const span: [number, number] = [before.length + 2, before.length + 2 + attack.length];
      const least = Math.min(attack.length, 200);
      for (const features of extractFeatures(text, CONTEXT)) if (overlaps(features, span, least)) out.push({ features, label: 1 });
      continue;
    }
    const text = normalizeForDetection(example.text);
    const windows = extractFeatures(text, CONTEXT);
    const spans = locate(text, example.focus ?? []);
    // An attack mail whose attack cannot be found (hidden from the visible text) teaches nothing about its text.
    for (const features of windows) if (spans.some((span) => overlaps(features, span, Math.min(span[1] - span[0], 40)))) out.push({ features, label: 1 });
  }
  return out;
}

/** Some attacks arrive with their spaces removed or base64-encoded: teach those forms too (seeded). */
function augment(text: string, random: () => number): string {
  const r = random();
  if (r < 0.12) return text.replace(/[ \t]+/g, '');
  if (r < 0.2) return `${['Decode this and follow it:', 'Base64:', 'Message:', ''][Math.floor(random() * 4)]} ${Buffer.from(text).toString('base64')}`;
  return text;
}

/** FTRL-proximal logistic regression (McMahan et al., 2013): per-coordinate rates, L1 for sparsity. */
function train(instances: readonly Instance[], random: () => number): { weights: Float64Array; bias: number } {
  const alpha = 0.15;
  const beta = 1;
  const l1 = 0.002;
  const l2 = 1e-3;
  const z = new Float64Array(FEATURE_COUNT + 1);
  const n = new Float64Array(FEATURE_COUNT + 1);
  const BIAS = FEATURE_COUNT;
  const positives = instances.filter((i) => i.label === 1).length;
  const positiveWeight = (instances.length - positives) / Math.max(1, positives);
  const weightOf = (i: number, l1Here: number): number => {
    const zi = z[i];
    if (Math.abs(zi) <= l1Here) return 0;
    return -(zi - Math.sign(zi) * l1Here) / ((beta + Math.sqrt(n[i])) / alpha + l2);
  };
  const order = instances.map((_, i) => i);
  for (let epoch = 0; epoch < EPOCHS; epoch++) {
    for (let i = order.length - 1; i > 0; i--) {
      const j = Math.floor(random() * (i + 1));
      [order[i], order[j]] = [order[j], order[i]];
    }
    for (const k of order) {
      const { features, label } = instances[k];
      const { indices, values } = features;
      const w = new Float64Array(indices.length);
      let s = weightOf(BIAS, 0);
      for (let t = 0; t < indices.length; t++) {
        w[t] = weightOf(indices[t], indices[t] >= HASH_BUCKETS ? l1 / 10 : l1);
        s += w[t] * values[t];
      }
      const p = 1 / (1 + Math.exp(-Math.max(-35, Math.min(35, s))));
      const g = (p - label) * (label === 1 ? positiveWeight : 1);
      const update = (i: number, gi: number, wi: number): void => {
        const sigma = (Math.sqrt(n[i] + gi * gi) - Math.sqrt(n[i])) / alpha;
        z[i] += gi - sigma * wi;
        n[i] += gi * gi;
      };
      update(BIAS, g, weightOf(BIAS, 0));
      for (let t = 0; t < indices.length; t++) update(indices[t], g * values[t], w[t]);
    }
  }
  const weights = new Float64Array(FEATURE_COUNT);
  for (let i = 0; i < FEATURE_COUNT; i++) weights[i] = weightOf(i, i >= HASH_BUCKETS ? l1 / 10 : l1);
  return { weights, bias: weightOf(BIAS, 0) };
}

function prune(weights: Float64Array, keep: number): Float64Array {
  const magnitudes = Array.from(weights, Math.abs).filter((m) => m > 0).sort((a, b) => b - a);
  const floor = magnitudes.length > keep ? magnitudes[keep - 1] : 0;
  // Named features are always kept: they are few and they are what the flag explains itself with.
  return weights.map((w, i) => (i >= HASH_BUCKETS || Math.abs(w) >= floor ? w : 0));
}

function mailScore(model: LoadedModel, text: string): number {
  let best = 0;
  for (const window of extractFeatures(normalizeForDetection(text), CONTEXT)) best = Math.max(best, probabilityOf(model, window));
  return best;
}

function calibrate(scores: number[]): { flag: number; likely: number } {
  const sorted = [...scores].sort((a, b) => b - a);
  const allowed = Math.floor(TARGET_ORDINARY_FLAGGED * sorted.length);
  // Just above the (allowed+1)-th highest ordinary score: at most `allowed` calibration mails reach it.
  const above = sorted[allowed] ?? 0;
  const flag = Math.min(0.99, allowed > 0 ? (above + sorted[allowed - 1]) / 2 : above + (1 - above) / 4);
  const likely = Math.min(0.995, Math.max(flag, 0.9, (sorted[0] + 1) / 2));
  return { flag: Math.max(flag, 0.05), likely };
}

async function main(): Promise<void> {
  const started = Date.now();
  const raw = readFileSync(join(DATA_DIR, 'examples.jsonl'), 'utf8');
  const examples = raw
    .split('\n')
    .filter(Boolean)
    .map((line) => JSON.parse(line) as Example)
    .sort((a, b) => a.id.localeCompare(b.id));
  const bySplit = { train: [] as Example[], calibration: [] as Example[], test: [] as Example[] };
  for (const example of examples) bySplit[splitOf(example)].push(example);
  const random = mulberry32(SEED);
  const carriers = bySplit.train.filter((e) => !e.hostile && e.source !== 'promptshield').map((e) => e.text);
  const instances = instancesOf(bySplit.train, carriers, random);
  console.log(`train: ${bySplit.train.length} examples -> ${instances.length} windows (${instances.filter((i) => i.label).length} attack windows); calibration ${bySplit.calibration.length}, test ${bySplit.test.length}`);
  const { weights, bias } = train(instances, random);
  const pruned = prune(weights, KEEP_WEIGHTS);
  // Calibrate the weights as shipped (quantised), so the threshold fits what runs.
  const provisional = encodeModel(pruned, bias, { flag: 0.5, likely: 0.9 }, undefined);
  const quantised = decodeModel(provisional);
  // The threshold is set on real ordinary mail only; the synthetic hard cases are measured, not calibrated on.
  const calibrationMail = bySplit.calibration.filter((e) => !e.hostile && REAL_MAIL.has(e.source));
  const calibrationScores = calibrationMail.map((e) => mailScore(quantised, e.text));
  const thresholds = calibrate(calibrationScores);
  const model = { ...quantised, thresholds };

  const lines: string[] = [];
  const report = (line: string): void => {
    lines.push(line);
    console.log(line);
  };
  report(`thresholds: flag ${thresholds.flag.toFixed(4)}, likely ${thresholds.likely.toFixed(4)} (calibration: ${calibrationMail.length} ordinary mails never trained on, ${calibrationScores.filter((s) => s >= thresholds.flag).length} at or above the flag threshold)`);
  report(`weights: ${quantised.nonZero} non-zero of ${FEATURE_COUNT}`);
  const families = new Map<string, { split: Split; flagged: number; n: number }>();
  for (const split of ['test', 'train'] as const) {
    for (const example of bySplit[split]) {
      if (split === 'train' && !example.hostile && example.source !== 'injection-public2' && example.source !== 'injection-public') continue;
      const key = `${split === 'test' ? 'held-out' : 'trained-on'} | ${example.hostile ? 'attack' : 'ordinary'} | ${example.source} | ${example.family}`;
      const row = families.get(key) ?? { split, flagged: 0, n: 0 };
      row.n += 1;
      if (mailScore(model, example.text) >= thresholds.flag) row.flagged += 1;
      families.set(key, row);
    }
  }
  report('| split | kind | source | family | flagged |');
  report('| --- | --- | --- | --- | --- |');
  for (const [key, row] of [...families].sort()) report(`| ${key} | ${rateWithInterval(row.flagged, row.n)} |`);
  const testOrdinary = [...families].filter(([key]) => key.startsWith('held-out | ordinary'));
  const fo = testOrdinary.reduce((a, [, r]) => [a[0] + r.flagged, a[1] + r.n], [0, 0]);
  report(`held-out ordinary mail flagged: ${rateWithInterval(fo[0], fo[1])}`);
  if (process.argv.includes('--explain')) {
    const top = calibrationMail.map((e, i) => [calibrationScores[i], e] as const).sort((a, b) => b[0] - a[0]).slice(0, 8);
    for (const [score, e] of top) console.log(`CALIBRATION ${score.toFixed(3)} ${e.id}: ${e.text.slice(0, 300).replace(/\s+/g, ' ')}`);
    for (const e of bySplit.test.filter((x) => x.hostile)) {
      const score = mailScore(model, e.text);
      if (score < thresholds.flag) console.log(`MISSED ${score.toFixed(3)} ${e.id}: ${e.text.slice(-300).replace(/\s+/g, ' ')}`);
    }
  }
  const reportFile = arg('report');
  if (reportFile) writeFileSync(reportFile, lines.join('\n') + '\n');

  if (WRITE) {
    const file = encodeModel(pruned, bias, thresholds, {
      trainer: 'scripts/detector/train.ts (FTRL-proximal logistic regression)',
      manifest: 'scripts/detector/manifest.json',
      seed: SEED,
      examplesSha256: createHash('sha256').update(raw).digest('hex'),
      heldOut: [...HOLD_OUT, ...(HOLD_OUT_FAMILY ? [String(HOLD_OUT_FAMILY)] : [])],
      trainedOn: countBy(bySplit.train),
      calibratedOn: { mails: calibrationMail.length, bySource: countBy(calibrationMail), targetOrdinaryFlagged: TARGET_ORDINARY_FLAGGED },
    });
    const path = join(ROOT, 'src/guard', MODEL_FILE);
    writeFileSync(path, JSON.stringify(file) + '\n');
    console.log(`wrote ${path} (${(readFileSync(path).length / 1024).toFixed(0)} KB)`);
  }
  console.log(`done in ${((Date.now() - started) / 1000).toFixed(0)} s`);
}

function countBy(examples: readonly Example[]): Record<string, { attacks: number; ordinary: number }> {
  const out: Record<string, { attacks: number; ordinary: number }> = {};
  for (const e of examples) {
    const row = (out[e.source] ??= { attacks: 0, ordinary: 0 });
    if (e.hostile) row.attacks += 1;
    else row.ordinary += 1;
  }
  return out;
}

if (process.argv[1] && resolve(process.argv[1]) === resolve(import.meta.filename)) {
  main().catch((error: unknown) => {
    console.error(error);
    process.exit(1);
  });
}
