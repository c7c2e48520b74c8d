import { z } from 'zod';
import { BANDS_OR_UNSCORED } from './band-shift.js';
import { signalDisagreementSchema } from './health.schema.js';
import { HEALTH_BANDS } from './scorecard-config.js';

/** Request and response shapes of the portfolio view and the scorecard preview. */
const band = z.enum(HEALTH_BANDS);
const bandOrUnscored = z.enum(BANDS_OR_UNSCORED);

export const portfolioQuerySchema = z.object({
  ownerId: z.uuid().optional().describe('Only this CSM’s accounts'),
  segment: z.string().trim().min(1).max(100).optional().describe('Only accounts of this segment'),
});
export type PortfolioQuery = z.infer<typeof portfolioQuerySchema>;

export const healthMoverSchema = z
  .object({
    accountId: z.uuid(),
    name: z.string(),
    ownerName: z.string().nullable(),
    arr: z.number(),
    since: z.string().describe('Day of the baseline point (about a week before the current score)'),
    scoreBefore: z.number().int(),
    scoreAfter: z.number().int(),
    delta: z.number().int(),
    bandBefore: band,
    bandAfter: band,
    movedBy: z.string().nullable().describe('The measure that moved the score most, in words'),
    moves: z.array(z.string()),
  })
  .meta({ id: 'HealthMover' });

export const healthPortfolioSchema = z
  .object({
    currency: z.string(),
    accounts: z.number().int().describe('Accounts in the view (churned ones left out)'),
    bands: z.array(z.object({ band: bandOrUnscored, accounts: z.number().int(), arr: z.number() })),
    arrAtRisk: z.object({ arr: z.number(), accounts: z.number().int() }).describe('ARR of the accounts whose computed health is red'),
    moversUp: z.array(healthMoverSchema),
    moversDown: z.array(healthMoverSchema),
    disagreements: z.object({
      total: z.number().int(),
      accounts: z.array(
        z.object({
          accountId: z.uuid(),
          name: z.string(),
          ownerName: z.string().nullable(),
          arr: z.number(),
          score: z.number().int().nullable(),
          band: band.nullable(),
          disagreements: z.array(signalDisagreementSchema),
        }),
      ),
    }),
  })
  .meta({ id: 'HealthPortfolio' });
export type HealthPortfolio = z.infer<typeof healthPortfolioSchema>;

export const scorecardPreviewSchema = z
  .object({
    asOf: z.string().describe('Day whose measure readings both configurations scored'),
    accounts: z.number().int(),
    bands: z.array(z.object({ band: bandOrUnscored, before: z.number().int(), after: z.number().int() })),
    transitions: z.array(z.object({ from: bandOrUnscored, to: bandOrUnscored, accounts: z.number().int() })),
    changedTotal: z.number().int(),
    changed: z
      .array(
        z.object({
          accountId: z.uuid(),
          name: z.string(),
          ownerName: z.string().nullable(),
          arr: z.number(),
          scoreBefore: z.number().int().nullable(),
          bandBefore: band.nullable(),
          scoreAfter: z.number().int().nullable(),
          bandAfter: band.nullable(),
        }),
      )
      .describe('Accounts that change band, biggest ARR first (at most 100)'),
  })
  .meta({ id: 'ScorecardPreview' });
export type ScorecardPreview = z.infer<typeof scorecardPreviewSchema>;
