/**
 * PDF and DOCX files made at test time, so the fixtures say in code what they hold: a one-font PDF written by
 * hand (objects, xref offsets computed) and a DOCX zipped with jszip (mammoth's own zip library).
 */
import JSZip from 'jszip';

/** A PDF whose pages have these content streams (Helvetica as /F1). */
export function pdfWithPages(contents: readonly string[], options: { encrypted?: boolean } = {}): Buffer {
  return pdfDocument({ pages: contents.map((content) => ({ content })), encrypted: options.encrypted });
}

export interface PdfPageSpec {
  readonly content: string;
  /** More entries of the page's /Resources dictionary, e.g. "/ExtGState << /GS0 4 0 R >>" (objects from `objects`). */
  readonly resources?: string;
  /** The page's /CropBox, when it differs from the 612 x 792 /MediaBox. */
  readonly cropBox?: readonly [number, number, number, number];
}

/**
 * A PDF written by hand: the catalog (1 0 R, with `catalog` appended to its dictionary), the page tree (2 0 R),
 * Helvetica (3 0 R), then `objects` numbered from 4 in their order, then the pages and their content streams.
 */
export function pdfDocument(spec: { pages: readonly PdfPageSpec[]; objects?: readonly string[]; catalog?: string; encrypted?: boolean }): Buffer {
  const extra = spec.objects ?? [];
  const firstPage = 4 + extra.length;
  const objects: string[] = [`<< /Type /Catalog /Pages 2 0 R ${spec.catalog ?? ''}>>`];
  objects.push(`<< /Type /Pages /Kids [${spec.pages.map((_, i) => `${firstPage + i * 2} 0 R`).join(' ')}] /Count ${spec.pages.length} >>`);
  objects.push('<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>');
  objects.push(...extra);
  spec.pages.forEach((page, i) => {
    const crop = page.cropBox ? ` /CropBox [${page.cropBox.join(' ')}]` : '';
    objects.push(`<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792]${crop} /Resources << /Font << /F1 3 0 R >> ${page.resources ?? ''} >> /Contents ${firstPage + 1 + i * 2} 0 R >>`);
    objects.push(`<< /Length ${Buffer.byteLength(page.content, 'latin1')} >>\nstream\n${page.content}\nendstream`);
  });
  if (spec.encrypted) {
    // A standard security handler (RC4, 40-bit) with a user password: pdf.js asks for the password.
    objects.push('<< /Filter /Standard /V 1 /R 2 /O <' + 'aa'.repeat(32) + '> /U <' + 'bb'.repeat(32) + '> /P -4 >>');
  }
  let out = '%PDF-1.5\n';
  const offsets: number[] = [];
  objects.forEach((o, i) => {
    offsets.push(Buffer.byteLength(out, 'latin1'));
    out += `${i + 1} 0 obj\n${o}\nendobj\n`;
  });
  const xref = Buffer.byteLength(out, 'latin1');
  out += `xref\n0 ${objects.length + 1}\n0000000000 65535 f \n${offsets.map((o) => `${String(o).padStart(10, '0')} 00000 n \n`).join('')}`;
  const encrypt = spec.encrypted ? ` /Encrypt ${objects.length} 0 R /ID [<${'01'.repeat(16)}> <${'01'.repeat(16)}>]` : '';
  out += `trailer\n<< /Size ${objects.length + 1} /Root 1 0 R${encrypt} >>\nstartxref\n${xref}\n%%EOF\n`;
  return Buffer.from(out, 'latin1');
}

/**
 * One line of text at a height, as a PDF content stream; `prefix` sets graphics state for this line only (q/Q
 * save and restore it: the text render mode and fill colour otherwise carry over to the lines after).
 */
export const pdfLine = (text: string, y: number, prefix = '') => `q BT ${prefix} /F1 12 Tf 72 ${y} Td (${text.replace(/[()\\]/g, '\\$&')}) Tj ET Q`;

export interface DocxRun {
  readonly text: string;
  /** <w:vanish/> on the run. */
  readonly vanish?: boolean;
  /** A character style (defined in styles.xml, hidden when its id is in hiddenStyles). */
  readonly style?: string;
}

/** A DOCX with one paragraph a run list. */
export async function docxWith(paragraphs: ReadonlyArray<readonly DocxRun[]>, options: { hiddenStyles?: readonly string[] } = {}): Promise<Buffer> {
  const run = (r: DocxRun) => {
    const props = [r.style ? `<w:rStyle w:val="${r.style}"/>` : '', r.vanish ? '<w:vanish/>' : ''].join('');
    return `<w:r>${props ? `<w:rPr>${props}</w:rPr>` : ''}<w:t xml:space="preserve">${r.text.replace(/&/g, '&amp;').replace(/</g, '&lt;')}</w:t></w:r>`;
  };
  const body = paragraphs.map((p) => `<w:p>${p.map(run).join('')}</w:p>`).join('');
  const styles = (options.hiddenStyles ?? [])
    .map((id) => `<w:style w:type="character" w:styleId="${id}"><w:name w:val="${id}"/><w:rPr><w:vanish/></w:rPr></w:style>`)
    .join('');
  return docxDocument({ body, styles });
}

/**
 * A DOCX from raw WordprocessingML: `body` goes inside w:body, `styles` inside w:styles (w:docDefaults and
 * w:style elements), `background` is w:document's w:background colour (hex without #).
 */
export async function docxDocument(spec: { body: string; styles?: string; background?: string }): Promise<Buffer> {
  const w = [
    'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"',
    'xmlns:wp="http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing"',
    'xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main"',
    'xmlns:wps="http://schemas.microsoft.com/office/word/2010/wordprocessingShape"',
    'xmlns:v="urn:schemas-microsoft-com:vml"',
  ].join(' ');
  const background = spec.background ? `<w:background w:color="${spec.background}"/>` : '';
  const zip = new JSZip();
  zip.file('[Content_Types].xml', '<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/><Override PartName="/word/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.styles+xml"/></Types>');
  zip.file('_rels/.rels', '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/></Relationships>');
  zip.file('word/_rels/document.xml.rels', '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" Target="styles.xml"/></Relationships>');
  zip.file('word/styles.xml', `<?xml version="1.0" encoding="UTF-8"?><w:styles ${w}>${spec.styles ?? ''}</w:styles>`);
  zip.file('word/document.xml', `<?xml version="1.0" encoding="UTF-8"?><w:document ${w}>${background}<w:body>${spec.body}</w:body></w:document>`);
  return zip.generateAsync({ type: 'nodebuffer', compression: 'DEFLATE' });
}
