import { randomUUID } from 'node:crypto';
import type { Kysely } from 'kysely';
import { recordAudit, recordAudits } from '../audit/index.js';
import {
  assertCanCreateAccountsOrThrow,
  assertCanWriteAccountOrThrow,
  canWriteAccount,
  forbiddenUnlessLeader,
  type Actor,
} from '../auth/index.js';
import { systemClock } from '../core/clock.js';
import { decodeCursorOrThrow, encodeCursor } from '../core/cursor.js';
import { invalid, notFound } from '../core/errors.js';
import type { AccountUpdate, Database } from '../db/schema.js';
import { inTransaction } from '../db/transaction.js';
import { accountChanges, emitDomainEvents, type NewDomainEvent } from '../domain-events/index.js';
import { checkStageMoves, prepareStageMoveOrThrow, recordStageChanges } from '../journeys/index.js';
import type { StageChangeSource } from '../db/schema.js';
import { addTimelineEntries, addTimelineEntry, type NewTimelineEntry } from '../timeline/index.js';
import {
  assertMemberOrThrow,
  listCustomFieldDefinitions,
  mergeCustomFields,
  validateCustomFields,
} from '../workspaces/index.js';
import {
  accountExists,
  deleteAccountRow,
  findAccountById,
  findAccountMoney,
  findAccountTotals,
  findReportingCurrency,
  findAccountPage,
  findAccountsByExternalIdValues,
  findAccountsByIds,
  findAccountsInParentCycles,
  findMatchingAccountIds,
  withTrigramSearchPlan,
  insertAccount,
  insertAccounts,
  isSelfOrDescendant,
  refreshAccountRevenue,
  refreshAccountsRevenue,
  updateAccountParents,
  updateAccountRow,
  type AccountFilters,
} from './accounts.repository.js';
import { hasWriteGrant } from './account-grants.repository.js';
import { renewalWindowDays } from './renewal-window.js';
import { accountCsvHeader, accountCsvLine } from './accounts-csv.js';
import { changedSourcedFields, fieldSourceOf, recordFieldSources } from './field-sources.js';
import type { Account, AccountForViewer, AccountPage, CreateAccountInput, ListAccountsQuery, UpdateAccountInput } from './accounts.schema.js';

export * from './accounts.schema.js';
export * from './account-grants.schema.js';
export * from './saved-views.schema.js';
export { createSavedView, deleteSavedView, listSavedViews, updateSavedView } from './saved-views.js';
export { createAccountWriteGrant, deleteAccountWriteGrant, listAccountWriteGrants } from './account-grants.js';
export { CUSTOM_FIELD_SOURCE_PREFIX, findFieldsSetByPeople, SOURCED_FIELDS, type PersonSetField, type SourcedField } from './field-sources.js';

type Conn = Kysely<Database>;
/** Searches count matches exactly up to this many. */
const SEARCH_MATCH_CAP = 2000;
type AccountRecord = NonNullable<Awaited<ReturnType<typeof findAccountById>>>;

