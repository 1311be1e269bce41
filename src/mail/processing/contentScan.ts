import type { DetectionContext, InjectionFinding } from '../../guard/injection';

/**
 * What the injection detector and the provenance extractor make of one message's untrusted text, worked out where
 * the message was parsed (the mail worker), so the extension host only records and renders it. Both are pure in
 * the text; the findings hold for the detection context they were made with, which `context` names.
 */
export interface ContentScan {
  /** detectionContextKey() of the context the findings were made with. */
  readonly context: string;
  readonly findings: readonly InjectionFinding[];
  /** Addresses, domains and links of the visible text as the provenance tracker keys them (provenanceKeysOf). */
  readonly provenanceKeys: string;
  /** The same of the text hidden from the reader. */
  readonly hiddenProvenanceKeys: string;
  /** The message's attachments by sha256 (ParsedMessage.attachmentDigests). */
  readonly attachmentDigests?: readonly AttachmentDigest[];
}

/** An attachment by the sha256 of its bytes. */
export interface AttachmentDigest {
  readonly filename: string;
  readonly sha256: string;
}

/** One string per detection context: findings made under another context are not reused. */
export function detectionContextKey(context: DetectionContext): string {
  return JSON.stringify([context.toolNames, context.accountAddress ?? null]);
}
