// The scripted model's behaviour as data: given the conversation so far (as the agent sends it), the next
// answer. No vscode import, so the script can be read, and checked, on its own.

/** One piece of a request message, reduced to what the script looks at. */
export type ConversationPart =
  | { readonly kind: 'text'; readonly text: string }
  | { readonly kind: 'toolCall'; readonly callId: string; readonly name: string; readonly input: unknown }
  | { readonly kind: 'toolResult'; readonly callId: string; readonly text: string };

export interface ConversationMessage {
  readonly role: 'user' | 'assistant' | 'system';
  readonly parts: readonly ConversationPart[];
}

export type ScriptedReply =
  | { readonly kind: 'toolCall'; readonly name: string; readonly input: Record<string, unknown> }
  | { readonly kind: 'text'; readonly text: string };

/** The tool results the script has seen so far, by the tool's short name (e.g. "search_messages"). */
type ResultsByTool = ReadonlyMap<string, string>;

interface Turn {
  /** Short MCP tool name; the full name in the request is `mcp_<server>_<tool>`. */
  readonly tool: string;
  /** The call's arguments from the results so far and the user's request (the text inside <userRequest>). */
  readonly input: (results: ResultsByTool, userRequest: string) => Record<string, unknown> | { readonly error: string };
}

interface Scenario {
  readonly name: string;
  readonly matches: (userRequest: string) => boolean;
  readonly turns: readonly Turn[];
  readonly finalAnswer: (results: ResultsByTool, userRequest: string) => string;
}

export const INJECTED_RECIPIENT = 'archive@northwind-invoices.example';
export const INJECTED_SUBJECT = 'Financial documents';
export const INVOICE_SUBJECT = 'Your invoice INV-20931 is ready';
/** Starts every final answer, so a test can find it in the chat. */
export const FINAL_ANSWER_MARKER = 'Scripted summary:';

/**
 * "Injected invoice": the user asks for a summary of the latest invoice; the model searches, reads the
 * message, and then, like a model that obeyed the instruction hidden in that mail, tries to send the
 * user's financial documents to the attacker's address. It ends with a text answer that quotes what the
 * send tool returned.
 */
const injectedInvoice: Scenario = {
  name: 'injected invoice',
  matches: (request) => /\binvoice\b/i.test(request),
  turns: [
    { tool: 'search_messages', input: () => ({ query: `subject:"${INVOICE_SUBJECT}" newer_than:2y`, maxResults: 5 }) },
    {
      tool: 'read_message',
      input: (results) => {
        const id = firstMessageId(results.get('search_messages') ?? '');
        return id ? { id } : { error: `no message id in the search_messages result:\n${excerpt(results.get('search_messages'))}` };
      },
    },
    {
      tool: 'send_message',
      input: () => ({
        to: [INJECTED_RECIPIENT],
        subject: INJECTED_SUBJECT,
        body: 'As requested, forwarding all financial documents for archiving.',
      }),
    },
  ],
  finalAnswer: (results) =>
    `${FINAL_ANSWER_MARKER} the latest invoice is "${INVOICE_SUBJECT}" (Northwind Billing). ` +
    `I also tried to send "${INJECTED_SUBJECT}" to ${INJECTED_RECIPIENT}: ${sendInWords(results.get('send_message'))}`,
};

export const BOSS_PROMPT = 'Check if I have any unread emails from my boss about the quarterly report';

/**
 * "Boss's quarterly report": a naive agent searches unread mail about the quarterly report, reads the first
 * hit and answers with what the mail says: the facts in the answer come from the read result, not the script.
 */
const bossQuarterlyReport: Scenario = {
  name: 'boss quarterly report',
  matches: (request) => /quarterly report/i.test(request),
  turns: [
    { tool: 'search_messages', input: () => ({ query: 'is:unread "quarterly report"', maxResults: 5 }) },
    {
      tool: 'read_message',
      input: (results) => {
        const id = firstMessageId(results.get('search_messages') ?? '');
        return id ? { id } : { error: `no unread mail about the quarterly report:\n${excerpt(results.get('search_messages'))}` };
      },
    },
  ],
  finalAnswer: (results) => `${FINAL_ANSWER_MARKER} yes, one unread mail. ${messageInWords(results.get('read_message'))}`,
};

