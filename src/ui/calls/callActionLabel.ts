import type { CallGlance } from '../../mcp/server/callGlance';
import type { ToolCallOrigin, ToolCallStatus } from '../../mcp/server/callObserver';
import { labelForPeople } from '../shared/mailHitWording';
import { plainText } from '../shared/untrustedText';
import { plural } from '../../text/plural';

/**
 * A tool call worded as the action it was, for the tree: "Read 'Q3 roadmap' from Sam Patel", "Search
 * 'from:sam is:unread' — 4 messages", "Declined · Send 'Invoice' to archive@example.com". How a write ended leads,
 * then the subject: the side bar is narrow, and what a person checks first is what was sent and what was not.
 * Never an id (a person does not know mail by its id): before the result names the mail, "a message". The tool
 * name and the raw arguments stay in the item's children and tooltip. Subjects, names, file names and queries come from mail or
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

const SUBJECT_MAX = 40;
const NAME_MAX = 40;
const QUERY_MAX = 50;
const FILE_MAX = 50;
const SEPARATOR = ' — ';
const LEAD_SEPARATOR = ' · ';

/** The item's label: how the call ended or where it stands, the action, then what came back. */
export function callActionLabel(call: CallForWording, now = Date.now()): string {
  const outcome = callOutcome(call, now);
  const result = call.status === 'succeeded' && !call.undone ? resultWording(call) : undefined;
  return `${outcome ? `${outcome}${LEAD_SEPARATOR}` : ''}${callAction(call)}${result ? `${SEPARATOR}${result}` : ''}`;
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
      return labels.length ? `List mail labelled ${labels.map((l) => plainText(labelForPeople(l), { max: NAME_MAX })).join(', ')}` : 'List recent mail';
    }
    case 'read_message':
      return `${readWhat(glance, 'a message')}${args.cursor ? ' (continued)' : ''}`;
    case 'read_messages': {
      const ids = stringList(args.ids);
      if (glance?.subject && glance.count === 1) return readWhat(glance, '');
      return `Read ${plural(new Set(ids).size, 'message')}${args.cursor ? ' (continued)' : ''}`;
    }
    case 'read_thread':
      return `Read ${glance?.subject !== undefined ? `thread ${quoted(glance.subject, SUBJECT_MAX)}` : 'a thread'}${args.cursor ? ' (continued)' : ''}`;
    case 'get_attachment': {
      const file = glance?.file ?? stringArg(args.filename);
      return file ? `Read attachment ${quoted(file, FILE_MAX)}` : 'Read an attachment';
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
      return `Read ${draft(glance)}`;
    case 'create_draft':
      return `Save a ${args.inReplyToMessageId ? 'reply ' : ''}draft${outgoing(call)}`;
    case 'update_draft':
      return `Update ${draft(glance)}`;
    case 'delete_draft':
      return `Delete ${draft(glance)}`;
    case 'send_draft':
      return glance?.subject === undefined ? `Send a draft${outgoing(call)}` : `Send draft${outgoing(call)}`;
    case 'send_message': {
      if (args.replyToMessageId) return `Reply${outgoing(call) || ' to a message'}`;
      if (args.forwardMessageId) return `Forward${outgoing(call) || ' a message'}`;
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
  const { glance } = call;
  if (call.tool === 'read_thread') {
    const thread = glance?.subject !== undefined ? `thread ${quoted(glance.subject, SUBJECT_MAX)}` : 'a thread';
    const from = glance?.from ? ` (${plainText(glance.from, { max: NAME_MAX })})` : '';
    return `Attach ${thread}${from} to the chat`;
  }
  if (call.tool === 'search_messages') return 'List recent threads to attach';
  return `Run ${plainText(call.tool, { max: NAME_MAX })} for an attached resource`;
}

/**
 * What leads the item: where a call that waits for the person stands, how a write ended, that a call failed or
 * was undone. Undefined for a call running or a read done (its icon says so; what it returned follows the action).
 */
export function callOutcome(call: CallForWording, now = Date.now()): string | undefined {
  switch (call.status) {
    case 'running':
      return undefined;
    case 'awaitingApproval':
      return 'Awaiting your approval';
    case 'approved':
    case 'edited':
      return isSend(call.tool) ? 'Approved, sending' : 'Approved';
    case 'waitingToSend': {
      const seconds = Math.max(0, Math.ceil(((call.sendsAt ?? now) - now) / 1000));
      return `Sending in ${seconds} s`;
    }
    case 'declined':
      return declinedWording(call.glance?.declined);
    case 'failed':
      return 'Failed';
    case 'succeeded':
      if (call.undone) return 'Undone';
      if (isSend(call.tool)) return call.edited ? 'Sent as you edited it' : 'Sent';
      return undefined;
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
    default:
      return undefined;
  }
}

/** The decline reasons of the writes pipeline, as a person would say them. */
function declinedWording(reason: CallGlance['declined']): string {
  switch (reason) {
    case 'timeout':
      return 'Declined (not answered in time)';
    case 'closed':
      return 'Declined (confirmation closed)';
    case 'undone':
      return 'Cancelled with Undo';
    case 'shutdown':
      return 'Not sent (stopped during the Undo window)';
    default:
      return 'Declined';
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

/** "draft 'Plan'" once the subject is known, else "a draft" (its id is in the item's children). */
function draft(glance: CallGlance | undefined): string {
  return glance?.subject !== undefined ? `draft ${quoted(glance.subject, SUBJECT_MAX)}` : 'a draft';
}

function stringArg(value: unknown): string | undefined {
  return typeof value === 'string' && value.trim() ? value : undefined;
}

function stringList(value: unknown): string[] {
  return Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : [];
}

