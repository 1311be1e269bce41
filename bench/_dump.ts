import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gmail } from '@googleapis/gmail';
import { GmailClient } from '../src/gmail/client';
import { createFakeGoogle } from '../test/fakeGoogle';
import { signInToFake } from '../test/standalone/signInToFake';
import { mcpStack } from '../bench/mcpStack';
import { gongReadEmail, gongSearchEmails } from '../bench/leanTokens';
const dir = '/work/shared/corpora/injection-public2/dev';
const files = process.argv.slice(2);
(async () => {
  const labels = JSON.parse(readFileSync(join(dir, 'labels.json'), 'utf8')).filter((l: any) => files.some((f) => l.file.endsWith(f)));
  const fake = await createFakeGoogle({ accounts: [{ address: 'demo.user@example.com', messages: labels.map((l: any) => readFileSync(join(dir, l.file))) }], quota: { unitsPerWindow: 10_000_000, windowSeconds: 1 } });
  const { tokenSource, grant } = await signInToFake(fake);
  const client = new GmailClient({ tokenSource, endpoints: fake.endpoints, quota: { unitsPerMinute: 60_000_000 } });
  const stack = mcpStack(client, fake.accounts[0], grant.grantedScopes);
  const api = gmail({ version: 'v1', rootUrl: fake.endpoints.gmailRootUrl, headers: { authorization: `Bearer ${await tokenSource.getAccessToken()}` } });
  for (const l of labels) {
    const id = fake.mailbox().allMessages().find((m) => m.messageIdHeader?.includes(l.message_id))!.id;
    const s = await stack.direct('search_messages', { query: l.search_query, maxResults: 10 });
    const r = await stack.direct('read_message', { id });
    const full = (await api.users.messages.get({ userId: 'me', id, format: 'full' })).data;
    console.log('=====', l.file);
    console.log('--- ours search\n' + JSON.stringify(s.structuredContent));
    console.log('--- theirs search\n' + await gongSearchEmails(api, l.search_query));
    console.log('--- ours read\n' + JSON.stringify(r.structuredContent));
    console.log('--- theirs read\n' + gongReadEmail(full).text);
  }
  await stack.close(); client.close(); await fake.close(); process.exit(0);
})();
