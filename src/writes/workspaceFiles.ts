import { constants, promises as fs } from 'node:fs';
import path from 'node:path';
import { detectMimeType } from 'nodemailer/lib/mime-funcs';
import { MAX_ATTACHMENT_BYTES } from '../mail/compose';
import { megabytesText } from '../mail/byteSize';
import { ProposalError } from './errors';
import { sha256Hex } from './payloadHash';

/**
 * Files from the open workspace as attachments of an outgoing message. The agent names them by a path relative to
 * an open workspace folder; that path is the only way in: absolute paths, `..` segments, NUL, drive letters and
 * UNC forms are refused before the file system is touched, the real path (symlinks resolved) must lie inside the
 * real folder, and only regular files are read (no devices, FIFOs, sockets or directories). Each file is read once,
 * here: the proposal carries these bytes and the payload hash binds them, so a file changed after the confirmation
 * opened is never sent in its new content.
 */

/** The folders the person has open, as the ui gives them (vscode.workspace.workspaceFolders, read live). */
export interface WorkspaceFolders {
  folders(): readonly WorkspaceFolder[];
  /**
   * False while VS Code runs the window in Restricted Mode (the person has not trusted the folder's authors): then
   * no file of it is attached. The folder's text is what the agent may have read and been steered by, so in a
   * folder nobody vouched for, attaching its files would be a road out for whatever it planted. Absent: trusted.
   */
  trusted?(): boolean;
}

export interface WorkspaceFolder {
  /** The folder's name as VS Code shows it (a multi-root workspace's paths start with it). */
  readonly name: string;
  /** Absolute file-system path. */
  readonly fsPath: string;
}

export interface WorkspaceFile {
  /** The path as the agent gave it. */
  readonly path: string;
  readonly filename: string;
  readonly contentType: string;
  readonly content: Buffer;
  readonly sha256: string;
}

/** Gmail's limit for what one message may carry in attachments: 25 MB for personal accounts ("Send attachments with
 *  your Gmail message", support.google.com/mail/answer/6584). Per file and in total. */
export const MAX_WORKSPACE_FILE_BYTES = MAX_ATTACHMENT_BYTES;
/** Files per message: more than this is a mistake or a bulk export, not an email. */
export const MAX_WORKSPACE_FILES = 10;
const MAX_PATH_CHARS = 1024;

const RESTRICTED_MODE =
  'This workspace is open in Restricted Mode (VS Code does not trust its authors), so no file from it can be attached to mail. ' +
  'Send without files, or ask the user to trust the workspace first (Workspaces: Manage Workspace Trust).';
const NO_WORKSPACE = 'No workspace folder is open in VS Code, so no file can be attached: open the folder that holds the file, or send without files.';

/** Reads the named files, in order; the first one that breaks a rule refuses the whole list (nothing is read after it). */
export async function readWorkspaceFiles(workspace: WorkspaceFolders | undefined, paths: readonly string[], alreadyAttachedBytes = 0): Promise<WorkspaceFile[]> {
  if (paths.length === 0) return [];
  if (workspace?.trusted?.() === false) throw new ProposalError(RESTRICTED_MODE);
  if (paths.length > MAX_WORKSPACE_FILES) throw new ProposalError(`${paths.length} files: at most ${MAX_WORKSPACE_FILES} can be attached to one message.`);
  const folders = workspace?.folders() ?? [];
  if (folders.length === 0) throw new ProposalError(NO_WORKSPACE);
  const files: WorkspaceFile[] = [];
  let total = alreadyAttachedBytes;
  for (const given of paths) {
    const file = await readOne(folders, given, MAX_WORKSPACE_FILE_BYTES - total);
    total += file.content.length;
    files.push(file);
  }
  return files;
}

