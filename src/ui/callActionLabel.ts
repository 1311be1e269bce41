import type { CallGlance } from '../mcp/server/callGlance';
import type { ToolCallOrigin, ToolCallStatus } from '../mcp/server/callObserver';
import { plainText } from './untrustedText';

/**
 * A tool call worded as the action it was, for the tree: "Read 'Q3 roadmap' from Sam Patel", "Search
 * 'from:sam is:unread' — 4 messages", "Send 'Invoice' to archive@example.com — declined". The tool name and the
 * raw arguments stay in the item's children and tooltip. Subjects, names, file names and queries come from mail or
 * from the model: each passes plainText (one line, link and icon syntax broken, bidi and invisible characters
 * removed) and is capped, so a subject can neither run a command nor reorder the line it sits in.
 */

/** What the wording needs of a call (ToolCallRecord has it all). */
export interface CallForWording {
  readonly tool: string;
  readonly args: Readonly<Record<string, unknown>>;
  readonly status: ToolCallStatus;
  readonly origin?: ToolCallOrigin;
  readonly glance?: CallGlance;
  readonly messageIds?: readonly string[];
  readonly edited?: boolean;
  readonly undone?: boolean;
  /** While a send waits for Undo: when it goes out (epoch ms). */
  readonly sendsAt?: number;
}

const SUBJECT_MAX = 60;
const NAME_MAX = 40;
const QUERY_MAX = 50;
const FILE_MAX = 50;
const SEPARATOR = ' — ';

/** The item's label: the action, then its state or what came back. */
export function callActionLabel(call: CallForWording, now = Date.now()): string {
  const outcome = callOutcome(call, now);
  return outcome ? `${callAction(call)}${SEPARATOR}${outcome}` : callAction(call);
}

/** The action alone, in the imperative, as a person would ask for it. */
export function callAction(call: CallForWording): string {
  const { args, glance } = call;
  if (call.origin === 'resource') return resourceAction(call);
  switch (call.tool) {
    case 'search_messages': {
      const query = stringArg(args.query);
      if (query) return `Search ${quoted(query, QUERY_MAX)}`;
      const labels = stringList(args.labelIds);
      return labels.length ? `List mail labelled ${labels.map((l) => plainText(l, { max: NAME_MAX })).join(', ')}` : 'List recent mail';
    }
    case 'read_message':
      return `${readWhat(glance, `message ${shortId(args.id)}`)}${args.cursor ? ' (continued)' : ''}`;
    case 'read_messages': {
      const ids = stringList(args.ids);
      if (glance?.subject && glance.count === 1) return readWhat(glance, '');
      return `Read ${plural(new Set(ids).size, 'message')}${args.cursor ? ' (continued)' : ''}`;
    }
    case 'read_thread':
      return `Read thread ${glance?.subject !== undefined ? quoted(glance.subject, SUBJECT_MAX) : shortId(args.threadId)}${args.cursor ? ' (continued)' : ''}`;
    case 'get_attachment': {
      const file = glance?.file ?? stringArg(args.filename);
      return file ? `Read attachment ${quoted(file, FILE_MAX)}` : `Read an attachment of message ${shortId(args.messageId)}`;
    }
    case 'list_labels':
      return 'List labels';
    case 'get_profile':
      return 'Look up account profile';
    case 'list_drafts': {
      const query = stringArg(args.query);
      return query ? `List drafts matching ${quoted(query, QUERY_MAX)}` : 'List drafts';
    }
    case 'get_draft':
      return `Read draft ${glance?.subject !== undefined ? quoted(glance.subject, SUBJECT_MAX) : shortId(args.draftId)}`;
    case 'create_draft':
      return `Save a ${args.inReplyToMessageId ? 'reply ' : ''}draft${outgoing(call)}`;
    case 'update_draft':
      return `Update draft ${glance?.subject !== undefined ? quoted(glance.subject, SUBJECT_MAX) : shortId(args.draftId)}`;
    case 'delete_draft':
      return `Delete draft ${glance?.subject !== undefined ? quoted(glance.subject, SUBJECT_MAX) : shortId(args.draftId)}`;
    case 'send_draft':
      return `Send draft${glance?.subject === undefined ? ` ${shortId(args.draftId)}` : ''}${outgoing(call)}`;
    case 'send_message': {
      if (args.replyToMessageId) return `Reply${outgoing(call) || ` to message ${shortId(args.replyToMessageId)}`}`;
      if (args.forwardMessageId) return `Forward${outgoing(call) || ` message ${shortId(args.forwardMessageId)}`}`;
      return `Send${outgoing(call)}`;
    }
    case 'trash_messages':
      return `Move ${selection(call)} to Trash`;
    case 'untrash_messages':
      return `Restore ${selection(call)} from Trash`;
    case 'modify_labels':
      return labelChange(call);
    default:
      return `Run ${plainText(call.tool, { max: NAME_MAX })}`;
  }
}

