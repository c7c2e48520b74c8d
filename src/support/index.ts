import { randomUUID } from 'node:crypto';
import type { Kysely } from 'kysely';
import { findAccountsByExternalIds, getAccountOrThrow } from '../accounts/index.js';
import { recordAudit } from '../audit/index.js';
import {
  assertCanAdministerOrThrow,
  automationActor,
  forbiddenUnlessLeader,
  newSecret,
  type Actor,
} from '../auth/index.js';
import { findContactsByEmailsOrExternalIds } from '../contacts/index.js';
import { decodeCursorOrThrow, encodeCursor, type Page } from '../core/cursor.js';
import { AppError, conflict, invalid, notFound } from '../core/errors.js';
import type { SecretBox } from '../core/secret-box.js';
import type { Database, TicketSource, WebhookKind } from '../db/schema.js';
import { inTransaction } from '../db/transaction.js';
import { emitDomainEvents, eventsOfType, type DomainEventConsumer, type NewDomainEvent } from '../domain-events/index.js';
import { addTimelineEntries, timelineTone, type NewTimelineEntry } from '../timeline/index.js';
import {
  matchTicketAccount,
  normalizeDomain,
  ticketDomainCandidates,
  type AccountCandidate,
  type ContactCandidate,
  type TicketMatchHints,
} from './match-ticket-account.js';
import { normalizeTicketPayload } from './normalize-ticket-payload.js';
import { isSolvedStatus, planTicketChange, type TicketState } from './plan-ticket-change.js';
import {
  countLiveWebhookSecrets,
  findAccountMatchCandidates,
  findExistingAccountsAndContacts,
  findClearWebhookSecrets,
  findLiveWebhookSecrets,
  findSealedWebhookSecretSample,
  findSurveyResponsesByKeys,
  findSurveyResponsesOfAccount,
  findTicketPage,
  findTicketsByExternalIds,
  findTicketsOfAccountSince,
  findUnmatchedTicketsForAccounts,
  findWebhookSecretList,
  insertWebhookSecret,
  replaceWebhookSecretValue,
  lockTicketSource,
  revokeWebhookSecretRow,
  touchWebhookSecret,
  upsertSurveyResponseRows,
  upsertTicketRows,
  type NewSurveyResponseRow,
  type NewTicketRow,
  type SurveyResponseRecord,
  type TicketRecord,
} from './support.repository.js';
import type {
  CreateWebhookSecretInput,
  SurveyResponse,
  Ticket,
  TicketPageQuery,
  WebhookReceipt,
  WebhookSecret,
} from './support.schema.js';
import type { SurveyResponseInput, SurveyResponseResult, TicketInput, UpsertTicketResult } from './support.types.js';
import { surveyResponseKey, surveyScoreProblem, surveyTitle } from './survey-responses.js';
import {
  BOOMERANG_SIGNATURE_HEADER,
  verifyWebhookSignature,
  ZENDESK_SIGNATURE_HEADER,
  type WebhookHeaders,
} from './webhook-signature.js';

export * from './support.schema.js';
export * from './support.types.js';
export { signGeneric, signZendesk } from './webhook-signature.js';
/** The generic webhook's body, as the help desk sends it (documented input; the fuzz test derives payloads from it). */
export { genericTicketPayloadSchema, normalizeZendeskApiTicket } from './normalize-ticket-payload.js';

type Conn = Kysely<Database>;

/** The team and kind tickets are told under on the account timeline. */
const TICKET_TIMELINE = { team: 'support', kind: 'ticket' } as const;
const SURVEY_TIMELINE = { team: 'customer_success', kind: 'survey' } as const;
/** Enough for rotation (old + new) with room to spare; each delivery tries every live secret. */
const MAX_LIVE_SECRETS_PER_KIND = 5;

function assertLeaderOrAdmin(actor: Actor, what: string): void {
  if (actor.role !== 'admin' && actor.role !== 'leader') forbiddenUnlessLeader(what);
}

