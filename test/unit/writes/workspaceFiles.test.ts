import { strict as assert } from 'node:assert';
import { createHash } from 'node:crypto';
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, truncateSync, writeFileSync, realpathSync } from 'node:fs';
import { createServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { ProposalError } from '../../../src/writes/errors';
import { MAX_WORKSPACE_FILES, readWorkspaceFiles, type WorkspaceFolders } from '../../../src/writes/workspaceFiles';

const MB = 1024 * 1024;

describe('writes: files from the open workspace as attachments', () => {
  let root: string;
  let project: string;
  let outside: string;
  let workspace: WorkspaceFolders;

  before(() => {
    root = mkdtempSync(path.join(tmpdir(), 'ws-files-'));
    project = path.join(root, 'project');
    outside = path.join(root, 'outside');
    mkdirSync(path.join(project, 'docs', 'deep'), { recursive: true });
    mkdirSync(outside);
    writeFileSync(path.join(project, 'docs', 'report.pdf'), '%PDF-1.4 report');
    writeFileSync(path.join(project, 'docs', 'deep', 'notes.txt'), 'notes');
    writeFileSync(path.join(project, 'data.bin'), Buffer.from([0, 1, 2, 3]));
    writeFileSync(path.join(outside, 'secret.txt'), 'secret');
    symlinkSync(path.join(outside, 'secret.txt'), path.join(project, 'link-out.txt'));
    symlinkSync(outside, path.join(project, 'dir-out'));
    symlinkSync(path.join(project, 'docs', 'report.pdf'), path.join(project, 'link-in.pdf'));
    symlinkSync('/dev/null', path.join(project, 'null-device'));
    workspace = { folders: () => [{ name: 'project', fsPath: project }] };
  });
  after(() => rmSync(root, { recursive: true, force: true }));

  const refused = async (paths: string[], expected: RegExp, ws: WorkspaceFolders | undefined = workspace, already = 0) => {
    await assert.rejects(readWorkspaceFiles(ws, paths, already), (error: Error) => {
      assert.ok(error instanceof ProposalError, `${error.name}: ${error.message}`);
      assert.match(error.message, expected);
      return true;
    });
  };

  it('reads a file by its path relative to the folder: the exact bytes, its name, type and sha256', async () => {
    const [file] = await readWorkspaceFiles(workspace, ['docs/report.pdf']);
    assert.equal(file.path, 'docs/report.pdf');
    assert.equal(file.filename, 'report.pdf');
    assert.equal(file.contentType, 'application/pdf');
    assert.equal(file.content.toString(), '%PDF-1.4 report');
    assert.equal(file.sha256, createHash('sha256').update('%PDF-1.4 report').digest('hex'));
    const [bin] = await readWorkspaceFiles(workspace, ['./data.bin']);
    assert.equal(bin.contentType, 'application/octet-stream');
    assert.deepEqual([...bin.content], [0, 1, 2, 3]);
  });

  it('accepts backslashes as separators and a symlink that stays inside the folder', async () => {
    const files = await readWorkspaceFiles(workspace, ['docs\\deep\\notes.txt', 'link-in.pdf']);
    assert.deepEqual(files.map((f) => [f.filename, f.content.toString()]), [['notes.txt', 'notes'], ['report.pdf', '%PDF-1.4 report']]);
  });

  it("names the attachment after the real file, a line break in its name folded (a header could not be injected)", async function () {
    if (process.platform === 'win32') this.skip();
    writeFileSync(path.join(project, 'two\nlines.txt'), 'x');
    symlinkSync(path.join(project, 'two\nlines.txt'), path.join(project, 'plain-link.txt'));
    const [file] = await readWorkspaceFiles(workspace, ['plain-link.txt']);
    assert.equal(file.filename, 'two lines.txt');
  });

  it('refuses ".." segments, even ones that would land back inside', async () => {
    await refused(['../outside/secret.txt'], /contains "\.\."/);
    await refused(['docs/../../outside/secret.txt'], /contains "\.\."/);
    await refused(['docs/../data.bin'], /contains "\.\."/);
    await refused(['docs\\..\\..\\outside\\secret.txt'], /contains "\.\."/);
  });

  it('refuses absolute, drive, UNC and NUL paths, also for a file that is inside the folder', async () => {
    await refused([path.join(project, 'data.bin')], /is an absolute path/);
    await refused(['/etc/passwd'], /is an absolute path/);
    await refused(['C:\\Users\\me\\secret.txt'], /drive or network path/);
    await refused(['C:secret.txt'], /drive or network path/);
    await refused(['\\\\server\\share\\secret.txt'], /drive or network path/);
    await refused(['//server/share/secret.txt'], /drive or network path/);
    await refused(['data.bin\0.txt'], /NUL character/);
    await refused(['.'], /the workspace folder itself/);
  });

  it('refuses a symlink that leads out of the folder, to a file, a folder or a device', async () => {
    await refused(['link-out.txt'], /leads outside the workspace folder/);
    await refused(['dir-out/secret.txt'], /leads outside the workspace folder/);
    await refused(['null-device'], /leads outside the workspace folder/);
  });

  it('reads regular files only: no folder, named pipe or socket', async function () {
    await refused(['docs'], /is a folder, not a regular file/);
    if (process.platform === 'win32') this.skip();
    const fifo = path.join(project, 'pipe');
    execFileSync('mkfifo', [fifo]);
    await refused(['pipe'], /is a named pipe, not a regular file/);
    const socketPath = path.join(project, 'sock');
    const server: Server = createServer();
    await new Promise<void>((resolve) => server.listen(socketPath, resolve));
    try {
      await refused(['sock'], /cannot be opened|is a socket/);
    } finally {
      await new Promise<void>((resolve) => server.close(() => resolve()));
    }
  });

  it("caps a file and the message's total at Gmail's 25 MB, and the count at 10", async () => {
    // Sparse files: the size is what counts, nothing is written.
    const big = path.join(project, 'big.iso');
    writeFileSync(big, '');
    truncateSync(big, 25 * MB + 1);
    await refused(['big.iso'], /big\.iso" is 25\.0 MB; Gmail accepts at most 25 MB/);
    const half = path.join(project, 'half.bin');
    writeFileSync(half, '');
    truncateSync(half, 13 * MB);
    await refused(['half.bin', 'docs/report.pdf', 'half.bin'], /would take the message's attachments over Gmail's 25 MB limit/);
    // What the message already carries (attachments of read mail) counts too.
    await refused(['half.bin'], /over Gmail's 25 MB limit; 12\.0 MB are left/, workspace, 13 * MB);
    await refused(Array.from({ length: MAX_WORKSPACE_FILES + 1 }, () => 'data.bin'), /11 files: at most 10/);
  });

  it('says why when no folder is open, the file is missing, or the workspace has several folders', async () => {
    await assert.rejects(readWorkspaceFiles(undefined, ['data.bin']), /No workspace folder is open in VS Code/);
    await refused(['data.bin'], /No workspace folder is open in VS Code/, { folders: () => [] });
    await refused(['nothing.txt'], /"nothing\.txt" does not exist in the workspace folder "project"/);
    const multi: WorkspaceFolders = { folders: () => [{ name: 'project', fsPath: project }, { name: 'other', fsPath: outside }] };
    await refused(['data.bin'], /several folders, so a path starts with the folder's name \("project", "other"\)/, multi);
    const [file] = await readWorkspaceFiles(multi, ['project/docs/report.pdf']);
    assert.equal(file.content.toString(), '%PDF-1.4 report');
    const [other] = await readWorkspaceFiles(multi, ['other/secret.txt']);
    assert.equal(other.content.toString(), 'secret');
  });

  it('attaches nothing from a workspace in Restricted Mode, and says how to go on', async () => {
    let trusted = false;
    const folders = { folders: () => [{ name: 'project', fsPath: project }], trusted: () => trusted };
    await refused(['docs/report.pdf'], /Restricted Mode[\s\S]*no file from it can be attached[\s\S]*trust the workspace/, folders);
    assert.deepEqual(await readWorkspaceFiles(folders, []), [], 'a message without files is not affected');
    // Read live: once the person trusts the workspace, the same call attaches the file.
    trusted = true;
    const [file] = await readWorkspaceFiles(folders, ['docs/report.pdf']);
    assert.equal(file.content.toString(), '%PDF-1.4 report');
  });

  it('reads the folder through its real path: a workspace opened through a symlink still works', async () => {
    const alias = path.join(root, 'project-alias');
    symlinkSync(project, alias);
    const [file] = await readWorkspaceFiles({ folders: () => [{ name: 'project', fsPath: alias }] }, ['docs/report.pdf']);
    assert.equal(file.content.toString(), '%PDF-1.4 report');
    assert.ok(realpathSync(alias) === realpathSync(project));
  });
});
