import MarkdownIt from 'markdown-it';

/**
 * A markdown body's HTML part. markdown-it with `html: false`: raw HTML in the source is shown as text, never passed
 * through, so the HTML holds only what markdown itself makes (headings, emphasis, lists, code, quotes, tables, links).
 * The person approves the markdown source (it is also the text/plain part); its links are plain URLs in that text,
 * where the guard's outgoing-link check sees them like any other.
 */
const renderer = new MarkdownIt('default', { html: false, linkify: false, typographer: false, breaks: false });

/** Only web and mail links become links: markdown-it already refuses javascript:, vbscript:, file: and data: URLs;
 *  an email has no use for any other scheme either (a relative URL has no base in a mail client). */
const LINK_SCHEME = /^(?:https?:|mailto:)/i;
renderer.validateLink = (url) => LINK_SCHEME.test(url.trim());

/** The HTML document sent beside the markdown text. */
export function markdownToHtml(markdown: string): string {
  const body = renderer.render(markdown);
  return `<!DOCTYPE html><html><head><meta charset="utf-8"></head><body>${body}</body></html>`;
}
