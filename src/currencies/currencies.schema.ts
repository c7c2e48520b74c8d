import { z } from 'zod';
import { isoDateSchema } from '../core/storable-input.js';

/** Request and response shapes of the exchange-rate API; the OpenAPI document is generated from these. */
export const currencyCodeSchema = z
  .string()
  .regex(/^[A-Z]{3}$/, 'must be an ISO 4217 code in capitals, e.g. EUR')
  .describe('ISO 4217 currency code');

/** At most 8 decimals (numeric(18, 8)), positive, under 10 billion: sent as a number or a decimal string. */
const rateSchema = z
  .union([z.number(), z.string().trim()])
  .transform((value) => (typeof value === 'number' ? String(value) : value))
  .pipe(z.string().regex(/^\d{1,10}(\.\d{1,8})?$/, 'must be a positive decimal with at most 8 decimals'))
  .refine((value) => Number(value) > 0, 'must be greater than 0')
  .describe('Units of the reporting currency one unit of `currency` buys, e.g. 1.08 for EUR → USD');

export const exchangeRateInputSchema = z.strictObject({
  currency: currencyCodeSchema,
  effectiveDate: isoDateSchema.describe('The rate holds from this day until the next rate of the currency'),
  rate: rateSchema,
});
export type ExchangeRateInput = z.input<typeof exchangeRateInputSchema>;

export const putExchangeRatesInputSchema = z.strictObject({
  rates: z.array(exchangeRateInputSchema).min(1).max(5000),
});
export type PutExchangeRatesInput = z.infer<typeof putExchangeRatesInputSchema>;

export const exchangeRateSchema = z
  .object({
    currency: z.string(),
    effectiveDate: z.string(),
    rate: z.number(),
    source: z.enum(['entered', 'imported', 'config']),
  })
  .meta({ id: 'ExchangeRate' });
export type ExchangeRate = z.infer<typeof exchangeRateSchema>;

export const exchangeRateListSchema = z
  .object({
    reportingCurrency: z.string(),
    data: z.array(exchangeRateSchema).describe('By currency, newest first'),
    contractCurrencies: z
      .array(z.object({ currency: z.string(), activeContracts: z.number().int(), hasRate: z.boolean() }))
      .describe('Currencies of active contracts, and whether each can be converted'),
  })
  .meta({ id: 'ExchangeRateList' });
export type ExchangeRateList = z.infer<typeof exchangeRateListSchema>;

export const workspaceSettingsSchema = z.object({ reportingCurrency: z.string() }).meta({ id: 'WorkspaceSettings' });
export type WorkspaceSettings = z.infer<typeof workspaceSettingsSchema>;

export const updateWorkspaceSettingsInputSchema = z.strictObject({ reportingCurrency: currencyCodeSchema });
export type UpdateWorkspaceSettingsInput = z.infer<typeof updateWorkspaceSettingsInputSchema>;
