import { fork } from 'node:child_process';
import type { AddressInfo } from 'node:net';
import { loadavg } from 'node:os';
import { fileURLToPath } from 'node:url';
import { sql } from 'kysely';
import { createAccount } from '../src/accounts/index.js';
import { buildApp } from '../src/api/server.js';
import { systemActor } from '../src/auth/index.js';
import { createSource } from '../src/ingest/index.js';
import { createWorkspace } from '../src/workspaces/index.js';
import { createBenchDatabase } from './lib/backends.js';
import { EVENT_COPY_COLUMNS, eventCopyLine, trackMessage, userIdOf } from './lib/fake-events.js';
import type { LoadResult, LoadSpec } from './lib/ingest-load.js';
import { RssSampler, toMb } from './lib/memory.js';
import { log, timed } from './lib/progress.js';
import { ratio, summarize } from './lib/stats.js';
import type { BenchRun, Benchmark } from './types.js';

/** The issue's target: /v1 end to end at 25 % or more of a bare COPY into `events`, on PostgreSQL. */
const TARGET_SHARE_OF_COPY = 0.25;
const BATCH_SIZE = 100;
const ACCOUNTS = 50;
const USERS = 1000;
const WARMUP_EVENTS = 2000;
const LOAD_SCRIPT = fileURLToPath(new URL('./lib/ingest-load.ts', import.meta.url));

/** Sends load from a separate process, so the server process's RSS is the server's own. */
function runLoad(spec: LoadSpec): Promise<LoadResult> {
  return new Promise((resolve, reject) => {
    const child = fork(LOAD_SCRIPT, [JSON.stringify(spec)], { execArgv: process.execArgv.filter((arg) => arg !== '--expose-gc') });
    let result: LoadResult | undefined;
    child.on('message', (message) => {
      result = message as LoadResult;
    });
    child.on('error', reject);
    child.on('exit', (code) => {
      if (!result) reject(new Error(`load generator exited with code ${code} and no result`));
      else if (result.failures.length) reject(new Error(`/v1/batch failed: ${result.failures[0]}`));
      else resolve(result);
    });
  });
}

const perSecond = (count: number, seconds: number): number => Math.round(count / seconds);

