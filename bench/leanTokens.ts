/**
 * T3 lean on mail we did not write (issue 23, item 6): tokens of read_message and search_messages as VS Code hands
 * them to the model, per mail, against what the leanest published Gmail MCP server returns for the same mail.
 *
 * The mail: the ordinary (benign) mails of the second public injection corpus (../shared/corpora/injection-public2/dev,
 * labels.json: one search query per mail that finds exactly it), loaded into the fake Google. Nobody on this
 * project wrote them; they are read from the shared directory and never copied into the repository.
 *
 * Ours: the tools have output schemas, so VS Code hands the model JSON.stringify(structuredContent) alone (T1 found
 * it); that is what is counted. Each search is the label's query, a read is read_message of that hit.
 *
 * Theirs: @gongrzhe/server-gmail-autoauth-mcp 1.1.11 (npm), whose tools have no output schema, so the model gets its
 * text content. Its code cannot be pointed at a loopback Google without editing it (google.gmail() is built with
 * Google's own root URL, dist/index.js line 254), so its output is reproduced here from its source, faithfully, on
 * the very Gmail API answers it would get: the same fake Google answers messages.get (format full, then metadata
 * with Subject, From, Date) and messages.list as Gmail does, and gongReadEmail / gongSearchEmails below follow
 * dist/index.js: extractEmailContent (lines 29-54), the read_email case (lines 507-558) and the search_emails
 * case (lines 560-589). Both sides counted in o200k_base (gpt-tokenizer), as T1 and T2 count.
 *
 * Targets (issue 23): reads <= 0.8 of read_email, searches <= 1.0 of search_emails. Short and long mail are told apart
 * by their read_email's body: short under SHORT_BODY_TOKENS tokens. The figure held against the target is the class's
 * mean ratio (ours mean / theirs mean): the issue states its own measurements as means ("a read costs 771 tokens
 * against its 1,579"), and a mean is what a session of many reads pays. The per-mail ratios (median, p90, max, how
 * many over the target) are printed beside it: they show the mails a mean hides, such as the five HTML newsletters
 * whose text/plain alternative (what read_email reads) says only that HTML cannot be shown.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { gmail, type gmail_v1 } from '@googleapis/gmail';
import { countTokens as rawCount } from 'gpt-tokenizer/encoding/o200k_base';
import { GmailClient } from '../src/gmail/client';
import { createFakeGoogle } from '../test/fakeGoogle';
import { signInToFake } from '../test/standalone/signInToFake';
import { mcpStack, textOf } from './mcpStack';
import { figure, percentile, runStandalone, table, type Figure } from './report';

const ROOT = resolve(__dirname, '..');
const ACCOUNT = 'demo.user@example.com';
const TARGETS = { read: 0.8, search: 1.0 };
const SHORT_BODY_TOKENS = 300;
/** Where the shared corpora sit: beside the main checkout, or two up from a worktree under /work/wt. */
const CORPUS_CANDIDATES = [
  process.env.LEAN_TOKENS_CORPUS,
  resolve(ROOT, '../shared/corpora/injection-public2/dev'),
  resolve(ROOT, '../../shared/corpora/injection-public2/dev'),
].filter((d): d is string => Boolean(d));

interface Label {
  readonly file: string;
  readonly hostile: boolean;
  readonly message_id: string;
  readonly search_query: string;
}

/** Mail may carry "<|endoftext|>" and friends: counted as text, as score-corpus counts it. */
const countTokens = (text: string): number => rawCount(text, { disallowedSpecial: new Set() });

// ---- @gongrzhe/server-gmail-autoauth-mcp 1.1.11, dist/index.js, reproduced ----

/** dist/index.js lines 29-54: every text/plain part concatenated, every text/html part concatenated, decoded as UTF-8. */
function extractEmailContent(messagePart: gmail_v1.Schema$MessagePart): { text: string; html: string } {
  let textContent = '';
  let htmlContent = '';
  if (messagePart.body?.data) {
    const content = Buffer.from(messagePart.body.data, 'base64').toString('utf8');
    if (messagePart.mimeType === 'text/plain') textContent = content;
    else if (messagePart.mimeType === 'text/html') htmlContent = content;
  }
  for (const part of messagePart.parts ?? []) {
    const { text, html } = extractEmailContent(part);
    if (text) textContent += text;
    if (html) htmlContent += html;
  }
  return { text: textContent, html: htmlContent };
}

