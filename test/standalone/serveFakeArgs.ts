import { parseArgs } from 'node:util';
import type { ToolsetName } from '../../src/gmail/scopes';
import { USER_UNITS_PER_MINUTE } from '../fakeGoogle/quota/quotaUnits';
import type { FlagAnswer } from './flagConfirmer';

const TOOLSETS: readonly ToolsetName[] = ['read', 'drafts', 'send', 'organize'];

export interface ServeFakeOptions {
  readonly mailbox: string;
  readonly latencyMs: number;
  readonly port: number;
  readonly toolsets: readonly ToolsetName[];
  readonly confirm: FlagAnswer;
  /** Gmail's per-user limit the fake enforces and the MCP server's client paces at (6,000 a minute unless --older-project-quota). */
  readonly unitsPerMinute: number;
  /** A second account's mailbox (SECOND_ACCOUNT), served beside the first by the same launcher, as the extension serves two. */
  readonly secondMailbox?: string;
}

/** The second account's address: the owner of test/fixtures/work-account. */
export const SECOND_ACCOUNT = 'sam.rivera@northwind.example';

export const SERVE_FAKE_USAGE =
  'usage: npm run serve:fake -- [--mailbox DIR] [--second-mailbox DIR] [--latency MS] [--port N] [--toolsets read,drafts,send,organize] [--confirm approve|decline] [--older-project-quota]';

/** Parses serve:fake's flags; a bad flag is an Error whose message says which and what is allowed. */
export function parseServeFakeArgs(args: readonly string[]): ServeFakeOptions {
  const { values } = parseArgs({
    args: [...args],
    options: {
      mailbox: { type: 'string', default: 'test/fixtures/mail' },
      latency: { type: 'string', default: '0' },
      port: { type: 'string', default: '0' },
      toolsets: { type: 'string', default: 'read' },
      confirm: { type: 'string', default: 'decline' },
      // Gmail's 15,000 units a minute of a Cloud project that used the API before 1 May 2026, instead of 6,000.
      'older-project-quota': { type: 'boolean', default: false },
      'second-mailbox': { type: 'string' },
    },
    strict: true,
    allowPositionals: false,
  });
  const latencyMs = Number(values.latency);
  if (!Number.isInteger(latencyMs) || latencyMs < 0) throw new Error(`--latency must be a whole number of milliseconds, got "${values.latency}"`);
  const port = Number(values.port);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new Error(`--port must be 0-65535, got "${values.port}"`);
  const names = values.toolsets!.split(',').map((name) => name.trim()).filter((name) => name !== '');
  if (names.length === 0) throw new Error(`--toolsets needs at least one of ${TOOLSETS.join(', ')}`);
  const unknown = names.filter((name) => !(TOOLSETS as readonly string[]).includes(name));
  if (unknown.length > 0) throw new Error(`--toolsets: unknown toolset ${unknown.map((n) => `"${n}"`).join(', ')} (known: ${TOOLSETS.join(', ')})`);
  if (values.confirm !== 'approve' && values.confirm !== 'decline') throw new Error(`--confirm must be approve or decline, got "${values.confirm}"`);
  const unitsPerMinute = values['older-project-quota'] ? USER_UNITS_PER_MINUTE.olderProject : USER_UNITS_PER_MINUTE.newProject;
  const secondMailbox = values['second-mailbox'];
  if (secondMailbox === '') throw new Error('--second-mailbox needs a folder of .eml files');
  return { mailbox: values.mailbox!, latencyMs, port, toolsets: [...new Set(names)] as ToolsetName[], confirm: values.confirm, unitsPerMinute, ...(secondMailbox ? { secondMailbox } : {}) };
}
