import { z } from 'zod';
import { taskSchema } from '../tasks/index.js';

/** Request and response shapes of GET /api/today and GET /api/team/workload; the OpenAPI document is generated from these. */
const band = z.enum(['green', 'yellow', 'red']);

export const todayQuerySchema = z.strictObject({
  ownerId: z.uuid().optional().describe('Whose day: leaders and admins may read a member’s; defaults to the caller'),
});
export type TodayQuery = z.infer<typeof todayQuerySchema>;

export const healthDropItemSchema = z.object({
  accountId: z.uuid(),
  accountName: z.string(),
  arr: z.number(),
  since: z.string().describe('The day of the score this one is compared with (about a week before)'),
  scoreBefore: z.number(),
  scoreAfter: z.number(),
  bandBefore: band,
  bandAfter: band,
  bandWorsened: z.boolean(),
  moves: z.array(z.string()).describe('What moved the score since then, biggest first'),
  reasons: z.array(z.string()).describe('Why the score is low now'),
});

export const riskRiseItemSchema = z.object({
  accountId: z.uuid(),
  accountName: z.string(),
  arr: z.number(),
  probability: z.number().describe('Predicted churn probability now (churn-risk model)'),
  previousProbability: z.number(),
  previousAsOf: z.string().describe('The day of the prediction this one is compared with (the previous weekly run)'),
  asOf: z.string(),
  reason: z.string().nullable().describe('What raises the risk most now, in words'),
});

export const renewalItemSchema = z.object({
  accountId: z.uuid(),
  accountName: z.string(),
  renewalDate: z.string(),
  daysToRenewal: z.number().int(),
  arr: z.number().describe('In the reporting currency'),
  unratedContracts: z.number().int().describe('Active contracts left out of arr for want of an exchange rate'),
  healthScore: z.number().nullable(),
  healthBand: band.nullable(),
});

export const stuckOnboardingItemSchema = z.object({
  accountId: z.uuid(),
  accountName: z.string(),
  lifecycleStage: z.string(),
  inStageSince: z.date().describe('The latest stage change on the timeline, or when the account was created'),
  daysInStage: z.number().int(),
  lastUsageDay: z.string().nullable(),
  reasons: z.array(z.string()),
});

export const newSignalItemSchema = z.object({
  id: z.uuid(),
  accountId: z.uuid(),
  accountName: z.string(),
  type: z.string(),
  title: z.string(),
  occurredAt: z.date(),
  recordedAt: z.date(),
  ageDays: z.number().int().describe('UTC days since it happened'),
});

export const urgentTicketItemSchema = z.object({
  id: z.uuid(),
  accountId: z.uuid(),
  accountName: z.string(),
  subject: z.string(),
  status: z.string(),
  openedAt: z.date(),
  ageDays: z.number().int().describe('UTC days since it was opened at the help desk'),
  url: z.string().nullable().describe('The ticket at the help desk, when it gave one'),
});

export const todaySchema = z
  .object({
    today: z.string().describe('YYYY-MM-DD (UTC) the sections are computed for'),
    owner: z.object({ id: z.uuid(), name: z.string() }),
    reportingCurrency: z.string(),
    tasks: z.object({
      overdue: z.array(taskSchema),
      dueToday: z.array(taskSchema),
      dueThisWeek: z.array(taskSchema).describe('Due tomorrow through six days ahead'),
      snoozed: z.number().int().describe('Open tasks due this week or earlier, snoozed past today (not listed)'),
    }),
    healthDrops: z.array(healthDropItemSchema).describe('Accounts whose band worsened or score fell 5+ points against a week before'),
    riskRises: z.array(riskRiseItemSchema).describe('Accounts whose predicted churn risk rose 5+ points since the model’s previous run, biggest rise first'),
    renewals: z.array(renewalItemSchema).describe('Renewing today through 90 days ahead, soonest first'),
    stuckOnboardings: z.array(stuckOnboardingItemSchema),
    newSignals: z.array(newSignalItemSchema).describe('Recorded since the start of yesterday (UTC)'),
    urgentTickets: z.array(urgentTicketItemSchema).describe('Urgent tickets still open (not solved or closed), longest waiting first'),
  })
  .meta({ id: 'Today' });
export type Today = z.infer<typeof todaySchema>;

export const workloadRowSchema = z.object({
  userId: z.uuid().nullable().describe('Null for accounts and tasks with no current member as owner'),
  name: z.string(),
  role: z.string().nullable(),
  openTasks: z.number().int(),
  overdueTasks: z.number().int(),
  accounts: z.number().int().describe('Accounts in the book, churned ones left out'),
  arr: z.number(),
  redArr: z.number(),
  yellowArr: z.number(),
  atRiskArr: z.number().describe('redArr + yellowArr'),
});
export type WorkloadRow = z.infer<typeof workloadRowSchema>;

export const teamWorkloadSchema = z
  .object({
    today: z.string(),
    reportingCurrency: z.string(),
    members: z.array(workloadRowSchema),
    totals: workloadRowSchema.omit({ userId: true, name: true, role: true }),
  })
  .meta({ id: 'TeamWorkload' });
export type TeamWorkload = z.infer<typeof teamWorkloadSchema>;
