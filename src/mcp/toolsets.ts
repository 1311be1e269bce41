import type { ToolsetName } from '../gmail/scopes';
import type { AnyToolDefinition } from './toolDefinition';
import { getProfile } from './tools/getProfile';
import { listLabels } from './tools/listLabels';
import { readMessage } from './tools/readMessage';
import { readThread } from './tools/readThread';
import { searchMessages } from './tools/searchMessages';

/**
 * Every tool, grouped by toolset. A new toolset (drafts, send, organize) adds its tool files here; the
 * server, the access rules and the schema snapshot pick them up without other changes.
 */
export const TOOLSETS: Readonly<Record<ToolsetName, readonly AnyToolDefinition[]>> = Object.freeze({
  read: [searchMessages, readMessage, readThread, listLabels, getProfile],
  drafts: [],
  send: [],
  organize: [],
});

export const ALL_TOOLS: readonly AnyToolDefinition[] = Object.values(TOOLSETS).flat();