/**
 * A call the server ran for an MCP resource, which the person asked for in VS Code, not the agent: attaching a
 * thread to the chat (read_thread) or opening the list of recent threads to attach (search_messages).
 */
function resourceAction(call: CallForWording): string {
  const { args, glance } = call;
  if (call.tool === 'read_thread') {
    const thread = glance?.subject !== undefined ? quoted(glance.subject, SUBJECT_MAX) : shortId(args.threadId);
    const from = glance?.from ? ` (${plainText(glance.from, { max: NAME_MAX })})` : '';
    return `Attach thread ${thread}${from} to the chat`;
  }
  if (call.tool === 'search_messages') return 'List recent threads to attach';
  return `Run ${plainText(call.tool, { max: NAME_MAX })} for an attached resource`;
}

/** What the item says after the action: the state of a call not yet done or not done, or what a finished one returned. */
export function callOutcome(call: CallForWording, now = Date.now()): string | undefined {
  switch (call.status) {
    case 'running':
      return undefined;
    case 'awaitingApproval':
      return 'awaiting your approval';
    case 'approved':
    case 'edited':
      return isSend(call.tool) ? 'approved, sending' : 'approved';
    case 'waitingToSend': {
      const seconds = Math.max(0, Math.ceil(((call.sendsAt ?? now) - now) / 1000));
      return `sending in ${seconds} s (Undo to keep it)`;
    }
    case 'declined':
      return declinedWording(call.glance?.declined);
    case 'failed':
      return 'failed';
    case 'succeeded':
      if (call.undone) return 'undone';
      return resultWording(call);
  }
}

function resultWording(call: CallForWording): string | undefined {
  const glance = call.glance ?? {};
  const count = glance.count;
  const more = glance.more ? ', more available' : '';
  switch (call.tool) {
    case 'search_messages':
      return count === undefined ? undefined : `${plural(count, 'message')}${more}`;
    case 'read_messages': {
      const asked = new Set(stringList(call.args.ids)).size;
      if (count === undefined || (count === asked && !glance.more) || (glance.subject && count === 1 && asked === 1)) return undefined;
      return `${count} read${glance.more ? ', more to come' : ''}`;
    }
    case 'read_thread':
      return count === undefined ? undefined : plural(count, 'message');
    case 'list_labels':
      return count === undefined ? undefined : plural(count, 'label');
    case 'list_drafts':
      return count === undefined ? undefined : `${plural(count, 'draft')}${more}`;
    case 'send_message':
    case 'send_draft':
      return call.edited ? 'sent as you edited it' : 'sent';
    default:
      return undefined;
  }
}

/** The decline reasons of the writes pipeline, as a person would say them. */
function declinedWording(reason: CallGlance['declined']): string {
  switch (reason) {
    case 'timeout':
      return 'declined (not answered in time)';
    case 'closed':
      return 'declined (confirmation closed)';
    case 'undone':
      return 'cancelled with Undo';
    case 'shutdown':
      return 'not sent (stopped during the Undo window)';
    default:
      return 'declined';
  }
}

