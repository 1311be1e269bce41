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

/** One relative import of a file, type-only ones included (a cycle of types still ties two files together). */
interface ImportEdge {
  readonly target: string;
  readonly typeOnly: boolean;
}

function importEdgesOf(file: string): ImportEdge[] {
  const text = readFileSync(file, 'utf8');
  const statics = [...text.matchAll(/^\s*(import|export)\b([^'"]*?)from\s+'(\.[^']+)'/gm)].map((m) => ({ spec: m[3], typeOnly: /^\s*type\b/.test(m[2]) }));
  const bare = [...text.matchAll(/^\s*import\s+'(\.[^']+)'/gm)].map((m) => ({ spec: m[1], typeOnly: false }));
  const dynamic = [...text.matchAll(/\bimport\(\s*'(\.[^']+)'\s*\)/g)].map((m) => ({ spec: m[1], typeOnly: false }));
  return [...statics, ...bare, ...dynamic].map(({ spec, typeOnly }) => ({ target: path.resolve(path.dirname(file), `${spec}.ts`), typeOnly }));
}

function importsOf(file: string): string[] {
  return importEdgesOf(file).map((e) => e.target);
}

const edges = new Map(sourceFiles(SRC).map((f) => [f, importEdgesOf(f)]));
const graph = new Map([...edges].map(([f, deps]) => [f, deps.map((d) => d.target)]));
const room = (file: string) => path.relative(SRC, file).split(path.sep)[0];
const relative = (file: string) => path.relative(SRC, file).split(path.sep).join('/');

/**
 * The rooms and what each may import, lowest first; an import not listed here is forbidden, and so is a room (a
 * folder of src/) not listed. gmail/ is the Gmail REST API; mail/ the message model and the road from raw MIME to
 * what the model reads (it calls the guard's detector and provenance); guard/ the decisions about untrusted content,
 * with the one address and domain module (guard/addresses.ts), which imports nothing above guard/, so guard
 * imports no other room.
 */
const ALLOWED_IMPORTS: Readonly<Record<string, readonly string[]>> = {
  types: [],
  text: [],
  errors: [],
  gmail: ['text', 'errors'],
  guard: ['text', 'errors'],
  mail: ['gmail', 'guard', 'text', 'errors'],
  writes: ['gmail', 'guard', 'mail', 'text', 'errors'],
  // serverBundle.ts: google-auth-library is loaded on first use, from the server bundle.
  auth: ['gmail', 'serverBundle.ts', 'text', 'errors'],
  mcp: ['gmail', 'guard', 'mail', 'writes', 'text', 'errors'],
  audit: ['mcp', 'text', 'errors'],
  ui: ['auth', 'gmail', 'guard', 'mail', 'mcp', 'writes', 'serverBundle.ts', 'text', 'errors'],
  'extension.ts': ['audit', 'auth', 'gmail', 'guard', 'mail', 'mcp', 'ui', 'writes', 'text', 'errors'],
  // The build's second entry point (dist/server.js), what loads on first use, and its loader, beside it in src/.
  'server.ts': ['gmail', 'mail', 'mcp', 'text', 'errors'],
  'serverBundle.ts': ['server.ts'],
};

/**
 * Shared contracts any room may import by type: they import nothing, so they add no edge between rooms. The
 * evidence contract is written by guard's provenance and read by writes and ui.
 */
const TYPE_CONTRACTS = new Set(['writes/evidence.ts']);

/** The imports of a graph that cross rooms against ALLOWED_IMPORTS, as "from -> to". */
function forbiddenImports(edges: ReadonlyMap<string, readonly ImportEdge[]>): string[] {
  return [...edges].flatMap(([file, deps]) => {
    const from = room(file);
    const allowed = ALLOWED_IMPORTS[from];
    if (!allowed) return [`${relative(file)} is in a room the import rules do not know (${from})`];
    return deps
      .filter((d) => room(d.target) !== from && !allowed.includes(room(d.target)) && !(d.typeOnly && TYPE_CONTRACTS.has(relative(d.target))))
      .map((d) => `${relative(file)} -> ${relative(d.target)}`);
  });
}


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

  it('every import between rooms runs the allowed way (gmail <- mail <- writes <- mcp <- ui; guard below mail)', () => {
    assert.ok(edges.size > 100);
    assert.deepEqual(forbiddenImports(edges), []);
  });

  it('the rules catch a forbidden import, a type-only one included', () => {
    const guardFile = path.join(SRC, 'guard/userLimits.ts');
    const upward = (target: string, typeOnly: boolean) => new Map([[guardFile, [{ target: path.join(SRC, target), typeOnly }]]]);
    assert.deepEqual(forbiddenImports(upward('mail/render.ts', true)), ['guard/userLimits.ts -> mail/render.ts']);
    assert.deepEqual(forbiddenImports(upward('gmail/client.ts', false)), ['guard/userLimits.ts -> gmail/client.ts']);
    assert.deepEqual(forbiddenImports(upward('writes/evidence.ts', false)), ['guard/userLimits.ts -> writes/evidence.ts']);
    assert.deepEqual(forbiddenImports(upward('writes/evidence.ts', true)), []);
    assert.deepEqual(forbiddenImports(new Map([[path.join(SRC, 'newRoom/x.ts'), []]])), ['newRoom/x.ts is in a room the import rules do not know (newRoom)']);
  });

  it('shared contracts import nothing of ours', () => {
    for (const contract of TYPE_CONTRACTS) assert.deepEqual(importsOf(path.join(SRC, contract)), [], contract);
  });

  it('one domain normaliser: normaliseDomain in guard/addresses.ts, imported from there, and no other', () => {
    // Two normalisers that differ (one strips "*." or folds fullwidth dots, the other not) let a limit and the
    // provenance compare one domain two ways. A function of another name that lower-cases a domain cannot be found
    // by name; domainToASCII (punycode), the step every such function needs, is kept to the one module.
    const HOME = 'guard/addresses.ts';
    const DOMAIN_NORMALISER = /\b(?:function\s+|const\s+|let\s+)(\w*(?:normali[sz]e|canonical|canonicali[sz]e)\w*Domain\w*)\b/gi;
    const wrong = [...graph.keys()].flatMap((file) => {
      const name = relative(file);
      const text = readFileSync(file, 'utf8');
      const found: string[] = [];
      if (name !== HOME) {
        for (const m of text.matchAll(DOMAIN_NORMALISER)) found.push(`${name} defines ${m[1]}`);
        if (/\bdomainToASCII\b/.test(text)) found.push(`${name} uses domainToASCII (call normaliseDomain)`);
        if (/^\s*export\s*\{[^}]*\bnormaliseDomain\b[^}]*\}/m.test(text)) found.push(`${name} re-exports normaliseDomain (import it from ${HOME})`);
      }
      return found;
    });
    assert.deepEqual(wrong, []);
    assert.match(readFileSync(path.join(SRC, HOME), 'utf8'), /export function normaliseDomain\(/);
  });

  it('one definition per shared concept: oneLine, plural, the Gmail id pattern, the detector\'s address and AI-name words', () => {
    // A second copy drifts from the first (one strips invisible characters, the other not; one cuts at 200, the
    // other at 300), so each concept is defined in one module and imported from there.
    const ONE_HOME: ReadonlyArray<{ readonly home: string; readonly definition: RegExp; readonly what: string }> = [
      { home: 'text/oneLine.ts', definition: /\b(?:function\s+oneLine\b|(?:const|let)\s+oneLine\s*=)/, what: 'defines oneLine' },
      { home: 'text/plural.ts', definition: /\b(?:function\s+plural\b|(?:const|let)\s+plural\s*=)/, what: 'defines plural' },
      { home: 'gmail/gmailId.ts', definition: /\[A-Za-z0-9_-\]\{1,128\}/, what: 'writes the Gmail id pattern (use GMAIL_ID_PATTERN)' },
      { home: 'guard/injectionVocabulary.ts', definition: /@\[\\p\{L\}\\p\{N\}-\]\+\(\?:\\\.\[\\p\{L\}\\p\{N\}-\]\+\)\+/, what: 'writes the e-mail address pattern (use EMAIL)' },
      { home: 'guard/injectionVocabulary.ts', definition: /ChatGPT\|GPT/, what: 'writes the AI-name vocabulary (use AI_NAME or AGENT_NAME)' },
    ];
    const wrong = [...graph.keys()].flatMap((file) => {
      const name = relative(file);
      const text = readFileSync(file, 'utf8');
      return ONE_HOME.filter((c) => c.home !== name && c.definition.test(text)).map((c) => `${name} ${c.what}`);
    });
    assert.deepEqual(wrong, []);
    for (const c of ONE_HOME) assert.match(readFileSync(path.join(SRC, c.home), 'utf8'), c.definition, c.home);
  });

  it('the tool runtime maps failures by category in one place (isUserFacingError), naming no error class', () => {
    // A new failure for people extends errors/userFacingError.ts; a list of classes here is what it replaced,
    // and instanceof would miss an error made in the other bundle.
    const runtime = readFileSync(path.join(SRC, 'mcp/server/toolCall.ts'), 'utf8');
    const named = [...runtime.matchAll(/instanceof\s+(\w+)/g)].map((m) => m[1]).filter((name) => name !== 'Error');
    assert.deepEqual(named, []);
    assert.match(runtime, /isUserFacingError\(error\)/);
  });

  it('"guard" names one thing, the guard/ room: no class, interface or type is called a Guard', () => {
    // GuardPolicy held the user's limits, CallGuard the pause switch and alarms, UntrustedContentGuard the
    // inspection of mail: three things under one word. They are UserLimits, CallSupervisor, UntrustedContentInspector.
    const DECLARED_GUARD = /\b(?:class|interface|type)\s+(\w*Guard\w*)\b/g;
    const wrong = [...graph.keys()].flatMap((file) => [...readFileSync(file, 'utf8').matchAll(DECLARED_GUARD)].map((m) => `${relative(file)} declares ${m[1]}`));
    assert.deepEqual(wrong, []);
  });

  it('a tool imports no other tool: what tools share is in mcp/tools/shared/', () => {
    const tools = [...graph.keys()].filter((f) => relative(f).startsWith('mcp/tools/') && !relative(f).startsWith('mcp/tools/shared/'));
    assert.ok(tools.length > 10);
    const wrong = tools.flatMap((file) =>
      importsOf(file)
        .filter((target) => relative(target).startsWith('mcp/tools/') && !relative(target).startsWith('mcp/tools/shared/'))
        .map((target) => `${relative(file)} -> ${relative(target)}`),
    );
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

  it('src/ui is in feature folders, each registering its own commands; the composition root registers none', () => {
    const FEATURES = ['account', 'calls', 'confirmation', 'message', 'palette', 'server', 'shared'];
    assert.deepEqual(readdirSync(path.join(SRC, 'ui')).filter((name) => !FEATURES.includes(name)), []);
    assert.doesNotMatch(readFileSync(path.join(SRC, 'extension.ts'), 'utf8'), /registerCommand\(/);
  });

  it('src/mcp is split into transport/, server/, tools/, resources/ and prompts/ (nothing loose at its top)', () => {
    const loose = readdirSync(path.join(SRC, 'mcp')).filter((name) => !['transport', 'server', 'tools', 'resources', 'prompts'].includes(name));
    assert.deepEqual(loose, []);
  });
});
