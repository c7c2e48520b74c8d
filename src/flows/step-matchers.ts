import type { FlowCondition, FlowStep } from './flows.schema.js';
import type { StepMatcher } from './flows.repository.js';

const condition = (where: FlowCondition | undefined) => ({
  property: where?.property ?? null,
  equals: where?.equals === undefined ? null : JSON.stringify(where.equals),
});

/**
 * The event tests of a flow's steps, as rows the matching statement joins on. Pure. Each
 * step gives its own test and, when it defines a failure, a failure test (on the failure
 * event, or on the step's event with the failure's property).
 *
 * @example
 *   stepMatchers('f1', [{ key: 'address', name: 'Address', event: 'address_entered', failure: { where: { property: 'error' } } }]);
 *   // [{ step: 0, event: 'address_entered', property: null, isFailure: false, … }, { step: 0, event: 'address_entered', property: 'error', isFailure: true, … }]
 */
export function stepMatchers(flowId: string, steps: readonly FlowStep[]): StepMatcher[] {
  return steps.flatMap((step, index) => [
    { flowId, step: index, event: step.event, ...condition(step.where), isFailure: false },
    ...(step.failure ? [{ flowId, step: index, event: step.failure.event ?? step.event, ...condition(step.failure.where), isFailure: true }] : []),
  ]);
}
