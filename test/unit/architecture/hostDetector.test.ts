import { strict as assert } from 'node:assert';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';

/**
 * The injection detector and the attachment readers run in worker threads (the mail worker, the extraction
 * worker), never on the extension host: what the host bundles (extension.js and the server.js it loads on first
 * use) is everything src/extension.ts reaches by value imports, static or dynamic. Type-only imports and the
 * workers' entries (started with new Worker(file), not imported) do not count.
 */
const SRC = path.join(__dirname, '../../../src');

function valueImportsOf(file: string): string[] {
  const text = readFileSync(file, 'utf8');
  const specifiers = [
    ...[...text.matchAll(/^\s*(?:import|export)\s+(?!type\b)[^'"]*?from\s+'(\.[^']+)'/gm)].map((m) => m[1]),
    ...[...text.matchAll(/\b(?:import|require)\(\s*'(\.[^']+)'\s*\)/g)].map((m) => m[1]),
  ];
  // A require of './server.js' is the built twin of src/server.ts (the second bundle, loaded on first use).
  const candidates = (p: string) => [`${p}.ts`, p.replace(/\.js$/, '.ts'), path.join(p, 'index.ts')];
  return specifiers.map((s) => path.resolve(path.dirname(file), s)).flatMap((p) => candidates(p).find((c) => c.endsWith('.ts') && existsSync(c)) ?? []);
}

function reachableFrom(entry: string): Set<string> {
  const seen = new Set<string>();
  const stack = [entry];
  while (stack.length) {
    const file = stack.pop() as string;
    if (seen.has(file)) continue;
    seen.add(file);
    stack.push(...valueImportsOf(file));
  }
  return seen;
}

describe('architecture: the detector and the attachment readers stay off the extension host', () => {
  const host = [...reachableFrom(path.join(SRC, 'extension.ts'))].map((f) => path.relative(SRC, f).split(path.sep).join('/'));

  it('reaches the tools (the walk follows the lazy imports too)', () => {
    assert.ok(host.includes('mcp/tools/getAttachment.ts'), host.join('\n'));
  });

  it('never imports the injection detector, the PDF/Word/markup readers or the attachment guard', () => {
    const workerOnly = ['guard/injection.ts', 'guard/injectionModel.ts', 'guard/injectionRules.ts', 'mail/processing/scanContent.ts', 'mail/attachments/extractText.ts', 'mail/attachments/guardedAttachment.ts', 'mail/attachments/pdfText.ts', 'mail/attachments/docxText.ts'];
    assert.deepEqual(host.filter((f) => workerOnly.includes(f)), []);
  });
});
