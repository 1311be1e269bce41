import { parseDocument } from 'htmlparser2';
import type { Element } from 'domhandler';
import { findAll, getOuterHTML, removeElement, textContent } from 'domutils';
import { AttachmentExtractionError, CappedText, type ExtractedText, type ExtractionLimits } from './extractedText';
import { oneLine } from '../../text/oneLine';

/** An OLE compound file: how Word stores a password-protected .docx (and old .doc files). */
const OLE_MAGIC = Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]);
/** Largest word/document.xml read (zip bombs: the compressed file is capped before, the XML here). */
const MAX_DOCUMENT_XML_BYTES = 50 * 1024 * 1024;

/**
 * The text of a DOCX with mammoth, after the runs Word would not show are taken out: a run whose properties, or
 * whose character style, carry <w:vanish/> (Word's "Hidden" font effect) is hidden text, kept for the injection
 * detector only. mammoth itself reads hidden runs like any other, so they are removed from word/document.xml first.
 */
export async function docxText(bytes: Uint8Array, limits: ExtractionLimits): Promise<ExtractedText> {
  const buffer = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (buffer.subarray(0, 8).equals(OLE_MAGIC)) {
    throw new AttachmentExtractionError('encrypted', 'The Word file is password-protected (or an old .doc file); its text cannot be read.');
  }
  const { default: JSZip } = await import('jszip');
  let zip: InstanceType<typeof JSZip>;
  try {
    zip = await JSZip.loadAsync(buffer);
  } catch (error) {
    throw new AttachmentExtractionError('corrupt', `The Word file could not be read (${errorLine(error)}).`);
  }
  const documentEntry = zip.file('word/document.xml');
  if (!documentEntry) throw new AttachmentExtractionError('corrupt', 'The file is a zip archive but not a Word document (no word/document.xml).');
  const declaredSize = (documentEntry as unknown as { _data?: { uncompressedSize?: number } })._data?.uncompressedSize ?? 0;
  if (declaredSize > MAX_DOCUMENT_XML_BYTES) throw new AttachmentExtractionError('tooLarge', 'The Word document\'s text is too large to read.');
  const hiddenStyles = vanishingStyles(await zip.file('word/styles.xml')?.async('string'));
  const xml = await documentEntry.async('string');
  const dom = parseDocument(xml, { xmlMode: true });
  const hidden = new CappedText(limits.maxChars);
  let hiddenRuns = 0;
  for (const run of findAll((e) => e.name === 'w:r', dom.children)) {
    if (!isHiddenRun(run, hiddenStyles)) continue;
    const text = findAll((e) => e.name === 'w:t', run.children).map((t) => textContent(t)).join('');
    if (text.trim()) {
      hidden.push(`${text} `);
      hiddenRuns += 1;
    }
    removeElement(run);
  }
  zip.file('word/document.xml', getOuterHTML(dom, { xmlMode: true }));
  const mammoth = await import('mammoth');
  let raw: string;
  try {
    const cleaned = await zip.generateAsync({ type: 'nodebuffer' });
    raw = (await mammoth.extractRawText({ buffer: cleaned })).value;
  } catch (error) {
    throw new AttachmentExtractionError('corrupt', `The Word file could not be read (${errorLine(error)}).`);
  }
  const visible = new CappedText(limits.maxChars);
  visible.push(raw.replace(/\n{3,}/g, '\n\n').trim());
  return {
    visibleText: visible.toString(),
    hiddenText: hidden.toString().trim(),
    hiddenRuns: hiddenRuns ? { hiddenAttribute: hiddenRuns } : {},
    truncated: visible.truncated,
  };
}

/** <w:vanish/> is on unless its w:val says off ("0", "false", "off"). */
function vanishOn(properties: Element | undefined): boolean {
  const vanish = properties?.children.find((c): c is Element => (c as Element).name === 'w:vanish');
  if (!vanish) return false;
  const val = vanish.attribs['w:val'];
  return val === undefined || !/^(0|false|off)$/i.test(val);
}

function isHiddenRun(run: Element, hiddenStyles: ReadonlySet<string>): boolean {
  const properties = run.children.find((c): c is Element => (c as Element).name === 'w:rPr');
  if (vanishOn(properties)) return true;
  const style = properties?.children.find((c): c is Element => (c as Element).name === 'w:rStyle')?.attribs['w:val'];
  return style !== undefined && hiddenStyles.has(style);
}

/** Ids of character styles that hide their text (w:rPr/w:vanish in styles.xml), following w:basedOn. */
function vanishingStyles(stylesXml: string | undefined): Set<string> {
  const out = new Set<string>();
  if (!stylesXml) return out;
  const dom = parseDocument(stylesXml, { xmlMode: true });
  const basedOn = new Map<string, string>();
  for (const style of findAll((e) => e.name === 'w:style', dom.children)) {
    const id = style.attribs['w:styleId'];
    if (!id) continue;
    const rPr = style.children.find((c): c is Element => (c as Element).name === 'w:rPr');
    if (vanishOn(rPr)) out.add(id);
    const parent = style.children.find((c): c is Element => (c as Element).name === 'w:basedOn')?.attribs['w:val'];
    if (parent) basedOn.set(id, parent);
  }
  for (const id of basedOn.keys()) {
    const seen = new Set<string>();
    for (let at: string | undefined = id; at && !seen.has(at); at = basedOn.get(at)) {
      seen.add(at);
      if (out.has(at)) {
        out.add(id);
        break;
      }
    }
  }
  return out;
}

/** The library's own words, on one line: they go into the reason a person and the model read. */
function errorLine(error: unknown): string {
  return oneLine(error instanceof Error ? error.message : String(error), 200);
}