// ---------------------------------------------------------------- tickets

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
function ticketEvent(workspaceId: string, ticketId: string, before: TicketState | null, after: TicketState): NewDomainEvent {
  const type = !before ? 'ticket.opened' : !isSolvedStatus(before.status) && isSolvedStatus(after.status) ? 'ticket.solved' : 'ticket.updated';
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
      if (waiting.length) matched += await rematchStoredTickets(trx, automationActor(workspaceId, 'support.attach-waiting-tickets'), waiting);
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
    const byWorkspace = new Map<string, Set<string>>();
    const relevant = [
      ...eventsOfType(events, 'account.created'),
      ...eventsOfType(events, 'account.updated').filter(
        (event) => event.payload.changed.domain !== undefined || event.payload.changed.externalIds !== undefined,
      ),
    ];
    for (const event of relevant) {
      if (!event.accountId) continue;
      const accounts = byWorkspace.get(event.workspaceId) ?? new Set<string>();
      accounts.add(event.accountId);
      byWorkspace.set(event.workspaceId, accounts);
    }
    for (const [workspaceId, accountIds] of byWorkspace) await attachWaitingTickets(trx, workspaceId, [...accountIds]);
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

// ---------------------------------------------------------------- survey responses

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
        return { type: 'survey.answered', workspaceId: actor.workspaceId, accountId: row!.account_id, payload: { responseId: id, kind: row!.kind, score: row!.score } };
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

// ---------------------------------------------------------------- webhooks

/** Where a sender POSTs; the workspace is in the URL because the signature is its only credential. */
export function supportWebhookPath(kind: WebhookKind, workspaceId: string): string {
  return `/api/webhooks/support/${kind}?workspace=${workspaceId}`;
}

function toWebhookSecret(row: Awaited<ReturnType<typeof findWebhookSecretList>>[number]): WebhookSecret {
  return {
    id: row.id,
    kind: row.kind,
    secretPrefix: row.secret_prefix,
    createdAt: row.created_at,
    lastUsedAt: row.last_used_at,
    revokedAt: row.revoked_at,
  };
}

/**
 * Adds a signing secret for one webhook kind (admin). Zendesk generates its own secret, so
 * the admin pastes it in; for the generic webhook Boomerang generates one when none is
 * given. The secret is returned here once and never again. Audited (without the secret).
 *
 * @example
 *   const { secret, path } = await createWebhookSecret(db, actor, { kind: 'generic' });
 */
export async function createWebhookSecret(
  db: Conn,
  actor: Actor,
  input: CreateWebhookSecretInput,
  box: SecretBox,
): Promise<{ summary: WebhookSecret; secret: string; path: string; signatureHeader: string }> {
  assertCanAdministerOrThrow(actor);
  const secret = input.secret ?? newSecret(32);
  return inTransaction(db, async (trx) => {
    if ((await countLiveWebhookSecrets(trx, actor.workspaceId, input.kind)) >= MAX_LIVE_SECRETS_PER_KIND) {
      throw conflict(
        `This workspace already has ${MAX_LIVE_SECRETS_PER_KIND} live ${input.kind} secrets; revoke one first.`,
      );
    }
    const row = await insertWebhookSecret(trx, {
      workspaceId: actor.workspaceId,
      kind: input.kind,
      secret: box.seal(secret, webhookSecretContext(actor.workspaceId)),
      secretPrefix: secret.slice(0, 6),
      createdBy: actor.userId,
    });
    const summary = toWebhookSecret(row);
    await recordAudit(trx, actor, { action: 'create', entityType: 'webhook_secret', entityId: row.id, after: summary });
    return {
      summary,
      secret,
      path: supportWebhookPath(input.kind, actor.workspaceId),
      signatureHeader: input.kind === 'zendesk' ? 'X-Zendesk-Webhook-Signature' : 'X-Boomerang-Signature',
    };
  });
}

/** Binds an encrypted webhook secret to its workspace: copied into another workspace's row it does not open. */
function webhookSecretContext(workspaceId: string): string {
  return `webhook_secret:${workspaceId}`;
}

/**
 * At server start: encrypts webhook secrets stored in clear by versions before encryption
 * at rest, and proves the key opens the encrypted ones — so a wrong or lost key stops the
 * start with a clear message instead of failing deliveries one by one later.
 *
 * @example
 *   const { encrypted } = await encryptWebhookSecretsAtRest(db, loadSecretBox({ envKey, keyFile }));
 */
export async function encryptWebhookSecretsAtRest(db: Conn, box: SecretBox): Promise<{ encrypted: number }> {
  for (const row of await findSealedWebhookSecretSample(db))
    box.open(row.secret, webhookSecretContext(row.workspace_id));
  const clear = await findClearWebhookSecrets(db);
  await inTransaction(db, async (trx) => {
    for (const row of clear)
      await replaceWebhookSecretValue(trx, row.id, box.seal(row.secret, webhookSecretContext(row.workspace_id)));
  });
  return { encrypted: clear.length };
}

/** Every secret of the workspace, live and revoked, without the secrets themselves (admin). */
export async function listWebhookSecrets(db: Conn, actor: Actor): Promise<WebhookSecret[]> {
  assertCanAdministerOrThrow(actor);
  return (await findWebhookSecretList(db, actor.workspaceId)).map(toWebhookSecret);
}

/** Deliveries signed with a revoked secret are refused from now on (admin). Audited. */
export async function revokeWebhookSecret(db: Conn, actor: Actor, secretId: string, now: Date): Promise<void> {
  assertCanAdministerOrThrow(actor);
  await inTransaction(db, async (trx) => {
    if (!(await revokeWebhookSecretRow(trx, actor.workspaceId, secretId, now)))
      throw notFound('Webhook secret', secretId);
    await recordAudit(trx, actor, { action: 'revoke', entityType: 'webhook_secret', entityId: secretId });
  });
}

export type SupportDelivery = {
  workspaceId: string;
  kind: WebhookKind;
  headers: WebhookHeaders;
  /** The body exactly as received: the signature covers these bytes. */
  body: Buffer;
  now: Date;
};

function isJsonContentType(contentType: string | string[] | undefined): boolean {
  const text = (Array.isArray(contentType) ? contentType[0] : contentType) ?? 'application/json';
  return /^application\/([a-z0-9.+-]*\+)?json\s*(;|$)/i.test(text.trim());
}

/**
 * Handles one webhook delivery: checks the signature against the workspace's live secrets
 * for the kind (401 and nothing stored when it fails), then parses, normalises and upserts
 * the ticket. An unknown workspace looks like one without secrets. The stored secrets are
 * decrypted with `box`; one still in clear from an older version is read as is.
 *
 * @example
 *   const receipt = await receiveSupportWebhook(db, { workspaceId, kind: 'zendesk', headers: request.headers, body: rawBody, now: new Date() }, secretBox);
 */
export async function receiveSupportWebhook(
  db: Conn,
  delivery: SupportDelivery,
  box: SecretBox,
): Promise<WebhookReceipt> {
  const context = webhookSecretContext(delivery.workspaceId);
  const secrets = await findLiveWebhookSecrets(db, delivery.workspaceId, delivery.kind);
  const check = verifyWebhookSignature({ ...delivery, secrets: secrets.map((row) => box.open(row.secret, context)) });
  if (!check.ok) {
    const header = delivery.kind === 'zendesk' ? ZENDESK_SIGNATURE_HEADER : BOOMERANG_SIGNATURE_HEADER;
    throw new AppError('unauthenticated', `Webhook refused (${header}): ${check.reason}`);
  }
  if (!isJsonContentType(delivery.headers['content-type'])) {
    throw invalid('Send the webhook body as application/json.', [
      { path: 'headers.content-type', message: 'must be application/json' },
    ]);
  }
  let json: unknown;
  try {
    json = JSON.parse(delivery.body.toString('utf8'));
  } catch {
    throw invalid('The body is not valid JSON.', [{ path: 'body', message: 'is not valid JSON' }]);
  }
  const normalized = normalizeTicketPayload(delivery.kind, json);
  await touchWebhookSecret(db, secrets[check.secretIndex]!.id, delivery.now);
  if (normalized.kind === 'ignored')
    return { status: 'ignored', ticketId: null, accountId: null, matchedBy: null, detail: normalized.reason };
  const [result] = await upsertTickets(db, automationActor(delivery.workspaceId, 'support.webhook'), [normalized.ticket]);
  return {
    status: result!.outcome,
    ticketId: result!.ticketId,
    accountId: result!.accountId,
    matchedBy: result!.matchedBy,
  };
}
