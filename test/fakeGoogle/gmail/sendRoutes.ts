import type { gmail_v1 } from '@googleapis/gmail';
import { errors } from './apiErrors';
import type { GmailRoute } from './gmailRoute';
import { checkFields, readMessageRequest } from './messageRequest';
import { sendMessage } from './sending';

/** Fields of the Message resource a client may send; Gmail reads only raw and threadId, and ignores the rest. */
export const MESSAGE_FIELDS = ['id', 'threadId', 'labelIds', 'snippet', 'historyId', 'internalDate', 'payload', 'sizeEstimate', 'raw', 'classificationLabelValues'];

export const MISSING_RAW = "'raw' RFC822 payload message string or uploading message via /upload/* URL required";

export const sendRoutes: GmailRoute[] = [
  {
    httpMethod: 'POST',
    path: 'messages/send',
    method: 'messages.send',
    params: [],
    upload: true,
    handle: async (call): Promise<gmail_v1.Schema$Message> => {
      const { resource, raw } = await readMessageRequest(call, 'raw');
      checkFields(resource, MESSAGE_FIELDS);
      if (!raw) throw errors.badRequest(MISSING_RAW);
      const sent = await sendMessage(call, { raw, threadId: resource.threadId });
      return { id: sent.id, threadId: sent.threadId, labelIds: [...sent.labelIds] };
    },
  },
];
