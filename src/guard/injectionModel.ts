import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { DetectionContext } from './injectionTypes';
import { extractFeatures, FEATURE_COUNT, HASH_BITS, HASH_BUCKETS, NAMED_FEATURES, wordFeatureIndex, type WindowFeatures } from './injectionFeatures';

/**
 * The learned injection model: a logistic regression over injectionFeatures.ts, trained by
 * scripts/detector/train.ts on the data its manifest lists (docs/detector-data.md) and shipped as
 * injectionModel.json, which the build copies beside the bundles (scripts/bundle/detectorDataBesideBundle.mjs) and
 * this module reads from disk on first use: no network, and the weights never weigh on a bundle.
 *
 * A mail's score is the highest probability over its windows (an attack is one passage, wherever it sits). The
 * thresholds come with the weights: `flag` was chosen on a calibration split of ordinary mail the model never
 * trained on, so that at most about 1 % of ordinary mail is flagged; `likely` is a stricter one, above every
 * calibration mail. An unflagged mail is only a mail the model did not recognise: nothing here says it is safe.
 */

export const MODEL_FILE = 'injectionModel.json';

/** The weights file, as the trainer writes it. */
export interface ModelFile {
  readonly format: 1;
  readonly hashBits: number;
  /** Named feature ids, in index order after the hashed buckets; must equal injectionFeatures.ts's. */
  readonly named: readonly string[];
  readonly bias: number;
  /** A weight is its int8 value times this. */
  readonly scale: number;
  /** Ascending feature indices, as base64 of LEB128 varint gaps. */
  readonly indices: string;
  /** The int8 weights of those indices, base64. */
  readonly weights: string;
  readonly thresholds: { readonly flag: number; readonly likely: number };
  /** What it was trained and calibrated on, for the bench and its RESULTS.md (free form). */
  readonly provenance?: unknown;
}

export interface LoadedModel {
  readonly weights: Float32Array;
  readonly bias: number;
  readonly thresholds: { readonly flag: number; readonly likely: number };
  readonly nonZero: number;
  readonly fileBytes: number;
}

/** Decodes a weights file; throws when it does not fit this code's features. */
export function decodeModel(file: ModelFile, fileBytes = 0): LoadedModel {
  if (file.format !== 1) throw new Error(`injection model: unknown format ${String(file.format)}`);
  if (file.hashBits !== HASH_BITS) throw new Error(`injection model: trained with ${file.hashBits} hash bits, the features use ${HASH_BITS}`);
  const expected = NAMED_FEATURES.map((f) => f.id);
  if (file.named.length !== expected.length || file.named.some((id, i) => id !== expected[i])) {
    throw new Error('injection model: its named features differ from injectionFeatures.ts (retrain: npx tsx scripts/detector/train.ts)');
  }
  const gaps = Buffer.from(file.indices, 'base64');
  const quantised = new Int8Array(Buffer.from(file.weights, 'base64'));
  const weights = new Float32Array(FEATURE_COUNT);
  let index = -1;
  let at = 0;
  for (let k = 0; k < quantised.length; k++) {
    let gap = 0;
    let shift = 0;
    for (;;) {
      if (at >= gaps.length) throw new Error('injection model: index list ends early');
      const byte = gaps[at++];
      gap += (byte & 0x7f) * 2 ** shift;
      if (byte < 0x80) break;
      shift += 7;
    }
    index += gap;
    if (index >= FEATURE_COUNT) throw new Error('injection model: feature index out of range');
    weights[index] = quantised[k] * file.scale;
  }
  if (at !== gaps.length) throw new Error('injection model: index list longer than the weights');
  const { flag, likely } = file.thresholds;
  if (!(flag > 0 && flag < 1 && likely >= flag && likely < 1)) throw new Error('injection model: thresholds out of range');
  return { weights, bias: file.bias, thresholds: file.thresholds, nonZero: quantised.length, fileBytes };
}

