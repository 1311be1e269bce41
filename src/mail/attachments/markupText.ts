import MarkdownIt from 'markdown-it';
import { sanitizeHtml } from '../visibility/sanitize';
import type { ExtractedText, ExtractionLimits } from './extractedText';

/**
 * An .html attachment read the way its body would be: through the mail body's HTML pipeline (guard/sanitize:
 * the CSS cascade, hidden elements, comments, invisible characters), so what a person would not see in a browser
 * is withheld and kept for the detector and the person, never given as raw source.
 */
export function htmlText(source: string, limits: ExtractionLimits): ExtractedText {
  const result = sanitizeHtml(source, { maxInputChars: Math.max(limits.maxChars * 4, 1_000_000), maxHiddenTextChars: limits.maxChars });
  const visible = result.text.length > limits.maxChars ? result.text.slice(0, limits.maxChars) : result.text;
  return {
    visibleText: visible,
    hiddenText: result.hiddenText,
    hiddenRuns: { ...result.removed.hiddenByReason },
    hiddenPassages: result.hiddenPassages,
    truncated: visible.length < result.text.length || result.removed.truncated,
    removed: result.removed,
  };
}

/**
 * Markdown as a viewer renders it (raw HTML in it included, as most viewers pass it through), then through the same
 * HTML pipeline: an HTML comment or a hidden span in a README is withheld, as it is not seen in the rendered view.
 */
const markdown = new MarkdownIt('default', { html: true, linkify: false, typographer: false });

export function markdownText(source: string, limits: ExtractionLimits): ExtractedText {
  return htmlText(markdown.render(source), limits);
}
