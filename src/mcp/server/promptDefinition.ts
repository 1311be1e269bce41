import type * as z from 'zod';

/**
 * One prompt = one file exporting a PromptDefinition (src/mcp/prompts/), like the tools: a strict argument schema
 * and the text it expands to. VS Code offers each as a slash command in chat (`/mcp.<server>.<prompt>`), asks the
 * person for the arguments, and puts the expanded text into the chat input for the person to send.
 *
 * The text is ours alone: a prompt never carries mail content (not a subject, not a sender), since it reaches
 * the model as the user's own words, outside the spotlighting that marks mail as untrusted. The agent reads the
 * mail through the tools, where the guard applies. Arguments are the person's words and are capped.
 */
export interface PromptContext {
  /** The signed-in address this server acts for. */
  readonly account: string;
  /** Tool names the agent has right now (the toolsets, read-only switch and grant decide); the text names only these. */
  readonly availableTools: ReadonlySet<string>;
}

export interface PromptDefinition<Args extends z.ZodObject = z.ZodObject> {
  readonly name: string;
  readonly title: string;
  readonly description: string;
  /**
   * MCP prompt arguments are strings: a strict object of string fields (unknown fields rejected), each with a
   * description, which VS Code shows when it asks for the value.
   */
  readonly argsSchema: Args;
  /** The text the slash command expands to. */
  text(args: z.output<Args>, context: PromptContext): string;
}

/** A definition with its argument types erased, so prompts of every shape fit in one list. */
export interface AnyPromptDefinition extends Omit<PromptDefinition, 'text'> {
  text(args: unknown, context: PromptContext): string;
}

/** Types a prompt file's definition and erases it; sound because the registry validates against argsSchema first. */
export function definePrompt<Args extends z.ZodObject>(definition: PromptDefinition<Args>): AnyPromptDefinition {
  return definition as unknown as AnyPromptDefinition;
}
