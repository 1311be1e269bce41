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
  | 'sender-lookalike';

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