/** "Read 'Subject' from Name", or "Read <fallback>" before the result names the mail. */
function readWhat(glance: CallGlance | undefined, fallback: string): string {
  if (glance?.subject === undefined) return `Read ${fallback}`;
  const from = glance.from ? ` from ${plainText(glance.from, { max: NAME_MAX })}` : '';
  return `Read ${quoted(glance.subject, SUBJECT_MAX)}${from}`;
}

/** " 'Subject' to a@b and 2 others" from the result, else from the arguments the model gave; '' when neither says. */
function outgoing(call: CallForWording): string {
  const { glance, args } = call;
  const subject = glance?.subject ?? stringArg(args.subject);
  const to = glance?.to?.length ? glance.to : [...stringList(args.to), ...stringList(args.cc), ...stringList(args.bcc)];
  const total = glance?.recipients ?? to.length;
  const recipients = to.length ? ` to ${plainText(to[0], { max: NAME_MAX })}${total > 1 ? ` and ${plural(total - 1, 'other')}` : ''}` : '';
  return `${subject !== undefined ? ` ${quoted(subject, SUBJECT_MAX)}` : ''}${recipients}`;
}

/** "3 messages", "the messages of 2 threads", "mail matching 'from:shop'" for a change's selection. */
function selection(call: CallForWording): string {
  const { args, glance, status } = call;
  if (status === 'succeeded' && glance?.count !== undefined) return plural(glance.count, 'message');
  const ids = stringList(args.ids);
  if (ids.length) return plural(ids.length, 'message');
  const threads = stringList(args.threadIds);
  if (threads.length) return `the messages of ${plural(threads.length, 'thread')}`;
  const query = stringArg(args.query);
  if (query) return `mail matching ${quoted(query, QUERY_MAX)}`;
  return 'messages';
}

/** modify_labels in words: "Archive 3 messages", "Add label 'Work' to 2 messages", several changes listed after a colon. */
function labelChange(call: CallForWording): string {
  const { args } = call;
  const what = selection(call);
  const add = stringList(args.addLabels).map((l) => quoted(l, NAME_MAX));
  const remove = stringList(args.removeLabels).map((l) => quoted(l, NAME_MAX));
  const changes: Array<{ alone: string; listed: string }> = [];
  if (args.archive === true) changes.push({ alone: `Archive ${what}`, listed: 'archive' });
  if (args.markRead === true) changes.push({ alone: `Mark ${what} read`, listed: 'mark read' });
  if (args.markUnread === true) changes.push({ alone: `Mark ${what} unread`, listed: 'mark unread' });
  if (args.star === true) changes.push({ alone: `Star ${what}`, listed: 'star' });
  if (args.unstar === true) changes.push({ alone: `Unstar ${what}`, listed: 'unstar' });
  if (add.length) changes.push({ alone: `Add label${add.length > 1 ? 's' : ''} ${add.join(', ')} to ${what}`, listed: `add ${add.join(', ')}` });
  if (remove.length) changes.push({ alone: `Remove label${remove.length > 1 ? 's' : ''} ${remove.join(', ')} from ${what}`, listed: `remove ${remove.join(', ')}` });
  if (changes.length === 1 && changes[0]) return changes[0].alone;
  return `Change labels of ${what}${changes.length ? `: ${changes.map((c) => c.listed).join(', ')}` : ''}`;
}

function isSend(tool: string): boolean {
  return tool === 'send_message' || tool === 'send_draft';
}

/** Untrusted text in straight quotes, made plain and capped. */
function quoted(text: string, max: number): string {
  return `'${plainText(text, { max })}'`;
}

/** Gmail ids are 16 hex digits; the first 8 tell calls apart in a label, the children show the whole id. */
function shortId(value: unknown): string {
  const id = plainText(typeof value === 'string' ? value : '?', { max: 40 });
  return id.length > 9 ? `${id.slice(0, 8)}…` : id;
}

function stringArg(value: unknown): string | undefined {
  return typeof value === 'string' && value.trim() ? value : undefined;
}

function stringList(value: unknown): string[] {
  return Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : [];
}

function plural(count: number, noun: string): string {
  return `${count} ${noun}${count === 1 ? '' : 's'}`;
}
