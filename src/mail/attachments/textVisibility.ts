import { colord, extend } from 'colord';
import a11yPlugin from 'colord/plugins/a11y';
import namesPlugin from 'colord/plugins/names';

extend([a11yPlugin, namesPlugin]);

/**
 * The thresholds every attachment reader judges text by (PDF, Word, SVG), the same as the mail body's
 * (guard/hiddenContent): below them a person does not read the text, so the model does not either.
 */

/** WCAG contrast ratio under which text does not stand out from its background (#eee on white is 1.16, still legible). */
export const CONTRAST_INVISIBLE = 1.12;
/** Text smaller than this (points, or CSS px at 100 %) is not read by a person. */
export const MIN_TEXT_SIZE = 3;
/** Opacity at or under which text is not seen. */
export const MIN_ALPHA = 0.08;

/** Whether text of colour `text` stands out on `background`; undefined when either colour cannot be parsed. */
export function standsOut(text: string, background: string): boolean | undefined {
  const fg = colord(text);
  const bg = colord(background);
  if (!fg.isValid() || !bg.isValid()) return undefined;
  // Text drawn partly transparent mixes with what is under it.
  const alpha = fg.alpha();
  if (alpha <= MIN_ALPHA) return false;
  const mixed = alpha < 1 ? colord({ r: mix(fg.rgba.r, bg.rgba.r, alpha), g: mix(fg.rgba.g, bg.rgba.g, alpha), b: mix(fg.rgba.b, bg.rgba.b, alpha) }) : fg.alpha(1);
  return mixed.contrast(bg.alpha(1)) >= CONTRAST_INVISIBLE;
}

function mix(a: number, b: number, alpha: number): number {
  return a * alpha + b * (1 - alpha);
}
