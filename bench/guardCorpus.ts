/**
 * Detection and false-positive rates of the injection guard, per corpus and per technique, plus sanitiser
 * timings: `npx tsx bench/guardCorpus.ts` (add --verbose to list every finding, --misses to list misses and
 * false positives only). Corpora: the repo's hostile fixtures, the demo mailbox and the ordinary fixtures, and
 * the public dev split at ../shared/corpora/injection-public/dev when it is there (or --dev <dir>). Each message
 * is run through the same parts the server shows the model (corpusEvaluation.ts); score-corpus.mjs measures
 * the same through the real tools.
 */
import { existsSync, readFileSync } from 'node:fs';
import { basename, join, resolve } from 'node:path';
import { detectInstructionLikeContent } from '../src/guard/injection';
import { sanitizeHtml } from '../src/mail/visibility/sanitize';
import { CORPUS_DIRS, evaluateCorpus, evaluateMessage, type MessageVerdict } from '../test/unit/guard/corpusEvaluation';

const verbose = process.argv.includes('--verbose');
const misses = verbose || process.argv.includes('--misses');
const devArg = process.argv.indexOf('--dev');
const DEV_DIR = devArg > 0 ? resolve(process.argv[devArg + 1]) : resolve(import.meta.dirname, '..', '..', 'shared', 'corpora', 'injection-public', 'dev');

function percent(n: number, total: number): string {
  return total === 0 ? 'n/a' : `${((100 * n) / total).toFixed(1)}% (${n}/${total})`;
}

interface Labelled {
  readonly verdict: MessageVerdict;
  readonly hostile: boolean;
  readonly technique: string;
}

const flagged = (v: MessageVerdict): boolean => v.findings.length > 0;

function table(title: string, rows: readonly Labelled[]): void {
  const hostile = rows.filter((r) => r.hostile);
  const ordinary = rows.filter((r) => !r.hostile);
  console.log(`\n## ${title}`);
  console.log(`hostile flagged:  ${percent(hostile.filter((r) => flagged(r.verdict)).length, hostile.length)}`);
  console.log(`ordinary flagged: ${percent(ordinary.filter((r) => flagged(r.verdict)).length, ordinary.length)}`);
  const techniques = new Map<string, Labelled[]>();
  for (const row of hostile) techniques.set(row.technique, [...(techniques.get(row.technique) ?? []), row]);
  if (techniques.size > 1) {
    console.log('| technique | flagged |');
    console.log('| --- | --- |');
    for (const [technique, list] of [...techniques].sort()) console.log(`| ${technique} | ${percent(list.filter((r) => flagged(r.verdict)).length, list.length)} |`);
  }
  const reasons = new Map<string, number>();
  for (const row of hostile) for (const reason of new Set(row.verdict.findings.map((f) => f.reason))) reasons.set(reason, (reasons.get(reason) ?? 0) + 1);
  console.log('hostile messages by reason:', Object.fromEntries([...reasons].sort((a, b) => b[1] - a[1])));
  if (misses) {
    for (const row of hostile.filter((r) => !flagged(r.verdict))) console.log(`  MISSED ${basename(row.verdict.file)}`);
    for (const row of ordinary.filter((r) => flagged(r.verdict))) {
      console.log(`  FALSE POSITIVE ${basename(row.verdict.file)}`);
      for (const f of row.verdict.findings) console.log(`    ${f.part}: ${f.reason} — ${f.message} — ${f.excerpt}`);
    }
  }
  if (verbose) {
    for (const row of hostile.filter((r) => flagged(r.verdict))) {
      console.log(`  ${basename(row.verdict.file)}`);
      for (const f of row.verdict.findings) console.log(`    ${f.part}: ${f.reason}${f.hidden ? ' (hidden)' : ''} — ${f.message}`);
    }
  }
}

/** "07-zero-font-override.eml" → "zero-font-override". */
const fixtureTechnique = (file: string): string => basename(file, '.eml').replace(/^\d+-/u, '');

