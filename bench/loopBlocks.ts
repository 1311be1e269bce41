/**
 * The longest event-loop block of this process's main thread, and how much of it the thread spent on a CPU. On a
 * machine with more runnable threads than cores a block measured by perf_hooks.monitorEventLoopDelay includes time
 * the thread waited for a core; Linux counts both per thread (/proc/<pid>/task/<tid>/schedstat: nanoseconds on the
 * CPU, nanoseconds waiting on a run queue), so the part our code held the loop can be told from the part the
 * scheduler did. Elsewhere only the wall time is measured.
 */
import { readFileSync } from 'node:fs';
import { monitorEventLoopDelay } from 'node:perf_hooks';

export interface LoopBlocks {
  /** perf_hooks.monitorEventLoopDelay's maximum (resolution 1 ms). */
  readonly longestMs: number;
  /** Of the longest gap between two 1 ms ticks, the time the main thread was on a CPU (undefined off Linux). */
  readonly longestOnCpuMs?: number;
  /** The most CPU the main thread used inside any one gap between ticks: the longest run of our code (undefined off Linux). */
  readonly mostCpuInOneBlockMs?: number;
}

const SCHEDSTAT = `/proc/${process.pid}/task/${process.pid}/schedstat`;

function onCpuNs(): number | undefined {
  try {
    return Number(readFileSync(SCHEDSTAT, 'utf8').split(' ')[0]);
  } catch {
    return undefined;
  }
}

export function watchLoopBlocks(): { stop(): LoopBlocks } {
  const histogram = monitorEventLoopDelay({ resolution: 1 });
  histogram.enable();
  let lastWall = performance.now();
  let lastCpu = onCpuNs();
  let longestGap = 0;
  let longestGapCpu: number | undefined;
  let mostCpu: number | undefined;
  const tick = setInterval(() => {
    const wall = performance.now();
    const cpu = onCpuNs();
    const gap = wall - lastWall;
    const used = cpu !== undefined && lastCpu !== undefined ? (cpu - lastCpu) / 1e6 : undefined;
    if (gap > longestGap) {
      longestGap = gap;
      longestGapCpu = used;
    }
    if (used !== undefined && (mostCpu === undefined || used > mostCpu)) mostCpu = used;
    lastWall = wall;
    lastCpu = cpu;
  }, 1);
  return {
    stop() {
      clearInterval(tick);
      histogram.disable();
      return { longestMs: histogram.max / 1e6, longestOnCpuMs: longestGapCpu, mostCpuInOneBlockMs: mostCpu };
    },
  };
}
