/**
 * `npm run test:conformance`: the MCP conformance suite (npm @modelcontextprotocol/conformance, run with the
 * cached Node 24 it needs) against the server's TCP test mode, for the scenarios that apply to any server, once
 * per protocol revision the server speaks: the 0.1 line for 2025-11-25 clients and the 0.2 line (installed as
 * conformance-2026, since the two versions share a package name) for 2026-07-28 clients. The other scenarios
 * call tools, resources and prompts of the SDK's own test server, which this server does not have.
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

const SCENARIOS_2026 = 'server-stateless,tools-list,resources-list,prompts-list,caching,sep-2164-resource-not-found,dns-rebinding-protection,server-sse-multiple-streams,http-header-validation';
interface Suite {
  readonly revision: string;
  readonly cli: string;
  readonly args: readonly string[];
  readonly scenarios: readonly string[];
}
const SUITES: readonly Suite[] = [
  {
    revision: '2025-11-25',
    cli: resolve('node_modules/@modelcontextprotocol/conformance/dist/index.js'),
    args: [],
    scenarios: ['server-initialize', 'ping', 'tools-list', 'resources-list', 'prompts-list', 'dns-rebinding-protection', 'server-sse-multiple-streams'],
  },
  {
    revision: '2026-07-28',
    cli: resolve('node_modules/conformance-2026/dist/index.js'),
    args: ['--spec-version', '2026-07-28', '--expected-failures', resolve('test/standalone/conformance-2026-expected-failures.yaml')],
    scenarios: (process.env.CONFORMANCE_2026_SCENARIOS ?? SCENARIOS_2026).split(','),
  },
];
// The same cache the install script and the harness use: VSCODE_TEST_CACHE when set (CI shares one across clones).
const NODE24 = resolve(process.env.VSCODE_TEST_CACHE ?? '.vscode-test-cache', 'node-24.21.0/bin/node');

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
    for (const suite of SUITES) {
      for (const scenario of suite.scenarios) {
        const run = await runScenario(suite, url, scenario);
        const ok = run.status === 0;
        if (ok) passed++;
        else failed++;
        process.stdout.write(`${ok ? '✔' : '✖'} conformance ${suite.revision} ${scenario}\n`);
        if (!ok || process.env.CONFORMANCE_VERBOSE) process.stdout.write(`${run.output}\n`);
      }
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

function runScenario(suite: Suite, url: string, scenario: string): Promise<{ status: number; output: string }> {
  // Asynchronous: the server under test runs in this process.
  return new Promise((resolvePromise) => {
    const child = spawn(NODE24, [suite.cli, 'server', '--url', url, '--scenario', scenario, ...suite.args], { stdio: ['ignore', 'pipe', 'pipe'] });
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
