import type { Kysely } from 'kysely';
import type { Actor } from '../access/index.js';
import type { Clock } from '../core/clock.js';
import type { Database } from '../db/schema.js';
import { getHealthConfig, healthConfigSchema, saveHealthConfig } from '../health/index.js';
import { canonical } from './named-items.js';
import { blueprintsSection } from './sections/blueprints-section.js';
import { flowsSection } from './sections/flows-section.js';
import { handoffsSection } from './sections/handoffs-section.js';
import { journeySection } from './sections/journey-section.js';
import { playbooksSection } from './sections/playbooks-section.js';
import { segmentsSection } from './sections/segments-section.js';
import { teamsSection } from './sections/teams-section.js';

export type SectionOutcome = 'changed' | 'unchanged';

/**
 * One part of a workspace's configuration as code. `apply` validates and saves through the
 * module's own use case (so roles, audit, events and jobs are the module's), and reports
 * `unchanged` without writing when the document says what is already in force. `prune`, when
 * a section has one, deletes what the document leaves out (if it asks to); it runs after every
 * section's `apply`, in reverse order. `diffView` is the form the change lines are read from
 * (lists of named items keyed by name, so a line names the item rather than its position).
 */
export type ConfigSection = {
  key: string;
  describe: string;
  read(db: Kysely<Database>, actor: Actor, clock: Clock): Promise<unknown>;
  apply(trx: Kysely<Database>, actor: Actor, value: unknown, clock: Clock): Promise<SectionOutcome>;
  prune?(trx: Kysely<Database>, actor: Actor, value: unknown, clock: Clock): Promise<SectionOutcome>;
  diffView?(value: unknown): unknown;
};

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

/**
 * Every section, in the order they are written and applied: what others name comes first
 * (teams before the segments whose pools they are and the hand-off rules between them, segments
 * before the playbooks that enter accounts from them, the journey's stages before the rules, blueprints and playbooks that name a stage).
 */
export const CONFIG_SECTIONS: readonly ConfigSection[] = [healthSection, teamsSection, segmentsSection, journeySection, handoffsSection, blueprintsSection, playbooksSection, flowsSection];
