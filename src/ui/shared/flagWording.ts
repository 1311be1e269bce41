/**
 * The guard's findings in words for the person reading them (tree rows, the message editor, Search Mail…). The
 * server words its flags for the model and the audit log: message ids, reason codes such as
 * `hidden-instructions`, "hidden from the reader". A person needs what the mail does and whether it was hidden
 * from them, not which id or which rule. Pure: no vscode, so each wording is unit-tested.
 */
import { FLAG_WORDING } from '../../guard/injectionTypes';

/** One finding as read_message's structured result carries it (see mcp/server/untrustedContent ContentFlag). */
export interface ContentFlagView {
  readonly reason?: string;
  readonly message: string;
  readonly hidden?: boolean;
}

const HIDDEN_LEAD = /^hidden from the reader:\s*/i;
const LOOKALIKE_LEAD = /^sender look-alike:\s*/i;
const LOOKALIKE_REASON = 'sender-lookalike';
const HIDDEN_REASON = 'hidden-instructions';
/** Content that reached a result without the detector's scan (guard/injectionTypes): its message is for the model. */
const NOT_SCANNED_REASON = 'not-scanned';
const NOT_SCANNED_WORDS = 'could not be checked for instructions to an AI; read it with care';

/**
 * The detector's own lead (guard/injectionTypes FLAG_WORDING, "may contain instructions meant for an assistant",
 * with its severity in brackets): said already by "reads like instructions to an AI", so only the severity stays.
 */
const DETECTOR_LEAD = new RegExp(`^${FLAG_WORDING}(?: \\(([^)]*)\\))?:\\s*`, 'i');

/** "Reads like instructions to an AI (likely an attack): asks to …", the detector's lead folded into ours. */
function instructionsForPeople(lead: string, message: string, hidden: boolean): string {
  // The inspector puts "hidden from the reader:" before the detector's lead.
  const unhidden = message.replace(HIDDEN_LEAD, '');
  const severity = DETECTOR_LEAD.exec(unhidden)?.[1];
  const what = unhidden.replace(DETECTOR_LEAD, '');
  return `${lead}${severity ? ` (${severity})` : ''}: ${toYou(withoutIds(what))}${hidden ? ' (in text hidden from you)' : ''}`;
}

/** What a finding means, in one sentence a person reads: "Reads like instructions to an AI: asks to … (hidden from you)". */
export function contentFlagForPeople(flag: ContentFlagView): string {
  if (flag.reason === NOT_SCANNED_REASON) return `This text ${NOT_SCANNED_WORDS}`;
  if (flag.reason === LOOKALIKE_REASON || LOOKALIKE_LEAD.test(flag.message)) return `The sender may be posing as someone else: ${flag.message.replace(LOOKALIKE_LEAD, '')}`;
  const hidden = flag.hidden === true || flag.reason === HIDDEN_REASON || HIDDEN_LEAD.test(flag.message);
  return instructionsForPeople('Reads like instructions to an AI', flag.message, hidden);
}

/**
 * A call's flag in words for the tree: "instruction-like content in <id>: <message> (<reasons>)" as the inspector
 * writes it (mcp/server/untrustedContentInspector flagLines, guard/injectionTypes describeFindings), the older
 * "instruction-like content in <id>: possible prompt injection (<reasons>): <message>", or "anomaly: <message>".
 * `messages` is how many messages the call returned: with one, "The message" is the one the row names.
 */