function toAccount(row: AccountRecord): Account {
  return {
    id: row.id,
    name: row.name,
    domain: row.domain,
    industry: row.industry,
    segment: row.segment,
    employeeCount: row.employee_count,
    region: row.region,
    parentId: row.parent_id,
    parentName: row.parent_name,
    ownerId: row.owner_id,
    ownerName: row.owner_name,
    lifecycleStage: row.lifecycle_stage,
    acquisitionChannel: row.acquisition_channel,
    externalIds: row.external_ids,
    customFields: row.custom_fields,
    arr: Number(row.arr),
    unratedContracts: row.unrated_contracts,
    churnReason: row.churn_reason,
    renewalDate: row.renewal_date,
    healthScore: row.health_score,
    healthBand: row.health_band,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

function accountCreatedEvent(account: Account, workspaceId: string): NewDomainEvent {
  const { name, ownerId, lifecycleStage, segment, domain, externalIds } = account;
  return { type: 'account.created', workspaceId, accountId: account.id, payload: { name, ownerId, lifecycleStage, segment, domain, externalIds } };
}

/** `account.updated` with the tracked fields that changed; none when nothing tracked changed. */
function accountUpdatedEvents(pairs: { before: Account; after: Account }[], workspaceId: string): NewDomainEvent[] {
  return pairs.flatMap(({ before, after }) => {
    const changed = accountChanges(before, after);
    return changed ? [{ type: 'account.updated' as const, workspaceId, accountId: after.id, payload: { changed } }] : [];
  });
}

/** The account as stored, or NotFound when it is not in the actor's workspace. */
export async function getAccountOrThrow(db: Conn, actor: Actor, accountId: string): Promise<Account> {
  const row = await findAccountById(db, actor.workspaceId, accountId);
  if (!row) throw notFound('Account', accountId);
  return toAccount(row);
}

/** The owner and grants part of the write rules; grants are only looked up when they can matter. */
async function writeRuleInput(db: Conn, actor: Actor, account: Account, now: Date) {
  const mayNeedGrant = actor.role === 'csm' && actor.userId !== null && account.ownerId !== actor.userId;
  const grantedToActor =
    mayNeedGrant &&
    (await hasWriteGrant(db, {
      workspaceId: actor.workspaceId,
      granteeId: actor.userId!,
      accountId: account.id,
      ownerId: account.ownerId,
      now,
    }));
  return { owner_id: account.ownerId, grantedToActor };
}

/** Like getAccountOrThrow, and also checks the actor may change this account (a cover grant counts while it runs at `now`). */
export async function getAccountForWriteOrThrow(db: Conn, actor: Actor, accountId: string, now: Date = systemClock.now()): Promise<Account> {
  const account = await getAccountOrThrow(db, actor, accountId);
  assertCanWriteAccountOrThrow(actor, await writeRuleInput(db, actor, account, now));
  return account;
}

/** The account page's read: the account and whether this caller may change it (so screens offer only what works). */
export async function getAccountForViewerOrThrow(db: Conn, actor: Actor, accountId: string, now: Date = systemClock.now()): Promise<AccountForViewer> {
  const account = await getAccountOrThrow(db, actor, accountId);
  const money = await findAccountMoney(db, actor.workspaceId, accountId);
  return { ...account, ...money, // While an admin views as a member every write is refused, so the account offers none.
    viewerCanWrite: !actor.viewedBy && canWriteAccount(actor, await writeRuleInput(db, actor, account, now)),
  };
}

function parseExternalIdFilter(text: string): { system: string; id: string } {
  const separator = text.indexOf(':');
  if (separator <= 0 || separator === text.length - 1) {
    throw invalid('externalId must look like system:id, e.g. salesforce:0015g00000XyZ.', [
      { path: 'query.externalId', message: 'must be system:id' },
    ]);
  }
  return { system: text.slice(0, separator), id: text.slice(separator + 1) };
}

/** The repository filters a list query asks for (the book filters resolved against `now`). */
function listFilters(actor: Actor, query: Omit<ListAccountsQuery, 'sort' | 'order' | 'limit'>, now: Date): AccountFilters {
  const renewal = query.renewsWithin ? renewalWindowDays(query.renewsWithin, now.toISOString().slice(0, 10)) : {};
  return {
    workspaceId: actor.workspaceId,
    q: query.q || undefined,
    segment: query.segment,
    ownerId: query.ownerId === 'me' ? (actor.userId ?? undefined) : query.ownerId === 'none' ? null : query.ownerId,
    lifecycleStage: query.lifecycleStage,
    region: query.region,
    industry: query.industry,
    parentId: query.parentId,
    healthBand: query.healthBand,
    externalId: query.externalId ? parseExternalIdFilter(query.externalId) : undefined,
    excludeChurned: !query.includeChurned,
    renewsFrom: latest(renewal.from, query.renewsFrom),
    renewsTo: earliest(renewal.to, query.renewsTo),
  };
}

const EXPORT_PAGE = 500;

/**
 * The accounts a list query matches, every page of them, as CSV lines (header first), for
 * `GET /api/accounts.csv`. Pages are read one at a time in keyset order, so a 100,000-account
 * export streams without holding the list in memory. ARR is in the reporting currency.
 *
 * @example
 *   for await (const line of exportAccountsCsv(db, actor, { includeChurned: false, sort: 'name', order: 'asc' }, now)) out.write(line);
 */
export async function* exportAccountsCsv(
  db: Conn,
  actor: Actor,
  query: Omit<ListAccountsQuery, 'limit' | 'cursor'>,
  now: Date,
): AsyncGenerator<string> {
  const filters = listFilters(actor, query, now);
  const currency = await findReportingCurrency(db, actor.workspaceId);
  yield accountCsvHeader();
  let after: { key: string; id: string } | undefined;
  for (;;) {
    const rows = await findAccountPage(db, { ...filters, sort: query.sort, order: query.order, limit: EXPORT_PAGE, after });
    for (const row of rows) {
      yield accountCsvLine({
        id: row.id,
        name: row.name,
        domain: row.domain,
        owner: row.owner_name,
        segment: row.segment,
        lifecycle_stage: row.lifecycle_stage,
        arr: Number(row.arr),
        currency,
        contracts_without_rate: row.unrated_contracts,
        renewal_date: row.renewal_date,
        churn_reason: row.churn_reason,
      });
    }
    const last = rows[rows.length - 1];
    if (rows.length < EXPORT_PAGE || !last) return;
    after = { key: last.sort_key, id: last.id };
  }
}

/** Keyset-paged, filtered and sorted list, plus the total matching the filters. */
export async function listAccounts(
  db: Conn,
  actor: Actor,
  query: ListAccountsQuery,
  now: Date,
): Promise<AccountPage> {
  const filters = listFilters(actor, query, now);
  const cursor = query.cursor ? decodeCursorOrThrow(query.cursor) : undefined;
  const pageOf = (conn: Conn, scope: AccountFilters) =>
    findAccountPage(conn, {
      ...scope,
      sort: query.sort,
      order: query.order,
      limit: query.limit + 1,
      after: cursor && cursor.key !== null ? { key: cursor.key, id: cursor.id } : undefined,
    });

  let rows: Awaited<ReturnType<typeof findAccountPage>>;
  let total: number;
  let totals: AccountPage['totals'];
  let totalIsLowerBound = false;
  if (filters.q) {
    // A search finds its matches first (fast through the trigram index) and sorts only those.
    // A term matching more than SEARCH_MATCH_CAP accounts is common enough that walking the
    // list in order finds a page early; its total shows as "2,000+".
    const search = await withTrigramSearchPlan(db, filters.q, async (trx) => {
      const ids = await findMatchingAccountIds(trx, { ...filters, limit: SEARCH_MATCH_CAP + 1 });
      if (ids.length > SEARCH_MATCH_CAP) return { ids, rows: null };
      return { ids, rows: await pageOf(trx, { workspaceId: actor.workspaceId, ids }) };
    });
    totalIsLowerBound = search.rows === null;
    total = Math.min(search.ids.length, SEARCH_MATCH_CAP);
    rows = search.rows ?? (await pageOf(db, filters));
    totals = await findAccountTotals(db, { workspaceId: actor.workspaceId, ids: search.ids.slice(0, SEARCH_MATCH_CAP) });
  } else {
    [rows, totals] = await Promise.all([pageOf(db, filters), findAccountTotals(db, filters)]);
    total = totals.accounts;
  }
  const page = rows.slice(0, query.limit);
  const last = page[page.length - 1];
  return {
    data: page.map(toAccount),
    nextCursor: rows.length > query.limit && last ? encodeCursor({ key: last.sort_key, id: last.id }) : null,
    total,
    totalIsLowerBound,
    totals,
  };
}

const latest = (a: string | undefined, b: string | undefined) => (a && b ? (a > b ? a : b) : (a ?? b));
const earliest = (a: string | undefined, b: string | undefined) => (a && b ? (a < b ? a : b) : (a ?? b));

async function checkReferencesOrThrow(
  db: Conn,
  actor: Actor,
  input: UpdateAccountInput,
  accountId: string | undefined,
): Promise<void> {
  if (input.ownerId) await assertMemberOrThrow(db, actor.workspaceId, input.ownerId, 'ownerId');
  if (input.parentId) {
    if (!(await accountExists(db, actor.workspaceId, input.parentId))) {
      throw invalid('The parent account does not exist in this workspace.', [{ path: 'parentId', message: 'not found' }]);
    }
    if (accountId && (await isSelfOrDescendant(db, actor.workspaceId, accountId, input.parentId))) {
      throw invalid('An account cannot be its own parent or the parent of its parent.', [
        { path: 'parentId', message: 'would make a cycle' },
      ]);
    }
  }
  if (input.customFields) {
    const issues = validateCustomFields(await listCustomFieldDefinitions(db, actor.workspaceId), input.customFields);
    if (issues.length) throw invalid(`Invalid custom fields: ${issues.map((i) => `${i.path} ${i.message}`).join('; ')}`, issues);
  }
}

function columnsFrom(input: UpdateAccountInput): AccountUpdate {
  const columns: AccountUpdate = {};
  if (input.name !== undefined) columns.name = input.name;
  if (input.domain !== undefined) columns.domain = input.domain?.toLowerCase() ?? null;
  if (input.industry !== undefined) columns.industry = input.industry ?? null;
  if (input.segment !== undefined) columns.segment = input.segment ?? null;
  if (input.employeeCount !== undefined) columns.employee_count = input.employeeCount ?? null;
  if (input.region !== undefined) columns.region = input.region ?? null;
  if (input.parentId !== undefined) columns.parent_id = input.parentId ?? null;
  if (input.ownerId !== undefined) columns.owner_id = input.ownerId ?? null;
  if (input.lifecycleStage !== undefined) columns.lifecycle_stage = input.lifecycleStage ?? null;
  if (input.acquisitionChannel !== undefined) columns.acquisition_channel = input.acquisitionChannel ?? null;
  if (input.churnReason !== undefined) columns.churn_reason = input.churnReason ?? null;
  if (input.externalIds !== undefined) columns.external_ids = JSON.stringify(input.externalIds);
  return columns;
}

function accountCreatedEntry(actor: Actor, account: Account): NewTimelineEntry {
  return {
    workspaceId: actor.workspaceId,
    accountId: account.id,
    kind: 'account_created',
    title: `Account ${account.name} created`,
    actorUserId: actor.userId,
    subjectType: 'account',
    subjectId: account.id,
  };
}

/** How a stage change came about, for the journey's history (PATCH /api/accounts by default). */
export type StageChangeContext = { reason?: string | null; source?: StageChangeSource; now?: Date };

export async function createAccount(db: Conn, actor: Actor, input: CreateAccountInput, stageContext: StageChangeContext = {}): Promise<Account> {
  assertCanCreateAccountsOrThrow(actor);
  // A CSM's new account lands in their own book; only leaders and admins assign others.
  const ownerId = actor.role === 'csm' ? (input.ownerId ?? actor.userId) : (input.ownerId ?? null);
  if (actor.role === 'csm' && ownerId !== actor.userId) forbiddenUnlessLeader('assign accounts to another CSM');
  await checkReferencesOrThrow(db, actor, input, undefined);
  return inTransaction(db, async (trx) => {
    const move = input.lifecycleStage
      ? await prepareStageMoveOrThrow(trx, actor.workspaceId, { accountId: null, accountName: input.name, from: null, to: input.lifecycleStage, ownerId })
      : null;
    const { id } = await insertAccount(trx, {
      ...columnsFrom({ ...input, ownerId, ...(move ? { lifecycleStage: move.stage } : {}) }),
      name: input.name,
      workspace_id: actor.workspaceId,
      external_ids: JSON.stringify(input.externalIds ?? {}),
      custom_fields: JSON.stringify(mergeCustomFields({}, input.customFields ?? {})),
    });
    const account = toAccount((await findAccountById(trx, actor.workspaceId, id))!);
    await recordAudit(trx, actor, { action: 'create', entityType: 'account', entityId: id, after: account });
    if (account.lifecycleStage) await recordStageChanges(trx, actor, [{ accountId: id, from: null, to: account.lifecycleStage, reason: 'Account created', source: stageContext.source ?? 'api' }], stageContext.now ?? systemClock.now());
    await addTimelineEntry(trx, accountCreatedEntry(actor, account));
    await emitDomainEvents(trx, [accountCreatedEvent(account, actor.workspaceId)]);
    return account;
  });
}

/**
 * Changes an account. A new `lifecycleStage` passes the journey's check first — it must name a
 * stage, and the stage's gate must find the facts it asks for (409 naming what is missing) —
 * and the change is recorded in the journey's history in the same transaction. Every way of
 * moving a stage (PATCH, the journey API, imports, playbooks, auto-advance) comes through here.
 */
export async function updateAccount(
  db: Conn,
  actor: Actor,
  accountId: string,
  input: UpdateAccountInput,
  stageContext: StageChangeContext = {},
): Promise<Account> {
  const now = stageContext.now ?? systemClock.now();
  const before = await getAccountForWriteOrThrow(db, actor, accountId, now);
  // Handing one's own account to a colleague is a normal hand-off; every other reassignment is a
  // leader's call — including a CSM taking an account they may write only through a grant, which
  // would otherwise outlive the grant.
  if (actor.role === 'csm' && input.ownerId !== undefined && input.ownerId !== before.ownerId && before.ownerId !== actor.userId) {
    forbiddenUnlessLeader('reassign accounts');
  }
  await checkReferencesOrThrow(db, actor, input, accountId);
  return inTransaction(db, async (trx) => {
    const move =
      input.lifecycleStage !== undefined
        ? await prepareStageMoveOrThrow(trx, actor.workspaceId, {
            accountId,
            accountName: before.name,
            from: before.lifecycleStage,
            to: input.lifecycleStage ?? null,
            ownerId: input.ownerId !== undefined ? (input.ownerId ?? null) : before.ownerId,
          })
        : null;
    const columns = columnsFrom(move ? { ...input, lifecycleStage: move.stage } : input);
    if (input.customFields) columns.custom_fields = JSON.stringify(mergeCustomFields(before.customFields, input.customFields));
    await updateAccountRow(trx, actor.workspaceId, accountId, { ...columns, updated_at: now });
    const after = toAccount((await findAccountById(trx, actor.workspaceId, accountId))!);
    await recordAudit(trx, actor, { action: 'update', entityType: 'account', entityId: accountId, before, after });
    // Who set each changed field, so an import keeps what a person chose (imports/write-accounts.ts).
    await recordFieldSources(trx, actor, accountId, changedSourcedFields(before, after), fieldSourceOf(actor, stageContext.source), now);
    await emitDomainEvents(trx, accountUpdatedEvents([{ before, after }], actor.workspaceId));
    if (before.ownerId !== after.ownerId) {
      await addTimelineEntry(trx, {
        workspaceId: actor.workspaceId,
        accountId,
        kind: 'owner_changed',
        title: `Owner changed from ${before.ownerName ?? 'nobody'} to ${after.ownerName ?? 'nobody'}`,
        actorUserId: actor.userId,
        subjectType: 'account',
        subjectId: accountId,
      });
    }
    if (before.lifecycleStage !== after.lifecycleStage) {
      const change = { accountId, from: before.lifecycleStage, to: after.lifecycleStage, reason: stageContext.reason ?? null, source: stageContext.source ?? 'api' };
      await recordStageChanges(trx, actor, [change], now);
      await addTimelineEntry(trx, {
        workspaceId: actor.workspaceId,
        accountId,
        kind: 'stage_changed',
        title: `Lifecycle stage: ${before.lifecycleStage ?? 'none'} → ${after.lifecycleStage ?? 'none'}`,
        actorUserId: actor.userId,
        subjectType: 'account',
        subjectId: accountId,
      });
    }
    return after;
  });
}

/** Deleting removes contacts, contracts, notes and tasks with it, so it is a leader's or admin's call. */
export async function deleteAccount(db: Conn, actor: Actor, accountId: string): Promise<void> {
  const before = await getAccountOrThrow(db, actor, accountId);
  if (actor.role !== 'admin' && actor.role !== 'leader') forbiddenUnlessLeader('delete accounts');
  await inTransaction(db, async (trx) => {
    await deleteAccountRow(trx, actor.workspaceId, accountId);
    await recordAudit(trx, actor, { action: 'delete', entityType: 'account', entityId: accountId, before });
  });
}

/**
 * Recomputes the cached ARR of every account with an active contract in `currency` (or of
 * all the workspace's accounts), after its exchange rates or the reporting currency changed.
 * No ARR movement is booked: a rate is not a customer buying more or less.
 */
export async function refreshAccountsRevenueAfterRateChange(db: Conn, workspaceId: string, scope: { currency: string } | { all: true }): Promise<number> {
  return (await refreshAccountsRevenue(db, workspaceId, scope)).size;
}

/** Called by the subscriptions module after any contract change; returns the new ARR. */
export async function refreshAccountRevenueFromContracts(db: Conn, workspaceId: string, accountId: string): Promise<number> {
  return refreshAccountRevenue(db, workspaceId, accountId);
}

/**
 * The accounts that carry one of `ids` as their id in CRM `system`, so an import can match
 * its rows to accounts. Anyone in the workspace may read them.
 *
 * @example
 *   const known = await findAccountsByExternalIds(db, actor, 'salesforce', ['0015g00000AbC']);
 */
export async function findAccountsByExternalIds(db: Conn, actor: Actor, system: string, ids: string[]): Promise<Account[]> {
  return (await findAccountsByExternalIdValues(db, actor.workspaceId, system, ids)).map(toAccount);
}

/**
 * Creates many accounts with one multi-row insert (imports), each audited and told on its
 * timeline as createAccount does, in the caller's transaction when given one. Leaders and
 * admins only, since they assign owners; returns the accounts in input order.
 *
 * @example
 *   const [globex] = await createAccountsInBulk(trx, actor, [{ name: 'Globex', externalIds: { salesforce: '001A' } }]);
 */
export async function createAccountsInBulk(db: Conn, actor: Actor, inputs: CreateAccountInput[], now: Date = systemClock.now()): Promise<Account[]> {
  if (actor.role !== 'admin' && actor.role !== 'leader') forbiddenUnlessLeader('create accounts in bulk');
  if (inputs.length === 0) return [];
  return inTransaction(db, async (trx) => {
    const definitions = await listCustomFieldDefinitions(trx, actor.workspaceId);
    for (const ownerId of new Set(inputs.flatMap((input) => (input.ownerId ? [input.ownerId] : [])))) {
      await assertMemberOrThrow(trx, actor.workspaceId, ownerId, 'ownerId');
    }
    for (const parentId of new Set(inputs.flatMap((input) => (input.parentId ? [input.parentId] : [])))) {
      await checkReferencesOrThrow(trx, actor, { parentId }, undefined);
    }
    const stages = await checkStageMoves(
      trx,
      actor.workspaceId,
      inputs.map((input) => ({ accountId: null, accountName: input.name, from: null, to: input.lifecycleStage ?? null, ownerId: input.ownerId ?? null })),
    );
    const rows = inputs.map((input, index) => {
      const issues = validateCustomFields(definitions, input.customFields ?? {});
      if (issues.length) throw invalid(`Invalid custom fields: ${issues.map((i) => `${i.path} ${i.message}`).join('; ')}`, issues);
      const stage = stages[index]!;
      if (!stage.ok) throw invalid(`${input.name}: ${stage.reason}`, [{ path: 'lifecycleStage', message: stage.reason }]);
      return {
        ...columnsFrom({ ...input, lifecycleStage: stage.stage }),
        id: randomUUID(),
        name: input.name,
        workspace_id: actor.workspaceId,
        external_ids: JSON.stringify(input.externalIds ?? {}),
        custom_fields: JSON.stringify(mergeCustomFields({}, input.customFields ?? {})),
      };
    });
    await insertAccounts(trx, rows);
    const byId = new Map((await findAccountsByIds(trx, actor.workspaceId, rows.map((row) => row.id))).map((row) => [row.id, toAccount(row)]));
    const accounts = rows.map((row) => byId.get(row.id)!);
    await recordAudits(trx, actor, accounts.map((account) => ({ action: 'create', entityType: 'account', entityId: account.id, after: account })));
    const staged = accounts.filter((account) => account.lifecycleStage);
    await recordStageChanges(trx, actor, staged.map((a) => ({ accountId: a.id, from: null, to: a.lifecycleStage, reason: 'Account created', source: 'import' as const })), now);
    await addTimelineEntries(trx, accounts.map((account) => accountCreatedEntry(actor, account)));
    await emitDomainEvents(trx, accounts.map((account) => accountCreatedEvent(account, actor.workspaceId)));
    return accounts;
  });
}

/**
 * Sets the parents of many accounts in one statement (imports), each change audited as
 * updateAccount audits it, in the caller's transaction when given one. Refuses the whole
 * batch when a parent is not in the workspace or a link would make a cycle, so the caller
 * can retry link by link with updateAccount to find the culprit. Leaders and admins only.
 */
export async function setAccountParentsInBulk(db: Conn, actor: Actor, links: { accountId: string; parentId: string | null }[]): Promise<void> {
  if (actor.role !== 'admin' && actor.role !== 'leader') forbiddenUnlessLeader('link accounts in bulk');
  if (links.length === 0) return;
  await inTransaction(db, async (trx) => {
    const accountIds = links.map((link) => link.accountId);
    const parentIds = [...new Set(links.flatMap((link) => (link.parentId ? [link.parentId] : [])))];
    if ((await findAccountsByIds(trx, actor.workspaceId, parentIds)).length !== parentIds.length) {
      throw invalid('A parent account does not exist in this workspace.', [{ path: 'parentId', message: 'not found' }]);
    }
    const before = (await findAccountsByIds(trx, actor.workspaceId, accountIds)).map(toAccount);
    await updateAccountParents(trx, actor.workspaceId, links);
    if ((await findAccountsInParentCycles(trx, actor.workspaceId, accountIds)).length) {
      throw invalid('An account cannot be its own parent or the parent of its parent.', [{ path: 'parentId', message: 'would make a cycle' }]);
    }
    const after = new Map((await findAccountsByIds(trx, actor.workspaceId, accountIds)).map((row) => [row.id, toAccount(row)]));
    await recordAudits(trx, actor, before.map((account) => ({ action: 'update', entityType: 'account', entityId: account.id, before: account, after: after.get(account.id) })));
    await emitDomainEvents(trx, accountUpdatedEvents(before.map((account) => ({ before: account, after: after.get(account.id)! })), actor.workspaceId));
  });
}
