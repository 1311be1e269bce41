/**
 * B4 footprint, bundle part: a production build (`node esbuild.mjs --production`, the project's own script) into a
 * scratch folder, its size, and the biggest contributors by package from the esbuild metafile. With
 * --variant FILE the same is done for another build script, for comparison. The files the bundle loads lazily
 * from beside it (dist/iconv-tables/, dist/encoding-japanese.js) are not part of the bundle figure; their size is
 * printed apart.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { figure, mb, printReport, runStandalone, table, type Figure } from './report';

const ROOT = resolve(__dirname, '..');
const TARGET_BYTES = 1.5 * 1024 * 1024;

interface Metafile {
  inputs: Record<string, { bytes: number }>;
  outputs: Record<string, { bytes: number; inputs: Record<string, { bytesInOutput: number }>; entryPoint?: string }>;
}

export interface BundleMeasure {
  readonly script: string;
  readonly bytes: number;
  /** Files in dist/ beside the bundle (lazily loaded data), not counted in `bytes`. */
  readonly lazyDataBytes: number;
  readonly byPackage: ReadonlyArray<readonly [string, number]>;
  /** Each bundle file (dist/extension.js, loaded at activation; dist/server.js, on first use) and its bytes. */
  readonly files: ReadonlyArray<readonly [string, number]>;
}

/** Runs a build script with --production in a scratch copy of the project layout (src, node_modules linked). */
export function buildAndMeasure(script = 'esbuild.mjs'): BundleMeasure {
  const dir = mkdtempSync(join(tmpdir(), 'bench-bundle-'));
  try {
    for (const name of ['src', 'node_modules', 'package.json', 'tsconfig.json']) symlinkSync(join(ROOT, name), join(dir, name));
    const run = spawnSync(process.execPath, [join(ROOT, script), '--production'], { cwd: dir, encoding: 'utf8' });
    if (run.status !== 0) throw new Error(`${script} --production failed:\n${run.stdout}\n${run.stderr}`);
    const meta = JSON.parse(readFileSync(join(dir, 'dist/meta.json'), 'utf8')) as Metafile;
    const js = Object.entries(meta.outputs).filter(([file]) => file.endsWith('.js'));
    const files = js.map(([file]) => [file, statSync(join(dir, file)).size] as const);
    const bytes = files.reduce((n, [, size]) => n + size, 0);
    const byPackage = new Map<string, number>();
    for (const [, output] of js) {
      for (const [input, { bytesInOutput }] of Object.entries(output.inputs)) {
        byPackage.set(packageOf(input), (byPackage.get(packageOf(input)) ?? 0) + bytesInOutput);
      }
    }
    const outputs = new Set(['dist/meta.json', ...Object.keys(meta.outputs)]);
    const lazyDataBytes = filesUnder(join(dir, 'dist'))
      .filter((file) => !outputs.has(`dist/${file}`))
      .reduce((n, file) => n + statSync(join(dir, 'dist', file)).size, 0);
    return { script, bytes, lazyDataBytes, byPackage: [...byPackage].sort((a, b) => b[1] - a[1]), files };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

function filesUnder(dir: string): string[] {
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile())
    .map((e) => join(e.parentPath, e.name).slice(dir.length + 1).split('\\').join('/'));
}

/** `node_modules/@scope/name/...` -> `@scope/name` (nested copies keep their parent: `a > b`); else `(project)`. */
export function packageOf(input: string): string {
  const names = [...input.matchAll(/node_modules\/((?:@[^/]+\/)?[^/]+)/g)].map((m) => m[1]);
  return names.length ? names.join(' > ') : '(project src)';
}

export function bundleFigures(current: BundleMeasure, proposed?: BundleMeasure): { figures: Figure[]; details: string[] } {
  const top = current.byPackage.slice(0, 15);
  const details = [
    `B4: production bundle ${mb(current.bytes)} (${current.bytes} bytes); beside it, loaded lazily on first use: ${mb(current.lazyDataBytes)} (iconv-lite charset tables, the ISO-2022-JP decoder)`,
    `B4: bundle files: ${current.files.map(([file, bytes]) => `${file} ${(bytes / 1024).toFixed(0)} KB`).join(', ')} (activation loads ${current.files[0]?.[0] ?? '?'}; the others on first use)`,
    'B4: top contributors (bytes in output):',
    ...table(top.map(([name, bytes]) => [name, `${(bytes / 1024).toFixed(0)} KB`, `${((100 * bytes) / current.bytes).toFixed(1)}%`])).split('\n').map((l) => `B4:   ${l}`),
  ];
  const activation = current.files.find(([file]) => file.endsWith('/extension.js'));
  const figures = [
    figure('B4', 'bundle size (production, esbuild.mjs; all bundle files)', mb(current.bytes), '< 1.50 MB', current.bytes < TARGET_BYTES),
    ...(activation ? [figure('B4', 'of it, what activation loads (dist/extension.js)', mb(activation[1]), '(reported)', undefined)] : []),
  ];
  if (proposed) {
    details.push(`B4: with ${proposed.script}: ${mb(proposed.bytes)}; top: ${proposed.byPackage.slice(0, 8).map(([n, b]) => `${n} ${(b / 1024).toFixed(0)} KB`).join(', ')}`);
    figures.push(figure('B4', `bundle size with ${proposed.script} (proposal)`, mb(proposed.bytes), '< 1.50 MB', proposed.bytes < TARGET_BYTES));
  }
  return { figures, details };
}

runStandalone(
  module,
  () => {
    const variant = process.argv.indexOf('--variant');
    const current = buildAndMeasure();
    const proposed = variant > 0 ? buildAndMeasure(process.argv[variant + 1]) : undefined;
    const byPackage = process.argv.includes('--all') ? [...current.byPackage].map(([n, b]) => `${n} ${b}`) : [];
    return { ...bundleFigures(current, proposed), byPackage };
  },
  (report) => {
    printReport(report);
    for (const line of report.byPackage) console.log(line);
  },
);
