import { z } from 'zod';

/** Request and response shapes of the teams API; the OpenAPI document is generated from these. */
const name = z.string().trim().min(1).max(80);

export const teamSchema = z
  .object({
    id: z.uuid(),
    name: z.string(),
    slug: z.string().describe('The team on the account timeline (e.g. customer_success)'),
    lead: z.object({ id: z.uuid(), name: z.string() }).nullable().describe('Receives the first escalation of overdue hand-offs'),
    members: z.array(z.object({ id: z.uuid(), name: z.string() })),
  })
  .meta({ id: 'Team' });
export type Team = z.infer<typeof teamSchema>;

export const teamListSchema = z.object({ data: z.array(teamSchema) });

export const createTeamInputSchema = z.strictObject({
  name,
  leadId: z.uuid().nullish().describe('A member of the workspace; becomes a member of the team too'),
  memberIds: z.array(z.uuid()).max(500).default([]).describe('Members of the workspace'),
});
export type CreateTeamInput = z.infer<typeof createTeamInputSchema>;

export const updateTeamInputSchema = z
  .strictObject({
    name: name.optional(),
    leadId: z.uuid().nullish().describe('null: no lead'),
    memberIds: z.array(z.uuid()).max(500).optional().describe('The whole member list (replaces it)'),
  })
  .refine((value) => Object.keys(value).length > 0, { message: 'Send at least one field to change' });
export type UpdateTeamInput = z.infer<typeof updateTeamInputSchema>;

/** The teams a new workspace starts with (the relay of DESIGN idea 4). */
export const DEFAULT_TEAMS = ['Marketing', 'Sales', 'Onboarding', 'Customer Success', 'Support'] as const;

/** "Customer Success" → "customer_success", the form the timeline's team filter uses. */
export function teamSlug(teamName: string): string {
  return (
    teamName
      .normalize('NFKD')
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, '_')
      .replace(/^_+|_+$/g, '')
      .slice(0, 60) || 'team'
  );
}
