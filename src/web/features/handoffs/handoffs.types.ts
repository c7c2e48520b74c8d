import type { ApiRequestBody, ApiSchema } from '../../lib/api-types.js';

export type Handoff = ApiSchema<'Handoff'>;
export type HandoffRule = ApiSchema<'HandoffRule'>;
export type HandoffSla = ApiSchema<'HandoffSla'>;
export type Team = ApiSchema<'Team'>;
export type NewHandoffRule = ApiRequestBody<'/api/handoffs/rules', 'post'>;
export type HandoffRuleChange = ApiRequestBody<'/api/handoffs/rules/{id}', 'patch'>;
export type NewTeam = ApiRequestBody<'/api/teams', 'post'>;
export type TeamChange = ApiRequestBody<'/api/teams/{id}', 'patch'>;
