import { findSignals, type Signal, type SignalContext } from './injectionSignals';

/**
 * Adds up attack-class signals (injectionSignals.ts) that sit close together: an attack puts its framing, its
 * addressee and its orders in one place, while ordinary mail that happens to hold one imperative here and one
 * address there, far apart, should not add up. Each class counts once per cluster (the strongest instance), so
 * repeating one kind of sentence does not raise the score. A cluster at or above FLAG_SCORE is flagged, and its
 * message names every class that contributed, strongest first: the flag explains itself.
 */
export const FLAG_SCORE = 1;
/** Signals further apart than this (in characters) belong to different clusters. */
const CLUSTER_GAP = 400;

export interface ScoredCluster {
  readonly score: number;
  readonly signals: readonly Signal[];
  /** One line: "score 1.6: addresses an AI model or assistant; tag-like wrapper <X> around instructions". */
  readonly message: string;
  readonly start: number;
  readonly end: number;
}

function clusterScore(signals: readonly Signal[]): { score: number; strongest: Signal[] } {
  const byClass = new Map<string, Signal>();
  for (const signal of signals) {
    const held = byClass.get(signal.cls);
    if (!held || signal.weight > held.weight) byClass.set(signal.cls, signal);
  }
  const strongest = [...byClass.values()].sort((a, b) => b.weight - a.weight);
  return { score: strongest.reduce((sum, s) => sum + s.weight, 0), strongest };
}

/** The best-scoring cluster of signals in the text, when it reaches FLAG_SCORE. */
export function scoreSignals(text: string, ctx: SignalContext): ScoredCluster | undefined {
  const signals = findSignals(text, ctx).sort((a, b) => a.start - b.start);
  let best: ScoredCluster | undefined;
  let cluster: Signal[] = [];
  let clusterEnd = -Infinity;
  const close = (): void => {
    if (cluster.length === 0) return;
    const { score, strongest } = clusterScore(cluster);
    if (score >= FLAG_SCORE - 1e-9 && (!best || score > best.score)) {
      const rounded = Math.round(score * 10) / 10;
      best = {
        score: rounded,
        signals: strongest,
        message: `score ${rounded.toFixed(1)}: ${strongest.map((s) => s.reason).join('; ')}`,
        start: cluster[0].start,
        end: Math.max(...cluster.map((s) => s.end)),
      };
    }
  };
  for (const signal of signals) {
    if (signal.start > clusterEnd + CLUSTER_GAP) {
      close();
      cluster = [];
    }
    cluster.push(signal);
    clusterEnd = Math.max(clusterEnd, signal.end);
  }
  close();
  return best;
}
