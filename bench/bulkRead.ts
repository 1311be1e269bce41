/**
 * B1 bulk read: one search matching 500 messages, then the listing headers of all 500 (format=metadata with
 * `fields`, as search_messages does), through GmailClient against the fake Google with Gmail's quota units, the
 * per-user limit of a new Cloud project (6,000 units a minute: developers.google.com/workspace/gmail/api/reference/quota)
 * and 40 ms latency a request. The floor is the time that quota needs for the units at its steady 100 a second.
 * Figures: wall time over the floor (not slower than the quota allows) and the pace over the quota's (not faster:
 * 2,505 units fit in one minute's quota, so only pacing keeps a longer read from earning 429s).
 */
import { GmailClient } from '../src/gmail/client';
import { DEFAULT_UNITS_PER_MINUTE } from '../src/gmail/quota';
import { createFakeGoogle, DEFAULT_ACCOUNT, QUOTA_UNITS, USER_UNITS_PER_MINUTE } from '../test/fakeGoogle';
import { signInToFake } from '../test/standalone/signInToFake';
import { figure, runStandalone, type Figure } from './report';
import { MATCHING_QUERY, syntheticMessages } from './syntheticMailbox';

export const BULK_MATCHES = 500;
const LATENCY_MS = 40;
/** Gmail's per-user limit of a new project, enforced by the fake per minute as Google states it. */
const QUOTA_UNITS_PER_MINUTE = USER_UNITS_PER_MINUTE.newProject;
/** How far from the quota's pace B1 may land, either way. */
const TOLERANCE = 1.1;

export interface BulkReadResult {
  readonly figures: Figure[];
  readonly details: string[];
}

export async function runBulkRead(): Promise<BulkReadResult> {
  const fake = await createFakeGoogle({
    accounts: [{ address: DEFAULT_ACCOUNT, messages: syntheticMessages({ matching: BULK_MATCHES, others: 100 }) }],
    latencyMs: LATENCY_MS,
    quota: { unitsPerWindow: QUOTA_UNITS_PER_MINUTE, windowSeconds: 60 },
  });
  const { tokenSource } = await signInToFake(fake);
  // The client as the extension builds it (AccountServerLauncher) with the setting at its default: quota, concurrency and retries.
  const client = new GmailClient({ tokenSource, endpoints: fake.endpoints });
  try {
    await tokenSource.getAccessToken();
    await new Promise((r) => setTimeout(r, 1100)); // the limiter's burst refilled, as for a user who was idle
    const logStart = fake.requestLog.length;
    const unitsBefore = fake.unitsUsed();
    let failure: unknown;
    let hits = 0;
    const started = performance.now();
    try {
      const result = await client.searchMessages({ query: MATCHING_QUERY, maxResults: BULK_MATCHES });
      hits = result.messages.filter((m) => m.headers.from?.includes('reports@metrics.example')).length;
    } catch (error) {
      failure = error;
    }
    const wallMs = performance.now() - started;
    const log = fake.requestLog.slice(logStart).filter((e) => e.path.startsWith('/gmail/'));
    const unitsAccepted = fake.unitsUsed() - unitsBefore;
    const unitsNeeded = QUOTA_UNITS['messages.list'] + BULK_MATCHES * QUOTA_UNITS['messages.get'];
    const quotaUnitsPerSecond = QUOTA_UNITS_PER_MINUTE / 60;
    const floorMs = (unitsNeeded / quotaUnitsPerSecond) * 1000;
    const ratio = wallMs / floorMs;
    const pace = unitsAccepted / (wallMs / 1000);
    const refused429 = log.filter((e) => e.status === 429).length;
    const gets = log.filter((e) => e.path.includes('/messages/'));
    const metadataGets = gets.filter((e) => e.query.format === 'metadata' && typeof e.query.fields === 'string').length;
    const perSecond = unitsPerSecond(log);
    // A 429 reaches the result when the call failed with it, or when fewer than 500 headers came back.
    const reached429 = failure !== undefined && /rate|429|quota/i.test(String((failure as Error).message)) ? 1 : 0;
    const complete = failure === undefined && hits === BULK_MATCHES;
    const details = [
      `B1: ${BULK_MATCHES} matches of ${BULK_MATCHES + 100} synthetic messages; fake limit ${QUOTA_UNITS_PER_MINUTE} units a minute, latency ${LATENCY_MS} ms; client defaults (${DEFAULT_UNITS_PER_MINUTE} units a minute: a 100-unit burst, then ${((DEFAULT_UNITS_PER_MINUTE - 100) / 60).toFixed(1)} units/s; 8 in flight)`,
      `B1: wall ${(wallMs / 1000).toFixed(2)} s; floor ${(floorMs / 1000).toFixed(2)} s = ${unitsNeeded} units / ${quotaUnitsPerSecond} units/s; pace ${pace.toFixed(1)} units/s; ` +
        `requests ${log.length} (${gets.length} messages.get, ${metadataGets} of them format=metadata with fields), ` +
        `units accepted ${unitsAccepted}, 429s answered by the fake ${refused429} (retried inside the client)`,
      `B1: accepted units per 1 s window: ${perSecond.join(', ')}`,
      ...(failure ? [`B1: the search FAILED: ${(failure as Error).message}`] : []),
    ];
    return {
      figures: [
        figure('B1', 'bulk read: wall time / quota floor (6,000 units a minute)', `${ratio.toFixed(3)} (${(wallMs / 1000).toFixed(2)} s / ${(floorMs / 1000).toFixed(2)} s)`, `<= ${TOLERANCE.toFixed(2)}`, complete && ratio <= TOLERANCE),
        figure('B1', 'bulk read: pace / quota pace (100 units/s)', `${(pace / quotaUnitsPerSecond).toFixed(3)} (${pace.toFixed(1)} units/s)`, `<= ${TOLERANCE.toFixed(2)}`, complete && pace <= quotaUnitsPerSecond * TOLERANCE),
        figure('B1', 'bulk read: 429s reaching a result', `${reached429} (${refused429} absorbed by retries)`, '0', complete && reached429 === 0),
        figure('B1', 'bulk read: headers returned', `${hits} of ${BULK_MATCHES}`, `${BULK_MATCHES}`, hits === BULK_MATCHES),
      ],
      details,
    };
  } finally {
    client.close();
    await fake.close();
  }
}

/** Units the fake accepted in each second since the first request (how evenly the quota was spent). */
function unitsPerSecond(log: readonly { time: string; quotaUnits: number; status: number }[]): number[] {
  if (log.length === 0) return [];
  const t0 = Date.parse(log[0].time);
  const buckets: number[] = [];
  for (const e of log) {
    if (e.status !== 200) continue;
    const s = Math.floor((Date.parse(e.time) - t0) / 1000);
    buckets[s] = (buckets[s] ?? 0) + e.quotaUnits;
  }
  return Array.from(buckets, (v) => v ?? 0);
}

runStandalone(module, runBulkRead);
