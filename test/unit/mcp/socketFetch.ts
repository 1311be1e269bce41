import * as http from 'node:http';
import { Readable } from 'node:stream';
import type { FetchLike } from '@modelcontextprotocol/sdk/shared/transport.js';

/** fetch over a unix socket (what VS Code does for socket-based MCP servers), for the SDK client in tests. */
export function socketFetch(socketPath: string): FetchLike {
  return (url, init) =>
    new Promise<Response>((resolve, reject) => {
      const target = new URL(url);
      const headers: Record<string, string> = { host: 'localhost' };
      new Headers(init?.headers).forEach((value, key) => (headers[key] = value));
      const req = http.request({ socketPath, path: target.pathname + target.search, method: init?.method ?? 'GET', headers }, (res) => {
        const responseHeaders = new Headers();
        for (const [key, value] of Object.entries(res.headers)) {
          if (typeof value === 'string') responseHeaders.set(key, value);
          else if (Array.isArray(value)) for (const v of value) responseHeaders.append(key, v);
        }
        const status = res.statusCode ?? 500;
        const body = status === 204 || status === 304 || init?.method === 'HEAD' ? null : (Readable.toWeb(res) as ReadableStream<Uint8Array>);
        resolve(new Response(body, { status, headers: responseHeaders }));
      });
      req.on('error', reject);
      init?.signal?.addEventListener('abort', () => req.destroy(new Error('aborted')));
      if (init?.body !== undefined && init.body !== null) req.end(typeof init.body === 'string' ? init.body : Buffer.from(init.body as ArrayBuffer));
      else req.end();
    });
}
