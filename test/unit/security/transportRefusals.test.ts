import { strict as assert } from 'node:assert';
import * as http from 'node:http';
import fc from 'fast-check';
import { NONCE_HEADER } from '../../../src/mcp/transport/transport';
import { startHarness, type Harness } from '../mcp/harness';

/**
 * The socket's front door, property-tested (the fixed cases are in test/unit/mcp/transport.test.ts): any
 * missing or wrong nonce is 401, any foreign Host or any Origin other than the server's own is 403, a body
 * over the cap is 413, and no refused request ever reaches a tool.
 */
function request(socketPath: string, headers: Record<string, string>, body: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = http.request({ socketPath, method: 'POST', path: '/mcp', headers, agent: false }, (res) => {
      res.resume();
      res.on('end', () => resolve(res.statusCode ?? 0));
    });
    req.on('error', reject);
    req.end(body);
  });
}

const CALL = JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'tools/call', params: { name: 'get_profile', arguments: {} } });
const BASE = { 'content-type': 'application/json', accept: 'application/json, text/event-stream', host: 'localhost' };
const token = fc.stringMatching(/^[\x21-\x7e]{0,80}$/);

describe('security: transport refusals (unix socket + nonce)', function () {
  if (process.platform === 'win32') return;
  this.timeout(60_000);
  let h: Harness;
  let socketPath: string;
  let nonce: string;
  before(async () => {
    h = await startHarness({ listen: { kind: 'socket' } });
    socketPath = h.running.socketPath as string;
    nonce = h.running.authHeader.value;
  });
  after(async () => h.close());

  it('any missing or wrong nonce: 401, and Gmail is never called', async () => {
    const calls = h.gmail.calls.length;
    assert.equal(await request(socketPath, BASE, CALL), 401);
    await fc.assert(
      fc.asyncProperty(token.filter((t) => t !== nonce), async (wrong) => {
        assert.equal(await request(socketPath, { ...BASE, [NONCE_HEADER]: wrong }, CALL), 401);
      }),
      { numRuns: 40 },
    );
    assert.equal(h.gmail.calls.length, calls);
  });

  it('any foreign Host or any foreign Origin: 403, even with the right nonce', async () => {
    const calls = h.gmail.calls.length;
    const host = fc.domain().filter((d) => d !== 'localhost');
    await fc.assert(
      fc.asyncProperty(host, fc.webUrl(), async (foreignHost, origin) => {
        assert.equal(await request(socketPath, { ...BASE, host: foreignHost, [NONCE_HEADER]: nonce }, CALL), 403, foreignHost);
        assert.equal(await request(socketPath, { ...BASE, origin: new URL(origin).origin, [NONCE_HEADER]: nonce }, CALL), 403, origin);
      }),
      { numRuns: 30 },
    );
    for (const origin of ['null', 'http://localhost:1', 'vscode-webview://x', 'file://']) {
      assert.equal(await request(socketPath, { ...BASE, origin, [NONCE_HEADER]: nonce }, CALL), 403, origin);
    }
    assert.equal(h.gmail.calls.length, calls);
  });

  it('an oversized body: 413 before it is parsed', async () => {
    const big = JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'tools/call', params: { name: 'search_messages', arguments: { query: 'x'.repeat(8 * 1024 * 1024) } } });
    assert.equal(await request(socketPath, { ...BASE, [NONCE_HEADER]: nonce }, big), 413);
  });
});
