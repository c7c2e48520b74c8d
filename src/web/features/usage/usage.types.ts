import type { ApiResponse } from '../../lib/api-types.js';

/** GET /api/accounts/{id}/usage, as JSON (dates as ISO strings). */
export type AccountUsage = ApiResponse<'/api/accounts/{id}/usage', 'get'>;
