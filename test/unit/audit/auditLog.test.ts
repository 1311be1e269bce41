import assert from 'node:assert/strict';
import { mkdtemp, readdir, readFile, rm, stat, writeFile, mkdir } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { AuditLog } from '../../../src/audit/auditLog';

const ACCESS = 'ya29.a0AfB_byC3xYz-EXAMPLEexampleEXAMPLE1234567890abcdef';

describe('audit/auditLog', () => {
  let dir: string;
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'audit-test-'));
  });
  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('appends one redacted JSON line per call, file mode 0600', async () => {
    const errors: Error[] = [];
    const log = new AuditLog({ directory: join(dir, 'global'), onError: (e) => errors.push(e) });
    await log.append({
      account: 'dana@example.com',
      tool: 'send_message',
      args: { to: ['bob@example.com'], subject: 'Hi', body: 'the whole body text', token: ACCESS },
      decision: 'approved',
      resultSummary: `sent id 18c2f0a1b2c3d4e5 with Bearer ${ACCESS}`,
      messageIds: ['18c2f0a1b2c3d4e5'],
      flags: ['recipient-from-untrusted-content'],
      time: new Date('2025-10-01T09:00:00Z'),
    });
    await log.append({ account: 'dana@example.com', tool: 'read_message', args: { id: 'abc' }, decision: 'allowed' });
    const text = await readFile(log.path, 'utf8');
    const lines = text.trim().split('\n').map((line) => JSON.parse(line) as Record<string, unknown>);
    assert.equal(lines.length, 2);
    assert.equal(lines[0].time, '2025-10-01T09:00:00.000Z');
    assert.equal(lines[0].tool, 'send_message');
    assert.equal(lines[0].decision, 'approved');
    assert.deepEqual(lines[0].messageIds, ['18c2f0a1b2c3d4e5']);
    assert.equal(text.includes('ya29.'), false);
    assert.equal(text.includes('the whole body text'), false);
    assert.equal((await stat(log.path)).mode & 0o777, 0o600);
    assert.deepEqual(errors, []);
  });

  it('rotates by size and keeps the configured number of old files', async () => {
    const log = new AuditLog({ directory: dir, maxBytes: 400, keep: 2 });
    for (let i = 0; i < 30; i++) await log.append({ account: 'a@example.com', tool: 'search_messages', args: { q: `query ${i}` }, decision: 'allowed' });
    const files = (await readdir(dir)).sort();
    assert.deepEqual(files, ['audit.1.jsonl', 'audit.2.jsonl', 'audit.jsonl']);
    for (const file of files) assert.ok((await stat(join(dir, file))).size <= 400);
    const newest = await readFile(join(dir, 'audit.jsonl'), 'utf8');
    assert.match(newest, /query 29/);
  });

  it('never throws into the caller; reports write failures through onError', async () => {
    const blocker = join(dir, 'not-a-dir');
    await writeFile(blocker, 'x');
    const errors: Error[] = [];
    const log = new AuditLog({ directory: join(blocker, 'sub'), onError: (e) => errors.push(e) });
    await log.append({ account: 'a', tool: 't', args: {}, decision: 'failed' });
    assert.equal(errors.length, 1);
    assert.match(errors[0].message, /^audit log: /);
    // A later append still works once the directory is usable.
    const ok = new AuditLog({ directory: join(dir, 'ok') });
    await mkdir(join(dir, 'ok'));
    await ok.append({ account: 'a', tool: 't', args: {}, decision: 'allowed' });
    assert.equal((await readFile(ok.path, 'utf8')).split('\n').length, 2);
  });

  it('keeps appends in order when called without awaiting', async () => {
    const log = new AuditLog({ directory: dir });
    for (let i = 0; i < 20; i++) void log.append({ account: 'a', tool: `t${i}`, args: {}, decision: 'allowed' });
    await log.flush();
    const tools = (await readFile(log.path, 'utf8')).trim().split('\n').map((l) => (JSON.parse(l) as { tool: string }).tool);
    assert.deepEqual(tools, Array.from({ length: 20 }, (_, i) => `t${i}`));
  });
});
