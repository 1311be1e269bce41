import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import MailComposer from 'nodemailer/lib/mail-composer';
import type Mail from 'nodemailer/lib/mailer';
import { GmailClient } from '../../../src/gmail/client';
import { GMAIL_SCOPES } from '../../../src/gmail/scopes';
import type { CallObserver, ToolCallProgress, ToolCallStarted } from '../../../src/mcp/server/callObserver';
import { worded, type FinishedCall } from './harness';
import { UserLimits, type UserLimitSettings } from '../../../src/guard/userLimits';
import type { ProvenanceTracker } from '../../../src/guard/provenance';
import type { Anomaly } from '../../../src/mcp/server/callSupervisor';
import type { ConfirmationDecision, ConfirmationRequest, Confirmer } from '../../../src/writes/confirmer';
import { approvalOf, confirmationTexts } from '../../../src/writes/confirmationText';
import { createGmailMcpServer } from '../../../src/mcp/server/server';
import { ToolAccess } from '../../../src/mcp/server/toolAccess';
import { startMcpHttpServer, type RunningMcpServer } from '../../../src/mcp/transport/transport';
import { UndoSendWindow } from '../../../src/writes/undoSend';
import type { WorkspaceFolders } from '../../../src/writes/workspaceFiles';
import type { QuotaOptions } from '../../../src/gmail/quota';
import type { RenderBudget } from '../../../src/mail/render';
import { createFakeGoogle, type FakeGoogle, type QuotaSettings, type RequestLogEntry } from '../../fakeGoogle/index';
import { signIn } from '../fakeGoogle/helpers';
import { InProcessMailProcessor } from '../../../src/mail/processing/mailProcessor';

export const ME = 'demo.user@example.com';
export const ALICE = 'alice@example.com';

export type Answer = (request: ConfirmationRequest) => ConfirmationDecision | Promise<ConfirmationDecision>;

/** A Confirmer of our interface that answers as the test scripts it, and records every request. */
export class ScriptedConfirmer implements Confirmer {
  readonly requests: ConfirmationRequest[] = [];
  private answers: Answer[] = [];

  /** The next confirmations get these answers, in order; with none left, the user declines. */
  script(...answers: Answer[]): void {
    this.answers.push(...answers);
  }

  /** Forgets answers a previous test left unused. */
  reset(): void {
    this.answers = [];
  }

  async confirm(request: ConfirmationRequest): Promise<ConfirmationDecision> {
    this.requests.push(request);
    const answer = this.answers.shift();
    return answer ? answer(request) : { approved: false, reason: 'declined' };
  }
}

export const approve: Answer = (r) => approvalOf(r);
/** The person edits the right side (the outgoing document) and approves that. */
export const editAndApprove =
  (change: (document: string) => string): Answer =>
  (r) =>
    approvalOf(r, change(confirmationTexts(r).right));
export const decline: Answer = () => ({ approved: false, reason: 'declined' });
export const timeout: Answer = () => ({ approved: false, reason: 'timeout' });

export async function rawMail(mail: Mail.Options): Promise<Buffer> {
  return new Promise((resolve, reject) => new MailComposer(mail).compile().build((e, m) => (e ? reject(e) : resolve(m))));
}

/** A small mailbox: a thread about a plan (with an attachment), and 30 newsletters for bulk changes. */
async function mailbox(): Promise<Buffer[]> {
  const messages = [
    await rawMail({
      from: `Alice <${ALICE}>`,
      to: ME,
      subject: 'Project plan',
      text: 'First draft of the plan.',
      messageId: '<plan-root@example.com>',
      date: new Date('2024-05-01T09:00:00Z'),
    }),
    await rawMail({
      from: `Alice <${ALICE}>`,
      to: ME,
      cc: 'Carol <carol@partner.example.org>',
      subject: 'Re: Project plan',
      text: 'Here is the plan as a PDF.',
      messageId: '<plan-2@example.com>',
      inReplyTo: '<plan-root@example.com>',
      references: ['<plan-root@example.com>'],
      date: new Date('2024-05-02T09:00:00Z'),
      attachments: [{ filename: 'plan.pdf', contentType: 'application/pdf', content: Buffer.from('%PDF-1.4 plan') }],
    }),
    await rawMail({ from: ME, to: 'bob@example.com', subject: 'Hello Bob', text: 'hi', messageId: '<to-bob@example.com>', date: new Date('2024-04-01T09:00:00Z') }),
  ];
  for (let i = 0; i < 30; i++) {
    messages.push(
      await rawMail({
        from: 'Shop News <news@shop.example>',
        to: ME,
        subject: `Weekly deals ${i + 1}`,
        text: 'Deals.',
        messageId: `<news-${i}@shop.example>`,
        date: new Date(Date.UTC(2024, 3, 1 + i)),
      }),
    );
  }
  return messages;
}

