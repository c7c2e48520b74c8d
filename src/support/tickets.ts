import { randomUUID } from 'node:crypto';
import type { Kysely } from 'kysely';
import { findAccountsByExternalIds, getAccountOrThrow } from '../accounts/index.js';
import { automationActor, forbiddenUnlessLeader, type Actor } from '../auth/index.js';
import { findContactsByEmailsOrExternalIds } from '../contacts/index.js';
import { decodeCursorOrThrow, encodeCursor, type Page } from '../core/cursor.js';
import type { Database, TicketSource } from '../db/schema.js';
import { inTransaction } from '../db/transaction.js';
import {
  accountsGainingMatchKeys,
  emitDomainEvents,
  type DomainEventConsumer,
  type NewDomainEvent,
} from '../domain-events/index.js';
import { addTimelineEntries, type NewTimelineEntry } from '../timeline/index.js';
import {
  matchTicketAccount,
  normalizeDomain,
  ticketDomainCandidates,
  type AccountCandidate,
  type ContactCandidate,
  type TicketMatchHints,
} from './match-ticket-account.js';
import { isSolvedStatus, planTicketChange, type TicketState } from './plan-ticket-change.js';
import {
  findAccountMatchCandidates,
  findTicketPage,
  findTicketsByExternalIds,
  findTicketsOfAccountSince,
  findUnmatchedTicketsForAccounts,
  lockTicketSource,
  upsertTicketRows,
  type NewTicketRow,
  type TicketRecord,
} from './support.repository.js';
import type { Ticket, TicketPageQuery } from './support.schema.js';
import type { TicketInput, UpsertTicketResult } from './support.types.js';

type Conn = Kysely<Database>;

/** The team and kind tickets are told under on the account timeline. */
const TICKET_TIMELINE = { team: 'support', kind: 'ticket' } as const;

/** Bulk writes (imports, rematching) are a leader's or an admin's. */
export function assertLeaderOrAdmin(actor: Actor, what: string): void {
  if (actor.role !== 'admin' && actor.role !== 'leader') forbiddenUnlessLeader(what);
}

function toState(row: TicketRecord): TicketState {
  return {
    source: row.source,
    externalId: row.external_id,
    accountId: row.account_id,
    matchedBy: row.matched_by,
    matchHints: row.match_hints as TicketMatchHints,
    subject: row.subject,
    description: row.description,
    requesterEmail: row.requester_email,
    priority: row.priority,
    status: row.status,
    createdAtSource: row.created_at_source,
    updatedAtSource: row.updated_at_source,
    solvedAt: row.solved_at,
    firstResponseMinutes: row.first_response_minutes,
    csat: row.csat,
    csatComment: row.csat_comment,
    tags: row.tags,
    url: row.url,
  };
}

function toTicket(row: TicketRecord): Ticket {
  const { matchHints: _matchHints, ...state } = toState(row);
  return { id: row.id, ...state, receivedAt: row.created_at };
}

function toRow(workspaceId: string, id: string, state: TicketState): NewTicketRow {
  return {
    id,
    workspace_id: workspaceId,
    account_id: state.accountId,
    matched_by: state.matchedBy,
    match_hints: JSON.stringify(state.matchHints),
    source: state.source,
    external_id: state.externalId,
    subject: state.subject,
    description: state.description,
    requester_email: state.requesterEmail,
    priority: state.priority,
    status: state.status,
    created_at_source: state.createdAtSource,
    updated_at_source: state.updatedAtSource,
    solved_at: state.solvedAt,
    first_response_minutes: state.firstResponseMinutes,
    csat: state.csat,
    csat_comment: state.csatComment,
    tags: JSON.stringify(state.tags),
    url: state.url,
  };
}

type MatchLookup = { hints: TicketMatchHints; requesterEmail: string | null | undefined };

