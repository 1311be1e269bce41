import { createHash } from 'node:crypto';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { FakeGoogle, FaultRule } from './index';
import type { MessageView } from './mailbox/messageView';
import { parseMessage } from './mailbox/parseMessage';

/** A message as JSON for tests: headers and text, no raw bytes. */
function plainView(m: MessageView) {
  return {
    id: m.id,
    threadId: m.threadId,
    labelIds: m.labelIds,
    messageId: m.messageId,
    inReplyTo: m.inReplyTo,
    references: m.references,
    subject: m.subject,
    from: m.from,
    to: m.to,
    cc: m.cc,
    bcc: m.bcc,
    text: m.text,
    // The hash lets a test in another process check an attachment's exact bytes without carrying them over.
    attachments: m.attachments.map((a) => ({ filename: a.filename, mimeType: a.mimeType, size: a.content.length, sha256: createHash('sha256').update(a.content).digest('hex') })),
  };
}

/** What the consent page's scripted user does: press Allow, Cancel, or untick scopes (granular consent). */
export type ConsentDecision = 'approve' | 'deny';

export interface FakeAdmin {
  readonly url: string;
  /** The next consent decision the harness's scripted browser user makes. */
  consentDecision: ConsentDecision;
  /** The account the scripted user picks on the consent page; undefined: the one the page preselects. */
  consentAccount: string | undefined;
  close(): Promise<void>;
}

/**
 * A loopback control API over a running fake Google, for tests that run in another process (the VS Code
 * extension host): read the request log and issued tokens (leak searches), expire or revoke tokens, change
 * settings. Test infrastructure only; the extension never talks to it.
 */
export async function startFakeAdmin(fake: FakeGoogle): Promise<FakeAdmin> {
  const admin: FakeAdmin = { url: '', consentDecision: 'approve', consentAccount: undefined, close: async () => undefined };
  const server = createServer(async (req, res) => {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const body = chunks.length ? (JSON.parse(Buffer.concat(chunks).toString('utf8')) as Record<string, unknown>) : {};
    const reply = (value: unknown) => {
      res.writeHead(200, { 'Content-Type': 'application/json' });
      res.end(JSON.stringify(value ?? null));
    };
    switch (`${req.method} ${url.pathname}`) {
      case 'GET /log':
        return reply(fake.requestLog);
      case 'GET /issued-tokens':
        return reply(fake.issuedTokens());
      case 'POST /expire-access-tokens':
        return reply(fake.expireAccessTokens());
      case 'POST /revoke-all':
        return reply(fake.revokeAll(typeof body.account === 'string' ? body.account : undefined));
      case 'GET /sent':
        return reply(fake.sentMessages(url.searchParams.get('account') ?? undefined).map(plainView));
      case 'GET /message': {
        const found = (() => {
          try {
            return fake.message(url.searchParams.get('id') ?? '');
          } catch {
            return undefined;
          }
        })();
        return reply(found ? plainView(found) : null);
      }
      case 'POST /deliver': {
        // A message arriving in the inbox (raw RFC 5322 text), for tests that need mail the fixtures do not have.
        const parsed = await parseMessage(Buffer.from(String(body.raw ?? ''), 'utf8'), Date.now());
        const stored = fake.mailbox(typeof body.account === 'string' ? body.account : undefined).addMessage(parsed, ['INBOX', 'UNREAD']);
        return reply({ id: stored.id, threadId: stored.threadId });
      }
      case 'POST /fault':
        return reply(fake.injectFault(body as unknown as FaultRule));
      case 'POST /clear-faults':
        return reply(fake.clearFaults());
      case 'POST /settings':
        if ('autoConsent' in body) fake.settings.autoConsent = Boolean(body.autoConsent);
        if ('grantFewerScopes' in body) fake.settings.grantFewerScopes = body.grantFewerScopes as boolean | string[];
        if (body.consentDecision === 'approve' || body.consentDecision === 'deny') admin.consentDecision = body.consentDecision;
        if ('consentAccount' in body) admin.consentAccount = typeof body.consentAccount === 'string' ? body.consentAccount : undefined;
        return reply({ ...fake.settings, consentDecision: admin.consentDecision, consentAccount: admin.consentAccount });
      default:
        res.writeHead(404).end();
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  Object.assign(admin, {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  });
  return admin;
}
