import { AttachmentExtractionError, CappedText, HiddenRuns, type ExtractedText, type ExtractionLimits } from './extractedText';
import { asImage, pageTextItems, type PdfJsContext } from './pdfVisibility';
import { errorLine } from '../../text/oneLine';

/**
 * The text of a PDF with pdf.js (unpdf's serverless build), split by what a reader sees: the operator list is
 * walked rather than getTextContent(), because only the operators say how, where and whether text is painted
 * (pdfVisibility.ts). Hidden text is withheld from the model and kept for the injection detector and the person.
 */
export async function pdfText(bytes: Uint8Array, limits: ExtractionLimits): Promise<ExtractedText> {
  polyfillTransferToFixedLength();
  const { getDocumentProxy, getResolvedPDFJS } = await import('unpdf');
  const { OPS } = await getResolvedPDFJS();
  let doc: Awaited<ReturnType<typeof getDocumentProxy>>;
  try {
    // Not stopAtErrors: with it, one unreadable operator (a marked-content reference to a missing layer) empties the
    // whole page's operator list silently. Past an error pdf.js goes on, and the walk fails closed on what is left
    // unresolved; the cross-check with the page's text content catches what the walk never saw.
    doc = await getDocumentProxy(bytes, { verbosity: 0 });
  } catch (error) {
    const name = (error as { name?: unknown })?.name;
    if (name === 'PasswordException') throw new AttachmentExtractionError('encrypted', 'The PDF is encrypted with a password; its text cannot be read.');
    throw new AttachmentExtractionError('corrupt', `The PDF could not be read (${errorLine(error)}).`);
  }
  try {
    const layers = await doc.getOptionalContentConfig();
    const documentContext: PdfJsContext = {
      OPS: OPS as unknown as Record<string, number>,
      isVisible: (properties) => {
        try {
          return layers.isVisible(properties as Parameters<typeof layers.isVisible>[0]);
        } catch {
          return undefined;
        }
      },
    };
    const visible = new CappedText(limits.maxChars);
    const hidden = new HiddenRuns(limits.maxChars);
    const pageCount = doc.numPages;
    const pagesRead = Math.min(pageCount, limits.maxPages);
    for (let n = 1; n <= pagesRead && !(visible.full && hidden.truncated); n++) {
      const page = await doc.getPage(n);
      const ops = await page.getOperatorList();
      const pictures = page as unknown as { objs: PdfObjects; commonObjs: PdfObjects };
      const context: PdfJsContext = { ...documentContext, image: (id) => pictureOf(id.startsWith('g_') ? pictures.commonObjs : pictures.objs, id) };
      const walked: string[] = [];
      for (const item of pageTextItems(ops, page.view, context)) {
        if ('separator' in item) visible.push(item.separator);
        else if (item.hidden) hidden.push(item.hidden, `${item.text} `);
        else {
          hidden.close();
          visible.push(item.text);
        }
        if (!('separator' in item)) walked.push(item.text);
      }
      // pdf.js's own text extraction of the page: words it finds that the walk never placed were painted somewhere
      // the walk could not follow, so they are withheld (and seen by the detector).
      const content = await page.getTextContent();
      const unplaced = piecesNotIn(content.items.map((i) => ('str' in i ? i.str : '')), walked.join(''));
      if (unplaced) hidden.push('unevaluatedStyle', `${unplaced} `);
      visible.push('\n\n');
      page.cleanup();
    }
    const hiddenResult = hidden.result();
    return {
      visibleText: tidy(visible.toString()),
      ...hiddenResult,
      hiddenText: tidy(hiddenResult.hiddenText),
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

/**
 * The pieces of pdf.js's text content that the walk never placed: compared without whitespace (the two place
 * spaces differently), each piece must occur in the walked text.
 */
function piecesNotIn(pieces: readonly string[], walked: string): string {
  // NFKC on both sides: pdf.js's text content spells ligatures (ﬁ) as their letters, the glyphs do not.
  const seen = walked.normalize('NFKC').replace(/\s+/g, '');
  return pieces.filter((piece) => {
    const bare = piece.normalize('NFKC').replace(/\s+/g, '');
    return bare && !seen.includes(bare);
  }).join(' ');
}

/** pdf.js's store of a page's decoded objects (PDFObjects): get() throws for an object not resolved. */
interface PdfObjects {
  has(id: string): boolean;
  get(id: string): unknown;
}

function pictureOf(objects: PdfObjects, id: string) {
  try {
    return objects.has(id) ? asImage(objects.get(id)) : undefined;
  } catch {
    return undefined;
  }
}

function tidy(text: string): string {
  return text
    .replace(/[ \t]+\n/g, '\n')
    .replace(/\n{3,}/g, '\n\n')
    .replace(/[ \t]{2,}/g, ' ')
    .trim();
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
