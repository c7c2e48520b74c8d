import type { Kysely } from 'kysely';
import type { Actor } from '../../src/access/index.js';
import type { Database } from '../../src/db/schema.js';
import { createSource, ingestTrackingRequest } from '../../src/ingest/index.js';

type Message = Record<string, unknown>;

/**
 * A server-side source whose users `u-0…u-(accounts-1)` belong to the workspace's accounts
 * with external id `segment: grp-n` (one group call each, as an SDK sends on login), so every
 * track message goes through identity resolution to its account. Returns the /v1 store path
 * for a batch.
 */
export async function createGroupedSource(db: Kysely<Database>, actor: Actor, accounts: number): Promise<(batch: Message[]) => Promise<unknown>> {
  const { source } = await createSource(db, actor, { name: 'Backend', kind: 'server' });
  const sourceRef = { id: source.id, workspaceId: actor.workspaceId, kind: source.kind };
  const send = (batch: Message[]) => ingestTrackingRequest(db, { source: sourceRef, endpoint: 'batch', body: { batch }, receivedAt: new Date() });
  await send(Array.from({ length: accounts }, (_, n) => ({ type: 'group', userId: `u-${n}`, groupId: `grp-${n}`, messageId: `g-${n}` })));
  return send;
}

/**
 * Steady ingestion: a batch of `perRequest` messages every perRequest/rate seconds for
 * `seconds`, each request awaited (a slow store falls behind rather than piling up), so
 * events/s sent is what the store sustained. `batch(tick)` builds request number `tick`.
 */
export async function sendSteadily(options: {
  send: (batch: Message[]) => Promise<unknown>;
  rate: number;
  perRequest: number;
  seconds: number;
  batch: (tick: number) => Message[];
}): Promise<{ sent: number; seconds: number }> {
  const { send, rate, perRequest, seconds } = options;
  let sent = 0;
  const began = Date.now();
  for (let tick = 0; Date.now() - began < seconds * 1000; tick += 1) {
    const due = began + (tick * perRequest * 1000) / rate;
    // Behind schedule, still yield a turn: PGlite answers in microtasks, so a sender that never
    // sleeps would starve the process's timers (the signals and changes measured beside it).
    await new Promise((resolve) => setTimeout(resolve, Math.max(0, due - Date.now())));
    const batch = options.batch(tick);
    await send(batch);
    sent += batch.length;
  }
  return { sent, seconds: (Date.now() - began) / 1000 };
}

/** `perRequest` track messages numbered from `tick * perRequest`, spread over `users` users. */
export function trackBatch(tick: number, perRequest: number, users: number): Message[] {
  return Array.from({ length: perRequest }, (_, offset) => {
    const message = tick * perRequest + offset + 1;
    return { type: 'track', userId: `u-${message % users}`, event: 'Report Run', messageId: `m-${message}` };
  });
}
