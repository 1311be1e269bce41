import { jsonReply, type Reply } from '../http/reply';

/** Google's token-endpoint error body: {error, error_description}. */
export function oauthError(status: number, error: string, description: string): Reply {
  return jsonReply(status, { error, error_description: description });
}
