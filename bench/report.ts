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

/**
 * The line in bench/RESULTS.md after which figures are recorded by hand (runs of one benchmark with their detail
 * output, earlier runs kept as history): `npm run bench` rewrites what is above it and keeps the rest as it is.
 */
export const HAND_RECORDED_MARKER = '<!-- Recorded by hand below this line: npm run bench keeps it as it is. -->';

/** The new RESULTS.md: the generated part, then the previous file's hand-recorded part, marker included. */
export function withHandRecorded(generated: string, previous: string | undefined): string {
  const at = previous?.indexOf(HAND_RECORDED_MARKER) ?? -1;
  if (previous === undefined || at < 0) return generated;
  return `${generated.replace(/\n*$/, '')}\n\n${previous.slice(at)}`;
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

/** Wilson score interval for k successes of n, at 95 %: honest bounds for a rate measured on few mails. */
export function wilson(k: number, n: number): [number, number] {
  if (n === 0) return [0, 1];
  const z = 1.959964;
  const p = k / n;
  const denominator = 1 + (z * z) / n;
  const centre = (p + (z * z) / (2 * n)) / denominator;
  const half = (z * Math.sqrt((p * (1 - p)) / n + (z * z) / (4 * n * n))) / denominator;
  return [Math.max(0, centre - half), Math.min(1, centre + half)];
}

/** "83.3 % (10/12; 95 % CI 55.2-95.3)". */
export function rateWithInterval(k: number, n: number): string {
  if (n === 0) return 'n/a';
  const [lo, hi] = wilson(k, n);
  return `${((100 * k) / n).toFixed(1)} % (${k}/${n}; 95 % CI ${(100 * lo).toFixed(1)}-${(100 * hi).toFixed(1)})`;
}

/** What a benchmark measures: its figures, and lines of detail printed above them. */
export interface BenchReport {
  readonly figures: readonly Figure[];
  readonly details: readonly string[];
}

/** A figure as one printed line. */
export function figureLine(f: Figure): string {
  return `${f.id} ${f.name}: ${f.value}${f.target ? ` (target ${f.target})` : ''}${f.note ? ` — ${f.note}` : ''}`;
}

/** The details, then one line a figure. */
export function printReport(report: BenchReport): void {
  for (const line of report.details) console.log(line);
  for (const f of report.figures) console.log(figureLine(f));
}

/**
 * What each bench file does when run by itself (`npx tsx bench/<file>.ts`) rather than by `npm run bench`: measure,
 * print (by default printReport), and end the process, since a benchmark may leave servers or workers open; a
 * failure is printed and exits 1. Does nothing when `mod`, the caller's `module`, was only imported.
 */
export function runStandalone<R extends BenchReport>(mod: NodeModule, measure: () => R | Promise<R>, print: (report: R) => void = printReport): void {
  if (require.main !== mod) return;
  Promise.resolve()
    .then(measure)
    .then(
      (report) => {
        print(report);
        // After stdout has taken everything printed: a pipe may write asynchronously (macOS).
        process.stdout.write('', () => process.exit(0));
      },
      (error: unknown) => {
        console.error(error);
        process.exit(1);
      },
    );
}
