import type { ApiSchema } from '../../lib/api-types.js';

export type AccountHealth = ApiSchema<'AccountHealth'>;
export type HealthMeasure = ApiSchema<'HealthMeasure'>;
export type HealthOverride = ApiSchema<'HealthOverride'>;
export type HealthBand = NonNullable<AccountHealth['band']>;
