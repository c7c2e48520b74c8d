/**
 * Usage rollups: per account and per user per UTC day (active users, events by name,
 * feature breadth, last seen), kept exact by recomputing dirty days from raw events.
 *
 * @example
 *   startJobWorker({ db, handlers: [usageRollupJob] });               // recurring job `usage.rollup`
 *   await rebuildUsageRollups(db, { workspaceId });                   // after a bulk load, or from the CLI
 *   const usage = await getAccountUsage(db, actor, { accountId, days: 90, now: new Date() });
 */
export * from './usage.schema.js';
export { getAccountUsage, type GetAccountUsageOptions } from './get-account-usage.js';
export { rebuildUsageRollups, type RebuildUsageRollupsOptions, type RebuildUsageRollupsResult } from './rebuild-usage-rollups.js';
export { refreshUsageRollups, type RefreshUsageRollupsResult } from './refresh-usage-rollups.js';
export { usageRollupJob } from './usage-rollup-job.js';
export { getProductCatalog, saveProductCatalog, loadCatalogVersions } from './product-catalog.js';
export { productCatalogSchema, type ProductCatalog, type CatalogFeature, type CatalogVersion } from './feature-catalog.js';
// Breadth in catalog features as of each day: the Usage tab's series and health's feature_breadth count with it.
export { breadthByDay } from './feature-catalog.js';
