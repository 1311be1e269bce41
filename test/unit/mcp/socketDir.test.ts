import { strict as assert } from 'node:assert';
import { promises as fs } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { createSocketDir, socketPathBytes, socketPathLimit } from '../../../src/mcp/transport/socketDir';
import { startHarness, textOf } from './harness';

/** A directory whose path is exactly `length` bytes, under the real temp dir (nested: a name may be 255 bytes at most). */
async function directoryOfLength(base: string, length: number): Promise<string> {
  assert.ok(base.length + 2 <= length, `${base} leaves room for a name`);
  let dir = base;
  while (dir.length < length) {
    const remaining = length - dir.length; // a segment takes its name plus one '/'
    const name = remaining <= 61 ? remaining - 1 : remaining - 61 >= 2 ? 60 : 50;
    dir = path.join(dir, 'd'.repeat(name));
  }
  assert.equal(dir.length, length);
  await fs.mkdir(dir, { recursive: true });
  return dir;
}

async function modeOf(file: string): Promise<number> {
  return (await fs.stat(file)).mode & 0o777;
}

describe('mcp transport: the socket path fits the platform', function () {
  if (process.platform === 'win32') return; // named pipes have no such limit

  const realTmp = os.tmpdir();
  let scratch: string;
  let longDir: string;
  const created: string[] = [];
  before(async () => {
    scratch = await fs.mkdtemp(path.join(realTmp, 'sock-'));
    longDir = await directoryOfLength(scratch, 200);
  });
  afterEach(async () => {
    for (const dir of created.splice(0)) await fs.rm(dir, { recursive: true, force: true });
  });
  after(async () => fs.rm(scratch, { recursive: true, force: true }));

  it('knows the limits: 107 bytes on Linux, 103 on macOS, counted in bytes', () => {
    assert.equal(socketPathLimit('linux'), 107);
    assert.equal(socketPathLimit('darwin'), 103);
    assert.equal(socketPathBytes('/tmp/é'), 7);
  });

  it('keeps the preferred parent when the path fits', async () => {
    const { dir, socketPath } = await createSocketDir({ parentDir: scratch, env: {} });
    created.push(dir);
    assert.equal(path.dirname(dir), scratch);
    assert.equal(path.basename(socketPath), 'mcp.sock');
    assert.equal(await modeOf(dir), 0o700);
  });

  it('falls back to a short private directory directly under /tmp when the parent is too long', async () => {
    const { dir, socketPath } = await createSocketDir({ parentDir: longDir, env: {} });
    created.push(dir);
    assert.equal(path.dirname(dir), '/tmp');
    assert.match(path.basename(dir), /^gmail-mcp-.{6}$/);
    assert.ok(socketPathBytes(socketPath) <= socketPathLimit(), socketPath);
    assert.equal(await modeOf(dir), 0o700);
  });

  it('prefers $XDG_RUNTIME_DIR when it is a short 0700 directory of ours', async () => {
    const runtime = await fs.mkdtemp(path.join(scratch, 'run-'));
    await fs.chmod(runtime, 0o700);
    const { dir } = await createSocketDir({ parentDir: longDir, env: { XDG_RUNTIME_DIR: runtime } });
    created.push(dir);
    assert.equal(path.dirname(dir), runtime);
    assert.equal(await modeOf(dir), 0o700);
  });

  it('passes over an $XDG_RUNTIME_DIR that is too long, not a directory, open to others or relative', async () => {
    const open = await fs.mkdtemp(path.join(scratch, 'open-'));
    await fs.chmod(open, 0o755);
    const file = path.join(scratch, 'a-file');
    await fs.writeFile(file, '');
    for (const runtime of [longDir, file, open, 'relative/dir', path.join(scratch, 'missing')]) {
      const { dir } = await createSocketDir({ parentDir: longDir, env: { XDG_RUNTIME_DIR: runtime } });
      created.push(dir);
      assert.equal(path.dirname(dir), '/tmp', runtime);
    }
  });

  it('applies the platform limit asked for (macOS: 103)', async () => {
    // 103 - "/gmail-mcp-XXXXXX/mcp.sock".length = 77: a parent of 78 bytes fits Linux but not macOS.
    const parent = await directoryOfLength(scratch, 78);
    const linux = await createSocketDir({ parentDir: parent, env: {}, platform: 'linux' });
    const mac = await createSocketDir({ parentDir: parent, env: {}, platform: 'darwin' });
    created.push(linux.dir, mac.dir);
    assert.equal(path.dirname(linux.dir), parent);
    assert.equal(path.dirname(mac.dir), '/tmp');
  });

  describe('with a TMPDIR of 200 characters', () => {
    let savedTmpdir: string | undefined;
    let savedRuntime: string | undefined;
    before(() => {
      savedTmpdir = process.env.TMPDIR;
      savedRuntime = process.env.XDG_RUNTIME_DIR;
      process.env.TMPDIR = longDir;
      delete process.env.XDG_RUNTIME_DIR;
      assert.equal(os.tmpdir(), longDir);
    });
    after(() => {
      for (const [key, value] of [['TMPDIR', savedTmpdir], ['XDG_RUNTIME_DIR', savedRuntime]] as const) {
        if (value === undefined) delete process.env[key];
        else process.env[key] = value;
      }
    });

    it('listens, in a 0700 directory with a 0600 socket, serves a client over it and removes the directory on close', async () => {
      const h = await startHarness({ listen: { kind: 'socket' } });
      try {
        const socketPath = h.running.socketPath as string;
        assert.ok(socketPathBytes(socketPath) <= socketPathLimit(), `${socketPath} fits`);
        assert.ok(!socketPath.startsWith(longDir));
        assert.equal(await modeOf(path.dirname(socketPath)), 0o700);
        assert.equal(await modeOf(socketPath), 0o600);
        assert.match(h.running.authHeader.value, /^[0-9a-f]{64}$/);
        assert.match(textOf(await h.call('get_profile')), /me@example\.com/);
      } finally {
        await h.close();
      }
      await assert.rejects(fs.stat(path.dirname(h.running.socketPath as string)), { code: 'ENOENT' });
    });
  });
});