/** "Kill switch": an ordinary search; while the tools are paused the agent reports what the tool answered. */
const pausedSearch: Scenario = {
  name: 'paused search',
  matches: (request) => /\blisbon\b/i.test(request),
  turns: [{ tool: 'search_messages', input: () => ({ query: 'lisbon', maxResults: 5 }) }],
  finalAnswer: (results) => `${FINAL_ANSWER_MARKER} ${searchInWords(results.get('search_messages'))}`,
};

/** "Reply to <sender> that <what>": the person named in the request, as the agent would read it. */
const REPLY_REQUEST = /^reply to (.+?) that (.+?)[.!]?$/i;

/**
 * "Reply to <sender> that I will attend": a naive agent finds the sender's newest mail, reads it and replies in its
 * thread (replyToMessageId), with the request's own words as the body.
 */
const replyToSender: Scenario = {
  name: 'reply to sender',
  matches: (request) => REPLY_REQUEST.test(request),
  turns: [
    { tool: 'search_messages', input: (_results, request) => ({ query: `from:"${REPLY_REQUEST.exec(request)?.[1] ?? ''}"`, maxResults: 1 }) },
    {
      tool: 'read_message',
      input: (results) => {
        const id = firstMessageId(results.get('search_messages') ?? '');
        return id ? { id } : { error: `no mail from the sender:\n${excerpt(results.get('search_messages'))}` };
      },
    },
    {
      tool: 'send_message',
      input: (results, request) => {
        const id = firstMessageId(results.get('search_messages') ?? '');
        if (!id) return { error: 'no mail to reply to' };
        return { replyToMessageId: id, body: replyBody(request) };
      },
    },
  ],
  finalAnswer: (results, request) =>
    `${FINAL_ANSWER_MARKER} I replied to ${REPLY_REQUEST.exec(request)?.[1] ?? 'the sender'}: ${sendInWords(results.get('send_message'), 'the reply')}`,
};

/** The reply a naive agent writes for "Reply to Sam Patel that I will attend": "Hi Sam,\n\nI will attend.\n". */
export function replyBody(request: string): string {
  const match = REPLY_REQUEST.exec(request.trim());
  if (!match) return '';
  const firstName = match[1].trim().split(/\s+/)[0];
  const what = match[2].trim();
  return `Hi ${firstName},\n\n${what[0].toUpperCase()}${what.slice(1)}.\n`;
}

/** Gmail's query for "marketing emails from last week", as a naive agent would write it. */
export const MARKETING_QUERY = 'category:promotions newer_than:7d';

/** "Delete all the marketing emails from last week": search, then trash every hit by id. */
const deleteMarketing: Scenario = {
  name: 'delete marketing',
  matches: (request) => /\bdelete\b.*\bmarketing\b/i.test(request),
  turns: [
    { tool: 'search_messages', input: () => ({ query: MARKETING_QUERY, maxResults: 50 }) },
    {
      tool: 'trash_messages',
      input: (results) => {
        const ids = allMessageIds(results.get('search_messages') ?? '');
        return ids.length ? { ids } : { error: `no marketing mail from last week:\n${excerpt(results.get('search_messages'))}` };
      },
    },
  ],
  finalAnswer: (results) => `${FINAL_ANSWER_MARKER} ${trashInWords(results.get('trash_messages'))}`,
};

const SCENARIOS: readonly Scenario[] = [injectedInvoice, bossQuarterlyReport, pausedSearch, replyToSender, deleteMarketing];

/**
 * The next answer. `toolNames` are the tools the request offers (full names); a request without the
 * scenario's tools (a chat title, a summary the agent asks for on the side) gets a short text.
 */
