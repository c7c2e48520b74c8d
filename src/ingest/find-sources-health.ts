import type { Kysely } from 'kysely';
import type { Actor } from '../auth/index.js';
import type { Database } from '../db/schema.js';
import { assessSourceHealth, HEALTH_HISTORY_DAYS, type SourceHealth } from './assess-source-health.js';
import type { Source } from './ingest.types.js';
import { findWorkspaceSourceDays } from './sources.repository.js';
import { listSources } from './sources.js';

export type SourceWithHealth = Source & { health: SourceHealth };

/** Every source of the workspace with its freshness and volume flag, for the data-health screen. Anyone in the workspace may read it. */
export async function findSourcesHealth(db: Kysely<Database>, actor: Actor, options: { now: Date }): Promise<SourceWithHealth[]> {
  const since = new Date(options.now.getTime() - HEALTH_HISTORY_DAYS * 86_400_000).toISOString().slice(0, 10);
  const [sources, days] = await Promise.all([listSources(db, actor), findWorkspaceSourceDays(db, actor.workspaceId, since)]);
  const dailyBySource = new Map<string, Array<{ day: string; received: number; rejectedRequests: number }>>();
  for (const row of days) {
    const daily = dailyBySource.get(row.source_id) ?? [];
    daily.push({ day: row.day, received: Number(row.received), rejectedRequests: Number(row.rejected_requests) });
    dailyBySource.set(row.source_id, daily);
  }
  return sources.map((source) => ({
    ...source,
    health: assessSourceHealth({
      now: options.now,
      revokedAt: source.revokedAt,
      lastReceivedAt: source.lastReceivedAt,
      lastRejection: source.lastRejection,
      daily: dailyBySource.get(source.id) ?? [],
    }),
  }));
}
