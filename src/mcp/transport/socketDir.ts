import { promises as fs } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

/**
 * Where the MCP server's unix socket lives: `mcp.sock` in a fresh private (0700) directory. A unix socket path must
 * fit in `sockaddr_un.sun_path` (108 bytes on Linux, 104 on macOS and the BSDs, the terminating NUL included), or
 * listen() fails with EINVAL; a long TMPDIR (a test harness inside a deep checkout, a long home directory) would
 * otherwise keep the server from starting. So the directory goes, in this order, to the first place where the whole
 * socket path fits: the parent asked for (default: the OS temp dir), $XDG_RUNTIME_DIR (private to the user by the
 * XDG spec; used only when it is a 0700 directory of ours), then directly under /tmp.
 */
export const SOCKET_FILE_NAME = 'mcp.sock';
const DIR_PREFIX = 'gmail-mcp-';
/** mkdtemp() appends six random characters to the prefix. */
const RANDOM_SUFFIX_LENGTH = 6;
const SHORT_PARENT = '/tmp';

/** The longest unix socket path in bytes, the NUL not counted. */
export function socketPathLimit(platform: NodeJS.Platform = process.platform): number {
  return platform === 'linux' ? 107 : 103;
}

/** The bytes a socket path takes: what the kernel counts, not UTF-16 code units. */
export function socketPathBytes(socketPath: string): number {
  return Buffer.byteLength(socketPath, 'utf8');
}

export interface SocketDirOptions {
  /** Where the private directory is preferred (default: the OS temp dir). */
  readonly parentDir?: string;
  /** Default: process.env (read when called, so a changed TMPDIR or XDG_RUNTIME_DIR counts). */
  readonly env?: NodeJS.ProcessEnv;
  readonly platform?: NodeJS.Platform;
}

export interface SocketDir {
  /** The private directory, removed by the caller on close. */
  readonly dir: string;
  readonly socketPath: string;
}

/** Creates the 0700 directory for the socket where the socket path fits the platform's limit. */
export async function createSocketDir(options: SocketDirOptions = {}): Promise<SocketDir> {
  const env = options.env ?? process.env;
  const limit = socketPathLimit(options.platform);
  const longestSocketPath = (parent: string) =>
    socketPathBytes(path.join(parent, DIR_PREFIX + 'x'.repeat(RANDOM_SUFFIX_LENGTH), SOCKET_FILE_NAME));
  const fits = (parent: string) => longestSocketPath(parent) <= limit;

  const preferred = options.parentDir ?? os.tmpdir();
  let parent: string | undefined = fits(preferred) ? preferred : undefined;
  if (parent === undefined) {
    const runtimeDir = env.XDG_RUNTIME_DIR;
    if (runtimeDir && fits(runtimeDir) && (await isPrivateDirectoryOfOurs(runtimeDir))) parent = runtimeDir;
  }
  parent ??= SHORT_PARENT;
  if (!fits(parent)) {
    throw new Error(
      `Cannot start the Gmail MCP server: its socket path would be ${longestSocketPath(parent)} bytes, over this platform's ` +
        `limit of ${limit}. Set TMPDIR to a shorter directory.`,
    );
  }

  // mkdtemp creates the directory with mode 0700 and fails rather than reuse an existing one; the chmod guards
  // against an unusual umask.
  const dir = await fs.mkdtemp(path.join(parent, DIR_PREFIX));
  await fs.chmod(dir, 0o700);
  return { dir, socketPath: path.join(dir, SOCKET_FILE_NAME) };
}

/** $XDG_RUNTIME_DIR is trusted only as the spec describes it: an absolute path to a directory we own, mode 0700. */
async function isPrivateDirectoryOfOurs(dir: string): Promise<boolean> {
  if (!path.isAbsolute(dir)) return false;
  try {
    const stat = await fs.stat(dir);
    const ownedByUs = typeof process.getuid !== 'function' || stat.uid === process.getuid();
    return stat.isDirectory() && ownedByUs && (stat.mode & 0o077) === 0;
  } catch {
    return false;
  }
}
