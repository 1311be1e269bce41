import { AttachmentExtractionError, CappedText, type ExtractedText, type ExtractionLimits, type HiddenRunReason } from './extractedText';
import { oneLine } from '../../text/oneLine';

/**
 * The text of a PDF with pdf.js (unpdf's serverless build), split by what a reader sees: the operator list is
 * walked rather than getTextContent(), because only the operators say how text is painted. Text drawn with render
 * mode 3 (neither fill nor stroke: an OCR layer, or a hiding place) or 7 (clip only), and text filled white (on
 * the white page), is hidden text: withheld from the model, shown to the injection detector.
 */
export async function pdfText(bytes: Uint8Array, limits: ExtractionLimits): Promise<ExtractedText> {
  polyfillTransferToFixedLength();
  const { getDocumentProxy, getResolvedPDFJS } = await import('unpdf');
  const { OPS } = await getResolvedPDFJS();
  let doc: Awaited<ReturnType<typeof getDocumentProxy>>;
  try {
    doc = await getDocumentProxy(bytes, { verbosity: 0, stopAtErrors: true });
  } catch (error) {
    const name = (error as { name?: unknown })?.name;
    if (name === 'PasswordException') throw new AttachmentExtractionError('encrypted', 'The PDF is encrypted with a password; its text cannot be read.');
    throw new AttachmentExtractionError('corrupt', `The PDF could not be read (${errorLine(error)}).`);
  }
  try {
    const visible = new CappedText(limits.maxChars);
    const hidden = new CappedText(limits.maxChars);
    const hiddenRuns: Partial<Record<HiddenRunReason, number>> = {};
    const pageCount = doc.numPages;
    const pagesRead = Math.min(pageCount, limits.maxPages);
    for (let n = 1; n <= pagesRead && !(visible.full && hidden.full); n++) {
      const page = await doc.getPage(n);
      const ops = await page.getOperatorList();
      let state = { mode: 0, white: false };
      const saved: Array<typeof state> = [];
      let lastHidden: HiddenRunReason | undefined;
      const sink = () => (hiddenReason(state) ? hidden : visible);
      for (let i = 0; i < ops.fnArray.length; i++) {
        const fn = ops.fnArray[i];
        const args = ops.argsArray[i] as unknown[] | null;
        if (fn === OPS.save) saved.push({ ...state });
        else if (fn === OPS.restore) state = saved.pop() ?? { mode: 0, white: false };
        else if (fn === OPS.setTextRenderingMode) state = { ...state, mode: Number(args?.[0]) || 0 };
        else if (fn === OPS.setFillRGBColor) state = { ...state, white: isWhite(args?.length === 3 ? args : args?.[0]) };
        else if (fn === OPS.setFillGray) state = { ...state, white: Number(args?.[0]) >= 0.98 };
        else if (fn === OPS.moveText || fn === OPS.setLeadingMoveText) sink().push(Number((args as number[])?.[1]) !== 0 ? '\n' : ' ');
        else if (fn === OPS.setTextMatrix || fn === OPS.nextLine) sink().push('\n');
        else if (fn === OPS.endText) sink().push('\n');
        else if (fn === OPS.showText || fn === OPS.showSpacedText || fn === OPS.nextLineShowText || fn === OPS.nextLineSetSpacingShowText) {
          const text = glyphText(args?.[0]);
          const reason = hiddenReason(state);
          if (reason && text.trim()) {
            // One run: consecutive hidden text of one kind (a text layer is hundreds of showText operators).
            if (lastHidden !== reason) hiddenRuns[reason] = (hiddenRuns[reason] ?? 0) + 1;
            lastHidden = reason;
            hidden.push(`${text} `);
          } else {
            lastHidden = undefined;
            visible.push(text);
          }
        }
      }
      visible.push('\n\n');
      page.cleanup();
    }
    return {
      visibleText: tidy(visible.toString()),
      hiddenText: tidy(hidden.toString()),
      hiddenRuns,
      pagesRead,
      pageCount,
      truncated: pagesRead < pageCount || visible.truncated,
    };
  } catch (error) {
    if (error instanceof AttachmentExtractionError) throw error;
    throw new AttachmentExtractionError('corrupt', `The PDF could not be read (${errorLine(error)}).`);
  } finally {
    await doc.cleanup();
  }
}

function hiddenReason(state: { mode: number; white: boolean }): HiddenRunReason | undefined {
  if (state.mode === 3 || state.mode === 7) return 'transparent';
  // Filled text (modes 0, 2, 4, 6) in white: invisible on the white page a PDF viewer shows.
  if (state.white && state.mode % 2 === 0) return 'sameColourAsBackground';
  return undefined;
}

/** pdf.js gives fill colours as "#rrggbb", or as an RGB triple (0-255) in some builds and code paths. */
function isWhite(color: unknown): boolean {
  if (typeof color === 'string') {
    const m = /^#([0-9a-f]{2})([0-9a-f]{2})([0-9a-f]{2})$/i.exec(color);
    return !!m && m.slice(1).every((h) => parseInt(h, 16) >= 250);
  }
  if (color && typeof color === 'object' && 'length' in color) {
    const rgb = Array.from(color as ArrayLike<number>).slice(0, 3);
    return rgb.length === 3 && rgb.every((v) => v >= 250);
  }
  return false;
}

/** The characters of a showText argument; a kerning gap wider than a third of an em reads as a space. */
function glyphText(glyphs: unknown): string {
  if (!Array.isArray(glyphs)) return '';
  let out = '';
  for (const g of glyphs) {
    if (typeof g === 'number') {
      if (g < -330) out += ' ';
    } else if (g && typeof g === 'object') {
      const glyph = g as { unicode?: unknown; isSpace?: unknown };
      out += typeof glyph.unicode === 'string' ? glyph.unicode : '';
    }
  }
  return out;
}

function tidy(text: string): string {
  return text
    .replace(/[ \t]+\n/g, '\n')
    .replace(/\n{3,}/g, '\n\n')
    .replace(/[ \t]{2,}/g, ' ')
    .trim();
}

/** The library's own words, on one line: they go into the reason a person and the model read. */
function errorLine(error: unknown): string {
  return oneLine(error instanceof Error ? error.message : String(error), 200);
}

/**
 * pdf.js calls ArrayBuffer.prototype.transferToFixedLength (ES2024), which Node 20 lacks. Defined only in the
 * extraction worker's own realm: a copy is enough, pdf.js never reads the old buffer again.
 */
function polyfillTransferToFixedLength(): void {
  const proto = ArrayBuffer.prototype as ArrayBuffer & { transferToFixedLength?: (length?: number) => ArrayBuffer };
  if (typeof proto.transferToFixedLength === 'function') return;
  Object.defineProperty(proto, 'transferToFixedLength', {
    configurable: true,
    writable: true,
    value(this: ArrayBuffer, length = this.byteLength): ArrayBuffer {
      const copy = new ArrayBuffer(length);
      new Uint8Array(copy).set(new Uint8Array(this, 0, Math.min(length, this.byteLength)));
      return copy;
    },
  });
}
