/**
 * T1 tokens where the model is (issue 17): VS Code's real agent (the built-in Copilot Chat in code-server 1.139.1,
 * signed out) runs a scripted session with the scripted model (test/agent/scripted-model, its "replay" scenario):
 * searches, a read of every ordinary fixture (test/fixtures/ordinary) and of demo mailbox mail, and thread reads.
 * The model records every tool result part and the tool definitions it was handed (SCRIPTED_MODEL_RECORD); this
 * bench counts them in o200k tokens (gpt-tokenizer): per search hit, per read, per thread message, and per tool
 * definition (name, description, input schema) with all toolsets enabled. It also says in which form VS Code
 * passed the results on (text parts, JSON of the structured content, or both).
 */
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { spawnSync } from 'node:child_process';
import { countTokens } from 'gpt-tokenizer/encoding/o200k_base';
import type { BrowserContext, Page } from 'playwright-core';
import { startFakeGoogleService } from '../test/harness/fakeGoogleService';
import { figure, runStandalone, table, type Figure } from './report';

const ROOT = resolve(__dirname, '..');
const MODEL_NAME = 'Scripted Agent Model';
const REPLAY_PREFIX = 'Replay these tool calls:';
const FINAL_ANSWER_MARKER = 'Scripted summary:';
const TARGETS = { readMean: 200, perSearchHit: 90, toolDefinitions: 2_000 };
const SEARCHES: ReadonlyArray<{ query: string; maxResults: number }> = [
  { query: 'in:inbox', maxResults: 10 },
  { query: 'invoice', maxResults: 10 },
  { query: 'from:shop.example', maxResults: 10 },
  { query: 'meeting OR agenda', maxResults: 10 },
];
const DEMO_READS = 10;
const THREAD_READS = 3;

interface RecordedPart {
  readonly part: 'text' | 'data' | 'other';
  readonly mimeType?: string;
  readonly text: string;
}
interface Recorded {
  readonly tools: ReadonlyArray<{ name: string; description: string; inputSchema?: unknown }>;
  readonly results: ReadonlyArray<{ callId: string; name?: string; input?: Record<string, unknown>; parts: RecordedPart[] }>;
}

/** The parts of the JS harness (test/harness/*.mjs, no declarations) this bench uses. */
interface Harness {
  readonly OUTPUT_DIR: string;
  ensureCache(): void;
  stopAll(): Promise<void>;
  installVsix(o: { vsixPath: string; extensionsDir: string }): Promise<void>;
  startCodeServer(o: { name: string; extensionDevelopmentPath: string; extensionsDir: string; env: Record<string, string>; settings: Record<string, unknown> }): Promise<{ userDataDir: string; stop(): Promise<void> }>;
  openWorkbench(o: { server: unknown }): Promise<{ page: Page; context: BrowserContext; close(): Promise<void> }>;
  screenshot(page: Page, name: string): Promise<unknown>;
}
interface Driver {
  until<T>(what: string, probe: () => T | Promise<T>, timeoutMs?: number): Promise<T>;
  runCommand(page: Page, title: string): Promise<void>;
  answerInput(page: Page, text: string, o?: { expectClose?: boolean }): Promise<void>;
  pickChatModel(page: Page, name: string): Promise<void>;
  sendChatPrompt(page: Page, text: string): Promise<void>;
}

function messageIdsIn(dir: string): Set<string> {
  return new Set(
    readdirSync(dir).filter((f) => f.endsWith('.eml')).flatMap((f) => {
      const id = /^Message-ID:[ \t]*(?:\r?\n[ \t]+)?(<[^>]*>)/im.exec(readFileSync(join(dir, f), 'latin1'))?.[1];
      return id ? [id] : [];
    }),
  );
}

function events(file: string): Array<Record<string, unknown>> {
  if (!existsSync(file)) return [];
  return readFileSync(file, 'utf8').split('\n').filter(Boolean).map((l) => JSON.parse(l) as Record<string, unknown>);
}

