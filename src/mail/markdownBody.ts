import MarkdownIt from 'markdown-it';
import type Token from 'markdown-it/lib/token.mjs';
import { UserFacingError } from '../errors/userFacingError';

/**
 * A markdown body's HTML part. markdown-it with `html: false`: raw HTML in the source is shown as text, never passed
 * through, so the HTML holds only what markdown itself makes (headings, emphasis, lists, code, quotes, tables, links).
 * The person approves the markdown source (it is also the text/plain part), and the confirmation lists every link
 * of the HTML made from it with its decoded target (writes/sentDocument), where the guard's provenance check sees it.
 *
 * Two markdown features would make the HTML say what the approved text does not: character references
 * (`&#112;ay` reads "pay" in HTML and "&#112;ay" in the text) are kept as the characters typed (the entity rule is
 * off), and images (`![](https://…)`), which a mail client loads when the message is opened and so tell their
 * server who read it and when, are refused.
 */
const renderer = new MarkdownIt('default', { html: false, linkify: false, typographer: false, breaks: false });
renderer.disable('entity');

/** Only web and mail links become links: markdown-it already refuses javascript:, vbscript:, file: and data: URLs;
 *  an email has no use for any other scheme either (a relative URL has no base in a mail client). */
const LINK_SCHEME = /^(?:https?:|mailto:)/i;
renderer.validateLink = (url) => LINK_SCHEME.test(url.trim());

/** The agent's markdown body cannot be sent (an image); told to the agent as a proposal error on `body`. */
export class MarkdownBodyError extends UserFacingError {
  readonly category = 'input';

  constructor(message: string) {
    super(message);
    this.name = 'MarkdownBodyError';
  }
}

/** The HTML document sent beside the markdown text; throws MarkdownBodyError for a body with an image. */
export function markdownToHtml(markdown: string): string {
  const env = {};
  const tokens = renderer.parse(markdown, env);
  const image = findImage(tokens);
  if (image) {
    throw new MarkdownBodyError(
      `a markdown body cannot carry images (an image is loaded from ${JSON.stringify(image.attrGet('src') ?? '')} when the message is opened, ` +
        'which tells that server who read it and when): remove the "![…](…)" or write it as a link, "[text](url)", or attach the file',
    );
  }
  const body = renderer.renderer.render(tokens, renderer.options, env);
  return `<!DOCTYPE html><html><head><meta charset="utf-8"></head><body>${body}</body></html>`;
}

function findImage(tokens: readonly Token[]): Token | undefined {
  for (const token of tokens) {
    if (token.type === 'image') return token;
    const inner = token.children ? findImage(token.children) : undefined;
    if (inner) return inner;
  }
  return undefined;
}
