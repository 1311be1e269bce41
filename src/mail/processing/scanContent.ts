import { detectInSanitized, type DetectionContext } from '../../guard/injection';
import { provenanceKeysOf } from '../../guard/provenance';
import type { UntrustedText } from '../render';
import { detectionContextKey, type ContentScan } from './contentScan';

/**
 * The detector and the provenance extractor over one piece of untrusted content, run where it was parsed (the mail
 * worker for messages, the extraction worker for attachments). Its own module, so the attachment worker takes it
 * without the MIME libraries of mailProcessing.ts.
 */
export function scanContent(content: Pick<UntrustedText, 'text' | 'hiddenText'>, detection: DetectionContext): ContentScan {
  return {
    context: detectionContextKey(detection),
    findings: detectInSanitized(content, detection),
    provenanceKeys: provenanceKeysOf(content.text),
    hiddenProvenanceKeys: provenanceKeysOf(content.hiddenText),
  };
}