/** Every account and contact any of the tickets could match, in four queries for the whole batch. */
async function loadMatchCandidates(
  db: Conn,
  actor: Actor,
  lookups: MatchLookup[],
): Promise<{ accounts: AccountCandidate[]; contacts: ContactCandidate[] }> {
  const accounts = new Map<string, AccountCandidate>();
  const add = (account: { id: string; domain: string | null; externalIds: Record<string, string> }) =>
    accounts.set(account.id, account);

  const idsBySystem = new Map<string, Set<string>>();
  for (const { hints } of lookups) {
    if (!hints.externalId) continue;
    const ids = idsBySystem.get(hints.externalId.system) ?? new Set<string>();
    idsBySystem.set(hints.externalId.system, ids.add(hints.externalId.id));
  }
  for (const [system, ids] of idsBySystem) (await findAccountsByExternalIds(db, actor, system, [...ids])).forEach(add);

  const accountIds = [...new Set(lookups.flatMap(({ hints }) => (hints.accountId ? [hints.accountId] : [])))];
  const domains = [
    ...new Set(lookups.flatMap(({ hints, requesterEmail }) => ticketDomainCandidates(hints, requesterEmail))),
  ];
  for (const row of await findAccountMatchCandidates(db, actor.workspaceId, { ids: accountIds, domains })) {
    add({ id: row.id, domain: row.domain, externalIds: row.external_ids });
  }

  const emails = [
    ...new Set(lookups.flatMap(({ requesterEmail }) => (requesterEmail ? [requesterEmail.toLowerCase()] : []))),
  ];
  const contacts = emails.length
    ? (await findContactsByEmailsOrExternalIds(db, actor, { emails, system: 'email', externalIds: [] })).map((c) => ({
        accountId: c.accountId,
        email: c.email,
      }))
    : [];
  return { accounts: [...accounts.values()], contacts };
}

async function upsertTicketsOfSource(
  db: Conn,
  actor: Actor,
  source: TicketSource,
  batch: { index: number; input: TicketInput }[],
  results: UpsertTicketResult[],
) {
  await lockTicketSource(db, actor.workspaceId, source);
  const stored = new Map(
    (
      await findTicketsByExternalIds(
        db,
        actor.workspaceId,
        source,
        batch.map(({ input }) => input.externalId),
      )
    ).map((row) => [row.external_id, row]),
  );
  // Match on what is stored plus what is new: an update without the requester's email still
  // knows it from an earlier delivery.
  const lookups = batch.map(({ input }): MatchLookup => {
    const before = stored.get(input.externalId);
    return {
      hints: { ...(before?.match_hints as TicketMatchHints | undefined), ...input.match },
      requesterEmail: input.requesterEmail !== undefined ? input.requesterEmail : before?.requester_email,
    };
  });
  const candidates = await loadMatchCandidates(db, actor, lookups);

  // The state of each ticket as the batch goes along, so a ticket listed twice is applied in order.
  const current = new Map<string, { id: string; state: TicketState | null }>();
  for (const [externalId, row] of stored) current.set(externalId, { id: row.id, state: toState(row) });
  const changed = new Set<string>();
  const entries: NewTimelineEntry[] = [];
  const events: NewDomainEvent[] = [];
  batch.forEach(({ index, input }, position) => {
    const ticket = current.get(input.externalId) ?? { id: randomUUID(), state: null };
    const match = matchTicketAccount({ ...candidates, ...lookups[position]! });
    const plan = planTicketChange({ existing: ticket.state, incoming: input, match });
    current.set(input.externalId, { id: ticket.id, state: plan.next });
    if (plan.outcome !== 'unchanged') {
      changed.add(input.externalId);
      events.push(ticketEvent(actor.workspaceId, ticket.id, ticket.state, plan.next));
    }
    for (const story of plan.tell) {
      entries.push({
        workspaceId: actor.workspaceId,
        accountId: plan.next.accountId!,
        ...TICKET_TIMELINE,
        ...story,
        subjectType: 'ticket',
        subjectId: ticket.id,
      });
    }
    results[index] = {
      ticketId: ticket.id,
      externalId: input.externalId,
      outcome: plan.outcome,
      accountId: plan.next.accountId,
      matchedBy: plan.next.matchedBy,
    };
  });

  await upsertTicketRows(
    db,
    [...changed].map((externalId) => {
      const { id, state } = current.get(externalId)!;
      return toRow(actor.workspaceId, id, state!);
    }),
  );
  await addTimelineEntries(db, entries);
  await emitDomainEvents(db, events);
}

