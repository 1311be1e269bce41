/**
 * `X-Fake-Labels: INBOX, UNREAD, Label_Work` lets a fixture .eml set its Gmail labels. The header is removed from
 * the stored bytes so that the API never shows it.
 */
export const FAKE_LABELS_HEADER = 'x-fake-labels';

export interface SplitFakeLabels {
  raw: Buffer;
  labels: string[] | undefined;
}

export function takeFakeLabels(raw: Buffer): SplitFakeLabels {
  // latin1 keeps every byte as one char, so slicing the header block never corrupts 8-bit content.
  const text = raw.toString('latin1');
  const match = /\r?\n\r?\n/.exec(text);
  const headerEnd = match ? match.index : text.length;
  const headerBlock = text.slice(0, headerEnd);
  const lines = headerBlock.split(/(?<=\n)(?![ \t])/);
  let labels: string[] | undefined;
  const kept: string[] = [];
  for (const line of lines) {
    const colon = line.indexOf(':');
    if (colon > 0 && line.slice(0, colon).trim().toLowerCase() === FAKE_LABELS_HEADER) {
      const value = line.slice(colon + 1).replace(/\r?\n[ \t]/g, ' ');
      labels = [...(labels ?? []), ...value.split(',').map((l) => l.trim()).filter((l) => l.length > 0)];
    } else {
      kept.push(line);
    }
  }
  if (labels === undefined) return { raw, labels };
  // The header block ends without its last line break (that belongs to the blank-line separator), so when the
  // removed header was the last line, the break left behind by the line before it must go too.
  const keptText = kept.join('').replace(/\r?\n$/, '');
  return { raw: Buffer.from(keptText + text.slice(headerEnd), 'latin1'), labels };
}
