import type { Kysely } from 'kysely';
import { getAccountForWriteOrThrow, getAccountOrThrow } from '../accounts/index.js';
import { recordAudit } from '../audit/index.js';
import { forbiddenUnlessLeader, type Actor } from '../auth/index.js';
import { decodeCursorOrThrow, encodeCursor, type Page } from '../core/cursor.js';
import { systemClock, type Clock } from '../core/clock.js';
import { notFound } from '../core/errors.js';
import type { Database } from '../db/schema.js';
import { inTransaction } from '../db/transaction.js';
import { addTimelineEntries, addTimelineEntry, removeTimelineEntriesOf, rewordTimelineEntriesOf, timelineTone } from '../timeline/index.js';
import { emitDomainEvents } from '../domain-events/index.js';
import { SIGNAL_TIMELINE, signalTimelineBody, signalTimelineTitle } from './signal-timeline-entry.js';
import {
  deleteSignalRow,
  findSignalById,
  findSignalPage,
  findSignalsSince,
  insertSignal,
  insertSignalRows,
  updateSignalRow,
  type NewSignalRow,
  type SignalRecord,
  type SignalRowUpdate,
} from './signals.repository.js';
import type { CreateSignalInput, Signal, SignalPageQuery, UpdateSignalInput } from './signals.schema.js';

export * from './signals.schema.js';
export { SIGNAL_TIMELINE } from './signal-timeline-entry.js';

type Conn = Kysely<Database>;

