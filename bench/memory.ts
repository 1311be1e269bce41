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
