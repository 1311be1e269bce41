/**
 * `npm run test:conformance`: the MCP conformance suite (npm @modelcontextprotocol/conformance, run with the
 * cached Node 24 it needs) against the server's TCP test mode, for the scenarios that apply to any server.
 *
 * The suite cannot send our bearer token, so it talks to a loopback forwarder that adds the Authorization
 * header and passes everything else (Host, Origin, body) through unchanged: the Host/Origin checks under test
 * are still the server's own.
 */
import { spawn, spawnSync } from 'node:child_process';
import { createServer, request } from 'node:http';
import type { AddressInfo } from 'node:net';
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { AccountServerLauncher } from '../../src/mcp/server/accountServer';
import { NO_OBSERVER } from '../../src/mcp/server/callObserver';
import { createFakeGoogle } from '../fakeGoogle';
import { signInToFake } from './signInToFake';

const SCENARIOS = ['server-initialize', 'ping', 'tools-list', 'resources-list', 'prompts-list', 'dns-rebinding-protection', 'server-sse-multiple-streams'];
// The same cache the install script and the harness use: VSCODE_TEST_CACHE when set (CI shares one across clones).
const NODE24 = resolve(process.env.VSCODE_TEST_CACHE ?? '.vscode-test-cache', 'node-24.21.0/bin/node');
const CLI = resolve('node_modules/@modelcontextprotocol/conformance/dist/index.js');

async function main(): Promise<number> {
  if (!existsSync(NODE24)) {
    const install = spawnSync('bash', ['scripts/install-vscode-test-cache.sh'], { stdio: 'inherit' });
    if (install.status !== 0) throw new Error('could not install the Node 24 cache the conformance suite needs');
  }
  const fake = await createFakeGoogle({ mailboxDir: resolve('test/fixtures/mail') });
  const { tokenSource, grant } = await signInToFake(fake);
  const endpoint = await new AccountServerLauncher({
    endpoints: fake.endpoints,
    observer: NO_OBSERVER,
    tokenSourceFor: () => tokenSource,
    grantedScopesFor: async () => grant.grantedScopes,
    listen: { kind: 'tcp' },
  }).start(fake.accounts[0]);
  const target = new URL(endpoint.server.url);
  const forwarder = createServer((req, res) => {
    const upstream = request(
      { host: target.hostname, port: target.port, path: req.url, method: req.method, headers: { ...req.headers, [endpoint.server.authHeader.name]: endpoint.server.authHeader.value } },
      (up) => {
        res.writeHead(up.statusCode ?? 502, up.headers);
        up.pipe(res);
      },
    );
    upstream.on('error', () => res.destroy());
    req.pipe(upstream);
  });
  await new Promise<void>((r) => forwarder.listen(0, '127.0.0.1', () => r()));
  const url = `http://127.0.0.1:${(forwarder.address() as AddressInfo).port}/mcp`;

  let passed = 0;
  let failed = 0;
  try {
    for (const scenario of SCENARIOS) {
      const run = await runScenario(url, scenario);
      const ok = run.status === 0;
      if (ok) passed++;
      else failed++;
      process.stdout.write(`${ok ? '✔' : '✖'} conformance ${scenario}\n`);
      if (!ok) process.stdout.write(`${run.output}\n`);
    }
  } finally {
    forwarder.closeAllConnections();
    forwarder.close();
    await endpoint.close();
    await fake.close();
  }
  process.stdout.write(`conformance: ${passed} passed, ${failed} failed\n`);
  return failed ? 1 : 0;
}

function runScenario(url: string, scenario: string): Promise<{ status: number; output: string }> {
  // Asynchronous: the server under test runs in this process.
  return new Promise((resolvePromise) => {
    const child = spawn(NODE24, [CLI, 'server', '--url', url, '--scenario', scenario], { stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (d: Buffer) => (output += d.toString()));
    child.stderr.on('data', (d: Buffer) => (output += d.toString()));
    const timer = setTimeout(() => child.kill(), 60_000);
    child.on('close', (status) => {
      clearTimeout(timer);
      resolvePromise({ status: status ?? 1, output });
    });
  });
}

main().then(
  (code) => process.exit(code),
  (err: unknown) => {
    process.stderr.write(`conformance run failed: ${(err as Error).message}\n`);
    process.exit(1);
  },
);