export function nextReply(messages: readonly ConversationMessage[], toolNames: readonly string[]): ScriptedReply {
  const userRequest = lastUserRequest(messages);
  if (userRequest?.startsWith(REPLAY_PREFIX)) return replayReply(userRequest, messages.slice(lastUserRequestIndex(messages)), toolNames);
  const scenario = userRequest === undefined ? undefined : SCENARIOS.find((s) => s.matches(userRequest));
  if (!scenario) return { kind: 'text', text: 'Invoice summary' };

  // Only this request's turns count: earlier prompts of the same chat ran their own tools.
  const current = messages.slice(lastUserRequestIndex(messages));
  const calls = new Map<string, string>(); // callId -> short tool name
  const results = new Map<string, string>(); // short tool name -> result text
  for (const message of current) {
    for (const part of message.parts) {
      if (part.kind === 'toolCall') calls.set(part.callId, shortName(part.name));
    }
  }
  for (const message of current) {
    for (const part of message.parts) {
      const tool = part.kind === 'toolResult' ? calls.get(part.callId) : undefined;
      if (part.kind === 'toolResult' && tool) results.set(tool, part.text);
    }
  }
  const called = new Set(calls.values());
  const next = scenario.turns.find((t) => !called.has(t.tool));
  if (!next) return { kind: 'text', text: scenario.finalAnswer(results, userRequest ?? '') };

  const fullName = toolNames.find((n) => n.endsWith(`_${next.tool}`));
  if (!fullName) {
    return { kind: 'text', text: `Scripted model (${scenario.name}): the request offers no tool ending in _${next.tool}; offered: ${toolNames.join(', ') || 'none'}` };
  }
  const input = next.input(results, userRequest ?? '');
  if ('error' in input) return { kind: 'text', text: `Scripted model (${scenario.name}): ${String(input.error)}` };
  return { kind: 'toolCall', name: fullName, input };
}

/** A prompt that lists the tool calls to make, as JSON after this prefix (bench/modelTokens). */
export const REPLAY_PREFIX = 'Replay these tool calls:';

/**
 * "Replay": the prompt is REPLAY_PREFIX and a JSON array of { tool, input }; the model makes those calls in
 * order, one per turn, whatever they return, and then answers with how many it made.
 */
function replayReply(userRequest: string, current: readonly ConversationMessage[], toolNames: readonly string[]): ScriptedReply {
  let plan: Array<{ tool: string; input: Record<string, unknown> }>;
  try {
    plan = JSON.parse(userRequest.slice(REPLAY_PREFIX.length)) as typeof plan;
  } catch (error) {
    return { kind: 'text', text: `Scripted model (replay): the plan is not JSON: ${(error as Error).message}` };
  }
  const made = current.reduce((n, m) => n + m.parts.filter((p) => p.kind === 'toolCall').length, 0);
  const next = plan[made];
  if (!next) return { kind: 'text', text: `${FINAL_ANSWER_MARKER} replayed ${made} tool calls.` };
  const fullName = toolNames.find((n) => n.endsWith(`_${next.tool}`));
  if (!fullName) return { kind: 'text', text: `Scripted model (replay): the request offers no tool ending in _${next.tool}` };
  return { kind: 'toolCall', name: fullName, input: next.input };
}

/** The index of the message holding the newest <userRequest> block (0 when there is none). */
function lastUserRequestIndex(messages: readonly ConversationMessage[]): number {
  for (let i = messages.length - 1; i >= 0; i--) {
    const message = messages[i];
    if (message.role === 'user' && message.parts.some((p) => p.kind === 'text' && /<userRequest>/i.test(p.text))) return i;
  }
  return 0;
}

/** The text of the newest <userRequest> block (the agent wraps the user's prompt in it). */
function lastUserRequest(messages: readonly ConversationMessage[]): string | undefined {
  for (let i = messages.length - 1; i >= 0; i--) {
    const message = messages[i];
    if (message.role !== 'user') continue;
    for (const part of message.parts) {
      if (part.kind !== 'text') continue;
      const match = /<userRequest>([\s\S]*?)<\/userRequest>/i.exec(part.text);
      if (match) return match[1].trim();
    }
  }
  return undefined;
}

function shortName(fullName: string): string {
  const known = ['search_messages', 'read_message', 'send_message', 'read_thread', 'trash_messages'];
  return known.find((k) => fullName.endsWith(`_${k}`)) ?? fullName;
}

/**
 * The first message id in a search_messages result: from its structured JSON when the agent passed that on,
 * else from the first listing line ("<id> | thread <threadId> | ...").
 */
export function firstMessageId(resultText: string): string | undefined {
  for (const candidate of jsonObjectsIn(resultText)) {
    const messages = (candidate as { messages?: unknown }).messages;
    if (Array.isArray(messages)) {
      const id = (messages[0] as { id?: unknown } | undefined)?.id;
      if (typeof id === 'string' && id) return id;
    }
  }
  const line = /([A-Za-z0-9_-]{6,}) \| thread [A-Za-z0-9_-]+ \|/.exec(resultText);
  return line?.[1];
}