/** dist/index.js lines 507-558: read_email's one text content part. */
export function gongReadEmail(message: gmail_v1.Schema$Message): { text: string; body: string } {
  const headers = message.payload?.headers ?? [];
  const header = (name: string) => headers.find((h) => h.name?.toLowerCase() === name)?.value || '';
  const { text, html } = extractEmailContent(message.payload ?? {});
  const body = text || html || '';
  const contentTypeNote = !text && html ? '[Note: This email is HTML-formatted. Plain text version not available.]\n\n' : '';
  const attachments: Array<{ id: string; filename: string; mimeType: string; size: number }> = [];
  const processAttachmentParts = (part: gmail_v1.Schema$MessagePart) => {
    if (part.body?.attachmentId) {
      attachments.push({ id: part.body.attachmentId, filename: part.filename || `attachment-${part.body.attachmentId}`, mimeType: part.mimeType || 'application/octet-stream', size: part.body.size || 0 });
    }
    for (const sub of part.parts ?? []) processAttachmentParts(sub);
  };
  if (message.payload) processAttachmentParts(message.payload);
  const attachmentInfo = attachments.length > 0
    ? `\n\nAttachments (${attachments.length}):\n` + attachments.map((a) => `- ${a.filename} (${a.mimeType}, ${Math.round(a.size / 1024)} KB, ID: ${a.id})`).join('\n')
    : '';
  return {
    text: `Thread ID: ${message.threadId || ''}\nSubject: ${header('subject')}\nFrom: ${header('from')}\nTo: ${header('to')}\nDate: ${header('date')}\n\n${contentTypeNote}${body}${attachmentInfo}`,
    body,
  };
}

/** dist/index.js lines 560-589: search_emails lists (maxResults 10 by default), then gets each hit's Subject, From, Date. */
export async function gongSearchEmails(api: gmail_v1.Gmail, query: string, maxResults = 10): Promise<string> {
  const response = await api.users.messages.list({ userId: 'me', q: query, maxResults });
  const messages = response.data.messages ?? [];
  const results = await Promise.all(messages.map(async (msg) => {
    const detail = await api.users.messages.get({ userId: 'me', id: msg.id ?? '', format: 'metadata', metadataHeaders: ['Subject', 'From', 'Date'] });
    const headers = detail.data.payload?.headers ?? [];
    return {
      id: msg.id,
      subject: headers.find((h) => h.name === 'Subject')?.value || '',
      from: headers.find((h) => h.name === 'From')?.value || '',
      date: headers.find((h) => h.name === 'Date')?.value || '',
    };
  }));
  return results.map((r) => `ID: ${r.id}\nSubject: ${r.subject}\nFrom: ${r.from}\nDate: ${r.date}\n`).join('\n');
}

// ---- the comparison ----

export interface MailTokens {
  readonly file: string;
  readonly short: boolean;
  readonly ours: { read: number; search: number };
  readonly theirs: { read: number; search: number };
}

export function corpusDir(): string | undefined {
  return CORPUS_CANDIDATES.find((d) => existsSync(join(d, 'labels.json')));
}

/** Tokens of both servers on every ordinary mail of `dir`. */
export async function measureLeanTokens(dir: string): Promise<MailTokens[]> {
  const labels = (JSON.parse(readFileSync(join(dir, 'labels.json'), 'utf8')) as Label[]).filter((l) => !l.hostile);
  const fake = await createFakeGoogle({ accounts: [{ address: ACCOUNT, messages: labels.map((l) => readFileSync(join(dir, l.file))) }], quota: { unitsPerWindow: 10_000_000, windowSeconds: 1 } });
  const { tokenSource, grant } = await signInToFake(fake);
  const client = new GmailClient({ tokenSource, endpoints: fake.endpoints, quota: { unitsPerMinute: 60_000_000 } });
  const stack = mcpStack(client, fake.accounts[0], grant.grantedScopes);
  const token = await tokenSource.getAccessToken();
  const api = gmail({ version: 'v1', rootUrl: fake.endpoints.gmailRootUrl, headers: { authorization: `Bearer ${token}` } });
  const byHeader = new Map(fake.mailbox().allMessages().map((m) => [m.messageIdHeader?.replace(/^<|>$/g, ''), m.id]));
  const out: MailTokens[] = [];
  try {
    for (const label of labels) {
      const id = byHeader.get(label.message_id);
      if (!id) throw new Error(`${label.file}: not in the fake's mailbox`);
      const search = await stack.direct('search_messages', { query: label.search_query, maxResults: 10 });
      if (search.isError) throw new Error(`search_messages ${label.search_query}: ${textOf(search)}`);
      const hits = (search.structuredContent as { messages: Array<{ id: string }> }).messages;
      if (hits.length !== 1 || hits[0].id !== id) throw new Error(`${label.file}: the query found ${hits.length} hits, not the mail alone`);
      const read = await stack.direct('read_message', { id });
      if (read.isError) throw new Error(`read_message ${id}: ${textOf(read)}`);
      const full = (await api.users.messages.get({ userId: 'me', id, format: 'full' })).data;
      const theirRead = gongReadEmail(full);
      out.push({
        file: label.file,
        short: countTokens(theirRead.body) < SHORT_BODY_TOKENS,
        ours: { read: countTokens(JSON.stringify(read.structuredContent)), search: countTokens(JSON.stringify(search.structuredContent)) },
        theirs: { read: countTokens(theirRead.text), search: countTokens(await gongSearchEmails(api, label.search_query)) },
      });
    }
  } finally {
    await stack.close();
    client.close();
    await fake.close();
  }
  return out;
}

