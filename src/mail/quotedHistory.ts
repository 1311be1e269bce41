import EmailReplyParser from 'email-reply-parser';

/**
 * Collapses quoted history (">" blocks, "On … wrote:", Outlook's "-----Original Message-----" and
 * "From: … Sent: …" headers, their usual translations) into one marker line, using email-reply-parser
 * (Crisp's maintained port of GitHub's EmailReplyParser). Signatures stay: they often carry the contact
 * details the user asks about; only a mail app's stock sign-off ("Sent from my iPhone") at the end of the
 * reply goes. Forwarded content is the message itself and is never collapsed.
 */
export interface CollapsedText {
  readonly text: string;
  readonly collapsedLines: number;
}

/**
 * The parser's regexes are super-linear on adversarial text (crafted date lines), so
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

/** The line that stands for collapsed history; it is in every reply, so it says only what a reader needs. */
export function quotedMarker(lines: number): string {
  return `[${lines} quoted line${lines === 1 ? '' : 's'} collapsed]`;
}

/**
 * A mail app's stock sign-off, the whole line: it names the sender's device or app, nothing they wrote.
 * Deliberately a list of the apps' exact phrases (English, German, French, Spanish, Portuguese, Italian, Dutch),
 * case-sensitive as the apps write them, not the parser's broad signature rules (those also take "Regards,"
 * and "Cheers" and what follows them: names, phone numbers).
 */
const DEVICE = String.raw`(?:iPhone|iPad|iPod|Apple Watch|Android|BlackBerry|Samsung|Galaxy|Pixel|Huawei|Xiaomi|Motorola|Nokia|Windows Phone)(?: [\p{Lu}\p{N}][\p{L}\p{N}+]{0,19}){0,3}`;
const MOBILE = String.raw`(?:${DEVICE}|mobile phone|mobile device|mobile|phone|smartphone|Smartphone|Handy|portable|móvil|celular|telefono)`;
const APP = String.raw`(?:Outlook|Mail|Gmail|Yahoo Mail|AOL|Proton Mail|Spark|BlueMail)`;
const PLATFORM = String.raw`(?:iOS|iPhone|iPad|Android|Mac|Windows(?: 1[01])?)`;
const DEVICE_SIGN_OFF = new RegExp(
  '^(?:' +
    [
      `Sent from my ${MOBILE}`,
      `Sent from ${APP}(?: for ${PLATFORM})?`,
      `Get Outlook for ${PLATFORM}`,
      `Von meinem ${MOBILE} gesendet`,
      `Gesendet von meinem ${MOBILE}`,
      `Gesendet von ${APP} für ${PLATFORM}`,
      `Envoyé (?:de|depuis) mon ${MOBILE}`,
      `Télécharger Outlook pour ${PLATFORM}`,
      `Enviado (?:desde mi|do meu|de meu) ${MOBILE}`,
      `Inviato da(?: il mio)? ${MOBILE}`,
      `(?:Verzonden|Verstuurd) (?:met|vanaf|van) mijn ${MOBILE}`,
    ].join('|') +
    // Outlook's mobile apps link their name to Microsoft's download page.
    String.raw`)(?: ?<https://aka\.ms/[\w-]+>)?$`,
  'u',
);

/**
 * The text without a stock sign-off on its last line (and the blank lines before it); unchanged when there is
 * none, or when the sign-off is all the text (something beats nothing).
 */
export function withoutDeviceSignOff(text: string): string {
  // trimEnd, not /\s+$/: that regex is quadratic on long runs of whitespace, and this is mail from anyone.
  const trimmed = text.trimEnd();
  const lastBreak = trimmed.lastIndexOf('\n');
  if (lastBreak < 0 || !DEVICE_SIGN_OFF.test(trimmed.slice(lastBreak + 1).trim())) return text;
  return trimmed.slice(0, lastBreak).trimEnd() || text;
}

/** A one-line preview that ends where the sender's words end (Gmail's snippet) without a stock sign-off at its end. */
export function snippetWithoutDeviceSignOff(snippet: string): string {
  const words = snippet.trimEnd();
  // Each of the last few spaces may start the sign-off: the phrases are a few words long.
  for (const space of [...words.matchAll(/ /g)].slice(-8)) {
    if (DEVICE_SIGN_OFF.test(words.slice(space.index + 1))) return words.slice(0, space.index).trimEnd() || snippet;
  }
  return snippet;
}

export function collapseQuotedHistory(body: string): CollapsedText {
  const text = tidyLines(body);
  const forwardAt = firstForwardMarker(text);
  const ownAll = forwardAt === undefined ? text : text.slice(0, forwardAt);
  const forwarded = forwardAt === undefined ? '' : text.slice(forwardAt);
  const headEnd = ownAll.length > MAX_TEXT_TO_PARSE ? ownAll.lastIndexOf('\n', MAX_TEXT_TO_PARSE) + 1 || MAX_TEXT_TO_PARSE : ownAll.length;
  const own = ownAll.slice(0, headEnd);
  const rest = ownAll.slice(headEnd);

  const fragments = new EmailReplyParser().read(own).getFragments();
  const out: string[] = [];
  /** Where the sender's own words are in `out` (the rest are quoted-history markers). */
  const ownAt: number[] = [];
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
    ownAt.push(out.push(content.replace(/\n+$/, '')) - 1);
  }
  const headEndsQuoted = pendingQuoted > 0;
  if (rest && headEndsQuoted) pendingQuoted += countNonEmptyLines(rest);
  flushQuoted();
  if (rest && !headEndsQuoted) ownAt.push(out.push(rest) - 1);
  if (collapsedLines === 0) {
    const signedOff = withoutDeviceSignOff(ownAll);
    // Nothing to take out: the text as it came (tidyLines served the parser, not the reader).
    if (signedOff === ownAll) return { text: body, collapsedLines: 0 };
    return { text: forwarded ? `${signedOff}\n\n${forwarded}` : signedOff, collapsedLines: 0 };
  }
  const last = ownAt.at(-1);
  if (last !== undefined) {
    const signedOff = withoutDeviceSignOff(out[last]);
    if (signedOff !== out[last]) out[last] = signedOff;
    // The parser may give the sign-off a fragment of its own; it goes when the sender wrote something before it.
    else if (ownAt.length > 1 && DEVICE_SIGN_OFF.test(out[last].trim())) out.splice(last, 1);
  }
  const ownText = out.join('\n\n');
  return { text: forwarded ? `${ownText}\n\n${forwarded}` : ownText, collapsedLines };
}

/**
 * Every kind of line break as \n, no whitespace at line ends, at most one blank line in a row. The parser's
 * `^\s*` patterns (multiline) are quadratic over runs of blank or whitespace-only lines, and a mail made of
 * them would block the extension host. A reader loses nothing.
 */
export function tidyLines(text: string): string {
  return text
    .replace(/\r\n?|[\u2028\u2029\v\f\x85]/g, '\n')
    .split('\n')
    .map((line) => line.trimEnd())
    .join('\n')
    .replace(/\n{3,}/g, '\n\n');
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
