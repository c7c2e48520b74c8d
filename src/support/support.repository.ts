import { sql, type Insertable, type Kysely, type Selectable } from 'kysely';
import type { Database, SurveyResponsesTable, TicketSource, TicketsTable, WebhookKind } from '../db/schema.js';

type Conn = Kysely<Database>;

export type TicketRecord = Selectable<TicketsTable>;
export type NewTicketRow = Insertable<TicketsTable> & { id: string };
export type SurveyResponseRecord = Selectable<SurveyResponsesTable>;
export type NewSurveyResponseRow = Insertable<SurveyResponsesTable> & { id: string };

/** Rows per multi-row statement: ~20 columns × 500 stays far below PostgreSQL's 65,535 parameters. */
const CHUNK = 500;

/** Runs `query` on CHUNK-sized slices of `items`, one after the other, and concatenates the rows. */
async function inChunks<T, R>(items: T[], query: (part: T[]) => Promise<R[]>): Promise<R[]> {
  const rows: R[] = [];
  for (let start = 0; start < items.length; start += CHUNK)
    rows.push(...(await query(items.slice(start, start + CHUNK))));
  return rows;
}

// ---------------------------------------------------------------- tickets

/**
 * Serialises ticket writes per (workspace, source) until the transaction ends, so two
 * deliveries about one new ticket cannot both see "no ticket yet" and both tell the
 * timeline it opened. Held for milliseconds; other sources and workspaces do not wait.
 */
export async function lockTicketSource(db: Conn, workspaceId: string, source: TicketSource): Promise<void> {
  await sql`select pg_advisory_xact_lock(hashtextextended(${`tickets:${workspaceId}:${source}`}, 0))`.execute(db);
}

export async function findTicketsByExternalIds(
  db: Conn,
  workspaceId: string,
  source: TicketSource,
  externalIds: string[],
): Promise<TicketRecord[]> {
  return inChunks([...new Set(externalIds)], (part) =>
    db
      .selectFrom('tickets')
      .selectAll()
      .where('workspace_id', '=', workspaceId)
      .where('source', '=', source)
      .where('external_id', 'in', part)
      .execute(),
  );
}

/** Insert or overwrite by (workspace, source, external id); a stored row keeps its id. */
export async function upsertTicketRows(db: Conn, rows: NewTicketRow[]): Promise<{ id: string; external_id: string }[]> {
  return inChunks(rows, (part) =>
    db
      .insertInto('tickets')
      .values(part)
      .onConflict((oc) =>
        oc.constraint('tickets_source_external_id_key').doUpdateSet((eb) => ({
          account_id: eb.ref('excluded.account_id'),
          matched_by: eb.ref('excluded.matched_by'),
          match_hints: eb.ref('excluded.match_hints'),
          subject: eb.ref('excluded.subject'),
          description: eb.ref('excluded.description'),
          requester_email: eb.ref('excluded.requester_email'),
          priority: eb.ref('excluded.priority'),
          status: eb.ref('excluded.status'),
          created_at_source: eb.ref('excluded.created_at_source'),
          updated_at_source: eb.ref('excluded.updated_at_source'),
          solved_at: eb.ref('excluded.solved_at'),
          first_response_minutes: eb.ref('excluded.first_response_minutes'),
          csat: eb.ref('excluded.csat'),
          csat_comment: eb.ref('excluded.csat_comment'),
          tags: eb.ref('excluded.tags'),
          url: eb.ref('excluded.url'),
          updated_at: sql`now()`,
        })),
      )
      .returning(['id', 'external_id'])
      .execute(),
  );
}

export type TicketPageQuery = {
  workspaceId: string;
  /** An account's tickets, or null for the unmatched ones. */
  accountId: string | null;
  after?: { createdAtSource: string; id: string };
  limit: number;
};

/** Newest first; served by tickets_account_idx or tickets_unmatched_idx. */
export async function findTicketPage(db: Conn, query: TicketPageQuery) {
  let select = db
    .selectFrom('tickets')
    .selectAll()
    // Exact text of the timestamp (microseconds) for the cursor; a JS Date would round it.
    .select(sql<string>`tickets.created_at_source::text`.as('created_key'))
    .where('workspace_id', '=', query.workspaceId)
    .where('account_id', query.accountId === null ? 'is' : '=', query.accountId);
  if (query.after) {
    select = select.where(
      sql<boolean>`(created_at_source, id) < (${query.after.createdAtSource}::timestamptz, ${query.after.id}::uuid)`,
    );
  }
  return select.orderBy('created_at_source', 'desc').orderBy('id', 'desc').limit(query.limit).execute();
}

export async function findTicketsOfAccountSince(db: Conn, workspaceId: string, accountId: string, since: Date) {
  return db
    .selectFrom('tickets')
    .selectAll()
    .where('workspace_id', '=', workspaceId)
    .where('account_id', '=', accountId)
    .where('created_at_source', '>=', since)
    .orderBy('created_at_source', 'desc')
    .orderBy('id', 'desc')
    .execute();
}

