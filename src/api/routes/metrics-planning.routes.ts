import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import {
  backtestQuerySchema,
  backtestResponseSchema,
  capacityQuerySchema,
  capacityResponseSchema,
  clvQuerySchema,
  clvResponseSchema,
  forecastQuerySchema,
  forecastResponseSchema,
  getCapacity,
  getForecastBacktest,
  getRenewalForecast,
  getSubscriptionClv,
  getTimeToValue,
  timeToValueQuerySchema,
  timeToValueResponseSchema,
} from '../../metrics/index.js';
import { actorOf } from '../auth-plugin.js';
import type { RouteContext } from '../server.js';

/**
 * Renewal forecast and backtest, subscription CLV, CS capacity and time to value. Every
 * member reads the whole workspace, as for the other metrics; capacity's suggested
 * rebalancing is answered to leaders and admins only (null for others).
 */
export function registerMetricsPlanningRoutes(app: FastifyInstance, { db, now }: RouteContext): void {
  const api = app.withTypeProvider<ZodTypeProvider>();
  api.get(
    '/metrics/forecast',
    { schema: { tags: ['metrics'], summary: 'Renewal forecast: each contract renewing within the horizon with P(renew) and expected ARR, weighted by month and by CSM', querystring: forecastQuerySchema, response: { 200: forecastResponseSchema } } },
    async (request) => getRenewalForecast(db, actorOf(request), request.query, now()),
  );
  api.get(
    '/metrics/forecast/backtest',
    { schema: { tags: ['metrics'], summary: 'Last year’s renewal forecast against what happened: Brier score, calibration, expected vs actual ARR', querystring: backtestQuerySchema, response: { 200: backtestResponseSchema } } },
    async (request) => getForecastBacktest(db, actorOf(request), request.query, now()),
  );
  api.get(
    '/metrics/clv',
    { schema: { tags: ['metrics'], summary: 'Subscription CLV per segment (ARPA × margin ÷ churn, discounted)', querystring: clvQuerySchema, response: { 200: clvResponseSchema } } },
    async (request) => getSubscriptionClv(db, actorOf(request), request.query, now()),
  );
  api.get(
    '/metrics/capacity',
    { schema: { tags: ['metrics'], summary: 'CS team capacity: books per CSM against engagement-model targets, unowned customers, suggested rebalancing', querystring: capacityQuerySchema, response: { 200: capacityResponseSchema } } },
    async (request) => getCapacity(db, actorOf(request), request.query, now()),
  );
  api.get(
    '/metrics/time-to-value',
    { schema: { tags: ['metrics'], summary: 'Time to first value per segment (Kaplan–Meier median days from first ARR to first usage)', querystring: timeToValueQuerySchema, response: { 200: timeToValueResponseSchema } } },
    async (request) => getTimeToValue(db, actorOf(request), request.query, now()),
  );
}
