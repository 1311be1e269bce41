/**
 * T2 tokens in-process (issue 17): the figures T1 measures inside VS Code's agent, computed here without VS Code so
 * they are cheap to re-check. VS Code 1.139 hands the model the tool definitions (name, description, input schema)
 * and, for a tool with an output schema, JSON.stringify(structuredContent) alone; T1 found both, and these
 * figures count the same things (o200k_base, gpt-tokenizer): every tool's definition as tools/list lists it, under
 * the name VS Code gives it (mcp_<server>_<tool>, see vscodeToolId), and search_messages' structured content per hit
 * over T1's searches on T1's mailbox.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { countTokens } from 'gpt-tokenizer/encoding/o200k_base';
import { listedInputSchema, serverTitle } from '../src/mcp/server/server';
import type { AnyToolDefinition } from '../src/mcp/server/toolDefinition';
import { ALL_TOOLS } from '../src/mcp/server/toolsets';
import { stackOnFake, textOf } from './mcpStack';
import { figure, runStandalone, table, type Figure } from './report';
import { vscodeToolId } from './vscodeToolId';

const ROOT = resolve(__dirname, '..');
const TARGETS = { perSearchHit: 90, toolDefinitions: 2_000 };
/** T1's account (test/harness/fakeGoogleService.ts): the prefix VS Code puts on every tool name comes from it. */
const ACCOUNT = 'demo.user@example.com';
/** T1's searches (bench/modelTokens.ts). */
const SEARCHES: ReadonlyArray<{ query: string; maxResults: number }> = [
  { query: 'in:inbox', maxResults: 10 },
  { query: 'invoice', maxResults: 10 },
  { query: 'from:shop.example', maxResults: 10 },
  { query: 'meeting OR agenda', maxResults: 10 },
];

/**
 * Tokens of one tool's definition as the model gets it in VS Code, counted as T1 counts them: the name VS Code
 * gives the tool for this account's server, the description and the input schema tools/list shows.
 */
export function definitionTokens(tool: Pick<AnyToolDefinition, 'name' | 'description' | 'inputSchema'>, account = ACCOUNT): number {
  const schema = listedInputSchema(tool);
  return countTokens(vscodeToolId(serverTitle(account), tool.name)) + countTokens(tool.description) + countTokens(JSON.stringify(schema));
}

function emlIn(dir: string): Buffer[] {
  return readdirSync(dir).filter((f) => f.endsWith('.eml')).sort().map((f) => readFileSync(join(dir, f)));
}

export async function runToolTokens(): Promise<{ figures: Figure[]; details: string[] }> {
  const definitions = ALL_TOOLS.map((t) => ({ name: t.name, tokens: definitionTokens(t) })).sort((a, b) => b.tokens - a.tokens);
  const definitionTotal = definitions.reduce((n, d) => n + d.tokens, 0);

  // T1's mailbox (test/harness/fakeGoogleService.ts): the demo mail, the hostile corpus, the ordinary fixtures.
  const messages = ['test/fixtures/mail', 'test/fixtures/hostile/eml', 'test/fixtures/ordinary/eml'].flatMap((dir) => emlIn(resolve(ROOT, dir)));
  const { stack, close } = await stackOnFake({ accounts: [{ address: ACCOUNT, messages }], quota: { unitsPerWindow: 10_000_000, windowSeconds: 1 } });
  const searches: Array<{ query: string; hits: number; tokens: number }> = [];
  try {
    for (const input of SEARCHES) {
      const result = await stack.direct('search_messages', input);
      if (result.isError) throw new Error(`search_messages ${input.query}: ${textOf(result)}`);
      const structured = result.structuredContent as { messages: unknown[] };
      searches.push({ query: input.query, hits: structured.messages.length, tokens: countTokens(JSON.stringify(structured)) });
    }
  } finally {
    await close();
  }
  const hits = searches.reduce((n, s) => n + s.hits, 0);
  const perHit = searches.reduce((n, s) => n + s.tokens, 0) / hits;
  return {
    figures: [
      figure('T2', `tool definitions, all ${definitions.length} tools (name as VS Code gives it + description + input schema), in-process`, String(definitionTotal), `<= ${TARGETS.toolDefinitions}`, definitionTotal <= TARGETS.toolDefinitions),
      figure('T2', `search_messages structuredContent, tokens per hit (${hits} hits in ${searches.length} searches), in-process`, perHit.toFixed(0), `<= ${TARGETS.perSearchHit}`, perHit <= TARGETS.perSearchHit),
    ],
    details: [
      'T2: o200k_base tokens of what VS Code hands the model, computed in-process (the mailbox of T1: demo, hostile corpus, ordinary fixtures)',
      `T2: searches: ${searches.map((s) => `"${s.query}" ${s.hits} hits ${s.tokens} tokens`).join(', ')}`,
      'T2: tool definitions (tokens each):',
      ...table([['tool', 'tokens'], ...definitions.map((d) => [d.name, String(d.tokens)])]).split('\n').map((l) => `T2:   ${l}`),
    ],
  };
}

runStandalone(module, runToolTokens);
