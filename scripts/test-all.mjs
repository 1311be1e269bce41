// `npm test`: every stage in order, each as `npm run <stage>`, all of them even after one fails (a unit test failing
// says nothing about the integration suites, and a newcomer should see every result of one run); then one line per
// stage, and exit status 1 if any failed.
import { spawnSync } from 'node:child_process';

const STAGES = [
  'typecheck',
  'lint',
  'test:unit',
  'build',
  'test:conformance',
  'test:integration',
  'test:normal-window',
  'test:agent',
  'test:mcp-context',
  'test:chat-context',
  'test:demo',
  'test:vsix',
];

const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
const results = [];
for (const stage of STAGES) {
  console.log(`\n[test] npm run ${stage}`);
  const started = Date.now();
  const run = spawnSync(npm, ['run', stage], { stdio: 'inherit', shell: process.platform === 'win32' });
  const seconds = ((Date.now() - started) / 1000).toFixed(0);
  const outcome = run.status === 0 ? 'passed' : run.error ? `failed (${run.error.message})` : `failed (exit ${run.status ?? run.signal})`;
  results.push({ stage, ok: run.status === 0, line: `${run.status === 0 ? 'PASS' : 'FAIL'}  ${stage.padEnd(20)} ${outcome}, ${seconds} s` });
  if (run.signal === 'SIGINT' || run.signal === 'SIGTERM') break; // the person stopped the run
}

console.log('\n[test] results:');
for (const r of results) console.log(`  ${r.line}`);
const failed = results.filter((r) => !r.ok).map((r) => r.stage);
const notRun = STAGES.slice(results.length);
if (notRun.length) console.log(`  (not run: ${notRun.join(', ')})`);
console.log(failed.length || notRun.length ? `[test] ${failed.length} of ${STAGES.length} stages failed` : `[test] all ${STAGES.length} stages passed`);
process.exit(failed.length || notRun.length ? 1 : 0);