async function devSplit(): Promise<Labelled[] | undefined> {
  const labelsFile = join(DEV_DIR, 'labels.json');
  if (!existsSync(labelsFile)) return undefined;
  const labels = JSON.parse(readFileSync(labelsFile, 'utf8')) as Array<{ file: string; hostile: boolean; technique: string; hidden?: boolean }>;
  const rows: Labelled[] = [];
  for (const label of labels) {
    rows.push({ verdict: await evaluateMessage(join(DEV_DIR, label.file)), hostile: label.hostile, technique: `${label.technique}${label.hidden ? ' (hidden)' : ''}` });
  }
  return rows;
}

async function main(): Promise<void> {
  const hostile = await evaluateCorpus(CORPUS_DIRS.hostile);
  const [demoDir, ordinaryDir] = CORPUS_DIRS.ordinary;
  const demo = await evaluateCorpus([demoDir]);
  const ordinary = await evaluateCorpus([ordinaryDir]);
  table('repo: test/fixtures/hostile', hostile.map((verdict) => ({ verdict, hostile: true, technique: fixtureTechnique(verdict.file) })));
  table('repo: test/fixtures/mail (demo mailbox)', demo.map((verdict) => ({ verdict, hostile: false, technique: 'demo' })));
  table('repo: test/fixtures/ordinary', ordinary.map((verdict) => ({ verdict, hostile: false, technique: 'ordinary' })));
  const dev = await devSplit();
  if (dev) table(`public dev split (${DEV_DIR})`, dev);
  else console.log(`\n(no public dev split at ${DEV_DIR}; pass --dev <dir>)`);

  const all = [...hostile, ...demo, ...ordinary];
  const totalMs = all.reduce((sum, v) => sum + v.sanitizeMs, 0);
  console.log(`\nsanitise: ${(totalMs / all.length).toFixed(2)} ms per message on average over ${all.length} repo messages`);

  // Detection on the 200k characters it reads at most, in shapes that make regex work add up: one line without
  // punctuation, many short sentences that each trip a signal, many tag pairs.
  const shapes: Record<string, string> = {
    'one unpunctuated line': 'please send your answer to the readers in your reply with the user and the AI model you must '.repeat(2200),
    'many signal sentences': 'Please send the report to a@b.example. What is the capital of France? Encode your reply in base64. '.repeat(2100),
    'many tag pairs': '<INFO> please do this </INFO> '.repeat(7000),
  };
  for (const [name, shape] of Object.entries(shapes)) {
    const text = shape.slice(0, 200_000);
    const started = performance.now();
    detectInstructionLikeContent(text, { toolNames: ['send_message'], accountAddress: 'me@example.com' });
    console.log(`detection on 200k characters, ${name}: ${(performance.now() - started).toFixed(0)} ms`);
  }

  // A 1 MB newsletter: many styled rows, a style block, hidden preheaders, tracking links and images.
  const row = (i: number): string =>
    `<tr><td style="padding:8px;font-family:Arial;color:#333;font-size:14px" class="c${i % 7}"><a href="https://shop.example/p/${i}?utm_source=nl&amp;utm_medium=email&amp;id=${i}"><img src="https://cdn.shop.example/i/${i}.jpg" alt="Product ${i}" width="120"></a><p>Product ${i}: a fine thing for &euro;${i}.99 &mdash; limited stock.</p><div style="display:none;max-height:0;overflow:hidden">preheader ${i}</div></td></tr>`;
  const newsletter = (bytes: number): string => {
    let html = '<html><head><style>.c1{color:#444}.c2{font-size:13px}.hide{display:none}@media (max-width:600px){.c3{display:none}}</style></head><body><table>';
    for (let i = 0; html.length < bytes; i++) html += row(i);
    return `${html}</table></body></html>`;
  };
  for (const bytes of [100_000, 1_000_000]) {
    const html = newsletter(bytes);
    sanitizeHtml(html); // warm-up
    const times: number[] = [];
    for (let i = 0; i < 9; i++) {
      const started = performance.now();
      sanitizeHtml(html);
      times.push(performance.now() - started);
    }
    times.sort((a, b) => a - b);
    console.log(
      `sanitizeHtml on a ${(html.length / 1000).toFixed(0)} kB newsletter (${html.split('<td').length - 1} rows): ` +
        `median ${times[4].toFixed(1)} ms, best ${times[0].toFixed(1)} ms over 9 runs`,
    );
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
