// Test-only extension (never in the published .vsix): a language model with a fixed script (script.ts), so
// that VS Code's real agent loop (the built-in Copilot Chat extension, signed out) runs offline and calls
// our MCP tools. Also enables Copilot Chat, which code-server ships disabled, and offers a command that
// starts the MCP servers and waits until their tools are live.
//
// SCRIPTED_MODEL_LOG (environment): a file that gets one JSON line per event (requests, replies, tools), which
// the test runner reads to wait on state instead of sleeping.
// SCRIPTED_MODEL_RECORD (environment): a JSON file rewritten at every request with what the model was handed
// (recordHandedToModel): the tool definitions and every tool result part, as they arrived (bench/modelTokens).
// SCRIPTED_MODEL_LOG_REQUEST_TEXT=1 (environment): each 'request' event also carries `requestText`, every text part
// of every message the model was handed (system, user, assistant), so a test can tell what reached the model by any
// road (the chat's implicit context of the active editor, runChatContext.mjs), not only the newest user message.
// SCRIPTED_MODEL_TOOLS (environment): comma-separated tool name endings the start command waits for (default: the
// tools of runAgentScenario.mjs; a run with only the read toolset waits for _search_messages).
import { appendFileSync, writeFileSync } from 'node:fs';
import * as vscode from 'vscode';
import { nextReply, type ConversationMessage, type ConversationPart } from './script';

const VENDOR = 'scripted';
const MODEL: vscode.LanguageModelChatInformation = {
  id: 'scripted-agent',
  name: 'Scripted Agent Model',
  family: 'scripted',
  version: '1',
  tooltip: 'Test-only model that follows a fixed script',
  detail: 'test only',
  maxInputTokens: 200_000,
  maxOutputTokens: 8_000,
  isUserSelectable: true,
  capabilities: { toolCalling: true, imageInput: false },
};

function log(event: string, details: Record<string, unknown> = {}): void {
  const file = process.env.SCRIPTED_MODEL_LOG;
  if (!file) return;
  try {
    appendFileSync(file, `${JSON.stringify({ at: Date.now(), event, ...details })}\n`);
  } catch {
    // A log the test cannot read only costs the test its diagnostics.
  }
}

export function activate(context: vscode.ExtensionContext): void {
  const changed = new vscode.EventEmitter<void>();
  let callCounter = 0;
  const provider: vscode.LanguageModelChatProvider = {
    onDidChangeLanguageModelChatInformation: changed.event,
    provideLanguageModelChatInformation: () => [MODEL],
    async provideLanguageModelChatResponse(_model, messages, options, progress) {
      const conversation = messages.map(toConversationMessage);
      const toolNames = (options.tools ?? []).map((t) => t.name);
      const reply = nextReply(conversation, toolNames);
      recordHandedToModel(messages, options.tools ?? []);
      log('request', {
        messages: conversation.length,
        tools: toolNames.filter((n) => n.startsWith('mcp_')),
        toolCount: toolNames.length,
        parts: conversation.flatMap((m) => m.parts.map((p) => (p.kind === 'text' ? `${m.role}:text(${p.text.length})` : `${m.role}:${p.kind}`))),
        // The newest user message as the model received it: the prompt and any attached context (MCP resources).
        userText: lastUserText(conversation).slice(0, 30_000),
        // What the tools returned, as the model received it (the test checks the guard's work on it).
        toolResults: conversation.flatMap((m) => m.parts.flatMap((p) => (p.kind === 'toolResult' ? [{ callId: p.callId, text: p.text.slice(0, 20_000) }] : []))),
        reply,
        ...(process.env.SCRIPTED_MODEL_LOG_REQUEST_TEXT === '1' ? { requestText: requestText(messages) } : {}),
      });
      if (reply.kind === 'toolCall') {
        progress.report(new vscode.LanguageModelToolCallPart(`scripted-${Date.now()}-${++callCounter}`, reply.name, reply.input));
      } else {
        progress.report(new vscode.LanguageModelTextPart(reply.text));
      }
    },
    provideTokenCount: async (_model, text) => Math.ceil((typeof text === 'string' ? text.length : JSON.stringify(text.content).length) / 4),
  };
  context.subscriptions.push(changed, vscode.lm.registerLanguageModelChatProvider(VENDOR, provider));

  context.subscriptions.push(
    vscode.commands.registerCommand('scriptedModel.startMcpServers', async () => {
      log('start-command');
      // Every tool a scenario calls (test/harness/runAgentScenario.mjs enables the send and organize toolsets first).
      const wanted = process.env.SCRIPTED_MODEL_TOOLS?.split(',').filter(Boolean) ?? ['_search_messages', '_read_message', '_send_message', '_trash_messages'];
      const names = await startMcpServersUntilLive(wanted);
      log('tools-live', { names });
      return names;
    }),
  );

  void announceModel(changed);
  void enableCopilotChat();
}

