import { z } from 'zod';
import { createFlow, createFlowInputSchema, deleteFlow, listFlows, updateFlow, type CreateFlowInput } from '../../flows/index.js';
import { namedItemsSection, zodIssues } from '../named-items.js';

/** Product flows: ordered steps matched by track events; a flow names nothing else, so it goes last. */
export const flowsSection = namedItemsSection<CreateFlowInput, null, CreateFlowInput>({
  key: 'flows',
  describe: 'product flows',
  noun: 'flow',
  caseInsensitive: true,
  itemSchema: createFlowInputSchema as unknown as z.ZodType<CreateFlowInput>,
  lookups: async () => null,
  list: async (db, actor) =>
    (await listFlows(db, actor)).map((flow) => ({
      id: flow.id,
      name: flow.name,
      item: { name: flow.name, ...(flow.description ? { description: flow.description } : {}), isActive: flow.isActive, steps: flow.steps },
    })),
  prepare: (item) => {
    // Steps stored before a rule of the schema changed are read through it too, so both sides compare alike.
    const parsed = createFlowInputSchema.safeParse(item);
    if (!parsed.success) return { issues: zodIssues(parsed.error, '') };
    return { input: parsed.data, comparable: parsed.data };
  },
  create: (trx, actor, input, clock) => createFlow(trx, actor, input, clock),
  update: (trx, actor, id, input, clock) => updateFlow(trx, actor, id, { ...input, description: input.description ?? null }, clock),
  remove: (trx, actor, id) => deleteFlow(trx, actor, id),
});
