import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import path from 'node:path';
import { once } from 'node:events';
import { TEST_MAIL_DIR } from './helpers';

/** A child compiling the fake with tsx is CPU-bound and slow on a loaded machine; the deadline only ends a hang. */
const CHILD_TEST_TIMEOUT_MS = 120_000;

describe('fake Google CLI (test/fakeGoogle/main.ts)', () => {
  it('prints {baseUrl, clientId, clientSecret} and serves until killed', async function () {
    this.timeout(CHILD_TEST_TIMEOUT_MS);
    const main = path.join(__dirname, '..', '..', 'fakeGoogle', 'main.ts');
    const child = spawn(process.execPath, ['--import', 'tsx', main, '--mailbox', TEST_MAIL_DIR, '--auto-consent'], { stdio: ['ignore', 'pipe', 'pipe'] });
    try {
      let out = '';
      child.stdout.setEncoding('utf8');
      while (!out.includes('\n')) {
        const [chunk] = (await Promise.race([once(child.stdout, 'data'), once(child, 'exit').then(() => ['exit'])])) as string[];
        if (chunk === 'exit') throw new Error('CLI exited early');
        out += chunk;
      }
      const info = JSON.parse(out.split('\n')[0]) as { baseUrl: string; clientId: string; clientSecret: string };
      assert.match(info.baseUrl, /^http:\/\/127\.0\.0\.1:\d+$/);
      assert.ok(info.clientId && info.clientSecret);
      const res = await fetch(`${info.baseUrl}/gmail/v1/users/me/profile`);
      assert.equal(res.status, 401);
    } finally {
      child.kill('SIGTERM');
      await once(child, 'exit');
    }
  });

  it('fails clearly without --mailbox', async function () {
    this.timeout(CHILD_TEST_TIMEOUT_MS);
    const main = path.join(__dirname, '..', '..', 'fakeGoogle', 'main.ts');
    const child = spawn(process.execPath, ['--import', 'tsx', main], { stdio: ['ignore', 'pipe', 'pipe'] });
    let err = '';
    child.stderr.on('data', (d: Buffer) => (err += d.toString()));
    const [code] = await once(child, 'exit');
    assert.equal(code, 1);
    assert.match(err, /--mailbox DIR is required/);
  });
});
