/**
 * Detection and false-positive rates of the injection guard over the corpus, plus sanitiser timings:
 * `npx tsx bench/guardCorpus.ts` (add --verbose to list every finding).
 */
import { basename } from 'node:path';
import { sanitizeHtml } from '../src/guard/sanitize';
import { CORPUS_DIRS, evaluateCorpus } from '../test/unit/guard/corpusEvaluation';

const verbose = process.argv.includes('--verbose');

function percent(n: number, total: number): string {
  return `${((100 * n) / total).toFixed(1)}% (${n}/${total})`;
}

async function main(): Promise<void> {
  const hostile = await evaluateCorpus(CORPUS_DIRS.hostile);
  const ordinary = await evaluateCorpus(CORPUS_DIRS.ordinary);
  const detected = hostile.filter((v) => v.findings.length > 0);
  const falsePositives = ordinary.filter((v) => v.findings.length > 0);
  console.log(`hostile:  detected ${percent(detected.length, hostile.length)}`);
  console.log(`ordinary: flagged  ${percent(falsePositives.length, ordinary.length)}`);
  for (const miss of hostile.filter((v) => v.findings.length === 0)) console.log(`  MISSED ${basename(miss.file)}`);
  for (const fp of falsePositives) {
    console.log(`  FALSE POSITIVE ${basename(fp.file)}`);
    for (const f of fp.findings) console.log(`    ${f.part}: ${f.reason} — ${f.excerpt}`);
  }
  if (verbose) {
    for (const v of detected) {
      console.log(`  ${basename(v.file)}`);
      for (const f of v.findings) console.log(`    ${f.part}: ${f.reason}${f.hidden ? ' (hidden)' : ''} — ${f.excerpt}`);
    }
  }
  const byReason = new Map<string, number>();
  for (const v of detected) for (const reason of new Set(v.findings.map((f) => f.reason))) byReason.set(reason, (byReason.get(reason) ?? 0) + 1);
  console.log('hostile messages by reason:', Object.fromEntries([...byReason].sort((a, b) => b[1] - a[1])));
  const all = [...hostile, ...ordinary];
  const totalMs = all.reduce((sum, v) => sum + v.sanitizeMs, 0);
  console.log(`sanitise: ${(totalMs / all.length).toFixed(2)} ms per message on average over ${all.length} messages`);

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