function toSignal(row: SignalRecord): Signal {
  return {
    id: row.id,
    accountId: row.account_id,
    type: row.type,
    title: row.title,
    text: row.text,
    sourceUrl: row.source_url,
    occurredAt: row.occurred_at,
    createdBy: row.created_by,
    createdByName: row.created_by_name,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

/** One outside fact for a bulk load: the account is the caller's to check, the time is given. */
export type SignalRecordInput = Omit<CreateSignalInput, 'occurredAt'> & { occurredAt: Date };

function toSignalRow(actor: Actor, input: SignalRecordInput): NewSignalRow {
  return {
    workspace_id: actor.workspaceId,
    account_id: input.accountId,
    type: input.type,
    title: input.title,
    text: input.text || null,
    source_url: input.sourceUrl ?? null,
    occurred_at: input.occurredAt,
    created_by: actor.userId,
  };
}

/** One signal of the caller's workspace, or NotFound. */
export async function getSignalOrThrow(db: Conn, actor: Actor, signalId: string): Promise<Signal> {
  const row = await findSignalById(db, actor.workspaceId, signalId);
  if (!row) throw notFound('Signal', signalId);
  return toSignal(row);
}

/**
 * Records an outside fact about a customer (news, funding, a leadership change, a vendor
 * review…), audited and told on the account's timeline in one transaction. Needs write
 * access to the account: a CSM for its own book, leaders and admins for all.
 *
 * @example
 *   await createSignal(db, actor, { accountId, type: 'vendor_review', title: 'New CEO announces a review of all vendors',
 *     sourceUrl: 'https://news.example/acme-ceo' }, new Date());
 */
export async function createSignal(db: Conn, actor: Actor, input: CreateSignalInput, now: Date): Promise<Signal> {
  await getAccountForWriteOrThrow(db, actor, input.accountId, now);
  return inTransaction(db, async (trx) => {
    const { id } = await insertSignal(trx, toSignalRow(actor, { ...input, occurredAt: input.occurredAt ? new Date(input.occurredAt) : now }));
    const signal = await getSignalOrThrow(trx, actor, id);
    await recordAudit(trx, actor, { action: 'create', entityType: 'signal', entityId: id, after: signal });
    await addTimelineEntry(trx, {
      workspaceId: actor.workspaceId,
      accountId: signal.accountId,
      ...SIGNAL_TIMELINE,
      title: signalTimelineTitle(signal.type, signal.title),
      tone: timelineTone({ of: 'signal', type: signal.type }),
      body: signalTimelineBody(signal.text, signal.sourceUrl),
      actorUserId: actor.userId,
      subjectType: 'signal',
      subjectId: id,
      occurredAt: signal.occurredAt,
    });
    await emitDomainEvents(trx, [
      { type: 'signal.recorded', workspaceId: actor.workspaceId, accountId: signal.accountId, payload: { signalId: id, kind: signal.type } },
    ]);
    return signal;
  });
}

/**
 * The account's signals, newest first (by when they happened). Anyone in the workspace may read them.
 *
 * @example
 *   const { data } = await listAccountSignals(db, actor, accountId, { limit: 50 });
 */
export async function listAccountSignals(
  db: Conn,
  actor: Actor,
  accountId: string,
  query: SignalPageQuery,
): Promise<Page<Signal>> {
  await getAccountOrThrow(db, actor, accountId);
  const cursor = query.cursor ? decodeCursorOrThrow(query.cursor) : undefined;
  const rows = await findSignalPage(db, {
    workspaceId: actor.workspaceId,
    accountId,
    after: cursor?.key ? { occurredAt: cursor.key, id: cursor.id } : undefined,
    limit: query.limit + 1,
  });
  const page = rows.slice(0, query.limit);
  const last = page[page.length - 1];
  return {
    data: page.map(toSignal),
    nextCursor: rows.length > query.limit && last ? encodeCursor({ key: last.occurred_key, id: last.id }) : null,
  };
}

/** Corrects a signal (needs write access to its account); the timeline shows the new wording. */
export async function updateSignal(
  db: Conn,
  actor: Actor,
  signalId: string,
  input: UpdateSignalInput,
  clock: Clock = systemClock,
): Promise<Signal> {
  const before = await getSignalOrThrow(db, actor, signalId);
  const now = clock.now();
  await getAccountForWriteOrThrow(db, actor, before.accountId, now);
  return inTransaction(db, async (trx) => {
    const columns: SignalRowUpdate = { updated_at: now };
    if (input.type !== undefined) columns.type = input.type;
    if (input.title !== undefined) columns.title = input.title;
    if (input.text !== undefined) columns.text = input.text || null;
    if (input.sourceUrl !== undefined) columns.source_url = input.sourceUrl ?? null;
    await updateSignalRow(trx, actor.workspaceId, signalId, columns);
    const after = await getSignalOrThrow(trx, actor, signalId);
    await recordAudit(trx, actor, { action: 'update', entityType: 'signal', entityId: signalId, before, after });
    await rewordTimelineEntriesOf(
      trx,
      { workspaceId: actor.workspaceId, subjectType: 'signal', subjectId: signalId },
      {
        title: signalTimelineTitle(after.type, after.title),
        body: signalTimelineBody(after.text, after.sourceUrl),
        tone: timelineTone({ of: 'signal', type: after.type }),
      },
    );
    return after;
  });
}

/** Removes a signal recorded in error (needs write access to its account), and its timeline entry. */
export async function deleteSignal(db: Conn, actor: Actor, signalId: string): Promise<void> {
  const before = await getSignalOrThrow(db, actor, signalId);
  await getAccountForWriteOrThrow(db, actor, before.accountId);
  await inTransaction(db, async (trx) => {
    await deleteSignalRow(trx, actor.workspaceId, signalId);
    await removeTimelineEntriesOf(trx, { workspaceId: actor.workspaceId, subjectType: 'signal', subjectId: signalId });
    await recordAudit(trx, actor, { action: 'delete', entityType: 'signal', entityId: signalId, before });
  });
}

/**
 * The account's signals that happened since `since`, newest first, for health scores and
 * playbook rules (e.g. "a vendor review in the last 90 days"). The caller has checked the
 * account is in the workspace.
 *
 * @example
 *   const recent = await findRecentSignals(db, { workspaceId, accountId, since: new Date(Date.now() - 90 * 86_400_000) });
 *   const underReview = recent.some((signal) => signal.type === 'vendor_review');
 */
export async function findRecentSignals(
  db: Conn,
  options: { workspaceId: string; accountId: string; since: Date },
): Promise<Signal[]> {
  return (await findSignalsSince(db, options.workspaceId, options.accountId, options.since)).map(toSignal);
}


/**
 * Stores many signals and their timeline entries in two statements (bulk loaders such as
 * the demo world), in the caller's transaction when `db` is one. Not audited one by one,
 * like other bulk loads. Leaders and admins only; the caller has checked the accounts are
 * in the workspace.
 *
 * @example
 *   await recordSignals(trx, actor, [{ accountId, type: 'funding', title: 'Raises a Series C', occurredAt: new Date('2026-03-01') }]);
 */
export async function recordSignals(db: Conn, actor: Actor, inputs: SignalRecordInput[]): Promise<void> {
  if (actor.role !== 'admin' && actor.role !== 'leader') forbiddenUnlessLeader('load signals in bulk');
  if (inputs.length === 0) return;
  await inTransaction(db, async (trx) => {
    const ids = await insertSignalRows(trx, inputs.map((input) => toSignalRow(actor, input)));
    await addTimelineEntries(
      trx,
      inputs.map((input, index) => ({
        workspaceId: actor.workspaceId,
        accountId: input.accountId,
        ...SIGNAL_TIMELINE,
        title: signalTimelineTitle(input.type, input.title),
        tone: timelineTone({ of: 'signal', type: input.type }),
        body: signalTimelineBody(input.text || null, input.sourceUrl ?? null),
        actorUserId: actor.userId,
        subjectType: 'signal',
        subjectId: ids[index]!,
        occurredAt: input.occurredAt,
      })),
    );
    await emitDomainEvents(
      trx,
      inputs.map((input, index) => ({
        type: 'signal.recorded' as const,
        workspaceId: actor.workspaceId,
        accountId: input.accountId,
        payload: { signalId: ids[index]!, kind: input.type },
      })),
    );
  });
}
