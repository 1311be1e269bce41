import * as http from 'node:http';
import type { AddressInfo } from 'node:net';

/** One request the stub saw. */
export interface StubRequest {
  readonly method: string;
  readonly path: string;
  readonly query: URLSearchParams;
  readonly authorization?: string;
  readonly at: number;
}

export interface StubResponse {
  readonly status?: number;
  readonly body?: unknown;
  readonly headers?: Record<string, string>;
}

/**
 * A programmable stand-in for Gmail's REST paths, to test the client's own behaviour (retries, pacing, cache,
 * concurrency): `respond` may answer later (a promise) to hold a request open.
 */
export async function startGmailStub(respond: (req: StubRequest) => StubResponse | Promise<StubResponse>): Promise<{
  baseUrl: string;
  requests: StubRequest[];
  close(): Promise<void>;
}> {
  const requests: StubRequest[] = [];
  const server = http.createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://stub');
    const entry: StubRequest = {
      method: req.method ?? 'GET',
      path: url.pathname,
      query: url.searchParams,
      authorization: req.headers.authorization,
      at: Date.now(),
    };
    requests.push(entry);
    void Promise.resolve(respond(entry)).then((out) => {
      res.writeHead(out.status ?? 200, { 'content-type': 'application/json', ...out.headers });
      res.end(JSON.stringify(out.body ?? {}));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    baseUrl: `http://127.0.0.1:${port}/`,
    requests,
    close: () =>
      new Promise((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

export function googleError(status: number, reason: string, message: string): StubResponse {
  return { status, body: { error: { code: status, message, errors: [{ reason, domain: 'global', message }] } } };
}
