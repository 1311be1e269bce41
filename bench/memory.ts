import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';

/** V8's gc(), exposed at run time (plain Node and the extension host alike), or undefined where that is refused. */
export function exposedGc(): (() => void) | undefined {
  try {
    setFlagsFromString('--expose-gc');
    return runInNewContext('gc') as () => void;
  } catch {
    return undefined;
  }
}

/** process.memoryUsage() after three full collections and a pause, so what is counted is what is kept. */
export async function memoryAfterGc(gc: (() => void) | undefined): Promise<NodeJS.MemoryUsage> {
  if (gc) for (let i = 0; i < 3; i++) gc();
  await new Promise((r) => setTimeout(r, 200));
  return process.memoryUsage();
}

/** The highest readings of process.memoryUsage() while something ran. */
export interface PeakMemory {
  /** This thread's V8 heap (the main thread; a worker's heap is its own and shows in rss only). */
  readonly heapUsed: number;
  /** The whole process: main thread, every worker, typed arrays and buffers. */
  readonly rss: number;
  /** Memory outside the V8 heaps held by this thread's objects (Buffers, ArrayBuffers). */
  readonly external: number;
  readonly samples: number;
}

/**
 * Samples process.memoryUsage() every `intervalMs` until stopped and keeps the highest of each figure. Workers
 * parse on threads of their own, so the main thread is mostly free to sample while they grow; a peak that rises
 * and falls within one busy stretch of the main thread can be missed, so this is a floor of the true peak.
 */
export function samplePeakMemory(intervalMs = 2): { stop(): PeakMemory } {
  let heapUsed = 0;
  let rss = 0;
  let external = 0;
  let samples = 0;
  const sample = () => {
    const m = process.memoryUsage();
    heapUsed = Math.max(heapUsed, m.heapUsed);
    rss = Math.max(rss, m.rss);
    external = Math.max(external, m.external);
    samples += 1;
  };
  sample();
  const timer = setInterval(sample, intervalMs);
  return {
    stop() {
      clearInterval(timer);
      sample();
      return { heapUsed, rss, external, samples };
    },
  };
}
