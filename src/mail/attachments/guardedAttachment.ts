import type { DetectionContext } from '../../guard/injection';
import { emptyReport, mergeRemovals, sanitizeText, type RemovalReport } from '../visibility/sanitizeText';
import { scanContent } from '../processing/scanContent';
import type { UntrustedText } from '../render';
import type { AttachmentKind } from './attachmentKind';
import { hiddenReasonOf, type ExtractedText, type ExtractionLimits, type HiddenRunReason } from './extractedText';
import { extractText, type ExtractionInput } from './extractText';

/**
 * An attachment's text guarded like a body, in the extraction worker: sanitised (invisible characters, NFKC,
 * control tokens), its hidden text withheld (kept for the detector and, passage by passage, for the person's Show
 * Withheld Text), and, with a detection context, scanned by the injection detector and the provenance extractor, so
 * the extension host only pages, spotlights and records the result. The file name is the sender's too: it is part
 * of the untrusted text.
 */
export interface InspectedAttachmentText {
  /** What the model may read of the file, before paging. */
  readonly text: string;
  readonly untrusted: UntrustedText;
}

export type AttachmentReading = ExtractedText & { readonly kind: AttachmentKind; readonly guarded: InspectedAttachmentText };

export interface AttachmentReadRequest {
  readonly input: ExtractionInput;
  readonly limits: ExtractionLimits;
  /** When given, the detector and the provenance extractor run on the text too (UntrustedText.scan). */
  readonly detection?: DetectionContext;
}

export async function readAttachment(request: AttachmentReadRequest): Promise<AttachmentReading> {
  const extracted = await extractText(request.input, request.limits);
  return { ...extracted, guarded: guardAttachmentText(extracted, request.input.filename, request.limits, request.detection) };
}

export function guardAttachmentText(extracted: ExtractedText, filename: string, limits: ExtractionLimits, detection?: DetectionContext): InspectedAttachmentText {
  const name = sanitizeText(filename).text.replace(/\s+/g, ' ').slice(0, 255);
  const clean = extracted.removed
    ? { text: extracted.visibleText, removed: extracted.removed, hiddenText: '', hiddenPassages: [] }
    : sanitizeText(extracted.visibleText, { maxInputChars: limits.maxChars });
  const passages = (extracted.hiddenPassages ?? (extracted.hiddenText ? [{ reason: 'hiddenAttribute' as const, text: extracted.hiddenText }] : [])).map((p) => ({
    reason: hiddenReasonOf(p.reason),
    text: p.text,
  }));
  const removed = extracted.removed ?? mergeRemovals([clean.removed, fileRemovals(extracted)]);
  const content: UntrustedText = {
    text: `${name}\n${clean.text}`,
    hiddenText: [clean.hiddenText, extracted.hiddenText].filter(Boolean).join('\n'),
    removed,
    withheld: [...clean.hiddenPassages, ...passages],
  };
  return { text: clean.text, untrusted: detection ? { ...content, scan: scanContent(content, detection) } : content };
}

/** The file's own hidden runs as the removal report counts them (the sanitiser saw only the visible text). */
function fileRemovals(extracted: ExtractedText): RemovalReport {
  const byReason: RemovalReport['hiddenByReason'] = {};
  let runs = 0;
  for (const [reason, n] of Object.entries(extracted.hiddenRuns) as Array<[HiddenRunReason, number | undefined]>) {
    const key = hiddenReasonOf(reason);
    byReason[key] = (byReason[key] ?? 0) + (n ?? 0);
    runs += n ?? 0;
  }
  return { ...emptyReport(), hiddenElements: runs, hiddenByReason: byReason, charsRemoved: extracted.hiddenText.length };
}
