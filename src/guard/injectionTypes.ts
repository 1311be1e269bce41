/** The detector's vocabulary, shared by injection.ts and the files it is built from (no import cycle). */

export type InjectionReason =
  | 'override-phrase'
  | 'role-tag'
  | 'tool-call-syntax'
  | 'tool-name'
  | 'addressed-to-ai'
  | 'exfiltration-request'
  | 'secret-request'
  | 'bulk-delete-request'
  | 'send-to-address'
  | 'stealth-request'
  | 'urgent-payment'
  | 'markdown-image-exfiltration'
  | 'exfiltration-link'
  | 'hidden-instructions'
  /** The learned model's flag (injectionModel.ts); the message says why, in plain words. */
  | 'instruction-signals'
  /** Not content: the sender poses as another address or domain (lookalikeSender.ts). */
  | 'sender-lookalike'
  /** Not a finding of the detector: the content reached a tool without its scan, so it is flagged unchecked (fail closed). */
  | 'not-scanned';

export type InjectionSeverity = 'low' | 'medium' | 'high';

export interface InjectionFinding {
  reason: InjectionReason;
  /** For people: what was found, in one sentence. */
  message: string;
  /** The matched text with a little context, one line, at most ~120 characters. */
  excerpt: string;
  severity: InjectionSeverity;
  /** True when the text was hidden from the person reading the mail (hidden HTML, tag characters). */
  hidden: boolean;
}

export interface DetectionContext {
  /** Our MCP tool names, e.g. send_message, trash_messages. */
  toolNames: readonly string[];
  /** The signed-in address: sending to oneself is not suspicious. */
  accountAddress?: string;
}

/** The wording every flag opens with: what the detector can honestly say. */
export const FLAG_WORDING = 'may contain instructions meant for an assistant';

/**
 * One line for a message's findings (tree view, audit log). Here, not in injection.ts, so that the extension host
 * can word findings without loading the detector, which runs in the workers.
 */
export function describeFindings(findings: readonly InjectionFinding[]): string | undefined {
  if (findings.length === 0) return undefined;
  const reasons = [...new Set(findings.map((finding) => finding.reason))];
  const first = findings[0].message;
  return `${first.startsWith(FLAG_WORDING) ? '' : `${FLAG_WORDING}: `}${first} (${reasons.join(', ')})`;
}
