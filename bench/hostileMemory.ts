/**
 * M1 (issue 23, item 5): peak memory on the hostile shapes. Each shape runs in a child process of its own, so one
 * shape's leftovers never count against the next and the process's own peak (resourceUsage().maxRSS) is that
 * shape's: a search of 10 hits of 10 MB and a read_messages of the same, a zip-bomb .docx (lying and honest), HTML nested 200,000 deep, a PDF
 * bomb and a PDF of 5,000 pages, and 8 Word files read at once. Inputs are built in code (hostileFiles.ts,
 * hostileShapes.ts), never committed. Printed per shape: growth over the settled baseline of the main thread's
 * heap (sampled) and of the process's RSS (main thread and every worker, sampled and maxRSS), and what the call
 * answered. `npx tsx bench/hostileMemory.ts [--only <part of a name>]` runs it alone; `--shape <name>` runs one
 * shape in this process.
 */
import { spawn } from 'node:child_process';
import { BoundedAttachmentExtractor, WorkerAttachmentExtractor } from '../src/mail/attachments/attachmentExtractor';
import { DEFAULT_ACCOUNT } from '../test/fakeGoogle';
import { bombDocx, largeBombDocx, largeBombPdf, manyPagePdf } from '../test/unit/attachments/hostileFiles';
import { HOSTILE_SHAPES, largeAttachmentMail } from './hostileShapes';
import { stackOnFake, textOf, type StackOnFake } from './mcpStack';
import { exposedGc, memoryAfterGc, samplePeakMemory, type PeakMemory } from './memory';
import { figure, mb, runStandalone, table, type Figure } from './report';

const DOCX_TYPE = 'application/vnd.openxmlformats-officedocument.wordprocessingml.document';
/** What get_attachment asks of the extraction (its ATTACHMENT_LIMITS and time limit). */
const LIMITS = { maxPages: 200, maxChars: 400_000 };
const TIME_LIMIT_MS = 20_000;

interface Shape {
  readonly name: string;
  /** Builds the input and whatever serves it; answers the measured step and the clean-up. */
  prepare(): Promise<{ run(): Promise<string>; close(): Promise<void> }>;
}

const quietQuota = { unitsPerWindow: 10_000_000, windowSeconds: 1 };

async function mailStack(messages: Buffer[]): Promise<StackOnFake> {
  return stackOnFake({ accounts: [{ address: DEFAULT_ACCOUNT, messages }], latencyMs: 0, quota: quietQuota });
}

/** Attachments read as get_attachment reads them: a fresh extractor like the tool's, the outcomes in a line. */
function extraction(files: () => Promise<Array<{ bytes: Buffer; mimeType: string; filename: string }>>): Shape['prepare'] {
  return async () => {
    const inputs = (await files()).map((f) => ({ ...f, bytes: new Uint8Array(f.bytes.buffer, f.bytes.byteOffset, f.bytes.byteLength) }));
    const extractor = new BoundedAttachmentExtractor(new WorkerAttachmentExtractor({ timeLimitMs: TIME_LIMIT_MS }));
    return {
      async run() {
        const outcomes = await Promise.allSettled(inputs.map((input) => extractor.extract(input, LIMITS)));
        const lines = outcomes.map((o) => (o.status === 'fulfilled' ? `read: ${o.value.visibleText.length} chars` : `refused: ${(o.reason as Error).message}`));
        const distinct = [...new Set(lines)];
        return distinct.map((line) => `${lines.filter((l) => l === line).length}x ${line.slice(0, 140)}`).join(' / ');
      },
      close: async () => undefined,
    };
  };
}

export const MEMORY_SHAPES: readonly Shape[] = [
  {
    name: 'search_messages: 10 hits of 10 MB',
    async prepare() {
      const stackOf = await mailStack(Array.from({ length: 10 }, (_, i) => largeAttachmentMail(10, i)));
      // The mail workers' code loaded and the label list read, as in a session that has searched before.
      await stackOf.stack.direct('search_messages', { query: 'subject:nothing-matches-this' });
      return {
        async run() {
          const result = await stackOf.stack.direct('search_messages', { maxResults: 10 });
          const hits = (result.structuredContent as { messages?: unknown[] } | undefined)?.messages?.length ?? 0;
          return result.isError ? `error: ${textOf(result).slice(0, 140)}` : `${hits} hits listed`;
        },
        close: () => stackOf.close(),
      };
    },
  },
  {
    name: 'read_messages: 10 messages of 10 MB',
    async prepare() {
      const stackOf = await mailStack(Array.from({ length: 10 }, (_, i) => largeAttachmentMail(10, i)));
      const ids = stackOf.fake.mailbox().allMessages().map((m) => m.id);
      await stackOf.stack.direct('search_messages', { query: 'subject:nothing-matches-this' });
      return {
        async run() {
          const result = await stackOf.stack.direct('read_messages', { ids });
          return result.isError ? `error: ${textOf(result).slice(0, 140)}` : `${ids.length} messages read`;
        },
        close: () => stackOf.close(),
      };
    },
  },
  {
    name: 'read_message: HTML nested 200,000 <div> deep',
    async prepare() {
      const stackOf = await mailStack([HOSTILE_SHAPES['HTML nested 200,000 <div> deep (1 MB)']()]);
      const id = stackOf.fake.mailbox().allMessages()[0].id;
      await stackOf.stack.direct('search_messages', { query: 'subject:nothing-matches-this' });
      return {
        async run() {
          const result = await stackOf.stack.direct('read_message', { id });
          return result.isError ? `error: ${textOf(result).slice(0, 140)}` : 'read';
        },
        close: () => stackOf.close(),
      };
    },
  },
  {
    name: 'get_attachment: zip-bomb .docx (0.9 MB, 300 MB of XML, declares 1 KB)',
    prepare: extraction(async () => [{ bytes: await largeBombDocx({ megabytes: 300, declaredSize: 1024 }), mimeType: DOCX_TYPE, filename: 'bomb.docx' }]),
  },
  {
    name: 'get_attachment: zip-bomb .docx (45 MB of XML, declared)',
    prepare: extraction(async () => [{ bytes: await largeBombDocx({ megabytes: 45 }), mimeType: DOCX_TYPE, filename: 'bomb.docx' }]),
  },
  {
    name: 'get_attachment: PDF bomb (0.3 MB, a page stream of 300 MB)',
    prepare: extraction(async () => [{ bytes: await largeBombPdf(300), mimeType: 'application/pdf', filename: 'bomb.pdf' }]),
  },
  {
    name: 'get_attachment: PDF of 5,000 pages',
    prepare: extraction(async () => [{ bytes: manyPagePdf(5000), mimeType: 'application/pdf', filename: 'long.pdf' }]),
  },
  {
    name: 'get_attachment x8 at once: .docx of 0.5 MB of XML each',
    prepare: extraction(async () => Array.from({ length: 8 }, (_, i) => ({ bytes: bombDocx({ megabytes: 0.5 }), mimeType: DOCX_TYPE, filename: `r${i}.docx` }))),
  },
];