export async function runModelTokens(): Promise<{ figures: Figure[]; details: string[] }> {
  // Plain JS modules without declarations: imported by a path in a variable, typed by the interfaces above.
  const [harnessPath, driverPath, scriptedModelPath] = ['../test/harness/codeServer.mjs', '../test/harness/workbenchDriver.mjs', '../test/agent/scripted-model/build.mjs'];
  const harness = (await import(harnessPath)) as Harness;
  const driver = (await import(driverPath)) as Driver;
  const { buildScriptedModel } = (await import(scriptedModelPath)) as { buildScriptedModel(dir: string): Promise<string> };
  harness.ensureCache();
  const built = spawnSync(process.execPath, ['esbuild.mjs'], { cwd: ROOT, encoding: 'utf8' });
  if (built.status !== 0) throw new Error(`node esbuild.mjs failed: ${built.stderr}`);
  const runDir = join(harness.OUTPUT_DIR, 'bench-tokens');
  rmSync(runDir, { recursive: true, force: true });
  mkdirSync(runDir, { recursive: true });
  const modelLog = join(runDir, 'scripted-model.jsonl');
  const recordFile = join(runDir, 'handed-to-model.json');
  const extensionsDir = join(runDir, 'extensions');
  mkdirSync(extensionsDir, { recursive: true });
  await harness.installVsix({ vsixPath: await buildScriptedModel(runDir), extensionsDir });

  const ordinaryDir = 'test/fixtures/ordinary/eml';
  const google = await startFakeGoogleService(join(runDir, 'fake-google'), undefined, { extraMailDirs: [ordinaryDir] });
  const all = google.fake.mailbox().allMessages();
  const ordinaryIds = messageIdsIn(resolve(ROOT, ordinaryDir));
  const demoIds = messageIdsIn(resolve(ROOT, 'test/fixtures/mail'));
  const ordinary = all.filter((m) => m.messageIdHeader && ordinaryIds.has(m.messageIdHeader));
  const demo = all.filter((m) => m.messageIdHeader && demoIds.has(m.messageIdHeader)).slice(0, DEMO_READS);
  const threadSizes = new Map<string, number>();
  for (const m of all) threadSizes.set(m.threadId, (threadSizes.get(m.threadId) ?? 0) + 1);
  const threads = [...threadSizes].filter(([, n]) => n >= 2).sort((a, b) => b[1] - a[1]).slice(0, THREAD_READS);
  const plan = [
    ...SEARCHES.map((input) => ({ tool: 'search_messages', input })),
    ...ordinary.map((m) => ({ tool: 'read_message', input: { id: m.id } })),
    ...demo.map((m) => ({ tool: 'read_message', input: { id: m.id } })),
    ...threads.map(([threadId]) => ({ tool: 'read_thread', input: { threadId } })),
  ];

  let recorded: Recorded | undefined;
  const started = Date.now();
  try {
    const server = await harness.startCodeServer({
      name: 'bench-tokens',
      extensionDevelopmentPath: ROOT,
      extensionsDir,
      env: { GMAIL_TOOLS_FAKE_GOOGLE_URL: google.env.GMAIL_TOOLS_FAKE_GOOGLE_URL, SCRIPTED_MODEL_LOG: modelLog, SCRIPTED_MODEL_RECORD: recordFile },
      settings: { 'chat.agent.maxRequests': plan.length + 20 },
    });
    const workbench = await harness.openWorkbench({ server });
    const { page, context } = workbench;
    context.on('page', (popup) => void google.handleConsentPage(popup).catch(() => undefined));
    const tokenExchanges = () => google.fake.requestLog.filter((e) => e.path === '/token' && e.status === 200).length;
    await driver.until('the scripted model and Copilot Chat', () => {
      const e = events(modelLog);
      return e.some((x) => x.event === 'model-announced') && e.some((x) => x.event === 'copilot-chat' && x.state !== 'still missing');
    }, 120_000);
    await driver.runCommand(page, 'Gmail: Import OAuth Client');
    await driver.answerInput(page, google.env.FAKE_GOOGLE_CLIENT_JSON, { expectClose: true });
    await driver.runCommand(page, 'Gmail: Sign In to Google');
    await driver.until('the sign-in', () => tokenExchanges() >= 1, 60_000);
    // Every toolset, so the definitions are those of all tools (the issue's 13). A scope already granted (drafts'
    // gmail.compose covers send) asks Google nothing: the setting is what says the toolset is on.
    const settingsFile = join(server.userDataDir, 'User/settings.json');
    for (const toolset of ['drafts', 'send', 'organize']) {
      await driver.runCommand(page, 'Gmail: Enable a Toolset');
      await driver.answerInput(page, toolset, { expectClose: true });
      const on = new RegExp(`"gmailTools\\.toolsets\\.${toolset}"\\s*:\\s*true`);
      await driver.until(`the ${toolset} toolset in settings.json`, () => on.test(readFileSync(settingsFile, 'utf8')), 60_000);
    }
    await driver.runCommand(page, 'Scripted Model: Start MCP Servers and Wait for Their Tools');
    const live = await driver.until('tools-live', () => events(modelLog).find((e) => e.event === 'tools-live' || e.event === 'tools-not-live'), 120_000);
    if (live?.event !== 'tools-live') throw new Error('the MCP tools never went live');
    await driver.runCommand(page, 'Chat: Open Chat');
    await page.locator('.interactive-input-part .monaco-editor').first().waitFor({ timeout: 30_000 });
    await driver.pickChatModel(page, MODEL_NAME);
    await driver.sendChatPrompt(page, `${REPLAY_PREFIX}${JSON.stringify(plan)}`);
    await driver.until('the replay to finish', () => {
      const last = events(modelLog).filter((e) => e.event === 'request').at(-1) as { reply?: { kind: string; text?: string } } | undefined;
      if (last?.reply?.kind === 'text' && last.reply.text?.startsWith('Scripted model (replay)')) throw new Error(last.reply.text);
      return last?.reply?.kind === 'text' && last.reply.text?.startsWith(FINAL_ANSWER_MARKER);
    }, 300_000).catch(async (error: unknown) => {
      await harness.screenshot(page, 'bench-tokens-failure');
      throw error;
    });
    recorded = JSON.parse(readFileSync(recordFile, 'utf8')) as Recorded;
    await workbench.close();
    await server.stop();
  } finally {
    await harness.stopAll();
    await google.stop();
  }
  if (!recorded) throw new Error(`nothing recorded in ${recordFile}`);
  return tokenFigures(recorded, { ids: new Set(all.map((m) => m.id)), ordinary: new Set(ordinary.map((m) => m.id)), threadSizes, seconds: (Date.now() - started) / 1000 });
}