/**
 * Accounts (id, domain, external ids) by id or by domain, for ticket matching.
 * NB: reads the accounts module's table directly because accounts/index.ts has no bulk
 * lookup by domain yet; move behind it when it does. Domains compare as the index
 * accounts_ws_domain_idx writes them (lower(domain)), with and without "www.".
 */
export async function findAccountMatchCandidates(
  db: Conn,
  workspaceId: string,
  keys: { ids: string[]; domains: string[] },
) {
  if (keys.ids.length === 0 && keys.domains.length === 0) return [];
  const domains = keys.domains.flatMap((domain) => [domain, `www.${domain}`]);
  return db
    .selectFrom('accounts')
    .select(['id', 'domain', 'external_ids'])
    .where('workspace_id', '=', workspaceId)
    .where((eb) =>
      eb.or([
        ...(keys.ids.length ? [eb('id', 'in', keys.ids)] : []),
        ...(domains.length ? [eb(eb.fn('lower', ['domain']), 'in', domains)] : []),
      ]),
    )
    .execute();
}

/**
 * Unmatched tickets of the workspace that these accounts could match: by the account id or
 * external id the sender named, or by a hinted domain or requester email containing one of
 * `domains` (normalised hosts). A superset on purpose: the caller runs the real matching
 * rules, which also judge ambiguity. Served by tickets_unmatched_idx.
 */
export async function findUnmatchedTicketsForAccounts(
  db: Conn,
  workspaceId: string,
  keys: { accountIds: string[]; externalIds: { system: string; id: string }[]; domains: string[] },
): Promise<(TicketRecord & { created_key: string })[]> {
  if (keys.accountIds.length === 0 && keys.externalIds.length === 0 && keys.domains.length === 0) return [];
  const systems = keys.externalIds.map((key) => key.system);
  const ids = keys.externalIds.map((key) => key.id);
  return db
    .selectFrom('tickets')
    .selectAll()
    .select(sql<string>`tickets.created_at_source::text`.as('created_key'))
    .where('workspace_id', '=', workspaceId)
    .where('account_id', 'is', null)
    .where(
      sql<boolean>`(
        tickets.match_hints ->> 'accountId' = any(${keys.accountIds}::text[])
        or exists (
          select 1 from unnest(${systems}::text[], ${ids}::text[]) as named(system, id)
          where tickets.match_hints -> 'externalId' ->> 'system' = named.system
            and tickets.match_hints -> 'externalId' ->> 'id' = named.id
        )
        or exists (
          select 1 from unnest(${keys.domains}::text[]) as d(domain)
          where position(d.domain in lower(tickets.requester_email)) > 0
             or position(d.domain in lower(tickets.match_hints ->> 'domain')) > 0
        )
      )`,
    )
    .orderBy('created_at_source', 'desc')
    .orderBy('id', 'desc')
    .execute();
}

// ---------------------------------------------------------------- survey responses

export async function findSurveyResponsesByKeys(
  db: Conn,
  workspaceId: string,
  source: string,
  externalIds: string[],
): Promise<SurveyResponseRecord[]> {
  return inChunks([...new Set(externalIds)], (part) =>
    db
      .selectFrom('survey_responses')
      .selectAll()
      .where('workspace_id', '=', workspaceId)
      .where('source', '=', source)
      .where('external_id', 'in', part)
      .execute(),
  );
}

export async function upsertSurveyResponseRows(
  db: Conn,
  rows: NewSurveyResponseRow[],
): Promise<{ id: string; source: string; external_id: string }[]> {
  return inChunks(rows, (part) =>
    db
      .insertInto('survey_responses')
      .values(part)
      .onConflict((oc) =>
        oc.constraint('survey_responses_source_external_id_key').doUpdateSet((eb) => ({
          account_id: eb.ref('excluded.account_id'),
          contact_id: eb.ref('excluded.contact_id'),
          kind: eb.ref('excluded.kind'),
          score: eb.ref('excluded.score'),
          comment: eb.ref('excluded.comment'),
          responded_at: eb.ref('excluded.responded_at'),
          updated_at: sql`now()`,
        })),
      )
      .returning(['id', 'source', 'external_id'])
      .execute(),
  );
}

export async function findSurveyResponsesOfAccount(db: Conn, workspaceId: string, accountId: string, limit: number) {
  return db
    .selectFrom('survey_responses')
    .leftJoin('contacts', 'contacts.id', 'survey_responses.contact_id')
    .selectAll('survey_responses')
    .select('contacts.name as contact_name')
    .where('survey_responses.workspace_id', '=', workspaceId)
    .where('survey_responses.account_id', '=', accountId)
    .orderBy('survey_responses.responded_at', 'desc')
    .orderBy('survey_responses.id', 'desc')
    .limit(limit)
    .execute();
}

