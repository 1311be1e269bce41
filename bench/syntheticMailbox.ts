/**
 * Small, valid RFC 5322 messages generated in memory, for benchmarks that need a mailbox of a given size
 * (the fixture folder has 236 messages; bulk reads need more).
 */
export interface SyntheticMailboxOptions {
  /** Messages the benchmark's search will match (From: reports@metrics.example). */
  readonly matching: number;
  /** Other messages around them. */
  readonly others: number;
}

export const MATCHING_QUERY = 'from:reports@metrics.example';

export function syntheticMessages({ matching, others }: SyntheticMailboxOptions): Buffer[] {
  const total = matching + others;
  const start = Date.UTC(2025, 0, 1, 8, 0, 0);
  // Matches spread evenly among the others: message i matches when the running share of matches steps up.
  return Array.from({ length: total }, (_, i) => {
    const isMatch = Math.floor(((i + 1) * matching) / total) > Math.floor((i * matching) / total);
    return message(i, isMatch, new Date(start + i * 37 * 60_000));
  });
}

function message(i: number, fromReports: boolean, date: Date): Buffer {
  const from = fromReports ? 'Metrics Reports <reports@metrics.example>' : `Colleague ${i} <person${i}@corp.example>`;
  const subject = fromReports ? `Daily metrics report #${i}` : `Notes on item ${i}`;
  const body = fromReports
    ? `Signups: ${100 + (i % 37)}\r\nChurn: ${(i % 9) / 10}%\r\nRevenue: EUR ${1000 + i * 3}.00\r\n`
    : `Hi,\r\n\r\nhere are my notes on item ${i}. Let me know what you think.\r\n\r\nThanks\r\n`;
  return Buffer.from(
    [
      `From: ${from}`,
      'To: Demo User <demo.user@example.com>',
      `Subject: ${subject}`,
      `Date: ${date.toUTCString().replace('GMT', '+0000')}`,
      `Message-ID: <bench-${i}@synthetic.example>`,
      'MIME-Version: 1.0',
      'Content-Type: text/plain; charset=utf-8',
      'Content-Transfer-Encoding: 7bit',
      '',
      body,
    ].join('\r\n'),
  );
}
