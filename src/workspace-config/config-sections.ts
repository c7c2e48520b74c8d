import type { Kysely } from 'kysely';
import type { Actor } from '../access/index.js';
import type { Clock } from '../core/clock.js';
import type { Database } from '../db/schema.js';
import { getHealthConfig, healthConfigSchema, saveHealthConfig } from '../health/index.js';

export type SectionOutcome = 'changed' | 'unchanged';

/**
 * One part of a workspace's configuration as code. `apply` validates and saves through the
 * module's own use case (so roles, audit and versioning are the module's), and reports
 * `unchanged` without writing when the document says what is already in force.
 */
export type ConfigSection = {
  key: string;
  describe: string;
  read(db: Kysely<Database>, actor: Actor): Promise<unknown>;
  apply(trx: Kysely<Database>, actor: Actor, value: unknown, clock: Clock): Promise<SectionOutcome>;
};

/** Key order in the canonical comparison must not make equal documents differ. */
function canonical(value: unknown): string {
  return JSON.stringify(value, (_key, inner: unknown) =>
    inner && typeof inner === 'object' && !Array.isArray(inner)
      ? Object.fromEntries(Object.entries(inner).sort(([a], [b]) => a.localeCompare(b)))
      : inner,
  );
}

const healthSection: ConfigSection = {
  key: 'health',
  describe: 'health scorecards and bands',
  read: async (db, actor) => (await getHealthConfig(db, actor)).config,
  apply: async (trx, actor, value, clock) => {
    const current = await getHealthConfig(trx, actor);
    const parsed = healthConfigSchema.safeParse(value);
    if (parsed.success && canonical(parsed.data) === canonical(current.config)) return 'unchanged';
    await saveHealthConfig(trx, actor, value, clock);
    return 'changed';
  },
};

/** Every section, in the order they are written and applied. */
export const CONFIG_SECTIONS: readonly ConfigSection[] = [healthSection];
