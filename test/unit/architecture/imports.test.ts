import { strict as assert } from 'node:assert';
import { readFileSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import type { AccountMcpEndpoint } from '../../../src/mcp/server/accountServer';

const GMAIL_WRITE_METHODS = ['sendMessage', 'sendDraft', 'createDraft', 'updateDraft', 'deleteDraft', 'trashMessages', 'untrashMessages', 'modifyMessages'] as const;
// What the UI is handed of Gmail (an endpoint's `gmail`) has none of them: this fails to compile otherwise.
type WriteMethodInUiView = Extract<keyof AccountMcpEndpoint['gmail'], (typeof GMAIL_WRITE_METHODS)[number]>;
const uiViewHasNoWrites: [WriteMethodInUiView] extends [never] ? true : WriteMethodInUiView = true;

const SRC = path.join(__dirname, '../../../src');

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const full = path.join(dir, name);
    return statSync(full).isDirectory() ? sourceFiles(full) : name.endsWith('.ts') ? [full] : [];
  });
}

/** Relative imports of a file, type-only ones included (a cycle of types still ties two files together). */
function importsOf(file: string): string[] {
  const text = readFileSync(file, 'utf8');
  const specifiers = [...text.matchAll(/^\s*(?:import|export)\b[^'"]*?from\s+'(\.[^']+)'/gm)].map((m) => m[1]);
  return specifiers.map((s) => path.resolve(path.dirname(file), `${s}.ts`));
}

const graph = new Map(sourceFiles(SRC).map((f) => [f, importsOf(f)]));
const room = (file: string) => path.relative(SRC, file).split(path.sep)[0];

describe('architecture: rooms and imports', () => {
  it('has no import cycles between files', () => {
    const state = new Map<string, 'visiting' | 'done'>();
    const cycles: string[] = [];
    const visit = (file: string, trail: string[]) => {
      if (state.get(file) === 'done') return;
      if (state.get(file) === 'visiting') {
        cycles.push([...trail.slice(trail.indexOf(file)), file].map((f) => path.relative(SRC, f)).join(' -> '));
        return;
      }
      state.set(file, 'visiting');
      for (const next of graph.get(file) ?? []) if (graph.has(next)) visit(next, [...trail, file]);
      state.set(file, 'done');
    };
    for (const file of graph.keys()) visit(file, []);
    assert.deepEqual(cycles, []);
  });

  it('the writes room depends on gmail and guard only, never on mcp or ui', () => {
    const wrong = [...graph].filter(([f]) => room(f) === 'writes').flatMap(([f, deps]) => deps.filter((d) => !['writes', 'gmail', 'guard'].includes(room(d))).map((d) => `${path.relative(SRC, f)} -> ${path.relative(SRC, d)}`));
    assert.deepEqual(wrong, []);
  });

  it('no UI code holds Gmail write methods: the person\'s own changes (Undo) go through the writes pipeline too', () => {
    // The UI reaches Gmail only through an endpoint's read-only view and its undo(); a call of a write method, or
    // the client types that carry them, in src/ui or the composition root would be a road around the pipeline.
    assert.equal(uiViewHasNoWrites, true);
    const WRITE_CALL = new RegExp(`\\.(?:${GMAIL_WRITE_METHODS.join('|')})\\s*\\(`);
    const WRITER_TYPE = /\b(?:GmailWriter|GmailService|GmailClient)\b/;
    const uiFiles = [...graph.keys()].filter((f) => room(f) === 'ui' || path.relative(SRC, f) === 'extension.ts');
    assert.ok(uiFiles.length > 10);
    const wrong = uiFiles.flatMap((f) => {
      const text = readFileSync(f, 'utf8');
      return [...(WRITE_CALL.test(text) ? [`${path.relative(SRC, f)} calls a Gmail write method`] : []), ...(WRITER_TYPE.test(text) ? [`${path.relative(SRC, f)} names a Gmail client type with writes`] : [])];
    });
    assert.deepEqual(wrong, []);
  });

  it('src/mcp is split into transport/, server/, tools/, resources/ and prompts/ (nothing loose at its top)', () => {
    const loose = readdirSync(path.join(SRC, 'mcp')).filter((name) => !['transport', 'server', 'tools', 'resources', 'prompts'].includes(name));
    assert.deepEqual(loose, []);
  });
});
