/**
 * Decompression bombs made at test time (never committed as files): zip archives written byte by byte, so a test
 * can set what the central directory declares apart from what the data inflates to, and PDFs whose Flate streams
 * unpack to far more than the file's size. The benchmark (bench/hostileMemory.ts) builds its inputs here too.
 */
import { crc32, createDeflate, createDeflateRaw, deflateRawSync, deflateSync } from 'node:zlib';

export interface ZipEntrySpec {
  readonly name: string;
  /** What the entry inflates to; or `deflated`, made ahead (deflatedRepeat) for contents too large to hold. */
  readonly content?: Buffer;
  readonly deflated?: Deflated;
  /** The unpacked size the headers declare (default: the true size). A smaller figure is a lie. */
  readonly declaredSize?: number;
}

/** Compressed data with the size and CRC-32 of what it inflates to. */
export interface Deflated {
  readonly data: Buffer;
  readonly size: number;
  readonly crc: number;
}

/**
 * `chunk` repeated `times` times, deflated as a stream (raw deflate for zip, zlib for PDF) without ever holding
 * the whole: a bomb of hundreds of megabytes is built in a few megabytes of memory.
 */
export async function deflatedRepeat(
  chunk: Buffer,
  times: number,
  format: 'raw' | 'zlib',
  { head = Buffer.alloc(0), tail = Buffer.alloc(0) }: { readonly head?: Buffer; readonly tail?: Buffer } = {},
): Promise<Deflated> {
  const deflate = format === 'raw' ? createDeflateRaw({ level: 9 }) : createDeflate({ level: 9 });
  const out: Buffer[] = [];
  deflate.on('data', (b: Buffer) => out.push(b));
  const ended = new Promise<void>((resolve, reject) => {
    deflate.once('end', resolve);
    deflate.once('error', reject);
  });
  let crc = crc32(head);
  deflate.write(head);
  for (let i = 0; i < times; i++) {
    crc = crc32(chunk, crc);
    if (!deflate.write(chunk)) await new Promise((resolve) => deflate.once('drain', resolve));
  }
  crc = crc32(tail, crc);
  deflate.end(tail);
  await ended;
  return { data: Buffer.concat(out), size: head.length + chunk.length * times + tail.length, crc };
}

/** A zip archive of deflated entries, with local headers, a central directory and its end record. */
export function zipArchive(entries: readonly ZipEntrySpec[]): Buffer {
  const locals: Buffer[] = [];
  const centrals: Buffer[] = [];
  let offset = 0;
  for (const entry of entries) {
    const name = Buffer.from(entry.name, 'utf8');
    const content = entry.content ?? Buffer.alloc(0);
    const data = entry.deflated?.data ?? deflateRawSync(content, { level: 9 });
    const crc = entry.deflated?.crc ?? crc32(content);
    const size = entry.declaredSize ?? entry.deflated?.size ?? content.length;
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4);
    local.writeUInt16LE(0x0800, 6); // UTF-8 names
    local.writeUInt16LE(8, 8); // deflate
    local.writeUInt32LE(crc, 14);
    local.writeUInt32LE(data.length, 18);
    local.writeUInt32LE(size, 22);
    local.writeUInt16LE(name.length, 26);
    const central = Buffer.alloc(46);
    central.writeUInt32LE(0x02014b50, 0);
    central.writeUInt16LE(20, 4);
    central.writeUInt16LE(20, 6);
    central.writeUInt16LE(0x0800, 8);
    central.writeUInt16LE(8, 10);
    central.writeUInt32LE(crc, 16);
    central.writeUInt32LE(data.length, 20);
    central.writeUInt32LE(size, 24);
    central.writeUInt16LE(name.length, 28);
    central.writeUInt32LE(offset, 42);
    locals.push(local, name, data);
    centrals.push(central, name);
    offset += local.length + name.length + data.length;
  }
  const directory = Buffer.concat(centrals);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(entries.length, 8);
  end.writeUInt16LE(entries.length, 10);
  end.writeUInt32LE(directory.length, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...locals, directory, end]);
}

