import type { Kysely } from 'kysely';
import { forbiddenUnlessLeader, type Actor } from '../access/index.js';
import { systemClock, type Clock } from '../core/clock.js';
import { invalid } from '../core/errors.js';
import type { Database } from '../db/schema.js';
import { compareBands, type ScoredPair } from './band-shift.js';
import { loadHealthConfig } from './health-config.js';
import { findMeasureFacts } from './find-measure-facts.js';
import { measureReader, readAccountField } from './measure-readings.js';
import { findAccountLabels, findPreviewAccounts } from './portfolio.repository.js';
import type { ScorecardPreview } from './portfolio.schema.js';
import { RECOMPUTE_CHUNK } from './recompute-health.js';
import { scoreAccount, type InputReading, type ScoredMeasure } from './score-account.js';
import { healthConfigSchema, scorecardFor, type HealthConfig, type MeasureConfig, type Scorecard } from './scorecard-config.js';

type Conn = Kysely<Database>;

const CHANGED_LISTED = 100;

type PreviewAccount = Awaited<ReturnType<typeof findPreviewAccounts>>[number];
type Reader = (measure: MeasureConfig) => InputReading;

const stageOf = (account: Pick<PreviewAccount, 'segment' | 'lifecycle_stage'>) => ({ segment: account.segment, lifecycleStage: account.lifecycle_stage });

function scoreWith(config: HealthConfig, account: Pick<PreviewAccount, 'segment' | 'lifecycle_stage'>, read: Reader) {
  return scoreAccount(config, scorecardFor(config, stageOf(account)), read);
}

/**
 * The readings stored with the account's score, when they are today's under the scorecards in
 * force and hold every input the two scorecards read (account fields are read from the
 * account itself): the same values a fresh read of the facts gives, since a change to an
 * input rescores the account within a minute. Null otherwise, and the facts are read.
 */
function storedReader(account: PreviewAccount, current: { asOf: string; version: number; cards: Scorecard[] }): Reader | null {
  if (account.as_of !== current.asOf || account.config_version !== current.version || !Array.isArray(account.measures)) return null;
  const byInput = new Map((account.measures as ScoredMeasure[]).map((measure) => [measure.input, { value: measure.value, flag: measure.flag }]));
  const readable = current.cards.every((card) => card.measures.every((measure) => measure.input === 'account_field' || byInput.has(measure.input)));
  if (!readable) return null;
  return (measure) => (measure.input === 'account_field' ? readAccountField(account, measure.field!) : byInput.get(measure.input)!);
}

/**
 * How the portfolio's bands would shift under a draft of the scorecards, before anyone
 * saves it (leaders and admins, who may save). Today's measure readings are scored twice
 * with the pure scoring: with the scorecards in force and with the draft, so every difference
 * comes from the draft alone. The readings are those stored with today's scores (one read of
 * the accounts); only accounts without them have their facts read, in the recompute's
 * set-based chunks, so previewing 10,000 accounts takes a moment, not a full recompute.
 * Nothing is written. Churned accounts are left out, as in the portfolio.
 *
 * @example
 *   const preview = await previewHealthConfig(db, actor, { ...config, bands: { green: 90, yellow: 75 } }, clock);
 *   preview.transitions // → [{ from: 'green', to: 'yellow', accounts: 12 }, …]
 */
export async function previewHealthConfig(db: Conn, actor: Actor, input: unknown, clock: Clock = systemClock): Promise<ScorecardPreview> {
  if (actor.role !== 'admin' && actor.role !== 'leader') forbiddenUnlessLeader('preview health scorecards');
  const parsed = healthConfigSchema.safeParse(input);
  if (!parsed.success) {
    throw invalid(
      'The scorecard configuration is not valid',
      parsed.error.issues.map((issue) => ({ path: issue.path.join('.'), message: issue.message })),
    );
  }
  const workspaceId = actor.workspaceId;
  const asOf = clock.now().toISOString().slice(0, 10);
  const { version, config } = await loadHealthConfig(db, workspaceId);
  const pairs: Array<ScoredPair & { arr: number }> = [];
  const score = (account: Pick<PreviewAccount, 'account_id' | 'arr' | 'segment' | 'lifecycle_stage'>, read: Reader) => {
    const before = scoreWith(config, account, read);
    const after = scoreWith(parsed.data, account, read);
    pairs.push({ accountId: account.account_id, arr: account.arr, before: { score: before.score, band: before.band }, after: { score: after.score, band: after.band } });
  };
  const toRead: string[] = [];
  for (const account of await findPreviewAccounts(db, workspaceId)) {
    if (account.lifecycle_stage === 'Churned') continue;
    const stored = storedReader(account, { asOf, version, cards: [scorecardFor(config, stageOf(account)), scorecardFor(parsed.data, stageOf(account))] });
    if (stored) score(account, stored);
    else toRead.push(account.account_id);
  }
  for (let start = 0; start < toRead.length; start += RECOMPUTE_CHUNK) {
    for (const facts of await findMeasureFacts(db, { workspaceId, asOf, accountIds: toRead.slice(start, start + RECOMPUTE_CHUNK) })) score(facts, measureReader(facts, asOf));
  }
  const shift = compareBands(pairs);
  const listed = (shift.changed as typeof pairs).sort((a, b) => b.arr - a.arr || a.accountId.localeCompare(b.accountId)).slice(0, CHANGED_LISTED);
  const labels = new Map((await findAccountLabels(db, workspaceId, listed.map((pair) => pair.accountId))).map((row) => [row.id, row]));
  return {
    asOf,
    accounts: pairs.length,
    bands: shift.bands,
    transitions: shift.transitions,
    changedTotal: shift.changed.length,
    changed: listed.map((pair) => ({
      accountId: pair.accountId,
      name: labels.get(pair.accountId)?.name ?? '',
      ownerName: labels.get(pair.accountId)?.owner_name ?? null,
      arr: pair.arr,
      scoreBefore: pair.before.score,
      bandBefore: pair.before.band,
      scoreAfter: pair.after.score,
      bandAfter: pair.after.band,
    })),
  };
}