/** One piece of a tool result as the model got it: its kind (by shape), and its content as text. */
interface RecordedPart {
  readonly part: 'text' | 'data' | 'other';
  readonly mimeType?: string;
  readonly text: string;
}

/**
 * Writes SCRIPTED_MODEL_RECORD: the tools the request offers (name, description, input schema) and every tool
 * call of the conversation with the result parts the agent handed back, untruncated, in the agent's own form.
 */
function recordHandedToModel(messages: readonly vscode.LanguageModelChatRequestMessage[], tools: readonly vscode.LanguageModelChatTool[]): void {
  const file = process.env.SCRIPTED_MODEL_RECORD;
  if (!file) return;
  const calls = new Map<string, { name: string; input: unknown }>();
  const results: Array<{ callId: string; name?: string; input?: unknown; parts: RecordedPart[] }> = [];
  for (const message of messages) {
    for (const part of message.content as readonly unknown[]) {
      const p = part as Record<string, unknown>;
      if (typeof p.callId === 'string' && typeof p.name === 'string' && 'input' in p) calls.set(p.callId, { name: p.name, input: p.input });
      else if (typeof p.callId === 'string' && Array.isArray(p.content)) {
        results.push({ callId: p.callId, ...calls.get(p.callId), parts: p.content.map(recordedPart) });
      }
    }
  }
  try {
    writeFileSync(file, JSON.stringify({ tools: tools.map((t) => ({ name: t.name, description: t.description, inputSchema: t.inputSchema })), results }));
  } catch {
    // A record the bench cannot read only costs the bench its figures.
  }
}

function recordedPart(content: unknown): RecordedPart {
  // Duck-typed like toConversationPart: LanguageModelTextPart has a string value, LanguageModelDataPart bytes.
  const c = (content ?? {}) as { value?: unknown; data?: unknown; mimeType?: unknown };
  const mimeType = typeof c.mimeType === 'string' ? c.mimeType : undefined;
  if (typeof c.value === 'string') return { part: 'text', text: c.value };
  if (c.data instanceof Uint8Array) return { part: 'data', mimeType, text: new TextDecoder().decode(c.data) };
  return { part: 'other', mimeType, text: JSON.stringify(c.value ?? content) };
}

/** The model picker lists a vendor's models only after the provider was asked once. */
async function announceModel(changed: vscode.EventEmitter<void>): Promise<void> {
  for (let attempt = 0; attempt < 30; attempt++) {
    changed.fire();
    const models = await vscode.lm.selectChatModels({ vendor: VENDOR });
    if (models.length) {
      log('model-announced', { models: models.map((m) => m.id) });
      return;
    }
    await delay(500);
  }
  log('model-not-announced');
}

/**
 * code-server ships the agent (GitHub.copilot-chat) as a built-in that starts disabled. The enable command has been
 * seen to give no answer for over a minute once in a while on a loaded machine (a CI run failed on it with no
 * trace): each try is bounded and logged, and a try that brought no Copilot Chat is made again.
 */
async function enableCopilotChat(): Promise<void> {
  const present = () => vscode.extensions.getExtension('GitHub.copilot-chat') !== undefined;
  if (present()) {
    log('copilot-chat', { state: 'already enabled' });
    return;
  }
  for (let round = 1; round <= 4 && !present(); round++) {
    const outcome = await Promise.race([
      Promise.resolve(vscode.commands.executeCommand('workbench.extensions.action.enableAll')).then(
        () => 'done',
        (error: unknown) => `failed: ${error instanceof Error ? error.message : String(error)}`,
      ),
      delay(10_000).then(() => 'no answer after 10 s'),
    ]);
    log('copilot-chat-enable', { round, outcome });
    for (let attempt = 0; attempt < 40 && !present(); attempt++) await delay(250);
  }
  log('copilot-chat', { state: present() ? 'enabled' : 'still missing' });
}