interface ShapeMeasure {
  readonly shape: string;
  readonly outcome: string;
  readonly seconds: number;
  readonly before: NodeJS.MemoryUsage;
  readonly peak: PeakMemory;
  readonly after: NodeJS.MemoryUsage;
  /** The process's peak resident set since it started (input building included). */
  readonly maxRss: number;
}

/** One shape in this process: the figures as one JSON line on stdout. */
async function measureShape(name: string): Promise<ShapeMeasure> {
  const shape = MEMORY_SHAPES.find((s) => s.name === name);
  if (!shape) throw new Error(`no shape ${name}`);
  const gc = exposedGc();
  const prepared = await shape.prepare();
  const before = await memoryAfterGc(gc);
  const sampler = samplePeakMemory();
  const started = performance.now();
  const outcome = await prepared.run().catch((error: unknown) => `threw: ${error instanceof Error ? error.message : String(error)}`);
  const seconds = (performance.now() - started) / 1000;
  const peak = sampler.stop();
  const after = await memoryAfterGc(gc);
  await prepared.close();
  return { shape: name, outcome, seconds, before, peak, after, maxRss: process.resourceUsage().maxRSS * 1024 };
}

function runChild(name: string): Promise<ShapeMeasure> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', __filename, '--shape', name], { stdio: ['ignore', 'pipe', 'inherit'] });
    let out = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    child.once('error', reject);
    child.once('exit', (code) => {
      const line = out.split('\n').find((l) => l.startsWith('RESULT '));
      if (!line) reject(new Error(`shape "${name}" exited ${code} without a result`));
      else resolve(JSON.parse(line.slice('RESULT '.length)) as ShapeMeasure);
    });
  });
}

/** `only`: run the shapes whose name contains it (`npx tsx bench/hostileMemory.ts --only docx`). */
export async function runHostileMemory(only?: string): Promise<{ figures: Figure[]; details: string[] }> {
  const measures: ShapeMeasure[] = [];
  for (const shape of MEMORY_SHAPES.filter((s) => !only || s.name.includes(only))) measures.push(await runChild(shape.name));
  const rows = [['shape', 'main heap peak +', 'RSS peak + (sampled)', 'maxRSS + ', 'heap kept', 's', 'outcome']];
  for (const m of measures) {
    rows.push([m.shape, mb(m.peak.heapUsed - m.before.heapUsed, 0), mb(m.peak.rss - m.before.rss, 0), mb(m.maxRss - m.before.rss, 0), mb(m.after.heapUsed - m.before.heapUsed, 0), m.seconds.toFixed(1), m.outcome]);
  }
  return {
    figures: measures.flatMap((m) => [
      figure('M1', `peak RSS growth (main + workers): ${m.shape}`, mb(m.peak.rss - m.before.rss, 0), '(reported)', undefined, m.outcome.slice(0, 80)),
      figure('M1', `peak main-thread heap growth: ${m.shape}`, mb(m.peak.heapUsed - m.before.heapUsed, 0), '(reported)', undefined),
    ]),
    details: ['M1: peak memory on the hostile shapes, each in its own process (growth over the settled baseline):', ...table(rows).split('\n')],
  };
}

const shapeArg = process.argv.indexOf('--shape');
if (shapeArg > 0) {
  measureShape(process.argv[shapeArg + 1]).then(
    (m) => {
      console.log(`RESULT ${JSON.stringify(m)}`);
      process.exit(0);
    },
    (error: unknown) => {
      console.error(error);
      process.exit(1);
    },
  );
} else {
  const onlyArg = process.argv.indexOf('--only');
  runStandalone(module, () => runHostileMemory(onlyArg > 0 ? process.argv[onlyArg + 1] : undefined));
}
