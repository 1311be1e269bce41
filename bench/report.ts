/** One printed figure of a benchmark: what was measured, its value and the target it is held against. */
export interface Figure {
  readonly id: string;
  readonly name: string;
  /** Formatted for people, unit included. */
  readonly value: string;
  readonly target: string;
  /** undefined: informational, or the figure could not be measured (see note). */
  readonly pass: boolean | undefined;
  readonly note?: string;
}

export function figure(id: string, name: string, value: string, target: string, pass: boolean | undefined, note?: string): Figure {
  return { id, name, value, target, pass, note };
}

/**
 * The target column of a figure whose goal was retired: still printed beside the old goal, so a change shows, never
 * passed or failed (its `pass` is undefined), so it does not decide the run's exit status.
 */
export function retiredGoal(goal: string): string {
  return `(reported; goal ${goal} retired)`;
}

/** Figures held against a current target that missed it: what makes `npm run bench` exit non-zero. */
export function missedTargets(figures: readonly Figure[]): Figure[] {
  return figures.filter((f) => f.pass === false);
}

export function verdict(f: Figure): string {
  return f.pass === undefined ? (f.note?.startsWith('not measured') ? 'n/a' : 'info') : f.pass ? 'PASS' : 'FAIL';
}

/** A plain-text table with padded columns. */
export function table(rows: readonly (readonly string[])[]): string {
  const widths = rows[0].map((_, c) => Math.max(...rows.map((r) => r[c].length)));
  return rows.map((r) => r.map((cell, c) => cell.padEnd(widths[c])).join('  ').trimEnd()).join('\n');
}

export function percentile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return NaN;
  const index = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[index];
}

export function ms(value: number, digits = 2): string {
  return `${value.toFixed(digits)} ms`;
}

export function mb(bytes: number, digits = 2): string {
  return `${(bytes / 1024 / 1024).toFixed(digits)} MB`;
}
