import { z } from 'zod';
import type { FieldIssue } from '../../core/errors.js';
import {
  createHandoffRule,
  deleteHandoffRule,
  escalationStepSchema,
  handoffClockSchema,
  handoffCompletionSchema,
  handoffRuleInputSchema,
  handoffTriggerSchema,
  listHandoffRules,
  updateHandoffRule,
  type HandoffRuleInput,
} from '../../handoffs/index.js';
import { listTeams } from '../../teams/index.js';
import { namedItemsSection } from '../named-items.js';

const teamName = z.string().trim().min(1).max(80);

/** A hand-off rule in the file: the sending and receiving teams by name. */
export const handoffItemSchema = z.strictObject({
  name: z.string().trim().min(1).max(120),
  from: teamName.describe('The sending team'),
  to: teamName.describe('The receiving team'),
  triggers: z.array(handoffTriggerSchema).min(1).max(10),
  completion: z.array(handoffCompletionSchema).max(10).default([]),
  clock: handoffClockSchema,
  escalation: z.array(escalationStepSchema).max(5).default([]),
  enabled: z.boolean().default(true),
});
type HandoffItem = z.infer<typeof handoffItemSchema>;

/** Team ids by lower-cased name (the teams module compares names without case). */
type Teams = Map<string, string>;

/** Resolves the teams by name, then reads the rule as the hand-offs module would. Pure. */
export function prepareHandoffRule(rule: HandoffItem, teams: Teams) {
  const issues: FieldIssue[] = [];
  const teamId = (name: string, path: string) => {
    const id = teams.get(name.toLowerCase());
    if (!id) issues.push({ path, message: `no team of this workspace is named "${name}"` });
    return id ?? '';
  };
  const { from, to, ...rest } = rule;
  const senderTeamId = teamId(from, 'from');
  const receiverTeamId = teamId(to, 'to');
  if (issues.length) return { issues };
  const input: HandoffRuleInput = handoffRuleInputSchema.parse({ ...rest, senderTeamId, receiverTeamId });
  return { input, comparable: { ...input, senderTeamId: undefined, receiverTeamId: undefined, from: from.toLowerCase(), to: to.toLowerCase() } };
}

/** Hand-off rules between teams: applied after the teams (and the journey's stages) they name. */
export const handoffsSection = namedItemsSection<HandoffItem, Teams, HandoffRuleInput>({
  key: 'handoffs',
  describe: 'hand-off rules',
  noun: 'hand-off rule',
  caseInsensitive: true,
  itemSchema: handoffItemSchema as unknown as z.ZodType<HandoffItem>,
  lookups: async (db, actor) => new Map((await listTeams(db, actor)).map((team) => [team.name.toLowerCase(), team.id])),
  list: async (db, actor) =>
    (await listHandoffRules(db, actor)).map((rule) => ({
      id: rule.id,
      name: rule.name,
      item: {
        name: rule.name,
        from: rule.sender.name,
        to: rule.receiver.name,
        triggers: rule.triggers,
        completion: rule.completion,
        clock: rule.clock,
        escalation: rule.escalation,
        enabled: rule.enabled,
      },
    })),
  prepare: prepareHandoffRule,
  create: (trx, actor, input, clock) => createHandoffRule(trx, actor, input, clock.now()),
  update: (trx, actor, id, input, clock) => updateHandoffRule(trx, actor, id, input, clock.now()),
  remove: (trx, actor, id) => deleteHandoffRule(trx, actor, id),
});
