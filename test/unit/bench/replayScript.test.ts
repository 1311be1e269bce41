/**
 * The scripted model's replay prompt (test/agent/scripted-model/src/script.ts), which bench/modelTokens.ts uses to
 * have VS Code's agent make a fixed list of calls: one call per turn, in order, then a final answer.
 */
import { strict as assert } from 'node:assert';
import { FINAL_ANSWER_MARKER, REPLAY_PREFIX, nextReply, type ConversationMessage } from '../../agent/scripted-model/src/script';

const TOOLS = ['mcp_gmail_search_messages', 'mcp_gmail_read_message', 'copilot_readFile'];
const plan = [
  { tool: 'search_messages', input: { query: 'invoice', maxResults: 5 } },
  { tool: 'read_message', input: { id: 'abc123' } },
];
const prompt: ConversationMessage = { role: 'user', parts: [{ kind: 'text', text: `<userRequest>${REPLAY_PREFIX}${JSON.stringify(plan)}</userRequest>` }] };
const turn = (callId: string, name: string): ConversationMessage[] => [
  { role: 'assistant', parts: [{ kind: 'toolCall', callId, name, input: {} }] },
  { role: 'user', parts: [{ kind: 'toolResult', callId, text: '{}' }] },
];

describe('scripted model: replay', () => {
  it('makes the listed calls in order, by their full names, then answers', () => {
    assert.deepEqual(nextReply([prompt], TOOLS), { kind: 'toolCall', name: 'mcp_gmail_search_messages', input: plan[0].input });
    const afterOne = [prompt, ...turn('c1', 'mcp_gmail_search_messages')];
    assert.deepEqual(nextReply(afterOne, TOOLS), { kind: 'toolCall', name: 'mcp_gmail_read_message', input: plan[1].input });
    const done = nextReply([...afterOne, ...turn('c2', 'mcp_gmail_read_message')], TOOLS);
    assert.equal(done.kind, 'text');
    assert.ok(done.kind === 'text' && done.text.startsWith(FINAL_ANSWER_MARKER) && done.text.includes('2 tool calls'));
  });

  it('says so when the plan is not JSON or names a tool the request does not offer', () => {
    const broken: ConversationMessage = { role: 'user', parts: [{ kind: 'text', text: `<userRequest>${REPLAY_PREFIX}[{"tool"</userRequest>` }] };
    const notJson = nextReply([broken], TOOLS);
    assert.ok(notJson.kind === 'text' && /not JSON/.test(notJson.text));
    const missing = nextReply([prompt], ['mcp_gmail_read_message']);
    assert.ok(missing.kind === 'text' && /no tool ending in _search_messages/.test(missing.text));
  });
});
