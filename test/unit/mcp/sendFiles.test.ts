import { strict as assert } from 'node:assert';
import { createHash, randomBytes } from 'node:crypto';
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { simpleParser } from 'mailparser';
import type { ConfirmationRequest } from '../../../src/writes/confirmer';
import { renderOutgoingDocument } from '../../../src/writes/outgoingDocument';
import type { WorkspaceFolders } from '../../../src/writes/workspaceFiles';
import { ME, approve, decline, editAndApprove, rawMail, startWriteHarness, textOf, type WriteHarness } from './writeHarness';

type SendRequest = Extract<ConfirmationRequest, { kind: 'send' }>;

const sha256 = (bytes: Buffer | string) => createHash('sha256').update(bytes).digest('hex');
/** An answer that approves the right side as the person left it after `change`. */
/** An edit is shown again as rebuilt from it: a second answer approves that. */
const approveEdited = editAndApprove;

describe('mcp send tools: workspace files and markdown bodies (issue 15)', () => {
  let h: WriteHarness;
  let root: string;
  let folder: string;
  let open = true;
  let trusted = true;
  const report = Buffer.concat([Buffer.from('%PDF-1.4\n'), randomBytes(2048)]);
  const workspace: WorkspaceFolders = { folders: () => (open ? [{ name: 'project', fsPath: folder }] : []), trusted: () => trusted };

  before(async () => {
    root = mkdtempSync(path.join(tmpdir(), 'send-files-'));
    folder = path.join(root, 'project');
    mkdirSync(path.join(folder, 'out'), { recursive: true });
    writeFileSync(path.join(folder, 'out', 'report.pdf'), report);
    writeFileSync(path.join(folder, 'notes.md'), '# Notes\n');
    writeFileSync(path.join(root, 'secret.txt'), 'not for mail');
    symlinkSync(path.join(root, 'secret.txt'), path.join(folder, 'innocent.txt'));
    const linkMail = await rawMail({
      from: 'Promo <promo@deals.example>',
      to: ME,
      subject: 'Your coupon',
      text: 'Claim it at https://deals.example/claim?id=42 today.',
      messageId: '<coupon@deals.example>',
      date: new Date('2024-05-03T09:00:00Z'),
    });
    h = await startWriteHarness({ workspace, extraMessages: [linkMail] });
  });
  after(async () => {
    await h?.close();
    rmSync(root, { recursive: true, force: true });
  });
  beforeEach(() => {
    h.confirmer.reset();
    open = true;
    trusted = true;
  });
  const lastSendRequest = () => h.confirmer.requests.at(-1) as SendRequest;
  const sentWithSubject = (subject: string) => h.fake.sentMessages(ME).filter((m) => m.subject === subject);

  it('sends a workspace file after approval: the diff lists it with size and short hash, Sent holds its exact bytes', async () => {
    h.confirmer.script(approve);
    const result = await h.call('send_message', { to: ['bob@example.com'], subject: 'The report', body: 'Attached.', files: ['out/report.pdf'] });
    assert.equal(result.isError, undefined, textOf(result));
    const request = lastSendRequest();
    assert.deepEqual(request.message.attachments, [{ filename: 'report.pdf', mimeType: 'application/pdf', size: report.length, sha256: sha256(report) }]);
    const document = renderOutgoingDocument(request.message, ME);
    assert.match(document, new RegExp(`\\nAttachments:\\n  report\\.pdf \\(application/pdf, 2\\.0 KB, sha256 ${sha256(report).slice(0, 12)}\\)\\n\\nAttached\\.$`));
    const [sent] = sentWithSubject('The report');
    assert.equal(sent.attachments.length, 1);
    assert.equal(sent.attachments[0].filename, 'report.pdf');
    assert.ok(sent.attachments[0].content.equals(report), 'the exact bytes of the file');
    assert.equal(sent.text.trim(), 'Attached.');
    // Read back as a Gmail client reads it: the part names an attachmentId, messages.attachments.get gives the bytes.
    const { id } = result.structuredContent as { id: string };
    const full = await h.gmail.getMessage(id, 'full');
    const part = full.payload?.parts?.find((p) => p.filename === 'report.pdf');
    assert.ok(part?.body?.attachmentId, 'the attachment is served through messages.attachments.get');
    assert.equal(part.body.data, undefined);
    assert.ok((await h.gmail.getAttachment(id, part.body.attachmentId)).data.equals(report));
  });

  it('the person drops an attachment by deleting its line: the rest is sent, and the result, tree and audit say which', async () => {
    h.confirmer.script(approveEdited((d) => d.replace(/^ {2}report\.pdf .*\n/m, '')), approve);
    const result = await h.call('send_message', { to: ['bob@example.com'], subject: 'Two files', body: 'Both.', files: ['out/report.pdf', 'notes.md'] });
    assert.equal(result.isError, undefined, textOf(result));
    assert.deepEqual(result.structuredContent, { ...(result.structuredContent as object), edited: true, droppedAttachments: ['report.pdf'] });
    assert.match(textOf(result), /The user removed the attachment "report\.pdf": not sent\./);
    assert.match(h.last().finished.summary ?? '', /attachments removed by the user: "report\.pdf"/);
    const [sent] = sentWithSubject('Two files');
    assert.deepEqual(sent.attachments.map((a) => [a.filename, a.content.toString()]), [['notes.md', '# Notes\n']]);
  });

  it('dropping every attachment sends the message without any', async () => {
    h.confirmer.script(approveEdited((d) => d.replace(/^Attachments:\n(?: {2}.*\n)+/m, 'Attachments: (none)\n')), approve);
    const result = await h.call('send_message', { to: ['bob@example.com'], subject: 'None left', body: 'x', files: ['out/report.pdf', 'notes.md'] });
    assert.equal(result.isError, undefined, textOf(result));
    assert.deepEqual((result.structuredContent as { droppedAttachments: string[] }).droppedAttachments, ['report.pdf', 'notes.md']);
    assert.deepEqual(sentWithSubject('None left')[0].attachments, []);
  });

  it('an attachment line added or changed in the diff is refused, and nothing is sent', async () => {
    const edits = [
      (d: string) => d.replace(/sha256 [0-9a-f]{12}/, 'sha256 000000000000'),
      (d: string) => d.replace(/^Attachments:\n/m, 'Attachments:\n  id_rsa (application/octet-stream, 1.6 KB, sha256 0123456789ab)\n'),
      (d: string) => d.replace(/^( {2}report\.pdf .*\n)/m, '$1$1'),
    ];
    for (const edit of edits) {
      h.confirmer.script(approveEdited(edit));
      const since = h.fake.requestLog.length;
      const result = await h.call('send_message', { to: ['bob@example.com'], subject: 'Tampered', body: 'x', files: ['out/report.pdf'] });
      assert.equal(result.isError, true);
      assert.match(textOf(result), /not one of the proposed attachments: an attachment can be removed \(delete its line\) but not added or changed; nothing was sent/);
      assert.deepEqual(h.writesSince(since), []);
    }
    assert.equal(sentWithSubject('Tampered').length, 0);
  });

  it('a file changed after the diff opened is sent as it was when the person saw it', async () => {
    const file = path.join(folder, 'draft.txt');
    writeFileSync(file, 'version the person approved');
    h.confirmer.script((r) => {
      writeFileSync(file, 'version written after the diff opened');
      return approve(r);
    });
    const result = await h.call('send_message', { to: ['bob@example.com'], subject: 'Stable bytes', body: 'x', files: ['draft.txt'] });
    assert.equal(result.isError, undefined, textOf(result));
    assert.equal(sentWithSubject('Stable bytes')[0].attachments[0].content.toString(), 'version the person approved');
  });

  it('refuses paths out of the workspace and an open workspace missing, before any confirmation or write', async () => {
    const cases: Array<[string[], RegExp]> = [
      [['../secret.txt'], /contains "\.\."/],
      [[path.join(root, 'secret.txt')], /is an absolute path/],
      [['innocent.txt'], /leads outside the workspace folder "project"/],
      [['out'], /is a folder, not a regular file/],
    ];
    for (const [files, expected] of cases) {
      const since = h.fake.requestLog.length;
      const asked = h.confirmer.requests.length;
      const result = await h.call('send_message', { to: ['bob@example.com'], subject: 'Exfiltrate', body: 'x', files });
      assert.equal(result.isError, true, textOf(result));
      assert.match(textOf(result), expected);
      assert.equal(h.confirmer.requests.length, asked, 'no confirmation opened');
      assert.deepEqual(h.writesSince(since), []);
    }
    open = false;
    const result = await h.call('create_draft', { to: ['bob@example.com'], subject: 'No folder', body: 'x', files: ['notes.md'] });
    assert.equal(result.isError, true);
    assert.match(textOf(result), /No workspace folder is open in VS Code, so no file can be attached/);
  });

  it('in Restricted Mode no workspace file is attached: refused before any confirmation or write; trusting the workspace turns it on', async () => {
    trusted = false;
    for (const [tool, args] of [
      ['send_message', { to: ['bob@example.com'], subject: 'Restricted', body: 'x', files: ['out/report.pdf'] }],
      ['create_draft', { to: ['bob@example.com'], subject: 'Restricted draft', body: 'x', files: ['notes.md'] }],
    ] as const) {
      const asked = h.confirmer.requests.length;
      const since = h.fake.requestLog.length;
      const result = await h.call(tool, args);
      assert.equal(result.isError, true, textOf(result));
      assert.match(textOf(result), /Restricted Mode[\s\S]*no file from it can be attached/);
      assert.equal(h.confirmer.requests.length, asked, `${tool}: no confirmation opened`);
      assert.deepEqual(h.writesSince(since), []);
    }
    trusted = true;
    h.confirmer.script(approve);
    const result = await h.call('create_draft', { to: ['bob@example.com'], subject: 'Trusted now', body: 'x', files: ['notes.md'] });
    assert.equal(result.isError, undefined, textOf(result));
  });

  it('a message over 2 MB with a file goes through the media upload endpoint', async () => {
    writeFileSync(path.join(folder, 'big.bin'), randomBytes(3 * 1024 * 1024));
    h.confirmer.script(approve);
    const since = h.fake.requestLog.length;
    const result = await h.call('send_message', { to: ['bob@example.com'], subject: 'Big file', body: 'x', files: ['big.bin'] });
    assert.equal(result.isError, undefined, textOf(result));
    const sends = h.writesSince(since);
    assert.equal(sends.length, 0, 'not through the plain endpoint');
    const uploads = h.fake.requestLog.slice(since).filter((e) => e.method === 'POST' && e.path.startsWith('/upload/gmail/v1/'));
    assert.deepEqual(uploads.map((e) => e.path), ['/upload/gmail/v1/users/me/messages/send']);
    assert.equal(sentWithSubject('Big file')[0].attachments[0].content.length, 3 * 1024 * 1024);
  });

  it('bodyFormat markdown: text/plain is the markdown, the HTML part is rendered from it with raw HTML escaped, the diff says so', async () => {
    h.confirmer.script(approve);
    const body = '# Plan\n\n**Ship** on *Friday*.\n\n<script>alert(1)</script>\n\n[docs](https://docs.example/plan) and [bad](javascript:alert(1))';
    const result = await h.call('send_message', { to: ['bob@example.com'], subject: 'Markdown', body, bodyFormat: 'markdown' });
    assert.equal(result.isError, undefined, textOf(result));
    const request = lastSendRequest();
    assert.equal(request.message.bodyFormat, 'markdown');
    const document = renderOutgoingDocument(request.message, ME);
    assert.match(document, /^Format: Markdown, sent as HTML rendered from the text below/m);
    assert.ok(document.endsWith(`\n\n${body}`), 'the person approves the markdown source');
    const parsed = await simpleParser(sentWithSubject('Markdown')[0].raw);
    assert.equal(parsed.text?.trim(), body);
    const html = String(parsed.html);
    assert.match(html, /<h1>Plan<\/h1>/);
    assert.match(html, /<strong>Ship<\/strong> on <em>Friday<\/em>/);
    assert.match(html, /&lt;script&gt;alert\(1\)&lt;\/script&gt;/);
    assert.doesNotMatch(html, /<script/);
    assert.match(html, /<a href="https:\/\/docs\.example\/plan">docs<\/a>/);
    assert.doesNotMatch(html, /href="javascript:/);
  });

  it('a link from mail in a markdown link is marked as an untrusted link, like one in plain text', async () => {
    const search = await h.gmail.searchMessages({ query: 'subject:coupon' });
    const read = await h.call('read_message', { id: search.messages[0].id });
    assert.equal(read.isError, undefined, textOf(read));
    h.confirmer.script(decline);
    await h.call('send_message', { to: ['bob@example.com'], subject: 'Pass it on', body: 'See [the offer](https://deals.example/claim?id=42).', bodyFormat: 'markdown' });
    const links = lastSendRequest().evidence.items.filter((i) => i.kind === 'link');
    assert.deepEqual(links.map((i) => [i.value, i.grade !== 'none']), [['https://deals.example/claim?id=42', true]], JSON.stringify(links));
  });

  it('an edited markdown body is sent as edited, in both parts; the Format line cannot be removed', async () => {
    h.confirmer.script(approveEdited((d) => d.replace('Draft *one*', 'Final **two**')), approve);
    const result = await h.call('send_message', { to: ['bob@example.com'], subject: 'Edited md', body: 'Draft *one*', bodyFormat: 'markdown' });
    assert.equal(result.isError, undefined, textOf(result));
    const parsed = await simpleParser(sentWithSubject('Edited md')[0].raw);
    assert.equal(parsed.text?.trim(), 'Final **two**');
    assert.match(String(parsed.html), /Final <strong>two<\/strong>/);
    h.confirmer.script(approveEdited((d) => d.replace(/^Format: .*\n/m, '')));
    const since = h.fake.requestLog.length;
    const removed = await h.call('send_message', { to: ['bob@example.com'], subject: 'No format', body: 'x', bodyFormat: 'markdown' });
    assert.equal(removed.isError, true);
    assert.match(textOf(removed), /"Format:" line cannot be changed or removed/);
    assert.deepEqual(h.writesSince(since), []);
  });

  it('a forward cannot be markdown: the original is not the agent\'s text', async () => {
    const search = await h.gmail.searchMessages({ query: 'subject:coupon' });
    const result = await h.call('send_message', { forwardMessageId: search.messages[0].id, to: ['bob@example.com'], body: 'FYI', bodyFormat: 'markdown' });
    assert.equal(result.isError, true);
    assert.match(textOf(result), /a forward goes as plain text/);
  });

  it('drafts: create_draft attaches files, update_draft adds more and keeps a markdown draft\'s HTML, send_draft shows them read-only', async () => {
    const created = await h.call('create_draft', { to: ['bob@example.com'], subject: 'Draft with files', body: 'Hello *there*', bodyFormat: 'markdown', files: ['out/report.pdf'] });
    assert.equal(created.isError, undefined, textOf(created));
    assert.match(textOf(created), /attached: "report\.pdf" \(2\.0 KB\)\. Nothing was sent\./);
    const { draftId } = created.structuredContent as { draftId: string };
    const updated = await h.call('update_draft', { draftId, subject: 'Draft with more files', files: ['notes.md'] });
    assert.equal(updated.isError, undefined, textOf(updated));
    const [draft] = h.fake.drafts(ME).filter((d) => d.draftId === draftId);
    assert.deepEqual(draft.attachments.map((a) => a.filename), ['report.pdf', 'notes.md']);
    assert.ok(draft.attachments[0].content.equals(report));
    assert.match(String((await simpleParser(draft.raw)).html), /Hello <em>there<\/em>/, 'the HTML part stays when the body does not change');

    h.confirmer.script(approve);
    const sent = await h.call('send_draft', { draftId });
    assert.equal(sent.isError, undefined, textOf(sent));
    const request = lastSendRequest();
    assert.equal(request.editable, false);
    // The draft's body is its HTML part: the read-only diff says so and shows the text a reader sees.
    assert.equal(request.message.bodyFormat, 'html');
    assert.match(renderOutgoingDocument(request.message, ME), /^Format: HTML, shown below as the text a reader sees\n[\s\S]*\n\nHello there$/m);
    assert.deepEqual(request.message.attachments.map((a) => [a.filename, a.sha256]), [['report.pdf', sha256(report)], ['notes.md', sha256('# Notes\n')]]);
    const [out] = sentWithSubject('Draft with more files');
    assert.deepEqual(out.attachments.map((a) => a.filename), ['report.pdf', 'notes.md']);
  });

  it('update_draft with files on a draft not created here needs the person, who sees the new attachment', async () => {
    const raw = await rawMail({ from: ME, to: 'carol@example.com', subject: 'Written in Gmail', text: 'My own draft.' });
    const draft = await h.gmail.createDraft({ raw, messageId: undefined, threadId: undefined });
    h.confirmer.script(decline);
    const since = h.fake.requestLog.length;
    const result = await h.call('update_draft', { draftId: draft.id, files: ['notes.md'] });
    assert.equal(result.isError, undefined, textOf(result));
    assert.deepEqual(result.structuredContent, { status: 'declined', reason: 'declined' });
    const request = h.confirmer.requests.at(-1) as Extract<ConfirmationRequest, { kind: 'draft' }>;
    assert.equal(request.kind, 'draft');
    assert.deepEqual(request.message.attachments.map((a) => a.filename), ['notes.md']);
    assert.deepEqual(h.writesSince(since), []);
  });
});
