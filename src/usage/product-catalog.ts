import type { Kysely } from 'kysely';
import { forbiddenUnlessLeader, type Actor } from '../access/index.js';
import { recordAudit } from '../audit/index.js';
import { systemClock, type Clock } from '../core/clock.js';
import { invalid } from '../core/errors.js';
import type { Database } from '../db/schema.js';
import { inTransaction } from '../db/transaction.js';
import {
  catalogOn,
  featuresUsed,
  productCatalogSchema,
  proposedEventNames,
  type CatalogVersion,
  type ProductCatalog,
} from './feature-catalog.js';
import { findAccountEventNamesSince, findCatalogVersions, findEventNameUse, insertCatalogVersion } from './feature-catalog.repository.js';
import { addDays, BREADTH_WINDOW_DAYS, utcDay } from './summarize-account-usage.js';
import type { ProductCatalogView } from './usage.schema.js';

type Conn = Kysely<Database>;

/** Every saved version, oldest first, parsed. */
export async function loadCatalogVersions(db: Conn, workspaceId: string): Promise<CatalogVersion[]> {
  return (await findCatalogVersions(db, workspaceId)).map((row) => ({
    version: row.version,
    effectiveDay: row.effective_day,
    catalog: productCatalogSchema.parse(row.document),
  }));
}

/**
 * The catalog in force today with each feature's adoption (accounts that used it in the last
 * 30 days, out of the accounts active then), the event names waiting for review, and the
 * versions saved. Anyone in the workspace may read it.
 *
 * @example
 *   const { features, proposed } = await getProductCatalog(db, actor, { now: clock.now() });
 */
export async function getProductCatalog(db: Conn, actor: Actor, options: { now: Date }): Promise<ProductCatalogView> {
  const { workspaceId } = actor;
  const today = utcDay(options.now);
  const sinceDay = addDays(today, 1 - BREADTH_WINDOW_DAYS);
  const [versions, names, accounts] = await Promise.all([
    loadCatalogVersions(db, workspaceId),
    findEventNameUse(db, { workspaceId, sinceDay }),
    findAccountEventNamesSince(db, { workspaceId, sinceDay }),
  ]);
  const current = catalogOn(versions, today);
  const catalog = current?.catalog ?? { features: [], ignored: [] };
  const adopters = new Map<string, number>();
  for (const account of accounts) for (const key of featuresUsed(catalog, account.names)) adopters.set(key, (adopters.get(key) ?? 0) + 1);
  const useOf = new Map(names.map((name) => [name.name, name]));
  const proposed = new Set(proposedEventNames(current?.catalog, names.map((name) => name.name)));
  return {
    version: current?.version ?? 0,
    effectiveDay: current?.effectiveDay ?? null,
    activeAccounts30d: accounts.length,
    features: catalog.features.map((feature) => ({
      ...feature,
      accounts30d: adopters.get(feature.key) ?? 0,
      adoption: accounts.length ? (adopters.get(feature.key) ?? 0) / accounts.length : null,
    })),
    ignored: catalog.ignored,
    eventNames: names.map((name) => ({
      name: name.name,
      firstSeenDay: name.first_seen_day,
      accounts30d: useOf.get(name.name)?.accounts ?? 0,
      events30d: useOf.get(name.name)?.events ?? 0,
      status: proposed.has(name.name) ? ('proposed' as const) : catalog.ignored.includes(name.name) ? ('ignored' as const) : ('mapped' as const),
    })),
    versions: versions.map((version) => ({ version: version.version, effectiveDay: version.effectiveDay, features: version.catalog.features.length })),
  };
}

/**
 * Saves a new version of the catalog (leaders and admins), audited, in force from
 * `effectiveFrom` (default today, UTC). It may not start before the version in force now, so
 * the past as measured stays as it was; starting it earlier than today (the day a feature
 * launched) restates breadth from then on, on purpose. Invalid catalogs are refused with
 * the failing paths, changing nothing.
 */
export async function saveProductCatalog(
  db: Conn,
  actor: Actor,
  input: { catalog: unknown; effectiveFrom?: string },
  clock: Clock = systemClock,
): Promise<{ version: number; effectiveDay: string }> {
  if (actor.role !== 'admin' && actor.role !== 'leader') forbiddenUnlessLeader('change the product feature catalog');
  const parsed = productCatalogSchema.safeParse(input.catalog);
  if (!parsed.success) {
    throw invalid(
      'The feature catalog is not valid',
      parsed.error.issues.map((issue) => ({ path: issue.path.join('.'), message: issue.message })),
    );
  }
  const now = clock.now();
  const today = utcDay(now);
  const effectiveDay = input.effectiveFrom ?? today;
  if (effectiveDay > today) throw invalid('effectiveFrom cannot be in the future', [{ path: 'effectiveFrom', message: `must be ${today} or earlier` }]);
  return inTransaction(db, async (trx) => {
    const versions = await loadCatalogVersions(trx, actor.workspaceId);
    const latest = versions.at(-1);
    if (latest && effectiveDay < latest.effectiveDay) {
      throw invalid(`The catalog cannot take effect before ${latest.effectiveDay}, when version ${latest.version} did`, [
        { path: 'effectiveFrom', message: `must be ${latest.effectiveDay} or later` },
      ]);
    }
    const version = (latest?.version ?? 0) + 1;
    await insertCatalogVersion(trx, { workspaceId: actor.workspaceId, version, effectiveDay, document: parsed.data, createdBy: actor.userId, now });
    await recordAudit(trx, actor, {
      action: 'update',
      entityType: 'product_catalog',
      entityId: actor.workspaceId,
      before: latest ? { version: latest.version, features: latest.catalog.features.length } : null,
      after: { version, effectiveDay, features: parsed.data.features.length, ignored: parsed.data.ignored.length },
    });
    return { version, effectiveDay };
  });
}

export type { ProductCatalog };
