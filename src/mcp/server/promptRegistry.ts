import type { McpServer } from '@modelcontextprotocol/server';
import { ProtocolErrorCode as ErrorCode, type GetPromptResult, type Prompt } from '@modelcontextprotocol/server';
import * as z from 'zod';
import { draftReply } from '../prompts/draftReply';
import { triageInbox } from '../prompts/triageInbox';
import type { AnyPromptDefinition, PromptContext } from './promptDefinition';
import { ProtocolError } from './protocolError';

/** Every prompt the server offers; VS Code shows them as /mcp.<server>.<name> in chat. */
export const ALL_PROMPTS: readonly AnyPromptDefinition[] = Object.freeze([triageInbox, draftReply]);

/**
 * Serves prompts/list and prompts/get for the given prompts. The SDK's own registerPrompt would validate arguments
 * with a loose object (unknown arguments silently dropped); here they are checked against each prompt's strict
 * schema and a bad one is an InvalidParams error that names the argument and the rule, which VS Code shows the
 * person. Must run before the server connects (capabilities are fixed then).
 */
export function registerPrompts(server: McpServer, prompts: readonly AnyPromptDefinition[], context: () => PromptContext): void {
  const byName = new Map(prompts.map((prompt) => [prompt.name, prompt]));
  server.server.registerCapabilities({ prompts: {} });
  server.server.setRequestHandler('prompts/list', () => ({ prompts: prompts.map(listedPrompt) }));
  server.server.setRequestHandler('prompts/get', (request): GetPromptResult => {
    const prompt = byName.get(request.params.name);
    if (!prompt) {
      throw new ProtocolError(ErrorCode.InvalidParams, `Unknown prompt ${JSON.stringify(request.params.name.slice(0, 100))}; this server offers ${prompts.map((p) => p.name).join(', ')}.`);
    }
    const parsed = prompt.argsSchema.safeParse(request.params.arguments ?? {});
    if (!parsed.success) throw new ProtocolError(ErrorCode.InvalidParams, `Invalid arguments for the prompt ${prompt.name}:\n${z.prettifyError(parsed.error)}`);
    return {
      description: prompt.title,
      messages: [{ role: 'user', content: { type: 'text', text: prompt.text(parsed.data, context()) } }],
    };
  });
}

function listedPrompt(prompt: AnyPromptDefinition): Prompt {
  return {
    name: prompt.name,
    title: prompt.title,
    description: prompt.description,
    arguments: Object.entries(prompt.argsSchema.shape).map(([name, field]) => {
      const schema = field as z.ZodType;
      return { name, ...(schema.description ? { description: schema.description } : {}), required: !schema.safeParse(undefined).success };
    }),
  };
}
