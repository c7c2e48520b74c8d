import type { ApiSchema } from '../../lib/api-types.js';

export type Flow = ApiSchema<'Flow'>;
export type FlowStep = ApiSchema<'FlowStep'>;
export type FlowFunnel = ApiSchema<'FlowFunnel'>;
export type FlowStuckUser = ApiSchema<'FlowStuckUser'>;
export type AccountFlows = ApiSchema<'AccountFlows'>;
export type FlowInput = { name: string; description: string | null; isActive: boolean; steps: FlowStep[] };