/** ticket.opened for a new ticket, ticket.solved when it turns solved or closed, ticket.updated otherwise. */
function ticketEvent(
  workspaceId: string,
  ticketId: string,
  before: TicketState | null,
  after: TicketState,
): NewDomainEvent {
  const type = !before
    ? 'ticket.opened'
    : !isSolvedStatus(before.status) && isSolvedStatus(after.status)
      ? 'ticket.solved'
      : 'ticket.updated';
  return { type, workspaceId, accountId: after.accountId, payload: { ticketId, status: after.status } };
}

/**
 * Inserts or updates tickets by (source, externalId) and tells the account timelines about
 * new tickets, tickets turning solved and CSAT ratings, all in one transaction (the caller's
 * when `db` is one). Accounts are matched per match-ticket-account.ts; a ticket no account
 * matches is kept as unmatched (`accountId: null`). Re-sending a ticket changes nothing, and
 * a snapshot older than the stored one is ignored. Leaders and admins only (bulk data).
 * Returns one result per input, in input order.
 *
 * @example
 *   const [result] = await upsertTickets(trx, actor, [{
 *     source: 'import', externalId: '4711', subject: 'Export broken', status: 'open',
 *     priority: 'high', createdAt: new Date('2025-03-01T09:00:00Z'),
 *     requesterEmail: 'jane@acme.com', match: { externalId: { system: 'salesforce', id: '001A' } },
 *   }]);
 *   result.outcome; // 'created' | 'updated' | 'unchanged'
 */
export async function upsertTickets(db: Conn, actor: Actor, inputs: TicketInput[]): Promise<UpsertTicketResult[]> {
  assertLeaderOrAdmin(actor, 'load tickets in bulk');
  if (inputs.length === 0) return [];
  const results: UpsertTicketResult[] = new Array(inputs.length);
  const bySource = new Map<TicketSource, { index: number; input: TicketInput }[]>();
  inputs.forEach((input, index) => {
    const batch = bySource.get(input.source) ?? [];
    batch.push({ index, input });
    bySource.set(input.source, batch);
  });
  await inTransaction(db, async (trx) => {
    for (const [source, batch] of bySource) await upsertTicketsOfSource(trx, actor, source, batch, results);
  });
  return results;
}

function pageOf(rows: (TicketRecord & { created_key: string })[], limit: number): Page<Ticket> {
  const page = rows.slice(0, limit);
  const last = page[page.length - 1];
  return {
    data: page.map(toTicket),
    nextCursor: rows.length > limit && last ? encodeCursor({ key: last.created_key, id: last.id }) : null,
  };
}

function afterCursor(cursor: string | undefined) {
  const decoded = cursor ? decodeCursorOrThrow(cursor) : undefined;
  return decoded?.key ? { createdAtSource: decoded.key, id: decoded.id } : undefined;
}

/**
 * The account's tickets, newest first. Anyone in the workspace may read them.
 *
 * @example
 *   const { data, nextCursor } = await listAccountTickets(db, actor, accountId, { limit: 50 });
 */
export async function listAccountTickets(
  db: Conn,
  actor: Actor,
  accountId: string,
  query: TicketPageQuery,
): Promise<Page<Ticket>> {
  await getAccountOrThrow(db, actor, accountId);
  const rows = await findTicketPage(db, {
    workspaceId: actor.workspaceId,
    accountId,
    after: afterCursor(query.cursor),
    limit: query.limit + 1,
  });
  return pageOf(rows, query.limit);
}

/** Tickets no account matched yet, newest first, so someone can add the missing account or domain. */
export async function listUnmatchedTickets(db: Conn, actor: Actor, query: TicketPageQuery): Promise<Page<Ticket>> {
  const rows = await findTicketPage(db, {
    workspaceId: actor.workspaceId,
    accountId: null,
    after: afterCursor(query.cursor),
    limit: query.limit + 1,
  });
  return pageOf(rows, query.limit);
}

/** A stored ticket sent through the upsert again: only a new match can change it. */
function storedAsInput(row: TicketRecord): TicketInput {
  const {
    accountId: _accountId,
    matchedBy: _matchedBy,
    matchHints,
    createdAtSource,
    updatedAtSource,
    ...rest
  } = toState(row);
  return { ...rest, createdAt: createdAtSource, updatedAt: updatedAtSource, match: matchHints };
}

