import { randomUUID } from 'node:crypto';
import type { Insertable } from 'kysely';
import type { AccountsTable } from '../../src/db/schema.js';
import { Random } from './random.js';

/**
 * Realistic-looking customer accounts. What matters for query speed is the shape, not the
 * words: a few large segments and one small one, owners with books of very different sizes,
 * nulls where real data has them, and names that repeat words (so `q=` matches many rows).
 */

const ADJECTIVES = [
  'Blue', 'Bright', 'North', 'Silver', 'Rapid', 'Green', 'Iron', 'Summit', 'Clear', 'Golden',
  'Red', 'Pacific', 'Atlas', 'Evergreen', 'Nimbus', 'Quantum', 'Bold', 'Crystal', 'Harbor', 'Pioneer',
  'Union', 'Vertex', 'Alpine', 'Coastal', 'Prime', 'Urban', 'Lunar', 'Solar', 'Cedar', 'Maple',
  'Granite', 'Echo', 'Nova', 'Orbit', 'Polar', 'Sterling', 'Swift', 'True', 'Wild', 'Zen',
] as const;
const NOUNS = [
  'Peak', 'River', 'Forge', 'Works', 'Bridge', 'Field', 'Stone', 'Wave', 'Point', 'Path',
  'Grid', 'Cloud', 'Data', 'Logic', 'Leaf', 'Ridge', 'Fox', 'Bay', 'Hill', 'Gate',
  'Lane', 'Pine', 'Wing', 'Spark', 'Shift', 'Scale', 'Stack', 'Craft', 'Signal', 'Vault',
  'Yard', 'Mill', 'Nest', 'Loop', 'Mint', 'Core', 'Line', 'Form', 'Tide', 'Crest',
] as const;
const SUFFIXES = [
  'Inc', 'Labs', 'Systems', 'Software', 'Group', 'Health', 'Analytics', 'Logistics', 'Capital', 'Media',
  'Technologies', 'Solutions', 'GmbH', 'Ltd', 'Co', 'Partners', 'Foods', 'Energy', 'Robotics', 'Bank',
] as const;
const SURNAMES = [
  'Keller', 'Okafor', 'Lindqvist', 'Moreau', 'Tanaka', 'Alvarez', 'Novak', 'Fischer', 'Haddad', 'Nakamura',
  'Brennan', 'Costa', 'Dubois', 'Ivanova', 'Kowalski', 'Larsen', 'Mendes', 'Osei', 'Petrov', 'Quinn',
  'Rossi', 'Schmidt', 'Varga', 'Walsh', 'Yilmaz', 'Zhang', 'Andersen', 'Bianchi', 'Chen', 'Duarte',
] as const;
const TLDS = [['com', 60], ['io', 12], ['co', 6], ['ai', 4], ['de', 6], ['co.uk', 5], ['net', 4], ['fr', 3]] as const;

/** Four segments of very different sizes, so a segment filter is sometimes selective and sometimes not. */
export const SEGMENTS = [
  ['Enterprise', 0.03],
  ['Mid-Market', 0.15],
  ['SMB', 0.52],
  ['Self-Serve', 0.3],
] as const;
export type Segment = (typeof SEGMENTS)[number][0];

const INDUSTRIES = [
  ['Software', 24], ['Financial Services', 11], ['Healthcare', 10], ['Retail', 9], ['Manufacturing', 9],
  ['Education', 6], ['Media', 6], ['Logistics', 6], ['Energy', 4], ['Real Estate', 4],
  ['Hospitality', 4], ['Government', 2], ['Nonprofit', 2],
] as const;
const REGIONS = [['NA', 45], ['EMEA', 32], ['APAC', 15], ['LATAM', 8]] as const;
const LIFECYCLE = [['onboarding', 8], ['adopting', 30], ['growing', 25], ['mature', 22], ['at_risk', 10], ['churned', 5]] as const;

/** Per segment: median ARR and head count, and which CSMs (by index) carry it. */
const SEGMENT_PROFILE: Record<Segment, { arr: number; employees: number; owners: readonly number[]; unowned: number }> = {
  Enterprise: { arr: 250_000, employees: 8_000, owners: [0, 1, 2, 3], unowned: 0 },
  'Mid-Market': { arr: 60_000, employees: 600, owners: [4, 5, 6, 7, 8, 9], unowned: 0.01 },
  SMB: { arr: 12_000, employees: 60, owners: [10, 11, 12, 13, 14, 15, 16, 17], unowned: 0.05 },
  // Self-serve is mostly pooled (no owner) with two "digital" CSMs on the rest.
  'Self-Serve': { arr: 1_500, employees: 12, owners: [18, 19], unowned: 0.4 },
};

export const CSM_COUNT = 20;

export type AccountRow = Insertable<AccountsTable> & { id: string };

const DAY_MS = 24 * 60 * 60 * 1000;
const BASE62 = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';

