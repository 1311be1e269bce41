import type { Element } from 'domhandler';
import { parseDocument } from 'htmlparser2';
import { findAll, getOuterHTML, removeElement, textContent } from 'domutils';
import { docxPageColour, docxRunHiddenReason, docxStylesOf, docxThemeOf } from './docxVisibility';
import { AttachmentExtractionError, CappedText, HiddenRuns, type ExtractedText, type ExtractionLimits } from './extractedText';
import { errorLine } from '../../text/oneLine';
import { passageWords } from '../../guard/passages';

/** An OLE compound file: how Word stores a password-protected .docx (and old .doc files). */
const OLE_MAGIC = Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]);
/** Largest word/document.xml read (zip bombs: the compressed file is capped before, the XML here). */
const MAX_DOCUMENT_XML_BYTES = 50 * 1024 * 1024;

/**
 * The text of a DOCX with mammoth, after the runs Word would not show are taken out (docxVisibility.ts: vanish,
 * colour against shading and page, size, hidden table rows, resolved through the style hierarchy): hidden text is
 * kept for the injection detector and the person only. mammoth itself reads hidden runs like any other, so they
 * are removed from word/document.xml first.
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
  const stylesXml = await zip.file('word/styles.xml')?.async('string');
  const themeXml = await zip.file(/^word\/theme\/theme\d*\.xml$/)[0]?.async('string');
  const theme = docxThemeOf(themeXml ? parseDocument(themeXml, { xmlMode: true }) : undefined);
  const styles = docxStylesOf(stylesXml ? parseDocument(stylesXml, { xmlMode: true }) : undefined, theme);
  const xml = await documentEntry.async('string');
  const dom = parseDocument(xml, { xmlMode: true });
  const pageColour = docxPageColour(dom);
  const hidden = new HiddenRuns(limits.maxChars);
  // Word shows an mc:AlternateContent's mc:Choice (it understands every Requires Word writes); mammoth reads its
  // mc:Fallback. What the fallback says and the choice does not is not on the page: it is withheld.
  for (const alternate of findAll((e) => e.name === 'mc:AlternateContent', dom.children)) {
    const choice = alternate.children.find((c): c is Element => (c as Element).name === 'mc:Choice');
    const fallback = alternate.children.find((c): c is Element => (c as Element).name === 'mc:Fallback');
    if (!choice || !fallback) continue;
    const shown = new Set(passageWords(textContent(choice)));
    for (const piece of findAll((e) => e.name === 'w:t', fallback.children)) {
      const text = textContent(piece);
      if (passageWords(text).every((word) => shown.has(word))) continue;
      hidden.push('notRendered', `${text} `);
      removeElement(piece);
    }
  }
  for (const run of findAll((e) => e.name === 'w:r', dom.children)) {
    const reason = docxRunHiddenReason(run, styles, pageColour);
    const text = findAll((e) => e.name === 'w:t', run.children).map((t) => textContent(t)).join('');
    if (!reason) {
      if (text.trim()) hidden.close();
      continue;
    }
    hidden.push(reason, `${text} `);
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
  return { visibleText: visible.toString(), ...hidden.result(), truncated: visible.truncated };
}