function tokenFigures(
  recorded: Recorded,
  mailbox: { ids: ReadonlySet<string>; ordinary: ReadonlySet<string>; threadSizes: ReadonlyMap<string, number>; seconds: number },
): { figures: Figure[]; details: string[] } {
  const short = (name = '') => name.replace(/^mcp_.*?_(?=[a-z]+_[a-z]+$)/, '');
  const tokensOf = (parts: readonly RecordedPart[]) => parts.reduce((n, p) => n + countTokens(p.text), 0);
  const forms = new Map<string, number>();
  for (const r of recorded.results) {
    for (const p of r.parts) {
      const form = `${p.part} part${p.mimeType ? ` (${p.mimeType})` : ''} holding ${isJsonObject(p.text) ? 'JSON (the structuredContent)' : 'text'}`;
      forms.set(form, (forms.get(form) ?? 0) + 1);
    }
  }
  const results = recorded.results.map((r) => ({ tool: short(r.name), input: r.input ?? {}, tokens: tokensOf(r.parts), text: r.parts.map((p) => p.text).join('\n') }));
  const searches = results.filter((r) => r.tool === 'search_messages');
  const hits = searches.map((r) => hitsIn(r.text, mailbox.ids));
  const searchTokens = searches.reduce((n, r) => n + r.tokens, 0);
  const totalHits = hits.reduce((a, b) => a + b, 0);
  const reads = results.filter((r) => r.tool === 'read_message');
  const ordinaryReads = reads.filter((r) => mailbox.ordinary.has(String(r.input.id)));
  const demoReads = reads.filter((r) => !mailbox.ordinary.has(String(r.input.id)));
  const mean = (xs: readonly number[]) => (xs.length ? xs.reduce((a, b) => a + b, 0) / xs.length : NaN);
  const threadReads = results.filter((r) => r.tool === 'read_thread');
  const threadMessages = threadReads.reduce((n, r) => n + (mailbox.threadSizes.get(String(r.input.threadId)) ?? 0), 0);
  const threadTokens = threadReads.reduce((n, r) => n + r.tokens, 0);
  const ours = recorded.tools.filter((t) => t.name.startsWith('mcp_'));
  const definitions = ours
    .map((t) => ({ name: short(t.name), tokens: countTokens(t.name) + countTokens(t.description ?? '') + countTokens(JSON.stringify(t.inputSchema ?? {})) }))
    .sort((a, b) => b.tokens - a.tokens);
  const definitionTokens = definitions.reduce((n, d) => n + d.tokens, 0);
  const perHit = searchTokens / totalHits;
  const readMean = mean(ordinaryReads.map((r) => r.tokens));
  const sorted = [...ordinaryReads.map((r) => r.tokens)].sort((a, b) => a - b);
  return {
    figures: [
      figure('T1', `read_message, ordinary mail (${ordinaryReads.length} reads), mean tokens as the model gets it`, readMean.toFixed(0), `<= ${TARGETS.readMean}`, readMean <= TARGETS.readMean),
      figure('T1', `search_messages, tokens per hit (${totalHits} hits in ${searches.length} searches)`, perHit.toFixed(0), `<= ${TARGETS.perSearchHit}`, perHit <= TARGETS.perSearchHit),
      figure('T1', `read_thread, tokens per thread message (${threadMessages} messages in ${threadReads.length} threads)`, (threadTokens / threadMessages).toFixed(0), '(reported)', undefined),
      figure('T1', `read_message, demo mailbox (${demoReads.length} reads), mean tokens`, mean(demoReads.map((r) => r.tokens)).toFixed(0), '(reported)', undefined),
      figure('T1', `tool definitions as the model gets them, ${definitions.length} tools (name + description + input schema)`, String(definitionTokens), `<= ${TARGETS.toolDefinitions}`, definitionTokens <= TARGETS.toolDefinitions),
    ],
    details: [
      `T1: VS Code's agent (Copilot Chat in code-server 1.139.1) with the scripted model; ${recorded.results.length} tool results recorded in ${mailbox.seconds.toFixed(0)} s; tokens o200k_base`,
      `T1: the form VS Code handed the results in (parts by class and content): ${[...forms].map(([f, n]) => `${f} x${n}`).join('; ')}`,
      `T1: ordinary reads: min ${sorted[0]}, median ${sorted[Math.floor(sorted.length / 2)]}, max ${sorted.at(-1)} tokens; searches: ${searches.map((r, i) => `"${String(r.input.query)}" ${hits[i]} hits ${r.tokens} tokens`).join(', ')}`,
      'T1: tool definitions (tokens each):',
      ...table([['tool', 'tokens'], ...definitions.map((d) => [d.name, String(d.tokens)])]).split('\n').map((l) => `T1:   ${l}`),
    ],
  };
}

/** Hits of a search result: its `messages` array when the model got JSON, else the mailbox ids it names. */
function hitsIn(text: string, ids: ReadonlySet<string>): number {
  if (isJsonObject(text)) {
    const messages = (JSON.parse(text) as { messages?: unknown }).messages;
    if (Array.isArray(messages)) return messages.length;
  }
  return [...ids].filter((id) => text.includes(id)).length;
}

function isJsonObject(text: string): boolean {
  if (!text.trimStart().startsWith('{')) return false;
  try {
    return typeof JSON.parse(text) === 'object';
  } catch {
    return false;
  }
}

runStandalone(module, runModelTokens);
