import { setImmediate as nextTurn } from 'node:timers/promises';

/**
 * Waits until `condition()` holds: a test waits for the event itself, however loaded the machine, never for a fixed
 * time that guesses how long the event takes. Checked every turn of the event loop at first, then every few
 * milliseconds so a long wait does not spin a core. No deadline of its own: mocha's test timeout ends a wait for
 * something that never happens.
 */
export async function until(condition: () => boolean): Promise<void> {
  const started = Date.now();
  while (!condition()) {
    if (Date.now() - started < 50) await nextTurn();
    else await new Promise((resolve) => setTimeout(resolve, 5));
  }
}
