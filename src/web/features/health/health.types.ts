import type { ApiSchema } from '../../lib/api-types.js';

export type AccountHealth = ApiSchema<'AccountHealth'>;
export type HealthMeasure = ApiSchema<'HealthMeasure'>;
export type HealthOverride = ApiSchema<'HealthOverride'>;
export type HealthBand = NonNullable<AccountHealth['band']>;
export type SignalDisagreement = ApiSchema<'SignalDisagreement'>;
export type HealthPortfolio = ApiSchema<'HealthPortfolio'>;
export type HealthMover = ApiSchema<'HealthMover'>;
export type HealthScorecards = ApiSchema<'HealthScorecards'>;
export type HealthConfig = HealthScorecards['config'];
export type ScorecardPreview = ApiSchema<'ScorecardPreview'>;
export type BandOrUnscored = HealthPortfolio['bands'][number]['band'];
export type HealthModelVersion = ApiSchema<'HealthModelVersion'>;
export type HealthLatestBacktest = ApiSchema<'HealthLatestBacktest'>;
export type HealthBacktestRun = ApiSchema<'HealthBacktestRun'>;
export type HealthBacktestReport = ApiSchema<'HealthBacktestReport'>;
