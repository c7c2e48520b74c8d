import type { ApiResponse } from '../../lib/api-types.js';

/** GET /api/metrics/*, as JSON. */
export type ArrBridge = ApiResponse<'/api/metrics/bridge', 'get'>;
export type ArrBridgeDetails = ApiResponse<'/api/metrics/bridge/details', 'get'>;
export type RetentionTrend = ApiResponse<'/api/metrics/retention', 'get'>;
export type Cohorts = ApiResponse<'/api/metrics/cohorts', 'get'>;
export type Survival = ApiResponse<'/api/metrics/survival', 'get'>;
export type BridgeComponent = ArrBridgeDetails['component'];