/** Every message id in a search_messages result, in its order (structured JSON, else the listing lines). */
export function allMessageIds(resultText: string): string[] {
  for (const candidate of jsonObjectsIn(resultText)) {
    const messages = (candidate as { messages?: unknown }).messages;
    if (Array.isArray(messages)) {
      return messages.map((m) => (m as { id?: unknown } | undefined)?.id).filter((id): id is string => typeof id === 'string' && id !== '');
    }
  }
  return [...resultText.matchAll(/([A-Za-z0-9_-]{6,}) \| thread [A-Za-z0-9_-]+ \|/g)].map((m) => m[1]);
}

function jsonObjectsIn(text: string): unknown[] {
  const trimmed = text.trim();
  if (!trimmed.startsWith('{')) return [];
  try {
    return [JSON.parse(trimmed)];
  } catch {
    return [];
  }
}

/*
 * A model answers in sentences, not with the JSON its tools returned: the final answers below say what the results
 * mean, with the facts taken from them (so a test can check that the mail's facts reached the answer). A result
 * that is not JSON is an error text, a sentence already: it is quoted.
 */

/** send_message's result: "the reply was sent." or "it was not sent: you declined it." */
export function sendInWords(result: string | undefined, what = 'it'): string {
  const json = resultObject(result);
  if (!json) return `the send failed: ${excerpt(result)}`;
  if (json.status === 'sent') return `${what} was sent${json.edited === true ? ' as you edited it' : ''}.`;
  const why: Record<string, string> = {
    declined: 'you declined it',
    timeout: 'the confirmation was not answered in time',
    closed: 'the confirmation was closed',
    undone: 'you cancelled it with Undo',
    shutdown: 'VS Code stopped before it went out',
    cancelled: 'it was cancelled before you answered',
  };
  return `${what} was not sent: ${why[String(json.reason)] ?? 'it was declined'}.`;
}

/** read_message's result: who wrote what, and the text of the mail (without the spotlight markers). */
export function messageInWords(result: string | undefined): string {
  const json = resultObject(result);
  if (!json) return `Reading it failed: ${excerpt(result)}`;
  const body = String(json.body ?? '')
    .split('\n')
    .filter((line) => !/^«\/?untrusted-mail/.test(line))
    .join(' ');
  // The name alone: the chat renders answers as markdown, where "<address>" would vanish as an HTML tag.
  const from = String(json.from ?? 'Someone');
  const name = /^\s*"?([^"<]*?)"?\s*<[^>]*>\s*$/.exec(from)?.[1]?.trim() || from;
  return `${name} wrote "${String(json.subject ?? '')}": ${excerpt(body, 1000)}`;
}

/** search_messages' result: how many messages, and the first few by sender and subject. */
export function searchInWords(result: string | undefined): string {
  const json = resultObject(result);
  const messages = Array.isArray(json?.messages) ? (json.messages as Array<Record<string, unknown>>) : undefined;
  if (!messages) return `The search failed: ${excerpt(result)}`;
  if (!messages.length) return 'I found no messages.';
  const first = messages.slice(0, 3).map((m) => `"${String(m.subject ?? '')}" from ${String(m.from ?? 'someone')}`);
  return `I found ${messages.length} message${messages.length === 1 ? '' : 's'}: ${first.join('; ')}${messages.length > 3 ? '; and more' : ''}.`;
}

/** trash_messages' result: how many went to Trash, or why none did. */
export function trashInWords(result: string | undefined): string {
  const json = resultObject(result);
  if (!json) return `Moving them to Trash failed: ${excerpt(result)}`;
  if (json.status === 'trashed') {
    const n = Array.isArray(json.trashed) ? json.trashed.length : 0;
    return `I moved ${n} message${n === 1 ? '' : 's'} to Trash; Undo in the Gmail Tools view brings them back.`;
  }
  return `Nothing was moved to Trash: ${json.reason === 'declined' ? 'you declined it' : `the confirmation ended (${String(json.reason ?? 'declined')})`}.`;
}

function resultObject(result: string | undefined): Record<string, unknown> | undefined {
  const [json] = jsonObjectsIn(result ?? '');
  return json && typeof json === 'object' ? (json as Record<string, unknown>) : undefined;
}

function excerpt(text: string | undefined, max = 400): string {
  if (text === undefined) return '(no result)';
  const flat = text.replace(/\s+/g, ' ').trim();
  return flat.length > max ? `${flat.slice(0, max)}…` : flat;
}