/** Encodes trained weights (trainer side): sparse, int8-quantised. */
export function encodeModel(weights: Float32Array | Float64Array, bias: number, thresholds: ModelFile['thresholds'], provenance: unknown): ModelFile {
  let max = 0;
  for (const w of weights) max = Math.max(max, Math.abs(w));
  const scale = max > 0 ? max / 127 : 1;
  const gaps: number[] = [];
  const quantised: number[] = [];
  let last = -1;
  for (let i = 0; i < weights.length; i++) {
    const q = Math.round(weights[i] / scale);
    if (q === 0) continue;
    let gap = i - last;
    last = i;
    while (gap >= 0x80) {
      gaps.push((gap & 0x7f) | 0x80);
      gap = Math.floor(gap / 0x80);
    }
    gaps.push(gap);
    quantised.push(q);
  }
  return {
    format: 1,
    hashBits: HASH_BITS,
    named: NAMED_FEATURES.map((f) => f.id),
    bias,
    scale,
    indices: Buffer.from(gaps).toString('base64'),
    weights: Buffer.from(Int8Array.from(quantised).buffer).toString('base64'),
    thresholds,
    provenance,
  };
}

let loaded: LoadedModel | undefined;

/**
 * The shipped model, read once from beside this code (src/guard in development and tests, dist/ in the bundles).
 * A missing or broken file is an error, never a silent "nothing flagged".
 */
export function injectionModel(): LoadedModel {
  if (!loaded) {
    const path = join(__dirname, MODEL_FILE);
    const text = readFileSync(path, 'utf8');
    loaded = decodeModel(JSON.parse(text) as ModelFile, Buffer.byteLength(text));
  }
  return loaded;
}

export function probabilityOf(model: Pick<LoadedModel, 'weights' | 'bias'>, window: Pick<WindowFeatures, 'indices' | 'values'>): number {
  let z = model.bias;
  for (let k = 0; k < window.indices.length; k++) z += model.weights[window.indices[k]] * window.values[k];
  return 1 / (1 + Math.exp(-z));
}

export interface ModelVerdict {
  /** The highest window probability. */
  readonly probability: number;
  readonly flagged: boolean;
  readonly likely: boolean;
  /** Offsets of the strongest window in the normalised text. */
  readonly start: number;
  readonly end: number;
  /** The named features that pushed the strongest window up most, in plain words, strongest first. */
  readonly reasons: readonly string[];
  /** Words or word pairs of that window that weighed most toward a flag. */
  readonly phrases: readonly string[];
}

const MAX_REASONS = 3;
const MAX_PHRASES = 3;

/** Scores a normalised text (detectionText.ts) with a model (the shipped one by default). */
export function scoreText(text: string, ctx: DetectionContext, model: LoadedModel = injectionModel()): ModelVerdict {
  const windows = extractFeatures(text, ctx);
  let best = windows[0];
  let bestProbability = -1;
  for (const window of windows) {
    const p = probabilityOf(model, window);
    if (p > bestProbability) {
      bestProbability = p;
      best = window;
    }
  }
  return {
    probability: bestProbability,
    flagged: bestProbability >= model.thresholds.flag,
    likely: bestProbability >= model.thresholds.likely,
    start: best.start,
    end: best.end,
    reasons: strongestNamed(model, best),
    phrases: strongestPhrases(model, best),
  };
}

function strongestNamed(model: LoadedModel, window: WindowFeatures): string[] {
  const contributions: Array<[string, number]> = [];
  for (let k = 0; k < window.indices.length; k++) {
    const index = window.indices[k];
    if (index < HASH_BUCKETS) continue;
    const contribution = model.weights[index] * window.values[k];
    if (contribution > 0.05) contributions.push([NAMED_FEATURES[index - HASH_BUCKETS].words, contribution]);
  }
  return [...new Set(contributions.sort((a, b) => b[1] - a[1]).map(([words]) => words))].slice(0, MAX_REASONS);
}

function strongestPhrases(model: LoadedModel, window: WindowFeatures): string[] {
  const weighed = new Map<string, number>();
  const words = window.words;
  for (let i = 0; i < words.length; i++) {
    for (const phrase of i + 1 < words.length ? [words[i], `${words[i]} ${words[i + 1]}`] : [words[i]]) {
      if (phrase.includes('⟨')) continue;
      const weight = model.weights[wordFeatureIndex(phrase)];
      if (weight > 0) weighed.set(phrase, weight);
    }
  }
  const ranked = [...weighed].sort((a, b) => b[1] - a[1]).map(([phrase]) => phrase);
  // A pair makes its own words redundant.
  const chosen: string[] = [];
  for (const phrase of ranked) {
    if (chosen.some((c) => c.includes(phrase) || phrase.includes(c))) continue;
    chosen.push(phrase);
    if (chosen.length >= MAX_PHRASES) break;
  }
  return chosen;
}
