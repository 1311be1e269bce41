/**
 * `npm run bench`: every benchmark of issue 5 (and H1, ours; S1 of issue 22; T3 of issue 23) against the fake Google, each figure printed with its target, a
 * summary table at the end, and the figures written to bench/RESULTS.md. The exit status is 1 when a figure misses
 * a current target (FAIL) or a benchmark crashes; figures reported without a target, or beside a retired goal
 * (report.ts: retiredGoal), never fail the run.
 * Options: --only B1,B2,H1,T1,T3,... to run some of them; --skip-vscode to leave out everything in code-server (B4's
 * activation and memory, T1, and B2 on Node 24 unless the test cache already has it); --skip-model-tokens to
 * leave out T1 alone (tokens as the model receives them in VS Code's agent, about 2-4 minutes).
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { cpus } from 'node:os';
import { join } from 'node:path';
import { runBulkRead } from './bulkRead';
import { runDetectorBench } from './detector';
import { bundleFigures, buildAndMeasure } from './bundleSize';
import { runActivationBench, runExtensionHostBench } from './extensionHost/run';
import { runHostileMail } from './hostileMail';
import { runLeanTokens } from './leanTokens';
import { missedTargets, table, verdict, withHandRecorded, type Figure } from './report';
import { runModelTokens } from './modelTokens';
import { runObedientAgent } from './obedientAgent';
import { runTokenEconomy } from './tokenEconomy';
import { runToolTokens } from './toolTokens';
import { runStackMemory } from './stackMemory';
import { runTransportOverhead, runTransportOverheadOnExtensionHostNode } from './transportOverhead';
import { runVisibilityDifferential } from './visibilityDifferential';
import { runHostileMemory } from './hostileMemory';

type Bench = { id: string; title: string; run: () => Promise<{ figures: Figure[]; details: string[] }> };

const onlyArg = process.argv.indexOf('--only');
const only = onlyArg > 0 ? new Set(process.argv[onlyArg + 1].split(',')) : undefined;
const skipVscode = process.argv.includes('--skip-vscode');
const skipModelTokens = skipVscode || process.argv.includes('--skip-model-tokens');

const benches: Bench[] = [
  { id: 'B1', title: 'bulk read (500 headers) against the quota floor', run: runBulkRead },
  { id: 'B2', title: `MCP transport overhead of read_message (this Node, ${process.version})`, run: runTransportOverhead },
  { id: 'B2', title: 'MCP transport overhead of read_message on the extension host\'s Node 24 (a child process)', run: () => runTransportOverheadOnExtensionHostNode({ install: !skipVscode }) },
  { id: 'B3', title: 'token economy over the fixture corpus', run: runTokenEconomy },
  { id: 'T2', title: 'tool definitions and search tokens per hit, in-process (issue 17; T1 measures them in VS Code)', run: runToolTokens },
  { id: 'T3', title: 'tokens per read and per search against GongRzhe\'s Gmail MCP server, on ordinary mail nobody here wrote (issue 23)', run: runLeanTokens },
  {
    id: 'B4',
    title: 'bundle size (production build, esbuild metafile)',
    run: async () => bundleFigures(buildAndMeasure()),
  },
  { id: 'B4', title: 'memory of our MCP stack alone, in plain Node', run: runStackMemory },
  ...(skipVscode
    ? []
    : [
        { id: 'B4', title: 'activation in code-server, the production build the .vsix ships', run: () => runActivationBench({ production: true }) },
        { id: 'B4', title: 'activation and extension-host memory in code-server', run: () => runExtensionHostBench() },
      ]),
  ...(skipModelTokens ? [] : [{ id: 'T1', title: 'tokens as the model receives them in VS Code\'s agent (issue 17)', run: runModelTokens }]),
  { id: 'H1', title: 'hostile mail: how long one read holds the extension host (ours, not in issue 5)', run: runHostileMail },
  { id: 'S1', title: 'obedient agent: the grade each attacker goal and each ordinary task is shown with (issue 22)', run: runObedientAgent },
  { id: 'D1', title: 'injection detector: recall per attack family and ordinary mail flagged at the shipped threshold (issue 24)', run: runDetectorBench },
  { id: 'V1', title: 'visibility against Chromium: generated hiding cases and ordinary mail (issue 23)', run: runVisibilityDifferential },
  { id: 'M1', title: 'peak memory on the hostile shapes: large search hits, zip and PDF bombs, deep HTML, many attachments (issue 23)', run: () => runHostileMemory() },
];

async function main(): Promise<void> {
  const started = Date.now();
  const figures: Figure[] = [];
  const details: string[] = [];
  for (const bench of benches) {
    if (only && !only.has(bench.id)) continue;
    const t0 = Date.now();
    console.log(`\n== ${bench.id}: ${bench.title}`);
    try {
      const r = await bench.run();
      for (const line of r.details) console.log(`  ${line}`);
      for (const f of r.figures) console.log(`  ${f.id} ${f.name}: ${f.value} (target ${f.target}) ${verdict(f)}${f.note ? ` — ${f.note}` : ''}`);
      figures.push(...r.figures);
      details.push(...r.details);
    } catch (error) {
      console.error(`  ${bench.id} crashed: ${(error as Error).stack ?? error}`);
      figures.push({ id: bench.id, name: bench.title, value: 'crashed', target: '', pass: false, note: String((error as Error).message) });
    }
    console.log(`  (${((Date.now() - t0) / 1000).toFixed(1)} s)`);
  }
  const rows = [['', 'figure', 'value', 'target', 'result'], ...figures.map((f) => [f.id, f.name, f.value, f.target, verdict(f)])];
  console.log(`\n== Summary (${((Date.now() - started) / 1000).toFixed(0)} s)\n${table(rows)}`);
  if (!only) writeResults(figures, details, Date.now() - started);
  const missed = missedTargets(figures);
  // A crashed benchmark is in the list too: its figure is recorded as failed.
  if (missed.length > 0) console.log(`\n${missed.length} figure(s) missed a current target or crashed: ${missed.map((f) => `${f.id} ${f.name}`).join('; ')}`);
  process.exit(missed.length > 0 ? 1 : 0);
}

function writeResults(figures: readonly Figure[], details: readonly string[], durationMs: number): void {
  const esc = (s: string) => s.replace(/\|/g, '\\|');
  const lines = [
    '# Benchmark results',
    '',
    `Measured by \`npm run bench\` on ${new Date().toISOString().slice(0, 10)}, Node ${process.version}, ${cpus().length} cores ` +
      `(${cpus()[0]?.model.trim() ?? 'unknown CPU'}), shared with other work; whole run ${(durationMs / 1000).toFixed(0)} s. ` +
      'Fake Google with Gmail\'s quota units; see bench/*.ts for each setup.',
    '',
    '| | figure | value | target | result |',
    '|---|---|---|---|---|',
    ...figures.map((f) => `| ${f.id} | ${esc(f.name)} | ${esc(f.value)} | ${esc(f.target)} | ${verdict(f)}${f.note ? ` (${esc(f.note)})` : ''} |`),
    '',
    '## Details',
    '',
    '```',
    ...details,
    '```',
    '',
  ];
  const resultsPath = join(__dirname, 'RESULTS.md');
  const previous = existsSync(resultsPath) ? readFileSync(resultsPath, 'utf8') : undefined;
  writeFileSync(resultsPath, withHandRecorded(lines.join('\n'), previous));
  console.log('figures written to bench/RESULTS.md');
}

void main();
