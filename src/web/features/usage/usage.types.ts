import type { ApiResponse } from '../../lib/api-types.js';

/** GET /api/accounts/{id}/usage, as JSON (dates as ISO strings). */
export type AccountUsage = ApiResponse<'/api/accounts/{id}/usage', 'get'>;

/** GET /api/product-catalog: the feature catalog in force today, with adoption and event names to review. */
export type ProductCatalogView = ApiResponse<'/api/product-catalog', 'get'>;
export type CatalogFeatureView = ProductCatalogView['features'][number];
/** A feature as saved (PUT /api/product-catalog's catalog.features). */
export type CatalogFeatureInput = Pick<CatalogFeatureView, 'key' | 'name' | 'group' | 'description' | 'events'>;
