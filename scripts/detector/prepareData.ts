/**
 * Builds the detector's training examples from the sources in scripts/detector/manifest.json and writes them to
 * DATA/examples.jsonl (DATA: --data DIR, default /work/data/detector), outside the repo. Each mail is read the
 * way the product reads it (parseMessage: the MIME parse, the sanitiser, quoted history collapsed; the text the
 * detector sees). Run from the repo root:
 *   npx tsx scripts/detector/prepareData.ts [--data DIR]
 * docs/detector-data.md says where each source comes from.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { convert } from 'html-to-text';
import { parseMessage } from '../../src/mail/processing/parseMessage';
import { syntheticExamples } from './synthetic';

const ROOT = resolve(import.meta.dirname, '..', '..');
const dataArg = process.argv.indexOf('--data');
export const DATA_DIR = resolve(dataArg > 0 ? process.argv[dataArg + 1] : '/work/data/detector');

/** A manifest path under ../shared: beside the checkout (main) or two levels up (a worktree under wt/). */
export function sharedPath(path: string): string {
  const candidates = [resolve(ROOT, path), resolve(ROOT, '..', path)];
  return candidates.find((candidate) => existsSync(candidate)) ?? candidates[0];
}

export interface Example {
  readonly id: string;
  readonly source: string;
  /** Attack family or ordinary-mail kind: what the bench reports recall or flag rate by. */
  readonly family: string;
  /** Mail that shares a unit (mailbox, sender domain, list year, attack family) lands in one split. */
  readonly unit: string;
  readonly hostile: boolean;
  readonly text: string;
  /** For an attack inside a carrier mail: text of the attack, to find the windows that hold it. */
  readonly focus?: readonly string[];
  /** True when the example is an attack without its own mail: the trainer puts it in an ordinary carrier. */
  readonly bare?: boolean;
  readonly lang?: string;
}

interface Manifest {
  readonly seed: number;
  readonly sources: ReadonlyArray<Record<string, unknown> & { id: string; kind: string }>;
}

interface Label {
  file: string;
  hostile: boolean;
  technique: string;
  hidden?: boolean;
  payload_markers?: string[];
}

async function mailText(file: string): Promise<string> {
  const raw = readFileSync(file).toString('base64url');
  const parsed = await parseMessage({ id: 'x', raw });
  return parsed.untrusted.text;
}

async function labelledCorpus(id: string, dir: string): Promise<Example[]> {
  const labels = JSON.parse(readFileSync(join(dir, 'labels.json'), 'utf8')) as Label[];
  const provenanceFile = join(dir, 'provenance.json');
  const provenance = new Map<string, { split_unit?: string; list?: string | null }>();
  if (existsSync(provenanceFile)) {
    for (const p of JSON.parse(readFileSync(provenanceFile, 'utf8')) as Array<{ file: string; split_unit?: string; list?: string | null }>) provenance.set(p.file, p);
  }
  const out: Example[] = [];
  for (const label of [...labels].sort((a, b) => a.file.localeCompare(b.file))) {
    const text = await mailText(join(dir, label.file));
    const p = provenance.get(label.file);
    const technique = label.hidden ? `${label.technique} (hidden)` : label.technique;
    // Ordinary mail's unit is its mailbox or sender domain where the corpus says; else the file's group prefix.
    // A whole source as one unit (SpamAssassin's easy_ham) splits further by mailing list.
    const listUnit = p?.split_unit?.startsWith('source:') ? `${p.split_unit}:${p.list ?? 'no-list'}` : p?.split_unit;
    const unit = listUnit ?? (label.hostile ? `${id}:${label.technique}` : `${id}:${label.file.replace(/-\d+\.eml$/, '')}`);
    out.push({ id: `${id}:${label.file}`, source: id, family: technique, unit, hostile: label.hostile, text, ...(label.hostile ? { focus: label.payload_markers ?? [] } : {}) });
  }
  return out;
}

function git(mirror: string, ...args: string[]): string {
  return execFileSync('git', ['--git-dir', mirror, ...args], { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
}

function hypermailArchive(source: Record<string, unknown>): Example[] {
  const mirror = String(source.mirror);
  const commit = String(source.commit);
  const files = git(mirror, 'ls-tree', '--name-only', commit)
    .split('\n')
    .filter((f) => /^\d+\.html$/.test(f))
    .sort();
  const sample = Number(source.sample);
  const step = Math.max(1, Math.floor(files.length / sample));
  const out: Example[] = [];
  for (let i = 0; i < files.length && out.length < sample; i += step) {
    const html = git(mirror, 'show', `${commit}:${files[i]}`);
    const subject = /<!-- subject="([^"]*)" -->/.exec(html)?.[1] ?? '';
    const year = /<!-- isosent="(\d{4})/.exec(html)?.[1] ?? 'unknown';
    const body = /<!-- body="start" -->([\s\S]*?)<!-- body="end" -->/.exec(html)?.[1];
    if (!body) continue;
    const text = convert(body, { wordwrap: false, selectors: [{ selector: 'a', options: { ignoreHref: true } }, { selector: 'address', format: 'skip' }] }).trim();
    if (text.length < 40) continue;
    out.push({ id: `${source.id}:${files[i]}`, source: source.id as string, family: 'mailing-list', unit: `${source.id}:${year}`, hostile: false, text: `${decodeEntities(subject)}\n${text}` });
  }
  return out;
}