export function callFlagForPeople(flag: string, messages = 0): string {
  const who = messages === 1 ? 'The message' : 'A message';
  const older = /^instruction-like content in \S+?: possible prompt injection \(([^)]*)\): ([\s\S]*)$/.exec(flag);
  const current = older ? undefined : /^instruction-like content in \S+?: ([\s\S]*?) \(([^()]*)\)$/.exec(flag);
  const injection = older ? { reasons: older[1], message: older[2] } : current ? { reasons: current[2], message: current[1] } : undefined;
  if (injection) {
    const reasons = injection.reasons.split(/,\s*/);
    const message = injection.message;
    if (reasons.length === 1 && reasons[0] === NOT_SCANNED_REASON) return `${who} ${NOT_SCANNED_WORDS}`;
    if (reasons.length === 1 && reasons[0] === LOOKALIKE_REASON) return `${who} may come from someone posing as the sender: ${message.replace(LOOKALIKE_LEAD, '')}`;
    const hidden = reasons.includes(HIDDEN_REASON) || HIDDEN_LEAD.test(message);
    return instructionsForPeople(`${who} reads like instructions to an AI`, message, hidden);
  }
  const anomaly = /^anomaly:\s*([\s\S]*)$/.exec(flag);
  if (anomaly) return `Unusual for an agent: ${withoutIds(anomaly[1])}`;
  return withoutIds(flag.replace(/^instruction-like content in \S+?:\s*/, `${who} reads like instructions to an AI: `));
}

/**
 * What the sanitiser left out of a message (mail/sanitize describeRemoval: "withheld 2 hidden passages
 * (displayNone 1, plainTextOnly 1), 3 invisible characters") with its reason codes in words.
 */
export function removalForPeople(removal: string): string {
  const worded = removal.replace(/\(((?:[A-Za-z]+ \d+)(?:, [A-Za-z]+ \d+)*)\)/g, (_all, list: string) => {
    const counts = new Map<string, number>();
    for (const part of list.split(', ')) {
      const [reason, n] = part.split(' ');
      const words = hiddenReasonWords(reason ?? '');
      counts.set(words, (counts.get(words) ?? 0) + Number(n));
    }
    return `(${[...counts].map(([words, n]) => `${n} ${words}`).join(', ')})`;
  });
  return worded.replace(/^withheld /, '');
}

/** How a passage was hidden from the person (mail/visibility/hiddenContent HiddenReason), as they would say it. */
export function hiddenReasonWords(reason: string): string {
  switch (reason) {
    case 'displayNone':
    case 'visibilityHidden':
    case 'contentVisibilityHidden':
    case 'hiddenAttribute':
      return "hidden by the mail's styling";
    case 'tinyFont':
      return 'in a tiny font';
    case 'transparent':
      return 'transparent';
    case 'sameColourAsBackground':
      return 'in the background colour';
    case 'zeroSize':
      return 'in a box of no size';
    case 'offScreen':
      return 'placed off the screen';
    case 'clipped':
      return 'clipped out of view';
    case 'msoHide':
      return 'hidden in Outlook';
    case 'unevaluatedStyle':
      return 'styled in a way that may hide it';
    case 'nestedTooDeep':
      return 'nested too deep to show';
    case 'notRendered':
      return 'in a part a mail client does not show (a closed section, a dialog, fallback content)';
    case 'unknownElement':
      return 'in an element a mail client may not show';
    case 'unevaluatedRule':
      return 'styled by a rule that may hide it';
    case 'firstLine':
      return 'styled on its first line in a way that may hide it';
    case 'covered':
      return 'possibly under another box';
    case 'spacing':
      return 'with its letters or words run together or scattered';
    case 'plainTextOnly':
      return 'only in the plain-text version';
    case 'invisibleCharacters':
      return 'in invisible characters';
    default:
      return 'hidden';
  }
}

/** The detector's messages speak of "the user" ("asks to act without the user knowing"): to the person, that is you. */
function toYou(text: string): string {
  return text.replace(/\bthe user's\b/g, 'your').replace(/\bthe user\b/g, 'you');
}

/** "message 18c2aa0b12…" names nothing to a person: the row above already says which mail. */
function withoutIds(text: string): string {
  return text.replace(/\bmessages? [A-Za-z0-9_-]{10,}\b/g, 'a message').replace(/\bin [0-9a-f]{12,}\b/g, 'in a message');
}