interface Distribution {
  readonly n: number;
  readonly oursMean: number;
  readonly theirsMean: number;
  /** oursMean / theirsMean: what the target is held against. */
  readonly meanRatio: number;
  readonly median: number;
  readonly p90: number;
  readonly max: number;
  readonly over: number;
  readonly worst: string;
}

function distribution(mails: readonly MailTokens[], what: 'read' | 'search', limit: number): Distribution {
  const ratios = mails.map((m) => ({ file: m.file, ratio: m.ours[what] / m.theirs[what] })).sort((a, b) => a.ratio - b.ratio);
  const sorted = ratios.map((r) => r.ratio);
  const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / Math.max(1, xs.length);
  const oursMean = mean(mails.map((m) => m.ours[what]));
  const theirsMean = mean(mails.map((m) => m.theirs[what]));
  return {
    n: mails.length,
    oursMean,
    theirsMean,
    meanRatio: oursMean / theirsMean,
    median: percentile(sorted, 50),
    p90: percentile(sorted, 90),
    max: sorted.at(-1) ?? NaN,
    over: sorted.filter((r) => r > limit).length,
    worst: ratios.at(-1)?.file ?? '',
  };
}

export function leanFigures(mails: readonly MailTokens[]): { figures: Figure[]; details: string[] } {
  const figures: Figure[] = [];
  const rows = [['tool', 'mail', 'n', 'ours mean', 'theirs mean', 'mean ratio', 'per-mail median', 'p90', 'max', 'over target', 'worst']];
  for (const what of ['read', 'search'] as const) {
    const limit = TARGETS[what];
    for (const [kind, group] of [['short', mails.filter((m) => m.short)], ['long', mails.filter((m) => !m.short)]] as const) {
      const d = distribution(group, what, limit);
      const tool = what === 'read' ? 'read_message / read_email' : 'search_messages / search_emails';
      rows.push([tool, kind, String(d.n), d.oursMean.toFixed(0), d.theirsMean.toFixed(0), d.meanRatio.toFixed(2), d.median.toFixed(2), d.p90.toFixed(2), d.max.toFixed(2), `${d.over} (> ${limit.toFixed(1)})`, d.worst.replace(/^.*\//, '')]);
      figures.push(
        figure(
          'T3',
          `${tool}, ${kind} ordinary mail (${d.n}): mean tokens ours / GongRzhe's (${d.oursMean.toFixed(0)} / ${d.theirsMean.toFixed(0)}; per mail: median ${d.median.toFixed(2)}, p90 ${d.p90.toFixed(2)}, max ${d.max.toFixed(2)}, ${d.over} over)`,
          d.meanRatio.toFixed(2),
          `<= ${limit.toFixed(1)}`,
          d.n === 0 ? undefined : d.meanRatio <= limit,
        ),
      );
    }
  }
  return {
    figures,
    details: [
      `T3: ${mails.length} ordinary mails of injection-public2/dev; o200k_base tokens of what the model gets: ours JSON.stringify(structuredContent), @gongrzhe/server-gmail-autoauth-mcp 1.1.11 its text (reproduced from dist/index.js on the fake's Gmail answers); short = its body under ${SHORT_BODY_TOKENS} tokens`,
      'T3: the target is held against the mean ratio (ours mean / theirs mean, as the issue states its figures); per-mail ratios beside it',
      ...table(rows).split('\n').map((l) => `T3:   ${l}`),
    ],
  };
}

export async function runLeanTokens(): Promise<{ figures: Figure[]; details: string[] }> {
  const dir = corpusDir();
  if (!dir) {
    return { figures: [figure('T3', 'tokens against GongRzhe\'s Gmail MCP server on ordinary mail', 'not measured', '', undefined, `not measured: no corpus in ${CORPUS_CANDIDATES.join(' or ')}`)], details: [] };
  }
  return leanFigures(await measureLeanTokens(dir));
}

runStandalone(module, runLeanTokens);
