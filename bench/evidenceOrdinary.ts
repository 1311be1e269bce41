/**
 * How ordinary replies are graded (writes/evidenceAssessor) after a session read a whole mailbox of ordinary mail:
 * every benign mail of the dev corpora and the fixtures is parsed as the read tools parse it and recorded as
 * UntrustedContentInspector.remember records it, in one shared provenance store; then, for each mail, a reply to the
 * sender (to its Reply-To when it has one, as Gmail's reply does), a reply-all and a forward to a colleague the account
 * has written to are assessed. Prints the grades per task. Usage: npx tsx bench/evidenceOrdinary.ts [dir …]
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { readGuardedMessage } from '../src/mail/processing/mailProcessing';
import { bareAddress } from '../src/guard/addresses';
import { extractHeaderAddresses, ProvenanceTracker } from '../src/guard/provenance';
import { assessOutgoingEvidence, type WrittenToHistory } from '../src/writes/evidenceAssessor';
import type { Grade } from '../src/writes/evidence';

const DEFAULT_DIRS = ['/work/shared/corpora/injection-public/dev/benign', '/work/shared/corpora/injection-public2/dev/benign', 'test/fixtures/mail', 'test/fixtures/ordinary/eml'];
const COLLEAGUE = 'colleague@colleague-corp.example';

function emlFiles(dir: string): string[] {
  try {
    return readdirSync(dir).flatMap((name) => {
      const full = path.join(dir, name);
      return statSync(full).isDirectory() ? emlFiles(full) : name.endsWith('.eml') ? [full] : [];
    });
  } catch {
    return [];
  }
}

async function main(): Promise<void> {
  const dirs = process.argv.slice(2).length ? process.argv.slice(2) : DEFAULT_DIRS;
  const files = dirs.flatMap(emlFiles);
  const tracker = new ProvenanceTracker();
  const parsed = [];
  for (const [i, file] of files.entries()) {
    const raw = readFileSync(file);
    try {
      const message = await readGuardedMessage({ message: { id: `m${i}`, threadId: `t${i}`, labelIds: ['INBOX'], raw: raw.toString('base64url') }, detection: { toolNames: [], accountAddress: 'me@example.com' } });
      const h = message.headers;
      const origin = { messageId: `m${i}`, account: 'me@example.com', from: h.from, subject: h.subject, threadId: `t${i}` };
      tracker.recordCorrespondents(origin.threadId, h);
      for (const [value, part] of [[h.from, 'header'], [h.to, 'header'], [h.cc, 'header'], [h.replyTo, 'reply-to']] as const) if (value) tracker.recordHeader(value, { ...origin, part });
      tracker.recordText(h.subject, { ...origin, part: 'visible text' });
      if (message.untrusted.scan) {
        await tracker.recordKeys(message.untrusted.scan.provenanceKeys, { ...origin, part: 'visible text' });
        await tracker.recordKeys(message.untrusted.scan.hiddenProvenanceKeys, { ...origin, part: 'hidden text' });
      }
      parsed.push({ file, origin, message });
    } catch {
      // unreadable mail: not an ordinary task
    }
  }
  const history: WrittenToHistory = { hasWrittenTo: async (a) => a === COLLEAGUE, hasWrittenToDomain: async (d) => d === 'colleague-corp.example' };
  const counts: Record<string, Record<Grade, number>> = {};
  const examples: Record<string, string[]> = {};
  const count = (task: string, grade: Grade, summary: string) => {
    (counts[task] ??= { none: 0, notice: 0, danger: 0 })[grade] += 1;
    if (grade !== 'none' && (examples[`${task} ${grade}`] ??= []).length < 3) (examples[`${task} ${grade}`] ??= []).push(summary);
  };
  for (const { origin, message } of parsed) {
    const h = message.headers;
    const me = extractHeaderAddresses(h.to)[0] ?? 'me@example.com';
    const account = me;
    const sender = bareAddress(h.from);
    if (!sender) continue;
    const replyTo = extractHeaderAddresses(h.replyTo ?? '').filter((a) => a !== sender);
    const people = [...extractHeaderAddresses(h.from), ...extractHeaderAddresses(h.to), ...extractHeaderAddresses(h.cc)];
    const ctx = { account, provenance: tracker, history };
    const base = { from: account, cc: [], bcc: [], attachments: [], threadId: origin.threadId };
    const original = { messageId: origin.messageId, threadId: origin.threadId, sender, correspondents: people };
    const toSender = await assessOutgoingEvidence(ctx, { ...base, to: [sender], subject: `Re: ${h.subject}`, body: 'Thanks, I will get back to you on this tomorrow.' }, { ...original, use: 'reply' });
    count('reply to the sender (From)', toSender.grade, toSender.summary);
    if (replyTo.length) {
      const viaReplyTo = await assessOutgoingEvidence(ctx, { ...base, to: replyTo, subject: `Re: ${h.subject}`, body: 'Thanks.' }, { ...original, use: 'reply', replyToRedirect: replyTo });
      count('reply via its Reply-To', viaReplyTo.grade, viaReplyTo.summary);
    }
    const all = [...new Set(people.filter((a) => a !== me.toLowerCase()))];
    const replyAll = await assessOutgoingEvidence(ctx, { ...base, to: all, subject: `Re: ${h.subject}`, body: 'Works for me, thanks all.' }, { ...original, use: 'reply' });
    count('reply-all', replyAll.grade, replyAll.summary);
    const forward = await assessOutgoingEvidence(
      ctx,
      { ...base, threadId: undefined, to: [COLLEAGUE], subject: `Fwd: ${h.subject}`, body: `FYI\n\n---------- Forwarded message ---------\n${message.untrusted.text}` },
      { ...original, use: 'forward', text: message.untrusted.text },
    );
    count('forward to a written-to colleague', forward.grade, forward.summary);
    const named = await assessOutgoingEvidence(ctx, { ...base, threadId: undefined, to: ['new.person@fresh-start.example'], subject: 'Hello', body: 'Nice to meet you.' });
    count('new message to a new address the person names', named.grade, named.summary);
  }
  console.log(`evidence on ordinary mail: ${parsed.length} mails read into one store (${tracker.size} items${tracker.saturated ? ', saturated' : ''})`);
  for (const [task, c] of Object.entries(counts)) {
    const total = c.none + c.notice + c.danger;
    console.log(`  ${task}: none ${c.none}, notice ${c.notice}, danger ${c.danger} of ${total} (${((100 * c.danger) / total).toFixed(1)} % danger)`);
  }
  for (const [key, list] of Object.entries(examples)) for (const s of list) console.log(`    e.g. ${key}: ${s.slice(0, 200)}`);
}

void main();