const CONTENT_TYPES =
  '<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>';
const ROOT_RELS =
  '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/></Relationships>';

const PARAGRAPH = '<w:p><w:r><w:t>word</w:t></w:r></w:p>';
const DOCUMENT_HEAD = '<?xml version="1.0" encoding="UTF-8"?><w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body>';

/** word/document.xml of `paragraphs` one-word paragraphs: what a bomb's body unpacks to. */
export function documentXml(paragraphs: number): Buffer {
  return Buffer.concat([Buffer.from(DOCUMENT_HEAD), Buffer.from(PARAGRAPH.repeat(paragraphs)), Buffer.from('</w:body></w:document>')]);
}

/**
 * A .docx whose document.xml unpacks to about `megabytes` MB; `declaredSize` makes the archive lie about it, and
 * `extraEntries` adds that many empty files (a bomb of entries).
 */
export function bombDocx(options: { readonly megabytes: number; readonly declaredSize?: number; readonly extraEntries?: number }): Buffer {
  const paragraphs = Math.round((options.megabytes * 1024 * 1024) / PARAGRAPH.length);
  return docxOf({ name: 'word/document.xml', content: documentXml(paragraphs), declaredSize: options.declaredSize }, options.extraEntries);
}


/** bombDocx for hundreds of megabytes: the document is deflated as a stream, never held whole. */
export async function largeBombDocx(options: { readonly megabytes: number; readonly declaredSize?: number }): Promise<Buffer> {
  const chunk = Buffer.from(PARAGRAPH.repeat(Math.floor((1024 * 1024) / PARAGRAPH.length)));
  const deflated = await deflatedRepeat(chunk, options.megabytes, 'raw', { head: Buffer.from(DOCUMENT_HEAD), tail: Buffer.from('</w:body></w:document>') });
  return docxOf({ name: 'word/document.xml', deflated, declaredSize: options.declaredSize });
}

function docxOf(document: ZipEntrySpec, extraEntries = 0): Buffer {
  return zipArchive([
    { name: '[Content_Types].xml', content: Buffer.from(CONTENT_TYPES) },
    { name: '_rels/.rels', content: Buffer.from(ROOT_RELS) },
    document,
    ...Array.from({ length: extraEntries }, (_, i) => ({ name: `word/media/empty${i}.bin`, content: Buffer.alloc(0) })),
  ]);
}

/** An ordinary .docx of a few paragraphs, zipped by the same writer. */
export function plainDocx(text: string): Buffer {
  const body = text
    .split('\n')
    .map((line) => `<w:p><w:r><w:t xml:space="preserve">${line.replace(/&/g, '&amp;').replace(/</g, '&lt;')}</w:t></w:r></w:p>`)
    .join('');
  const xml = `<?xml version="1.0" encoding="UTF-8"?><w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body>${body}</w:body></w:document>`;
  return zipArchive([
    { name: '[Content_Types].xml', content: Buffer.from(CONTENT_TYPES) },
    { name: '_rels/.rels', content: Buffer.from(ROOT_RELS) },
    { name: 'word/document.xml', content: Buffer.from(xml) },
  ]);
}

/**
 * A one-page PDF whose content stream is Flate-compressed: `padMegabytes` MB of spaces (they compress a
 * thousandfold) and then one line of text. The page's stream is what pdf.js inflates whole when it reads the page.
 */
export function bombPdf(padMegabytes: number, text = 'Hello from a compressed page'): Buffer {
  const operators = Buffer.concat([Buffer.alloc(Math.round(padMegabytes * 1024 * 1024), 0x20), textLine(text)]);
  return pdfOfPages([deflateSync(operators, { level: 9 })]);
}

/** bombPdf for hundreds of megabytes: the page stream is deflated as a stream, never held whole. */
export async function largeBombPdf(padMegabytes: number, text = 'Hello from a compressed page'): Promise<Buffer> {
  const stream = await deflatedRepeat(Buffer.alloc(1024 * 1024, 0x20), padMegabytes, 'zlib', { tail: textLine(text) });
  return pdfOfPages([stream.data]);
}

