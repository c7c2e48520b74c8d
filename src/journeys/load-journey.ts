import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.js';
import { DEFAULT_JOURNEY } from './default-journey.js';
import { journeyConfigSchema, type JourneyConfig } from './journey.schema.js';
import { findJourneyRow } from './journeys.repository.js';

export type LoadedJourney = { config: JourneyConfig; isDefault: boolean; updatedAt: Date | null };

/** The workspace's journey: its saved document, else the default journey. */
export async function loadJourney(db: Kysely<Database>, workspaceId: string): Promise<LoadedJourney> {
  const row = await findJourneyRow(db, workspaceId);
  if (!row) return { config: DEFAULT_JOURNEY, isDefault: true, updatedAt: null };
  return { config: journeyConfigSchema.parse(row.config), isDefault: false, updatedAt: row.updated_at };
}
