import type { AnyToolDefinition } from './toolDefinition';

/** A tool definition the server will not register: its annotations and its declared writes disagree. */
export class ToolRegistrationError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ToolRegistrationError';
  }
}

/**
 * The registry's rule (as github-mcp-server panics when a write tool claims to be read-only): a tool that is not
 * annotated read-only must declare the write proposals it makes, so it gets the writes pipeline and only that; a
 * read-only tool must declare none. Thrown at registration, so a new write tool cannot ship around the pipeline.
 */
export function assertRegistrable(tool: AnyToolDefinition): void {
  const readOnly = tool.annotations.readOnlyHint === true;
  const proposes = tool.proposes ?? [];
  if (!readOnly && proposes.length === 0) {
    throw new ToolRegistrationError(
      `Tool ${tool.name} is not annotated read-only but declares no write proposals: declare "proposes" (send, draft, deleteDraft or change) and write through ctx.writes, or annotate it readOnlyHint: true.`,
    );
  }
  if (readOnly && proposes.length > 0) {
    throw new ToolRegistrationError(`Tool ${tool.name} is annotated read-only but declares write proposals (${proposes.join(', ')}): remove readOnlyHint or the proposals.`);
  }
  if (readOnly && (tool.annotations.destructiveHint === true)) {
    throw new ToolRegistrationError(`Tool ${tool.name} is annotated both read-only and destructive; one of them is wrong.`);
  }
}
