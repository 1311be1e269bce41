import { GMAIL_SCOPES, TOOLSET_SCOPES, grantsRead, type ToolsetName } from '../../gmail/scopes';
import type { AnyToolDefinition } from './toolDefinition';

/** Which tools the agent may see: the user's toolset choice, the read-only switch, Google's actual grant. */
export interface ToolAccessSettings {
  readonly toolsets: readonly ToolsetName[];
  /** Wins over everything: only tools annotated readOnlyHint are offered. */
  readonly readOnly: boolean;
  /** Scopes Google actually granted (read back after consent; users can untick scopes). */
  readonly grantedScopes: readonly string[];
}

export type ToolAvailability =
  | { readonly enabled: true }
  | { readonly enabled: false; readonly reason: 'toolsetOff' | 'readOnly' | 'scopeNotGranted' };

/** Broader scopes that include a toolset's own (gmail.compose can send; modify and compose can read). */
export function toolsetGranted(toolset: ToolsetName, granted: readonly string[]): boolean {
  if (toolset === 'read') return grantsRead(granted);
  if (toolset === 'send' && granted.includes(GMAIL_SCOPES.compose)) return true;
  return TOOLSET_SCOPES[toolset].every((scope) => granted.includes(scope));
}

/**
 * A tool whose toolset's scope is not granted is not offered (disabled, so not listed) rather than listed
 * and failing: the agent cannot grant scopes, only the user can, through the extension's toolset switch,
 * which asks Google for the scope and then updates the grant here, which turns the tools on
 * (tools/list_changed). Listing tools that can only fail would waste the agent's calls.
 */
export function toolAvailability(tool: AnyToolDefinition, settings: ToolAccessSettings): ToolAvailability {
  if (settings.readOnly && tool.annotations.readOnlyHint !== true) return { enabled: false, reason: 'readOnly' };
  if (!settings.toolsets.includes(tool.toolset)) return { enabled: false, reason: 'toolsetOff' };
  if (!toolsetGranted(tool.toolset, settings.grantedScopes)) return { enabled: false, reason: 'scopeNotGranted' };
  return { enabled: true };
}

/**
 * The access settings shared by every MCP session of one account. The extension updates them (toolset
 * switched, scope granted, read-only toggled); each live server enables or disables its tools, and the
 * SDK tells clients the tool list changed.
 */
export class ToolAccess {
  private current: ToolAccessSettings;
  private readonly listeners = new Set<(settings: ToolAccessSettings) => void>();

  constructor(settings: ToolAccessSettings) {
    this.current = freeze(settings);
  }

  get settings(): ToolAccessSettings {
    return this.current;
  }

  update(change: Partial<ToolAccessSettings>): void {
    this.current = freeze({ ...this.current, ...change });
    for (const listener of [...this.listeners]) listener(this.current);
  }

  /** Returns the unsubscribe function. */
  onDidChange(listener: (settings: ToolAccessSettings) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }
}

function freeze(s: ToolAccessSettings): ToolAccessSettings {
  return Object.freeze({
    toolsets: Object.freeze([...new Set(s.toolsets)]),
    readOnly: s.readOnly,
    grantedScopes: Object.freeze([...s.grantedScopes]),
  });
}
