/**
 * A mailing list's footer: the block a list server appends to every plain-text post (the list's name, its posting
 * address, where to unsubscribe). A person skims past it on every post, and the model would pay for it on every read,
 * while what it says is already in the message's List-* headers (RFC 2369, RFC 2919). It is collapsed to one line
 * with its line count, the way quoted history is, and read_message hands it back in full on request.
 *
 * Only what the list's own headers vouch for is collapsed: the last block of the body, after a rule line ("____",
 * "----", "===="), short, that names one of the addresses or links of those headers, or the list's name (List-Id)
 * with a link or address. Anything the sender wrote
 * (a signature above the footer, a sponsor's advertisement, text after it) stays, and a message without List-*
 * headers keeps its body as it came.
 */

/** The List-* headers whose links and addresses a footer repeats. */
const LIST_HEADERS = new Set(['list-id', 'list-help', 'list-unsubscribe', 'list-subscribe', 'list-post', 'list-owner', 'list-archive']);
/** A footer is a few lines; a longer trailing block is the sender's. */
export const MAX_FOOTER_LINES = 10;
/** A rule line starts a footer: two or more of these characters at its start ("--", "____", "====", "-----~-->"). */
const RULE = /^[-_=~*]{2,}/;

export interface ListFooterSplit {
  /** The body, with the footer replaced by its marker line when there was one. */
  readonly body: string;
  /** The footer's text, as it came. */
  readonly footer?: string;
}

/** The marker line that stands for a collapsed footer. */
export function listFooterMarker(lines: number): string {
  return `[${lines} mailing-list footer line${lines === 1 ? '' : 's'} collapsed]`;
}

/** What a footer would repeat of a message's List-* headers. */
export interface ListReferences {
  /** Each <…> item of the headers: a lower-case address (mailto: and its query dropped) or a link without its scheme. */
  readonly links: readonly string[];
  /** The list's name: the label of its List-Id before the first dot (RFC 2919's list-label), lower case. */
  readonly name?: string;
}

const NO_LIST: ListReferences = { links: [] };

export function listReferences(headerLines: ReadonlyArray<{ readonly key: string; readonly line: string }>): ListReferences {
  const links = new Set<string>();
  let name: string | undefined;
  for (const { key, line } of headerLines) {
    const header = key.toLowerCase();
    if (!LIST_HEADERS.has(header)) continue;
    for (const [, item] of line.matchAll(/<([^<>\s]{3,})>/g)) {
      const reference = item
        .toLowerCase()
        .replace(/^mailto:/, '')
        .replace(/^https?:\/\//, '')
        .replace(/[?#].*$/, '')
        .replace(/\/+$/, '');
      if (header === 'list-id') name = /^([^.]{4,})\./.exec(reference)?.[1] ?? name;
      else if (reference.length >= 6) links.add(reference);
    }
  }
  return links.size || name ? { links: [...links], ...(name ? { name } : {}) } : NO_LIST;
}

/** A link or an address: a footer gives at least one. */
const LINK_OR_ADDRESS = /(?:https?:\/\/|www\.)\S|\S@\S+\.\w/i;

/** The block names the list: one of its header links or addresses, or its name next to a link or address. */
function namesList(block: string, list: ListReferences): boolean {
  const text = block.toLowerCase();
  if (list.links.some((l) => text.includes(l))) return true;
  return list.name !== undefined && text.includes(list.name) && LINK_OR_ADDRESS.test(block);
}

export function splitListFooter(body: string, list: ListReferences): ListFooterSplit {
  if (list.links.length === 0 && !list.name) return { body };
  const lines = body.split('\n');
  let end = lines.length;
  while (end > 0 && lines[end - 1].trim() === '') end--;
  // The last rule line within reach of the end; the block after it must be short and name the list.
  for (let start = end - 1; start >= Math.max(0, end - MAX_FOOTER_LINES - 1); start--) {
    if (!RULE.test(lines[start].trim())) continue;
    const block = lines.slice(start, end);
    if (!namesList(block.join('\n'), list)) return { body };
    const before = lines.slice(0, start).join('\n').trimEnd();
    // A post that is all footer keeps it: something beats nothing.
    if (!before) return { body };
    const count = block.filter((l) => l.trim()).length;
    return { body: `${before}\n\n${listFooterMarker(count)}`, footer: block.join('\n') };
  }
  return { body };
}
