import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { parseMail } from '../../src/mail/mailParsing';
import { sanitizeAlternatives } from '../../src/mail/visibility/sanitize';
import type { RenderedText } from './renderedText';

/**
 * What failing closed costs on ordinary mail: the words a person sees in Chromium (renderedText.ts) that the model
 * does not get from the read path (sanitizeAlternatives), and the words the model gets that a person does not
 * see, on every HTML mail of the given folders. Words are compared as sets per mail, after taking out what text
 * conversion adds on purpose (link targets, alt text of images not shown).
 */

export interface MailComparison {
  readonly file: string;
  readonly personWords: number;
  readonly productWords: number;
  readonly lost: readonly string[];
  readonly leaked: readonly string[];
}

export function emlFiles(dir: string): string[] {
  let entries;
  try {
    entries = readdirSync(dir, { withFileTypes: true });
  } catch {
    return [];
  }
  return entries.flatMap((e) => (e.isDirectory() ? emlFiles(path.join(dir, e.name)) : e.name.endsWith('.eml') ? [path.join(dir, e.name)] : []));
}

export function comparableWords(text: string): Set<string> {
  const cleaned = text
    .replace(/\[image(?: alt)?: [^\]]*\]/g, ' ')
    .replace(/\[(?:https?:|mailto:|tel:)[^\]]*\]/g, ' ')
    .replace(/\bhttps?:\/\/\S+/g, ' ');
  return new Set(cleaned.normalize('NFKC').toLowerCase().match(/[\p{L}\p{N}]{3,}/gu) ?? []);
}

export async function compareMail(renderer: RenderedText, file: string): Promise<MailComparison | undefined> {
  const parsed = await parseMail(readFileSync(file), { id: path.basename(file), use: 'read' });
  if (typeof parsed.html !== 'string' || !parsed.html.trim()) return undefined;
  const product = comparableWords(sanitizeAlternatives(parsed.html, parsed.text).text);
  const person = comparableWords(await renderer.visibleText(parsed.html));
  return {
    file,
    personWords: person.size,
    productWords: product.size,
    lost: [...person].filter((w) => !product.has(w)),
    leaked: [...product].filter((w) => !person.has(w)),
  };
}

export async function compareFolders(renderer: RenderedText, folders: readonly string[]): Promise<MailComparison[]> {
  const out: MailComparison[] = [];
  for (const folder of folders) {
    for (const file of emlFiles(folder)) {
      const comparison = await compareMail(renderer, file);
      if (comparison) out.push(comparison);
    }
  }
  return out;
}
