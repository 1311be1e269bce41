import { stripInvisible } from '../../mail/textHygiene';

/**
 * The file name offered in the save dialog for an attachment. The sender chose the attachment's name, so it is
 * only a suggestion, cleaned so that accepting it as it stands is safe on every file system VS Code runs on:
 * it names one file in the folder the person picks (no separators, no `..`), is not hidden (no leading dot),
 * carries nothing a person cannot see (controls, bidi overrides such as the "gnp.exe" trick, zero-width
 * characters), is not a name Windows reserves for a device (CON, NUL, COM1…), and fits the usual 255-byte limit.
 *
 * Extensions are kept: the last one is what the operating system acts on, and changing it would mislabel the
 * file. The exception is a decoy in front of an executable one ("invoice.pdf.exe"): with known extensions hidden
 * (Windows' default) that shows as "invoice.pdf". Its inner dots become "_" ("invoice_pdf.exe"), so the name no
 * longer poses as a document while still saying what the file is.
 */

/** What is suggested when nothing usable is left of the sender's name. */
export const FALLBACK_FILE_NAME = 'attachment';

/** Well under the 255 bytes most file systems allow, so the dialog can still add " (1)". */
export const MAX_FILE_NAME_BYTES = 200;

/** An extension longer than this is treated as part of the name when cutting for length. */
const MAX_EXTENSION_CHARS = 16;

/** Extensions a double-click runs (Windows, macOS, Linux desktops): the decoy rule applies to these. */
const EXECUTABLE_EXTENSIONS = new Set([
  'app', 'appimage', 'application', 'bat', 'cmd', 'com', 'command', 'cpl', 'desktop', 'dll', 'exe', 'gadget', 'hta', 'inf',
  'jar', 'js', 'jse', 'lnk', 'msc', 'msi', 'msp', 'pif', 'ps1', 'psm1', 'reg', 'scf', 'scr', 'sh', 'url', 'vb', 'vbe', 'vbs',
  'ws', 'wsc', 'wsf', 'wsh',
]);

/** Device names Windows reserves with any extension (CON.txt is the console too); digits include ¹²³ before NFKC. */
const WINDOWS_RESERVED = /^(con|prn|aux|nul|com[0-9]|lpt[0-9]|conin\$|conout\$)$/i;

/** Characters Windows forbids in names, and the separators of every platform. */
const FORBIDDEN = /[<>:"|?*\\/]/g;

export function suggestedFileName(senderName: string | undefined): string {
  // NFKC first, so look-alikes such as "／" (fullwidth solidus) or "․" (one dot leader) become what they pose as
  // and are then treated as such.
  let name = stripInvisible((senderName ?? '').normalize('NFKC'));
  // The last path segment: "../../etc/passwd" and "C:\Users\x\report.pdf" name the file at their end.
  name = name.split(/[\\/]/).filter((segment) => segment.trim() !== '').at(-1) ?? '';
  name = name
    .replace(/[\u0000-\u001F\u007F-\u009F]/g, ' ')
    .replace(FORBIDDEN, '_')
    .replace(/\s+/g, ' ')
    .trim()
    // Leading dots hide the file (and ".." is no name); trailing dots and spaces are dropped by Windows.
    .replace(/^[.\s]+/, '')
    .replace(/[.\s]+$/, '');
  name = defuseDecoyExtension(name);
  name = avoidReservedName(name);
  name = capBytes(name, MAX_FILE_NAME_BYTES);
  return name || FALLBACK_FILE_NAME;
}

function defuseDecoyExtension(name: string): string {
  const dot = name.lastIndexOf('.');
  if (dot <= 0) return name;
  const extension = name.slice(dot + 1).toLowerCase();
  if (!EXECUTABLE_EXTENSIONS.has(extension)) return name;
  const stem = name.slice(0, dot).trimEnd().replace(/\s*\.\s*/g, '_');
  return `${stem}${name.slice(dot)}`;
}

function avoidReservedName(name: string): string {
  const base = name.split('.')[0].trim();
  return WINDOWS_RESERVED.test(base) ? `_${name}` : name;
}

/** At most `max` UTF-8 bytes, cut in the name rather than the extension, never inside a code point. */
function capBytes(name: string, max: number): string {
  const bytes = (s: string) => Buffer.byteLength(s, 'utf8');
  if (bytes(name) <= max) return name;
  const dot = name.lastIndexOf('.');
  const extension = dot > 0 && name.length - dot - 1 <= MAX_EXTENSION_CHARS ? name.slice(dot) : '';
  const stem = [...(extension ? name.slice(0, dot) : name)];
  while (stem.length && bytes(stem.join('') + extension) > max) stem.pop();
  // The cut can leave a trailing dot or space, which Windows would drop, or nothing before the extension.
  const cut = stem.join('').replace(/[.\s]+$/, '');
  return `${cut || FALLBACK_FILE_NAME}${extension}`;
}
