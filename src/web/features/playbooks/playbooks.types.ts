import type { ApiSchema } from '../../lib/api-types.js';

export type Playbook = ApiSchema<'Playbook'>;
export type PlaybookDefinition = ApiSchema<'PlaybookDefinition'>;
export type PlaybookTrigger = ApiSchema<'PlaybookTrigger'>;
export type PlaybookCondition = ApiSchema<'PlaybookCondition'>;
export type PlaybookStep = ApiSchema<'PlaybookStep'>;
export type PlaybookRun = ApiSchema<'PlaybookRun'>;
export type PlaybookDryRun = ApiSchema<'PlaybookDryRun'>;
export type PlaybookUplift = ApiSchema<'PlaybookUplift'>;
export type PlaybookOutcome = PlaybookUplift['outcomes'][number];
