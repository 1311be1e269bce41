import { strict as assert } from 'node:assert';
import * as http from 'node:http';
import type { AccountMcpEndpoint } from '../../../src/mcp/server/accountServer';
import { createFakeGoogle, type FakeGoogle } from '../../fakeGoogle/index';
import { startAccountServerOnFake } from './accountServerOnFake';

const MODERN = '2026-07-28';

interface JsonRpcMessage {
  readonly id?: number;
  readonly method?: string;
  readonly params?: Record<string, unknown>;
  readonly result?: Record<string, unknown>;
  readonly error?: { code: number; message: string };
}

/** A 2026-07-28 request: no session; its version and capabilities ride in _meta and the standard headers. */
function modernRequest(endpoint: AccountMcpEndpoint, id: number, method: string, params: Record<string, unknown>, name?: string) {
  const url = new URL(endpoint.server.url);
  const body = JSON.stringify({
    jsonrpc: '2.0',
    id,
    method,
    params: { ...params, _meta: { 'io.modelcontextprotocol/protocolVersion': MODERN, 'io.modelcontextprotocol/clientCapabilities': {} } },
  });
  const headers: Record<string, string> = {
    'content-type': 'application/json',
    accept: 'application/json, text/event-stream',
    'mcp-protocol-version': MODERN,
    'mcp-method': method,
    [endpoint.server.authHeader.name]: endpoint.server.authHeader.value,
    ...(name ? { 'mcp-name': name } : {}),
  };
  return http.request({ host: '127.0.0.1', port: Number(url.port), path: url.pathname, method: 'POST', headers, agent: false }).end(body);
}

/** The JSON-RPC messages of a response, as they arrive (one JSON body, or SSE `data:` lines). */
function messagesOf(request: http.ClientRequest, onMessage: (message: JsonRpcMessage) => void): Promise<{ status: number }> {
  return new Promise((resolve, reject) => {
    request.on('error', reject);
    request.on('response', (res) => {
      let pending = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => {
        pending += chunk;
        if ((res.headers['content-type'] ?? '').startsWith('application/json')) return;
        let end: number;
        while ((end = pending.indexOf('\n\n')) >= 0) {
          const frame = pending.slice(0, end);
          pending = pending.slice(end + 2);
          const data = frame.split('\n').filter((l) => l.startsWith('data:')).map((l) => l.slice(5).trim()).join('\n');
          if (data) onMessage(JSON.parse(data) as JsonRpcMessage);
        }
      });
      res.on('end', () => {
        if (pending.trim().startsWith('{')) onMessage(JSON.parse(pending) as JsonRpcMessage);
        resolve({ status: res.statusCode ?? 0 });
      });
      res.on('error', reject);
    });
  });
}

async function answerTo(endpoint: AccountMcpEndpoint, id: number, method: string, params: Record<string, unknown>, name?: string): Promise<JsonRpcMessage> {
  const received: JsonRpcMessage[] = [];
  await messagesOf(modernRequest(endpoint, id, method, params, name), (m) => received.push(m));
  const answer = received.find((m) => m.id === id && (m.result || m.error));
  assert.ok(answer, `no answer to ${method}: ${JSON.stringify(received)}`);
  return answer;
}

describe('mcp: clients of the 2026-07-28 revision on the account server', function () {
  this.timeout(30_000);
  let fake: FakeGoogle;
  let endpoint: AccountMcpEndpoint;
  before(async () => {
    fake = await createFakeGoogle();
    endpoint = await startAccountServerOnFake(fake);
  });
  after(async () => fake?.close());

  it('a call to a tool that is not listed is the protocol error the specification gives unknown tools', async () => {
    const listed = await answerTo(endpoint, 1, 'tools/list', {});
    const names = (listed.result?.tools as Array<{ name: string }>).map((t) => t.name);
    assert.ok(names.includes('search_messages') && !names.includes('send_message'), names.join(','));
    const refused = await answerTo(endpoint, 2, 'tools/call', { name: 'send_message', arguments: { to: ['a@example.com'], subject: 's', body: 'b' } }, 'send_message');
    assert.equal(refused.result, undefined, JSON.stringify(refused.result));
    assert.equal(refused.error?.code, -32602);
    assert.match(String(refused.error?.message), /send_message disabled/);
  });

  it('hears of each change of the tool list on its subscriptions/listen stream, and close() does not wait for it', async () => {
    const heard: JsonRpcMessage[] = [];
    let acknowledged: () => void = () => undefined;
    const ack = new Promise<void>((resolve) => (acknowledged = resolve));
    let changes = 0;
    let changed: () => void = () => undefined;
    const change = () => new Promise<void>((resolve) => (changed = resolve));
    const stream = messagesOf(modernRequest(endpoint, 9, 'subscriptions/listen', { notifications: { toolsListChanged: true } }), (message) => {
      heard.push(message);
      if (message.method === 'notifications/subscriptions/acknowledged') acknowledged();
      if (message.method === 'notifications/tools/list_changed') {
        changes++;
        changed();
      }
    });
    await ack;
    const ackMessage = heard.find((m) => m.method === 'notifications/subscriptions/acknowledged');
    assert.deepEqual(ackMessage?.params?.notifications, { toolsListChanged: true });

    const granted = endpoint.access.settings.grantedScopes;
    let next = change();
    endpoint.access.update({ grantedScopes: [] });
    await next;
    // A change of settings that lists the same tools announces nothing.
    endpoint.access.update({ readOnly: endpoint.access.settings.readOnly });
    next = change();
    endpoint.access.update({ grantedScopes: granted });
    await next;

    // Far longer than this test may run: close() must not wait for the listen stream as for a tool call.
    await endpoint.close(120_000);
    const { status } = await stream;
    assert.equal(status, 200);
    assert.equal(changes, 2, JSON.stringify(heard));
  });
});