/**
 * Which of `accountIds` and `contactIds` exist in the workspace (contacts with their account),
 * so a bulk writer can refuse rows pointing elsewhere. NB: reads the accounts and contacts
 * tables directly for want of bulk lookups in their modules' index.ts.
 */
export async function findExistingAccountsAndContacts(
  db: Conn,
  workspaceId: string,
  accountIds: string[],
  contactIds: string[],
) {
  const accounts = accountIds.length
    ? await db
        .selectFrom('accounts')
        .select('id')
        .where('workspace_id', '=', workspaceId)
        .where('id', 'in', [...new Set(accountIds)])
        .execute()
    : [];
  const contacts = contactIds.length
    ? await db
        .selectFrom('contacts')
        .select(['id', 'account_id'])
        .where('workspace_id', '=', workspaceId)
        .where('id', 'in', [...new Set(contactIds)])
        .execute()
    : [];
  return {
    accountIds: new Set(accounts.map((row) => row.id)),
    contactAccounts: new Map(contacts.map((row) => [row.id, row.account_id])),
  };
}

// ---------------------------------------------------------------- webhook secrets

export async function insertWebhookSecret(
  db: Conn,
  values: { workspaceId: string; kind: WebhookKind; secret: string; secretPrefix: string; createdBy: string | null },
) {
  return db
    .insertInto('webhook_secrets')
    .values({
      workspace_id: values.workspaceId,
      kind: values.kind,
      secret: values.secret,
      secret_prefix: values.secretPrefix,
      created_by: values.createdBy,
    })
    .returning(['id', 'kind', 'secret_prefix', 'created_at', 'last_used_at', 'revoked_at'])
    .executeTakeFirstOrThrow();
}

/** The only query that reads the stored secrets (encrypted, see webhookSecretContext): webhook verification. */
export async function findLiveWebhookSecrets(db: Conn, workspaceId: string, kind: WebhookKind) {
  return db
    .selectFrom('webhook_secrets')
    .select(['id', 'secret'])
    .where('workspace_id', '=', workspaceId)
    .where('kind', '=', kind)
    .where('revoked_at', 'is', null)
    .orderBy('created_at', 'desc')
    .execute();
}

/** Stored values not yet encrypted (written before encryption at rest), with their workspace for the context. */
export async function findClearWebhookSecrets(db: Conn) {
  return db
    .selectFrom('webhook_secrets')
    .select(['id', 'workspace_id', 'secret'])
    .where('secret', 'not like', 'enc:v%')
    .execute();
}

/** One encrypted value per workspace that has any: enough to prove the key opens them. */
export async function findSealedWebhookSecretSample(db: Conn) {
  return db
    .selectFrom('webhook_secrets')
    .distinctOn('workspace_id')
    .select(['id', 'workspace_id', 'secret'])
    .where('secret', 'like', 'enc:v%')
    .orderBy('workspace_id')
    .execute();
}

export async function replaceWebhookSecretValue(db: Conn, id: string, stored: string): Promise<void> {
  await db.updateTable('webhook_secrets').set({ secret: stored }).where('id', '=', id).execute();
}

export async function countLiveWebhookSecrets(db: Conn, workspaceId: string, kind: WebhookKind): Promise<number> {
  const row = await db
    .selectFrom('webhook_secrets')
    .select((eb) => eb.fn.countAll<number>().as('count'))
    .where('workspace_id', '=', workspaceId)
    .where('kind', '=', kind)
    .where('revoked_at', 'is', null)
    .executeTakeFirstOrThrow();
  return Number(row.count);
}

/** Everything but the secret itself. */
export async function findWebhookSecretList(db: Conn, workspaceId: string) {
  return db
    .selectFrom('webhook_secrets')
    .select(['id', 'kind', 'secret_prefix', 'created_at', 'last_used_at', 'revoked_at'])
    .where('workspace_id', '=', workspaceId)
    .orderBy('created_at', 'desc')
    .orderBy('id')
    .execute();
}

export async function revokeWebhookSecretRow(db: Conn, workspaceId: string, id: string, now: Date): Promise<boolean> {
  // RETURNING rather than the affected-row count, which the PGlite driver does not report.
  const row = await db
    .updateTable('webhook_secrets')
    .set({ revoked_at: now })
    .where('workspace_id', '=', workspaceId)
    .where('id', '=', id)
    .where('revoked_at', 'is', null)
    .returning('id')
    .executeTakeFirst();
  return row !== undefined;
}

export async function touchWebhookSecret(db: Conn, id: string, now: Date): Promise<void> {
  await db.updateTable('webhook_secrets').set({ last_used_at: now }).where('id', '=', id).execute();
}
