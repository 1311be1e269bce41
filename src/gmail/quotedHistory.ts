import EmailReplyParser from 'email-reply-parser';

/**
 * Collapses quoted history (">" blocks, "On … wrote:", Outlook's "-----Original Message-----" and
 * "From: … Sent: …" headers, their usual translations) into one marker line, using email-reply-parser
 * (Crisp's maintained port of GitHub's EmailReplyParser). Signatures stay: they often carry the contact
 * details the user asks about. Forwarded content is the message itself and is never collapsed.
 */
export interface CollapsedText {
  readonly text: string;
  readonly collapsedLines: number;
}

/**
 * The parser's regexes are super-linear on adversarial text (~1.7 s for 100 KB of crafted date lines), so
 * only the head of a long body is parsed; when the head ends inside quoted history, the rest is quoted too
 * (replies sit on top of what they quote), else the rest is kept as it is.
 */
export const MAX_TEXT_TO_PARSE = 30_000;

const FORWARD_MARKERS = [
  /^-{5,}\s*Forwarded message\s*-{5,}\s*$/im, // Gmail
  /^-{3,}\s*Forwarded Message\s*-{3,}\s*$/im, // Thunderbird
  /^Begin forwarded message:\s*$/im, // Apple Mail
  /^-{3,}\s*(?:Weitergeleitete Nachricht|Message transféré|Mensaje reenviado|Messaggio inoltrato)\s*-{3,}\s*$/im,
];

export function quotedMarker(lines: number): string {
  return `[quoted history: ${lines} line${lines === 1 ? '' : 's'} collapsed]`;
}

export function collapseQuotedHistory(text: string): CollapsedText {
  const forwardAt = firstForwardMarker(text);
  const ownAll = forwardAt === undefined ? text : text.slice(0, forwardAt);
  const forwarded = forwardAt === undefined ? '' : text.slice(forwardAt);
  const headEnd = ownAll.length > MAX_TEXT_TO_PARSE ? ownAll.lastIndexOf('\n', MAX_TEXT_TO_PARSE) + 1 || MAX_TEXT_TO_PARSE : ownAll.length;
  const own = ownAll.slice(0, headEnd);
  const rest = ownAll.slice(headEnd);

  const fragments = new EmailReplyParser().read(own).getFragments();
  const out: string[] = [];
  let pendingQuoted = 0;
  let collapsedLines = 0;
  const flushQuoted = () => {
    if (pendingQuoted > 0) {
      out.push(quotedMarker(pendingQuoted));
      collapsedLines += pendingQuoted;
      pendingQuoted = 0;
    }
  };
  for (const fragment of fragments) {
    const content = fragment.getContent();
    if (fragment.isQuoted()) {
      pendingQuoted += countNonEmptyLines(content);
      continue;
    }
    // Blank fragments neither end a quoted run nor add text.
    if (!content.trim()) continue;
    flushQuoted();
    out.push(content.replace(/\n+$/, ''));
  }
  const headEndsQuoted = pendingQuoted > 0;
  if (rest && headEndsQuoted) pendingQuoted += countNonEmptyLines(rest);
  flushQuoted();
  if (rest && !headEndsQuoted) out.push(rest);
  if (collapsedLines === 0) return { text, collapsedLines: 0 };
  const ownText = out.join('\n\n');
  return { text: forwarded ? `${ownText}\n\n${forwarded}` : ownText, collapsedLines };
}

function firstForwardMarker(text: string): number | undefined {
  let first: number | undefined;
  for (const marker of FORWARD_MARKERS) {
    const match = marker.exec(text);
    if (match && (first === undefined || match.index < first)) first = match.index;
  }
  return first;
}

function countNonEmptyLines(text: string): number {
  let n = 0;
  for (const line of text.split('\n')) if (line.trim()) n++;
  return n;
}