function decodeEntities(text: string): string {
  return convert(text, { wordwrap: false });
}

function promptshield(source: Record<string, unknown>): Example[] {
  const mirror = String(source.mirror);
  const commit = String(source.commit);
  const files = git(mirror, 'ls-tree', '-r', '--name-only', commit, String(source.dir))
    .split('\n')
    .filter((f) => f.endsWith('.json'))
    .sort();
  const out: Example[] = [];
  for (const file of files) {
    const items = JSON.parse(git(mirror, 'show', `${commit}:${file}`)) as Array<{ text?: string; prompt?: string; category?: string }>;
    const benign = file.includes('/benign/');
    items.forEach((item, i) => {
      const text = item.text ?? item.prompt;
      if (!text) return;
      const family = benign ? 'promptshield-benign' : `promptshield-${item.category ?? 'attack'}`;
      out.push({ id: `${source.id}:${file}#${i}`, source: source.id, family, unit: `${source.id}:${file}`, hostile: !benign, text, bare: !benign });
    });
  }
  return out;
}

function agentdojo(source: Record<string, unknown>): Example[] {
  const data = JSON.parse(readFileSync(join(DATA_DIR, String(source.file)), 'utf8')) as {
    suites: Record<string, { goals: string[] }>;
    attacks: { templates: Record<string, string> };
  };
  const out: Example[] = [];
  const names = [['Emma Johnson', 'GPT-4'], ['Mark Smith', 'Claude'], ['the user', 'the AI model'], ['Emma Johnson', 'Gemini']];
  for (const [suite, { goals }] of Object.entries(data.suites).sort()) {
    goals.forEach((goal, g) => {
      for (const [template, jb] of Object.entries(data.attacks.templates).sort()) {
        const [user, model] = names[(g + template.length) % names.length];
        const text = jb.replaceAll('{goal}', goal).replaceAll('{user}', user).replaceAll('{model}', model);
        out.push({ id: `${source.id}:${suite}:${g}:${template}`, source: source.id, family: `agentdojo-${suite}`, unit: `${source.id}:${suite}:${template}`, hostile: true, text, bare: true });
      }
    });
  }
  return out;
}

function synthetic(source: Record<string, unknown>, seed: number): Example[] {
  return syntheticExamples(seed).map((e, i) => ({
    id: `${source.id}:${i}`,
    source: source.id,
    family: e.family,
    // Every language's attacks and ordinary mail spread over several units, so each language is in training.
    unit: `${source.id}:${e.family}:${e.lang}:${i % 7}`,
    hostile: e.hostile,
    text: e.text,
    bare: e.hostile,
    lang: e.lang,
  }));
}

async function main(): Promise<void> {
  const manifest = JSON.parse(readFileSync(join(ROOT, 'scripts/detector/manifest.json'), 'utf8')) as Manifest;
  const examples: Example[] = [];
  for (const source of manifest.sources) {
    let got: Example[];
    if (source.kind === 'labelled-eml-corpus') got = await labelledCorpus(source.id, sharedPath(String(source.path)));
    else if (source.kind === 'hypermail-archive') got = hypermailArchive(source);
    else if (source.kind === 'json-attack-db') got = promptshield(source);
    else if (source.kind === 'goals-and-templates') got = agentdojo(source);
    else if (source.kind === 'generated') got = synthetic(source, manifest.seed);
    else throw new Error(`unknown source kind ${source.kind}`);
    console.log(`${source.id}: ${got.length} examples (${got.filter((e) => e.hostile).length} attacks)`);
    examples.push(...got);
  }
  mkdirSync(DATA_DIR, { recursive: true });
  writeFileSync(join(DATA_DIR, 'examples.jsonl'), examples.map((e) => JSON.stringify(e)).join('\n') + '\n');
  console.log(`wrote ${examples.length} examples to ${join(DATA_DIR, 'examples.jsonl')}`);
}

if (process.argv[1] && resolve(process.argv[1]) === resolve(import.meta.filename)) {
  main().catch((error: unknown) => {
    console.error(error);
    process.exit(1);
  });
}
