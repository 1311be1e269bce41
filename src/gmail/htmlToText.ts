import { compile, type FormatCallback, type HtmlToTextOptions, type SelectorDefinition } from 'html-to-text';

/**
 * HTML mail -> readable text (html-to-text): links keep their target, images become "[image: alt]" (or
 * nothing), tables stay readable, and content a person cannot see in their mail client is skipped so the
 * model does not read it either: <head>, <style>, <script>, <template>, comments (never text in
 * html-to-text), `hidden`, display:none / visibility:hidden / zero font size / Outlook's mso-hide.
 * A CSS-aware pass (classes, colour tricks) belongs to the guard room.
 */
const HIDDEN_STYLE_FRAGMENTS = [
  'display:none',
  'display: none',
  'visibility:hidden',
  'visibility: hidden',
  'mso-hide:all',
  'mso-hide: all',
  'max-height:0',
  'max-height: 0',
  'opacity:0;',
  'opacity: 0;',
];
const ZERO_FONT_STYLES = ['font-size:0', 'font-size: 0', 'font-size:0px', 'font-size: 0px', 'font-size:0pt', 'font-size: 0pt'];

const skip = (selector: string): SelectorDefinition => ({ selector, format: 'skip' });

const imageAsAlt: FormatCallback = (elem, _walk, builder) => {
  const alt = typeof elem.attribs?.alt === 'string' ? elem.attribs.alt.replace(/\s+/g, ' ').trim() : '';
  // Through the word transform, so a linked image counts as link text and the link target gets its brackets.
  if (alt) builder.addInline(`[image: ${alt}]`);
};

const OPTIONS: HtmlToTextOptions = {
  wordwrap: false,
  formatters: { imageAsAlt },
  selectors: [
    { selector: 'a', options: { hideLinkHrefIfSameAsText: true, ignoreHref: false, linkBrackets: ['<', '>'] } },
    { selector: 'img', format: 'imageAsAlt' },
    { selector: 'table', format: 'dataTable', options: { maxColumnWidth: 40, uppercaseHeaderCells: false } },
    { selector: 'h1', options: { uppercase: false } },
    { selector: 'h2', options: { uppercase: false } },
    { selector: 'h3', options: { uppercase: false } },
    { selector: 'h4', options: { uppercase: false } },
    { selector: 'h5', options: { uppercase: false } },
    { selector: 'h6', options: { uppercase: false } },
    skip('head'),
    skip('style'),
    skip('script'),
    skip('template'),
    skip('noscript'),
    skip('[hidden]'),
    skip('[aria-hidden="true"]'),
    ...HIDDEN_STYLE_FRAGMENTS.map((f) => skip(`[style*="${f}" i]`)),
    // Exact-suffix and exact-value matches, so "font-size:0.9em" is not mistaken for hidden text.
    ...ZERO_FONT_STYLES.flatMap((f) => [skip(`[style$="${f}" i]`), skip(`[style*="${f};" i]`)]),
  ],
};

const convertCompiled = compile(OPTIONS);

export function htmlToText(html: string): string {
  return convertCompiled(html);
}
