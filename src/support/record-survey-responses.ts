import { randomUUID } from 'node:crypto';
import type { Kysely } from 'kysely';
import { getAccountOrThrow } from '../accounts/index.js';
import { type Actor } from '../auth/index.js';
import type { Database } from '../db/schema.js';
import { inTransaction } from '../db/transaction.js';
import { emitDomainEvents, type NewDomainEvent } from '../domain-events/index.js';
import { addTimelineEntries, timelineTone, type NewTimelineEntry } from '../timeline/index.js';
import {
  findExistingAccountsAndContacts,
  findSurveyResponsesByKeys,
  findSurveyResponsesOfAccount,
  upsertSurveyResponseRows,
  type NewSurveyResponseRow,
  type SurveyResponseRecord,
} from './support.repository.js';
import type { SurveyResponse } from './support.schema.js';
import type { SurveyResponseInput, SurveyResponseResult } from './support.types.js';
import { surveyResponseKey, surveyScoreProblem, surveyTitle } from './survey-responses.js';
import { assertLeaderOrAdmin } from './tickets.js';

type Conn = Kysely<Database>;

const SURVEY_TIMELINE = { team: 'customer_success', kind: 'survey' } as const;

function toSurveyResponse(row: SurveyResponseRecord & { contact_name: string | null }): SurveyResponse {
  return {
    id: row.id,
    accountId: row.account_id,
    contactId: row.contact_id,
    contactName: row.contact_name,
    source: row.source,
    externalId: row.external_id,
    kind: row.kind,
    score: row.score,
    comment: row.comment,
    respondedAt: row.responded_at,
  };
}

type SurveyState = { id: string; row: Omit<NewSurveyResponseRow, 'id'> | null };

function sameSurveyRow(a: Omit<NewSurveyResponseRow, 'id'>, b: Omit<NewSurveyResponseRow, 'id'>): boolean {
  return (
    a.account_id === b.account_id &&
    (a.contact_id ?? null) === (b.contact_id ?? null) &&
    a.kind === b.kind &&
    a.score === b.score &&
    (a.comment ?? null) === (b.comment ?? null) &&
    new Date(a.responded_at).getTime() === new Date(b.responded_at).getTime()
  );
}

/**
 * Stores survey answers (NPS/CSAT/CES), upserting on (source, externalId or a derived key:
 * see survey-responses.ts), and tells each new answer on its account's timeline ("NPS 3
 * (detractor)"), in one transaction (the caller's when `db` is one). Rows whose score is off
 * the scale, whose account is not in the workspace or whose contact is not on that account
 * come back `rejected` and are not written. Leaders and admins only.
 *
 * @example
 *   const results = await recordSurveyResponses(trx, actor, [
 *     { source: 'import', accountId, contactId, kind: 'nps', score: 3, comment: 'Too slow', respondedAt: new Date('2025-02-01') },
 *   ]);
 */
export async function recordSurveyResponses(
  db: Conn,
  actor: Actor,
  inputs: SurveyResponseInput[],
): Promise<SurveyResponseResult[]> {
  assertLeaderOrAdmin(actor, 'load survey responses in bulk');
  if (inputs.length === 0) return [];
  return inTransaction(db, async (trx) => {
    const known = await findExistingAccountsAndContacts(
      trx,
      actor.workspaceId,
      inputs.map((input) => input.accountId),
      inputs.flatMap((input) => (input.contactId ? [input.contactId] : [])),
    );
    const results: SurveyResponseResult[] = [];
    const accepted: { index: number; key: string; input: SurveyResponseInput }[] = [];
    inputs.forEach((input, index) => {
      const scoreProblem = surveyScoreProblem(input.kind, input.score);
      if (scoreProblem)
        results[index] = { index, outcome: 'rejected', field: 'score', reason: `score ${scoreProblem}` };
      else if (!known.accountIds.has(input.accountId))
        results[index] = {
          index,
          outcome: 'rejected',
          field: 'accountId',
          reason: 'no such account in this workspace',
        };
      else if (input.contactId && known.contactAccounts.get(input.contactId) !== input.accountId) {
        results[index] = { index, outcome: 'rejected', field: 'contactId', reason: 'no such contact on this account' };
      } else accepted.push({ index, key: surveyResponseKey(input), input });
    });

    const current = new Map<string, SurveyState>();
    for (const source of new Set(accepted.map(({ input }) => input.source))) {
      const keys = accepted.filter(({ input }) => input.source === source).map(({ key }) => key);
      for (const row of await findSurveyResponsesByKeys(trx, actor.workspaceId, source, keys)) {
        current.set(`${source}\n${row.external_id}`, { id: row.id, row });
      }
    }
    const changed = new Set<string>();
    const entries: NewTimelineEntry[] = [];
    for (const { index, key, input } of accepted) {
      const mapKey = `${input.source}\n${key}`;
      const before = current.get(mapKey) ?? { id: randomUUID(), row: null };
      const row = {
        workspace_id: actor.workspaceId,
        account_id: input.accountId,
        contact_id: input.contactId ?? null,
        source: input.source,
        external_id: key,
        kind: input.kind,
        score: input.score,
        comment: input.comment?.trim() || null,
        responded_at: input.respondedAt,
      };
      const outcome = !before.row ? 'created' : sameSurveyRow(before.row, row) ? 'unchanged' : 'updated';
      if (outcome !== 'unchanged') changed.add(mapKey);
      if (outcome === 'created') {
        entries.push({
          workspaceId: actor.workspaceId,
          accountId: input.accountId,
          ...SURVEY_TIMELINE,
          title: surveyTitle(input.kind, input.score),
          tone: timelineTone({ of: 'survey', survey: input.kind, score: input.score }),
          body: row.comment,
          occurredAt: input.respondedAt,
          subjectType: 'survey_response',
          subjectId: before.id,
        });
      }
      current.set(mapKey, { id: before.id, row });
      results[index] = { index, outcome, responseId: before.id, externalId: key };
    }
    await upsertSurveyResponseRows(
      trx,
      [...changed].map((mapKey) => {
        const { id, row } = current.get(mapKey)!;
        return { ...row!, id };
      }),
    );
    await addTimelineEntries(trx, entries);
    await emitDomainEvents(
      trx,
      [...changed].map((mapKey): NewDomainEvent => {
        const { id, row } = current.get(mapKey)!;
        return {
          type: 'survey.answered',
          workspaceId: actor.workspaceId,
          accountId: row!.account_id,
          payload: { responseId: id, kind: row!.kind, score: row!.score },
        };
      }),
    );
    return results;
  });
}

/** The account's survey answers, newest first. Anyone in the workspace may read them. */
export async function listAccountSurveyResponses(
  db: Conn,
  actor: Actor,
  accountId: string,
  options: { limit: number },
): Promise<SurveyResponse[]> {
  await getAccountOrThrow(db, actor, accountId);
  return (await findSurveyResponsesOfAccount(db, actor.workspaceId, accountId, options.limit)).map(toSurveyResponse);
}