export type FakeAccountOptions = {
  workspaceId: string;
  /** CSM user ids; index i carries the books listed in SEGMENT_PROFILE. */
  ownerIds: readonly string[];
  count: number;
  batchSize: number;
  /** Renewal and creation dates are spread around this day. */
  today: Date;
  seed?: number;
};

/**
 * Yields batches of accounts. Parents are always picked from earlier batches, so a
 * batch never refers to a row the database has not seen yet (foreign key).
 */
export function* fakeAccountBatches(options: FakeAccountOptions): Generator<AccountRow[]> {
  if (options.ownerIds.length < CSM_COUNT) throw new Error(`fakeAccountBatches needs ${CSM_COUNT} owner ids`);
  const random = new Random(options.seed ?? 42);
  const parentCandidates: string[] = [];
  for (let start = 0; start < options.count; start += options.batchSize) {
    const batch: AccountRow[] = [];
    const end = Math.min(options.count, start + options.batchSize);
    for (let i = start; i < end; i += 1) batch.push(fakeAccount(random, options, parentCandidates));
    for (const row of batch) {
      if (row.segment === 'Enterprise' || row.segment === 'Mid-Market') parentCandidates.push(row.id);
    }
    yield batch;
  }
}

function fakeAccount(random: Random, options: FakeAccountOptions, parentCandidates: readonly string[]): AccountRow {
  const segment = random.weighted(SEGMENTS);
  const profile = SEGMENT_PROFILE[segment];
  const { name, domainStem } = fakeName(random);
  const lifecycle = random.weighted(LIFECYCLE);
  const churned = lifecycle === 'churned';
  const createdAt = new Date(options.today.getTime() - random.int(0, 4 * 365) * DAY_MS - random.int(0, DAY_MS));
  const externalIds: Record<string, string> = {};
  if (random.chance(0.7)) externalIds.salesforce = `001${randomId(random, 15)}`;
  if (random.chance(0.2)) externalIds.hubspot = String(random.int(1_000_000, 99_999_999));
  const customFields: Record<string, string | number> = {};
  if (random.chance(0.5)) {
    customFields.tier = random.pick(['gold', 'silver', 'bronze']);
    customFields.nps = random.int(-100, 101);
  }
  return {
    id: randomUUID(),
    workspace_id: options.workspaceId,
    name,
    domain: random.chance(0.03) ? null : `${domainStem}.${random.weighted(TLDS)}`,
    industry: random.chance(0.05) ? null : random.weighted(INDUSTRIES),
    segment,
    employee_count: random.chance(0.15) ? null : Math.max(1, Math.round(random.logNormal(profile.employees, 0.8))),
    region: random.weighted(REGIONS),
    parent_id: parentCandidates.length > 0 && random.chance(0.03) ? random.pick(parentCandidates) : null,
    owner_id: random.chance(profile.unowned) ? null : options.ownerIds[random.pick(profile.owners)]!,
    lifecycle_stage: lifecycle,
    external_ids: JSON.stringify(externalIds),
    custom_fields: JSON.stringify(customFields),
    arr: churned ? 0 : Math.round(random.logNormal(profile.arr, 0.7) * 100) / 100,
    // No renewal date when nothing is active: churned accounts and a few without contracts yet.
    renewal_date: churned || random.chance(0.04) ? null : isoDay(new Date(options.today.getTime() + random.int(-30, 540) * DAY_MS)),
    created_at: createdAt,
    updated_at: new Date(createdAt.getTime() + random.int(0, 90) * DAY_MS),
  };
}

function fakeName(random: Random): { name: string; domainStem: string } {
  const pattern = random.weighted([['three', 45], ['compound', 25], ['partners', 15], ['family', 15]] as const);
  const adjective = random.pick(ADJECTIVES);
  const noun = random.pick(NOUNS);
  switch (pattern) {
    case 'three':
      return { name: `${adjective} ${noun} ${random.pick(SUFFIXES)}`, domainStem: slug(`${adjective}${noun}`) };
    case 'compound': {
      const word = `${adjective}${noun.toLowerCase()}`;
      return random.chance(0.5) ? { name: word, domainStem: slug(word) } : { name: `${word} ${random.pick(SUFFIXES)}`, domainStem: slug(word) };
    }
    case 'partners': {
      const first = random.pick(SURNAMES);
      const second = random.pick(SURNAMES);
      return { name: `${first} & ${second}`, domainStem: slug(`${first}${second}`) };
    }
    case 'family': {
      const surname = random.pick(SURNAMES);
      return { name: `${surname} ${random.pick(SUFFIXES)}`, domainStem: slug(`${surname}${random.pick(NOUNS)}`) };
    }
  }
}

const slug = (text: string): string => text.toLowerCase().replace(/[^a-z0-9]+/g, '');
const isoDay = (date: Date): string => date.toISOString().slice(0, 10);

function randomId(random: Random, length: number): string {
  let id = '';
  for (let i = 0; i < length; i += 1) id += BASE62[random.int(0, BASE62.length)];
  return id;
}
