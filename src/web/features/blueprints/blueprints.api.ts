import { api, withQuery } from '../../lib/api.js';
import type { ApiRequestBody, ApiSchema } from '../../lib/api-types.js';

export type BlueprintView = ApiSchema<'BlueprintView'>;
export type Blueprint = ApiSchema<'Blueprint'>;
export type BlueprintStep = ApiSchema<'BlueprintStep'>;
export type BlueprintSummary = ApiSchema<'BlueprintSummary'>;
export type StepMoment = ApiSchema<'BlueprintStepMoment'>;
export type BlueprintBody = ApiRequestBody<'/api/blueprints', 'post'>;
export type StepBody = NonNullable<BlueprintBody['steps']>[number];
export type Lane = BlueprintStep['lane'];

const path = (id: string) => `/api/blueprints/${encodeURIComponent(id)}`;

export const listBlueprints = (signal?: AbortSignal) => api<{ data: BlueprintSummary[] }>('/api/blueprints', { signal });
export const getBlueprint = (id: string, signal?: AbortSignal) => api<BlueprintView>(path(id), { signal });
export const createBlueprint = (body: BlueprintBody) => api<BlueprintView>('/api/blueprints', { method: 'POST', body });
export const putBlueprint = (id: string, body: BlueprintBody) => api<BlueprintView>(path(id), { method: 'PUT', body });
export const deleteBlueprint = (id: string) => api<void>(path(id), { method: 'DELETE' });
export const listStepMoments = (id: string, stepId: string, signal?: AbortSignal) => api<{ data: StepMoment[] }>(withQuery(`${path(id)}/moments`, { stepId, limit: 20 }), { signal });
export const exportUrl = (id: string, format: 'svg' | 'mermaid' | 'json') => `${path(id)}/export?format=${format}`;

export const LANES: { lane: Lane; label: string }[] = [
  { lane: 'evidence', label: 'Physical evidence' },
  { lane: 'customer', label: 'Customer actions' },
  { lane: 'frontstage', label: 'Front stage' },
  { lane: 'backstage', label: 'Back stage' },
  { lane: 'support', label: 'Support processes' },
  { lane: 'technology', label: 'Technology' },
];
export const laneLabel = (lane: Lane) => LANES.find((candidate) => candidate.lane === lane)?.label ?? lane;

/** "2 h", "3 d", "45 min" (as the SVG export writes them). */
export function formatTarget(target: BlueprintStep['target']): string | null {
  if (!target) return null;
  return `${target.amount} ${{ minutes: 'min', hours: 'h', days: 'd' }[target.unit]}`;
}

/** A blueprint's steps as the PUT body takes them: ids kept, so their moments stay linked. */
export function toBody(blueprint: Blueprint, steps: StepBody[]): BlueprintBody {
  return { name: blueprint.name, stageKey: blueprint.stageKey, description: blueprint.description, steps };
}

export function stepToBody(step: BlueprintStep): StepBody {
  const { id, lane, column, title, detail, ownerTeam, target, momentKinds } = step;
  return { id, lane, column, title, detail, ownerTeam, target, momentKinds };
}
