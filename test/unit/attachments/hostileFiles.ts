/**
 * Decompression bombs made at test time (never committed as files): zip archives written byte by byte, so a test
 * can set what the central directory declares apart from what the data inflates to, and PDFs whose Flate streams
 * unpack to far more than the file's size. The benchmark (bench/hostileAttachments.ts) builds its inputs here too.
 */
import { crc32, deflateRawSync, deflateSync } from 'node:zlib';

export interface ZipEntrySpec {
  readonly name: string;
  /** What the entry inflates to. */
  readonly content: Buffer;
  /** The unpacked size the headers declare (default: the true size). A smaller figure is a lie. */
  readonly declaredSize?: number;
}

/** A zip archive of deflated entries, with local headers, a central directory and its end record. */
export function zipArchive(entries: readonly ZipEntrySpec[]): Buffer {
  const locals: Buffer[] = [];
  const centrals: Buffer[] = [];
  let offset = 0;
  for (const entry of entries) {
    const name = Buffer.from(entry.name, 'utf8');
    const data = deflateRawSync(entry.content, { level: 9 });
    const crc = crc32(entry.content);
    const size = entry.declaredSize ?? entry.content.length;
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

/** word/document.xml of `paragraphs` one-word paragraphs: what a bomb's body unpacks to. */
export function documentXml(paragraphs: number): Buffer {
  const head = '<?xml version="1.0" encoding="UTF-8"?><w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body>';
  const paragraph = PARAGRAPH;
  return Buffer.concat([Buffer.from(head), Buffer.from(paragraph.repeat(paragraphs)), Buffer.from('</w:body></w:document>')]);
}

/**
 * A .docx whose document.xml unpacks to about `megabytes` MB; `declaredSize` makes the archive lie about it, and
 * `extraEntries` adds that many empty files (a bomb of entries).
 */
export function bombDocx(options: { readonly megabytes: number; readonly declaredSize?: number; readonly extraEntries?: number }): Buffer {
  const paragraphs = Math.round((options.megabytes * 1024 * 1024) / PARAGRAPH.length);
  return zipArchive([
    { name: '[Content_Types].xml', content: Buffer.from(CONTENT_TYPES) },
    { name: '_rels/.rels', content: Buffer.from(ROOT_RELS) },
    { name: 'word/document.xml', content: documentXml(paragraphs), declaredSize: options.declaredSize },
    ...Array.from({ length: options.extraEntries ?? 0 }, (_, i) => ({ name: `word/media/empty${i}.bin`, content: Buffer.alloc(0) })),
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
  const operators = Buffer.concat([Buffer.alloc(Math.round(padMegabytes * 1024 * 1024), 0x20), Buffer.from(`\nBT /F1 12 Tf 72 700 Td (${text}) Tj ET\n`, 'latin1')]);
  const stream = deflateSync(operators, { level: 9 });
  const objects: Buffer[] = [
    Buffer.from('<< /Type /Catalog /Pages 2 0 R >>'),
    Buffer.from('<< /Type /Pages /Kids [4 0 R] /Count 1 >>'),
    Buffer.from('<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>'),
    Buffer.from('<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Resources << /Font << /F1 3 0 R >> >> /Contents 5 0 R >>'),
    Buffer.concat([Buffer.from(`<< /Length ${stream.length} /Filter /FlateDecode >>\nstream\n`), stream, Buffer.from('\nendstream')]),
  ];
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
