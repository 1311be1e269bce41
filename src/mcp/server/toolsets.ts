import type { ToolsetName } from '../../gmail/scopes';
import type { AnyToolDefinition } from './toolDefinition';
import { createDraft } from '../tools/createDraft';
import { deleteDraft } from '../tools/deleteDraft';
import { getAttachment } from '../tools/getAttachment';
import { getDraft } from '../tools/getDraft';
import { getProfile } from '../tools/getProfile';
import { listDrafts } from '../tools/listDrafts';
import { listLabels } from '../tools/listLabels';
import { readMessage } from '../tools/readMessage';
import { readMessages } from '../tools/readMessages';
import { readThread } from '../tools/readThread';
import { modifyLabels } from '../tools/modifyLabels';
import { searchMessages } from '../tools/searchMessages';
import { sendDraft } from '../tools/sendDraft';
import { sendMessage } from '../tools/sendMessage';
import { trashMessages } from '../tools/trashMessages';
import { untrashMessages } from '../tools/untrashMessages';
import { updateDraft } from '../tools/updateDraft';

/**
 * Every tool, grouped by toolset; the server, the access rules and the schema snapshot pick them up from here.
 * Every tool outside `read` writes, and does so only through the WriteGate.
 */
export const TOOLSETS: Readonly<Record<ToolsetName, readonly AnyToolDefinition[]>> = Object.freeze({
  read: [searchMessages, readMessage, readMessages, readThread, listLabels, getProfile, getAttachment],
  drafts: [createDraft, updateDraft, listDrafts, getDraft, sendDraft, deleteDraft],
  send: [sendMessage],
  organize: [trashMessages, untrashMessages, modifyLabels],
});

export const ALL_TOOLS: readonly AnyToolDefinition[] = Object.values(TOOLSETS).flat();
