import { shortHash } from './oauth/tokenHash';

/** One request as the fake saw it. Secrets (tokens, codes, verifiers, client secrets) appear only as short hashes. */
export interface RequestLogEntry {
  time: string;
  method: string;
  path: string;
  query: Record<string, string | string[]>;
  status: number;
  account: string | undefined;
  quotaUnits: number;
  note: string | undefined;
}

const SECRET_PARAMS = new Set(['token', 'access_token', 'refresh_token', 'code', 'code_verifier', 'client_secret', 'id_token', 'oauth_token', 'key']);

/** The query as a plain object, with secret values replaced by their short hash. */
export function redactedQuery(params: URLSearchParams): Record<string, string | string[]> {
  const out: Record<string, string | string[]> = {};
  for (const name of new Set(params.keys())) {
    const values = params.getAll(name).map((v) => (SECRET_PARAMS.has(name) ? shortHash(v) : v));
    out[name] = values.length === 1 ? values[0] : values;
  }
  return out;
}