/**
 * Starts every MCP server and waits until tools with all the given suffixes are in vscode.lm.tools. Right
 * after a sign-in or a toolset change the server list or its tools may lag, and a start can hang on a server
 * that is being replaced: bound each attempt, and retry with a restart.
 */
async function startMcpServersUntilLive(suffixes: readonly string[], timeoutMs = 90_000): Promise<string[]> {
  const deadline = Date.now() + timeoutMs;
  const live = () => vscode.lm.tools.map((t) => t.name).filter((n) => n.startsWith('mcp_'));
  const ready = () => suffixes.every((s) => live().some((n) => n.endsWith(s)));
  for (let attempt = 1; ; attempt++) {
    const command = 'workbench.mcp.startServer';
    log('start-attempt', { attempt, command, live: live() });
    const started = Promise.resolve(
      vscode.commands.executeCommand(command, '*', { waitForLiveTools: true, autoTrustChanges: true }),
    ).then(() => 'done', (e: unknown) => `error: ${String(e)}`);
    const outcome = await Promise.race([started, delay(15_000).then(() => 'still running after 15 s')]);
    log('start-outcome', { attempt, outcome, live: live() });
    for (let i = 0; i < 20 && !ready(); i++) await delay(250);
    if (ready()) return live();
    if (Date.now() > deadline) {
      log('tools-not-live', { live: live() });
      throw new Error(`MCP tools ${suffixes.join(', ')} not live; have: ${live().join(', ') || 'none'}`);
    }
  }
}

function toConversationMessage(message: vscode.LanguageModelChatRequestMessage): ConversationMessage {
  const role = message.role === vscode.LanguageModelChatMessageRole.Assistant ? 'assistant' : message.role === vscode.LanguageModelChatMessageRole.User ? 'user' : 'system';
  return { role, parts: message.content.flatMap(toConversationPart) };
}

// Duck-typed rather than instanceof: the parts may come from another copy of the API classes.
function toConversationPart(part: unknown): ConversationPart[] {
  if (!part || typeof part !== 'object') return [];
  const p = part as Record<string, unknown>;
  if (typeof p.callId === 'string' && typeof p.name === 'string' && 'input' in p) {
    return [{ kind: 'toolCall', callId: p.callId, name: p.name, input: p.input }];
  }
  if (typeof p.callId === 'string' && Array.isArray(p.content)) {
    return [{ kind: 'toolResult', callId: p.callId, text: textOf(p.content) }];
  }
  if (typeof p.value === 'string') return [{ kind: 'text', text: p.value }];
  return [];
}

/** Every text the model was handed, messages in order; tool results included, as the model reads them. */
function requestText(messages: readonly vscode.LanguageModelChatRequestMessage[]): string {
  return messages
    .flatMap((m) => m.content.flatMap(toConversationPart))
    .map((p) => (p.kind === 'text' || p.kind === 'toolResult' ? p.text : JSON.stringify(p.input)))
    .join('\n');
}

function lastUserText(conversation: readonly ConversationMessage[]): string {
  const message = [...conversation].reverse().find((m) => m.role === 'user' && m.parts.some((p) => p.kind === 'text'));
  return (message?.parts ?? []).map((p) => (p.kind === 'text' ? p.text : '')).join('\n');
}

function textOf(content: readonly unknown[]): string {
  return content
    .map((c) => {
      if (!c || typeof c !== 'object') return '';
      const v = (c as { value?: unknown }).value;
      if (typeof v === 'string') return v;
      if (v instanceof Uint8Array) return new TextDecoder().decode(v);
      const data = (c as { data?: unknown }).data;
      if (data instanceof Uint8Array) return new TextDecoder().decode(data);
      return typeof v === 'object' ? JSON.stringify(v) : '';
    })
    .join('\n');
}

function delay(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

export function deactivate(): void {
  // Subscriptions dispose the provider and the command.
}