async function readOne(folders: readonly WorkspaceFolder[], given: string, budget: number): Promise<WorkspaceFile> {
  const relative = checkedRelativePath(given);
  const { folder, inside } = folderOf(folders, relative, given);
  let folderReal: string;
  try {
    folderReal = await fs.realpath(folder.fsPath);
  } catch {
    throw new ProposalError(`The workspace folder "${folder.name}" cannot be read, so "${given}" cannot be attached.`);
  }
  let real: string;
  try {
    real = await fs.realpath(path.join(folderReal, ...inside));
  } catch (error) {
    throw new ProposalError(`"${given}" ${missing(error) ? 'does not exist' : 'cannot be read'} in the workspace folder "${folder.name}".`);
  }
  const fromFolder = path.relative(folderReal, real);
  if (fromFolder === '' || fromFolder === '..' || fromFolder.startsWith(`..${path.sep}`) || path.isAbsolute(fromFolder)) {
    throw new ProposalError(`"${given}" leads outside the workspace folder "${folder.name}" (through a symbolic link); only files inside it can be attached.`);
  }
  // O_NOFOLLOW: the real path was just resolved, so a symlink here means it was swapped in since; O_NONBLOCK: a FIFO
  // opened for reading would otherwise wait for a writer. The type is then checked on the open handle itself.
  const flags = constants.O_RDONLY | (constants.O_NOFOLLOW ?? 0) | (constants.O_NONBLOCK ?? 0);
  let handle: fs.FileHandle;
  try {
    handle = await fs.open(real, flags);
  } catch {
    throw new ProposalError(`"${given}" cannot be opened for reading.`);
  }
  try {
    const stat = await handle.stat({ bigint: true });
    if (!stat.isFile()) throw new ProposalError(`"${given}" is ${kindOf(stat)}, not a regular file; only files can be attached.`);
    // O_NOFOLLOW guards the last component only: a folder on the way swapped for a symlink between the check and the
    // open (an agent with a terminal can race one) would still be followed. The file opened must be the one the
    // checked path names now, and that path must still be real.
    const named = await fs.stat(real, { bigint: true }).catch(() => undefined);
    const again = await fs.realpath(real).catch(() => undefined);
    if (!named || named.ino !== stat.ino || named.dev !== stat.dev || again !== real) {
      throw new ProposalError(`"${given}" changed while it was being read (a file or folder on its path was replaced); nothing was attached. Try again.`);
    }
    const size = Number(stat.size);
    if (size > budget) throw tooLarge(given, size, budget);
    // Read at most one byte past the budget: a file that grew since the stat is caught without reading it whole.
    const buffer = Buffer.alloc(Math.min(size, budget) + 1);
    let length = 0;
    for (;;) {
      const { bytesRead } = await handle.read(buffer, length, buffer.length - length, length);
      if (bytesRead === 0) break;
      length += bytesRead;
      if (length === buffer.length) break;
    }
    if (length > budget) throw tooLarge(given, length, budget);
    if (length !== size) throw new ProposalError(`"${given}" changed while it was being read (its size changed); nothing was attached. Try again.`);
    const content = Buffer.from(buffer.subarray(0, length));
    // The real file's name (a link inside the folder shows what it points to); a line break in it would be refused as a header injection.
    const filename = path.basename(real).replace(/[\r\n]+/g, ' ').trim() || 'attachment';
    return { path: given, filename, contentType: detectMimeType(filename) || 'application/octet-stream', content, sha256: sha256Hex(content) };
  } finally {
    await handle.close();
  }
}

/** The path's segments, after the checks that need no file system. */
function checkedRelativePath(given: string): string[] {
  if (typeof given !== 'string' || given.trim() === '') throw new ProposalError('A file path is empty.');
  if (given.length > MAX_PATH_CHARS) throw new ProposalError(`A file path is longer than ${MAX_PATH_CHARS} characters.`);
  if (given.includes('\0')) throw new ProposalError('A file path contains a NUL character.');
  if (/^[A-Za-z]:/.test(given) || /^[\\/]/.test(given) || path.isAbsolute(given)) {
    throw new ProposalError(`"${given}" is an absolute path (or a drive or network path); give a path relative to the workspace folder.`);
  }
  const segments = given.split(/[\\/]+/).filter((s) => s !== '' && s !== '.');
  if (segments.some((s) => s === '..')) throw new ProposalError(`"${given}" contains "..": give a path inside the workspace folder, without "..".`);
  if (segments.length === 0) throw new ProposalError(`"${given}" names the workspace folder itself, not a file.`);
  return segments;
}

/** One folder: the path is relative to it. Several (multi-root): the first segment names the folder, as VS Code's relative paths do. */
function folderOf(folders: readonly WorkspaceFolder[], segments: string[], given: string): { folder: WorkspaceFolder; inside: string[] } {
  if (folders.length === 1) return { folder: folders[0], inside: segments };
  const folder = folders.find((f) => f.name === segments[0]);
  if (!folder || segments.length < 2) {
    throw new ProposalError(`"${given}": the workspace has several folders, so a path starts with the folder's name (${folders.map((f) => `"${f.name}"`).join(', ')}).`);
  }
  return { folder, inside: segments.slice(1) };
}

function tooLarge(given: string, size: number, budget: number): ProposalError {
  const cap = MAX_WORKSPACE_FILE_BYTES / (1024 * 1024);
  return new ProposalError(
    budget < MAX_WORKSPACE_FILE_BYTES
      ? `"${given}" (${megabytesText(size)}) would take the message's attachments over Gmail's ${cap} MB limit; ${megabytesText(Math.max(budget, 0))} are left.`
      : `"${given}" is ${megabytesText(size)}; Gmail accepts at most ${cap} MB of attachments in one message.`,
  );
}

function kindOf(stat: { isDirectory(): boolean; isFIFO(): boolean; isSocket(): boolean; isCharacterDevice(): boolean; isBlockDevice(): boolean }): string {
  if (stat.isDirectory()) return 'a folder';
  if (stat.isFIFO()) return 'a named pipe';
  if (stat.isSocket()) return 'a socket';
  if (stat.isCharacterDevice() || stat.isBlockDevice()) return 'a device';
  return 'not a regular file';
}

function missing(error: unknown): boolean {
  return (error as { code?: unknown })?.code === 'ENOENT' || (error as { code?: unknown })?.code === 'ENOTDIR';
}