/**
 * Runs the matching rules again over unmatched tickets (after accounts, domains or Zendesk
 * ids were added) and tells each newly matched ticket's story on its account's timeline.
 * Leaders and admins only.
 *
 * @example
 *   const { examined, matched } = await rematchUnmatchedTickets(db, actor);
 */
export async function rematchUnmatchedTickets(db: Conn, actor: Actor): Promise<{ examined: number; matched: number }> {
  assertLeaderOrAdmin(actor, 'rematch tickets');
  let examined = 0;
  let matched = 0;
  let after: { createdAtSource: string; id: string } | undefined;
  for (;;) {
    const rows = await findTicketPage(db, { workspaceId: actor.workspaceId, accountId: null, after, limit: 500 });
    if (rows.length === 0) break;
    examined += rows.length;
    matched += await rematchStoredTickets(db, actor, rows);
    const last = rows[rows.length - 1]!;
    after = { createdAtSource: last.created_key, id: last.id };
  }
  return { examined, matched };
}

/** Sends stored unmatched tickets through the upsert again; returns how many found an account. */
async function rematchStoredTickets(db: Conn, actor: Actor, rows: TicketRecord[]): Promise<number> {
  const results = await upsertTickets(db, actor, rows.map(storedAsInput));
  return results.filter((result) => result.accountId !== null).length;
}

/**
 * Attaches the unmatched tickets these new or changed accounts may be the home of (a domain,
 * an external id or an account id a ticket named), in the caller's transaction when `db` is
 * one: each lands on its account's timeline with its own times, as if it had matched on
 * arrival. Called wherever accounts are created or gain a domain or external id (API,
 * imports). The full matching rules decide, so an ambiguous domain still attaches nothing.
 * System work: the caller's role does not limit it (creating the account was the permission).
 * Returns how many tickets found an account.
 *
 * @example
 *   await attachWaitingTickets(trx, workspaceId, [account.id]);
 */
export async function attachWaitingTickets(db: Conn, workspaceId: string, accountIds: string[]): Promise<number> {
  if (accountIds.length === 0) return 0;
  return inTransaction(db, async (trx) => {
    let matched = 0;
    for (let start = 0; start < accountIds.length; start += 500) {
      const accounts = await findAccountMatchCandidates(trx, workspaceId, {
        ids: accountIds.slice(start, start + 500),
        domains: [],
      });
      const waiting = await findUnmatchedTicketsForAccounts(trx, workspaceId, {
        accountIds: accounts.map((account) => account.id),
        externalIds: accounts.flatMap((account) =>
          Object.entries(account.external_ids).map(([system, id]) => ({ system, id })),
        ),
        domains: accounts.flatMap((account) => normalizeDomain(account.domain) ?? []),
      });
      if (waiting.length)
        matched += await rematchStoredTickets(
          trx,
          automationActor(workspaceId, 'support.attach-waiting-tickets'),
          waiting,
        );
    }
    return matched;
  });
}

/**
 * Domain event consumer `support.attach-waiting-tickets`: tickets that arrived before their
 * account attach when the account is created or gains a domain or external id, whoever made
 * the change (API, import, a future sync). One attach per workspace per batch.
 */
export const waitingTicketsConsumer: DomainEventConsumer = {
  name: 'support.attach-waiting-tickets',
  eventTypes: ['account.created', 'account.updated'],
  async handle(trx, events) {
    for (const [workspaceId, accountIds] of accountsGainingMatchKeys(events)) await attachWaitingTickets(trx, workspaceId, accountIds);
  },
};

/**
 * The account's tickets opened since `since`, newest first, for health scoring and
 * playbooks (which have checked the account is in the workspace).
 *
 * @example
 *   const recent = await findRecentTickets(db, { workspaceId, accountId, since: new Date(Date.now() - 30 * 86_400_000) });
 */
export async function findRecentTickets(
  db: Conn,
  options: { workspaceId: string; accountId: string; since: Date },
): Promise<Ticket[]> {
  return (await findTicketsOfAccountSince(db, options.workspaceId, options.accountId, options.since)).map(toTicket);
}