export interface WriteHarness {
  fake: FakeGoogle;
  gmail: GmailClient;
  confirmer: ScriptedConfirmer;
  access: ToolAccess;
  client: Client;
  started: ToolCallStarted[];
  progress: ToolCallProgress[];
  finished: FinishedCall[];
  call(name: string, args?: Record<string, unknown>): Promise<CallToolResult>;
  /** Requests that wrote (POST/PUT/DELETE to the Gmail API) since `since` (an index into the request log). */
  writesSince(since: number): RequestLogEntry[];
  /** Events of the last finished call. */
  last(): { started: ToolCallStarted; progress: ToolCallProgress[]; finished: FinishedCall };
  close(): Promise<void>;
}

export interface WriteHarnessOptions {
  /** 'you': the session is the person's own (the command palette's in-process session). */
  readonly origin?: 'you';
  /** The user's limits; the undo-send window is off unless given (undoSendSeconds). */
  limits?: Partial<UserLimitSettings>;
  undoSend?: UndoSendWindow;
  /** Another Confirmer than the scripted one (which still records nothing then). */
  confirmer?: Confirmer;
  userLimits?: UserLimits;
  isPaused?: () => boolean;
  onAnomaly?: (anomaly: Anomaly) => void;
  /** Extra raw messages for the account's mailbox. */
  extraMessages?: Buffer[];
  /** The account's provenance memory, to look into what reads recorded (default: a fresh one per server). */
  provenance?: ProvenanceTracker;
  /** The client's quota limiter (default: Gmail's 6,000 units a minute of a new project). */
  clientQuota?: QuotaOptions;
  /** The fake's per-user quota (default: Gmail's 6,000 units a minute of a new project). */
  fakeQuota?: Partial<QuotaSettings>;
  renderBudget?: Partial<RenderBudget>;
  /** The open workspace folders (files to attach); default: none open. */
  workspace?: WorkspaceFolders;
  /** Another observer of the calls besides the harness's own lists (e.g. the audit log's). */
  observer?: CallObserver;
}

export async function startWriteHarness(options: WriteHarnessOptions = {}): Promise<WriteHarness> {
  const fake = await createFakeGoogle({
    accounts: [{ address: ME, messages: [...(await mailbox()), ...(options.extraMessages ?? [])] }, { address: ALICE }],
    autoConsent: true,
    quota: options.fakeQuota,
  });
  const scopes = [GMAIL_SCOPES.readonly, GMAIL_SCOPES.send, GMAIL_SCOPES.compose, GMAIL_SCOPES.modify];
  const oauth = await signIn(fake, scopes);
  const gmail = new GmailClient({
    tokenSource: { getAccessToken: async () => (await oauth.getAccessToken()).token as string },
    endpoints: fake.endpoints,
    quota: options.clientQuota,
    retry: { initialDelayMs: 5, maxDelayMs: 20 },
    sendRecovery: { lookups: 1, lookupDelayMs: 10 },
  });
  const confirmer = new ScriptedConfirmer();
  const userLimits = options.userLimits ?? new UserLimits({ settings: () => ({ undoSendSeconds: 0, ...options.limits }) });
  const undoSend = options.undoSend ?? new UndoSendWindow();
  const access = new ToolAccess({ toolsets: ['read', 'drafts', 'send', 'organize'], readOnly: false, grantedScopes: scopes });
  const started: ToolCallStarted[] = [];
  const progress: ToolCallProgress[] = [];
  const finished: FinishedCall[] = [];
  const running: RunningMcpServer = await startMcpHttpServer({
    listen: { kind: 'tcp' },
    createServer: () =>
      createGmailMcpServer({
        gmail,
        account: ME,
        mailProcessor: new InProcessMailProcessor(),
        access,
        confirmer: options.confirmer ?? confirmer,
        origin: options.origin,
        userLimits,
        undoSend,
        isPaused: options.isPaused,
        onAnomaly: options.onAnomaly,
        provenance: options.provenance,
        renderBudget: options.renderBudget,
        workspace: options.workspace,
        observer: {
          callStarted: (e) => {
            started.push(e);
            options.observer?.callStarted(e);
          },
          callProgress: (e) => {
            progress.push(e);
            options.observer?.callProgress?.(e);
          },
          callFinished: (e) => {
            finished.push(worded(e));
            options.observer?.callFinished(e);
          },
        },
      }),
  });
  const client = new Client({ name: 'write-test', version: '1' });
  await client.connect(new StreamableHTTPClientTransport(new URL(running.url), { requestInit: { headers: { [running.authHeader.name]: running.authHeader.value } } }));
  return {
    fake,
    gmail,
    confirmer,
    access,
    client,
    started,
    progress,
    finished,
    call: async (name, args = {}) => (await client.callTool({ name, arguments: args })) as CallToolResult,
    writesSince: (since) => fake.requestLog.slice(since).filter((e) => e.method !== 'GET' && e.path.startsWith('/gmail/')),
    last: () => {
      const f = finished.at(-1);
      if (!f) throw new Error('no call finished');
      return { started: started.find((s) => s.callId === f.callId) as ToolCallStarted, progress: progress.filter((p) => p.callId === f.callId), finished: f };
    },
    close: async () => {
      await client.close();
      await running.close();
      gmail.close();
      await fake.close();
    },
  };
}

export function textOf(result: CallToolResult): string {
  return result.content.map((c) => (c.type === 'text' ? c.text : '')).join('\n');
}