/** A PDF of `pages` pages, one line of text each (a long file, within its byte size). */
export function manyPagePdf(pages: number): Buffer {
  return pdfOfPages(Array.from({ length: pages }, (_, i) => deflateSync(textLine(`Page ${i + 1} of a long report, with its figures.`))));
}

/**
 * A one-page PDF painting a grey image of `width` x `height` pixels (Flate, all zero: a few KB a megapixel) under a
 * line of text; `sizeByReference` writes /Width and /Height as references to objects of their own (7 and 8).
 */
export function imagePdf(width: number, height: number, options: { readonly sizeByReference?: boolean } = {}): Buffer {
  const pixels = deflateSync(Buffer.alloc(width * height), { level: 9 });
  const size = options.sizeByReference ? '/Width 7 0 R /Height 8 0 R' : `/Width ${width} /Height ${height}`;
  const image = Buffer.concat([
    Buffer.from(`<< /Type /XObject /Subtype /Image ${size} /ColorSpace /DeviceGray /BitsPerComponent 8 /Length ${pixels.length} /Filter /FlateDecode >>\nstream\n`),
    pixels,
    Buffer.from('\nendstream'),
  ]);
  const content = deflateSync(Buffer.concat([Buffer.from('q 612 0 0 792 0 0 cm /Im1 Do Q'), textLine('Caption under the picture')]));
  return pdfOfPages([content], image, options.sizeByReference ? [Buffer.from(String(width)), Buffer.from(String(height))] : []);
}

function textLine(text: string): Buffer {
  return Buffer.from(`\nBT /F1 12 Tf 72 700 Td (${text}) Tj ET\n`, 'latin1');
}

/**
 * A PDF whose pages have these Flate-compressed content streams (Helvetica as /F1), xref offsets computed; `image`,
 * an image XObject's dictionary and stream, is every page's /Im1.
 */
function pdfOfPages(streams: readonly Buffer[], image?: Buffer, extraObjects: readonly Buffer[] = []): Buffer {
  const objects: Buffer[] = [
    Buffer.from('<< /Type /Catalog /Pages 2 0 R >>'),
    Buffer.from(`<< /Type /Pages /Kids [${streams.map((_, i) => `${4 + i * 2} 0 R`).join(' ')}] /Count ${streams.length} >>`),
    Buffer.from('<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>'),
  ];
  const imageRef = 4 + streams.length * 2;
  const xObjects = image ? ` /XObject << /Im1 ${imageRef} 0 R >>` : '';
  streams.forEach((stream, i) => {
    objects.push(Buffer.from(`<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Resources << /Font << /F1 3 0 R >>${xObjects} >> /Contents ${5 + i * 2} 0 R >>`));
    objects.push(Buffer.concat([Buffer.from(`<< /Length ${stream.length} /Filter /FlateDecode >>\nstream\n`), stream, Buffer.from('\nendstream')]));
  });
  if (image) objects.push(image);
  objects.push(...extraObjects);
  const parts: Buffer[] = [Buffer.from('%PDF-1.4\n')];
  let length = parts[0].length;
  const offsets: number[] = [];
  objects.forEach((body, i) => {
    offsets.push(length);
    const object = Buffer.concat([Buffer.from(`${i + 1} 0 obj\n`), body, Buffer.from('\nendobj\n')]);
    parts.push(object);
    length += object.length;
  });
  const xref = `xref\n0 ${objects.length + 1}\n0000000000 65535 f \n${offsets.map((o) => `${String(o).padStart(10, '0')} 00000 n \n`).join('')}`;
  parts.push(Buffer.from(`${xref}trailer\n<< /Size ${objects.length + 1} /Root 1 0 R >>\nstartxref\n${length}\n%%EOF\n`));
  return Buffer.concat(parts);
}
