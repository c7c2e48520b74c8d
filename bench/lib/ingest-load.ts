/**
 * Load generator for the ingestion benchmark, run as its own process (fork) so the server
 * process's memory holds the server only. Keeps `clients` /v1/batch requests in flight
 * until `events` messages are sent or `seconds` have passed, then reports to the parent.
 */
import { trackMessage } from './fake-events.js';

export type LoadSpec = {
  baseUrl: string;
  writeKey: string;
  clients: number;
  batchSize: number;
  users: number;
  prefix: string;
  /** Stop after this many messages (throughput run)… */
  events?: number;
  /** …or after this many seconds (burst run). */
  seconds?: number;
};

export type LoadResult = { events: number; requests: number; seconds: number; batchMs: number[]; failures: string[] };

async function runLoad(spec: LoadSpec): Promise<LoadResult> {
  const authorization = `Basic ${Buffer.from(`${spec.writeKey}:`).toString('base64')}`;
  const deadline = spec.seconds === undefined ? Infinity : performance.now() + spec.seconds * 1000;
  const limit = spec.events ?? Infinity;
  let next = 0;
  let events = 0;
  const batchMs: number[] = [];
  const failures: string[] = [];

  async function client(): Promise<void> {
    while (next < limit && performance.now() < deadline && failures.length === 0) {
      const start = next;
      const size = Math.min(spec.batchSize, limit - start);
      next += size;
      const timestamp = new Date().toISOString();
      const batch = Array.from({ length: size }, (_, offset) => trackMessage({ index: start + offset, prefix: spec.prefix, users: spec.users, timestamp }));
      const started = performance.now();
      const response = await fetch(`${spec.baseUrl}/v1/batch`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json', Authorization: authorization },
        body: JSON.stringify({ batch, sentAt: timestamp }),
      });
      const text = await response.text();
      if (response.status !== 200) failures.push(`${response.status} ${text.slice(0, 300)}`);
      else {
        events += size;
        batchMs.push(performance.now() - started);
      }
    }
  }

  const started = performance.now();
  await Promise.all(Array.from({ length: spec.clients }, () => client()));
  return { events, requests: batchMs.length, seconds: (performance.now() - started) / 1000, batchMs, failures };
}

const spec = JSON.parse(process.argv[2] ?? '{}') as LoadSpec;
const result = await runLoad(spec);
await new Promise<void>((done) => process.send!(result, () => done()));
process.exit(0);