export const ingestionBenchmark: Benchmark = {
  name: 'ingestion',
  description:
    'Segment /v1/batch end to end (real HTTP server, batches of 100, N concurrent clients in a separate process) against a COPY of the same rows into the same events table; peak server RSS during a sustained burst',
  async run({ backend, options }): Promise<BenchRun> {
    const database = await createBenchDatabase(backend, options.databaseUrl);
    const { db } = database.handle;
    const memory = new RssSampler(100);
    try {
      const workspace = await createWorkspace(db, 'Bench ingestion');
      const system = systemActor(workspace.id);
      for (let index = 0; index < ACCOUNTS; index += 1) await createAccount(db, system, { name: `Customer ${index}`, domain: `customer-${index}.example` });
      const { source, writeKey } = await createSource(db, system, { name: 'Bench SDK' });

      const app = await buildApp({ db, logger: false });
      await app.listen({ port: 0, host: '127.0.0.1' });
      const baseUrl = `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`;
      const load = (spec: Pick<LoadSpec, 'prefix' | 'events' | 'seconds'>) =>
        runLoad({ baseUrl, writeKey, clients: options.concurrency, batchSize: BATCH_SIZE, users: USERS, ...spec });

      // Each user joins a customer through a group call (matched by domain), so the tracks
      // below go through identity resolution and get an account, as in production.
      await timed(`${backend}: group ${USERS} users`, async () => {
        const authorization = `Basic ${Buffer.from(`${writeKey}:`).toString('base64')}`;
        for (let start = 0; start < USERS; start += BATCH_SIZE) {
          const batch = Array.from({ length: BATCH_SIZE }, (_, offset) => {
            const index = start + offset;
            return { type: 'group', messageId: `group-${index}`, userId: userIdOf(index, USERS), groupId: `g-${index % ACCOUNTS}`, traits: { website: `https://customer-${index % ACCOUNTS}.example` } };
          });
          const response = await fetch(`${baseUrl}/v1/batch`, { method: 'POST', headers: { 'Content-Type': 'application/json', Authorization: authorization }, body: JSON.stringify({ batch }) });
          if (response.status !== 200) throw new Error(`group batch: ${response.status} ${await response.text()}`);
        }
      });
      await timed(`${backend}: warm-up ${WARMUP_EVENTS} events`, () => load({ prefix: 'warm', events: WARMUP_EVENTS }));

      const { value: throughput } = await timed(`${backend}: ${options.events} events, ${options.concurrency} clients`, () => load({ prefix: 'run', events: options.events }));
      const httpRate = perSecond(throughput.events, throughput.seconds);

      globalThis.gc?.();
      const rssBeforeBurstMb = toMb(process.memoryUsage.rss());
      memory.reset();
      // RSS every 5 s of the burst: a level that flattens out is bounded, one that keeps climbing is not.
      const rssTimelineMb: number[] = [];
      const timeline = setInterval(() => rssTimelineMb.push(toMb(process.memoryUsage.rss())), 5000);
      const { value: burst } = await timed(`${backend}: ${options.burstSeconds} s burst`, () => load({ prefix: 'burst', seconds: options.burstSeconds }));
      clearInterval(timeline);
      const burstPeakRssMb = memory.peakMb();

      const { rows } = await sql<{ events: number; matched: number }>`
        select count(*)::int as events, count(account_id)::int as matched from events where source_id = ${source.id}`.execute(db);
      const stored = rows[0]!;
      const expected = USERS + WARMUP_EVENTS + throughput.events + burst.events;
      if (stored.events !== expected) throw new Error(`events table holds ${stored.events} rows, expected ${expected}`);
      const links = await sql<{ user_key: string; account_id: string | null }>`select user_key, account_id from user_links where workspace_id = ${workspace.id}`.execute(db);
      const accountOf = new Map(links.rows.map((link) => [link.user_key, link.account_id]));
      await app.close();

      // The same messages as the throughput run (new ids), as the rows ingestion wrote.
      const now = new Date().toISOString();
      const lines: string[] = [];
      for (let index = 0; index < options.events; index += 1) {
        const message = trackMessage({ index, prefix: 'copy', users: USERS, timestamp: now });
        lines.push(eventCopyLine({ message, workspaceId: workspace.id, sourceId: source.id, accountId: accountOf.get(message.userId) ?? null, receivedAt: now }));
      }
      const {
        value: { copySeconds },
      } = await timed(`${backend}: COPY ${options.events} rows`, () =>
        database.copyCsv({ table: 'events', columns: EVENT_COPY_COLUMNS, csv: `${lines.join('\n')}\n` }),
      );
      const copyRate = perSecond(options.events, copySeconds);
      const shareOfCopy = ratio(httpRate, copyRate);

      const result = {
        backend,
        events: options.events,
        clients: options.concurrency,
        batchSize: BATCH_SIZE,
        users: USERS,
        matchedShare: ratio(stored.matched, stored.events),
        http: { eventsPerSecond: httpRate, seconds: Math.round(throughput.seconds * 100) / 100, batchLatencyMs: summarize(throughput.batchMs) },
        copy: { rowsPerSecond: copyRate, seconds: Math.round(copySeconds * 100) / 100 },
        shareOfCopy,
        burst: {
          seconds: options.burstSeconds,
          events: burst.events,
          eventsPerSecond: perSecond(burst.events, burst.seconds),
          batchLatencyMs: summarize(burst.batchMs),
          rssBeforeMb: rssBeforeBurstMb,
          peakRssMb: burstPeakRssMb,
          rssTimelineMb,
        },
        target: { shareOfCopy: TARGET_SHARE_OF_COPY, met: backend === 'postgres' ? shareOfCopy >= TARGET_SHARE_OF_COPY : null },
        loadAverageAfter: loadavg().map((value) => Math.round(value * 100) / 100),
      };
      log(`${backend}: done`);
      return {
        result,
        summary: [
          `ingestion ${backend}: /v1/batch ${httpRate} events/s, COPY ${copyRate} rows/s → ${Math.round(shareOfCopy * 100)} % of COPY` +
            (backend === 'postgres' ? ` (target ≥ ${TARGET_SHARE_OF_COPY * 100} %: ${result.target.met ? 'met' : 'NOT met'})` : ''),
          `ingestion ${backend}: ${options.burstSeconds} s burst ${result.burst.eventsPerSecond} events/s, batch p95 ${result.burst.batchLatencyMs.p95} ms, server RSS ${rssBeforeBurstMb} → peak ${burstPeakRssMb} MB (every 5 s: ${rssTimelineMb.join(', ')})`,
        ],
      };
    } finally {
      memory.stop();
      await database.dispose();
    }
  },
};
