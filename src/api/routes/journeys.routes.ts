import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { getAccountForViewerOrThrow, getAccountForWriteOrThrow, updateAccount } from '../../accounts/index.js';
import {
  accountGoalsSchema,
  accountJourneySchema,
  getAccountJourney,
  getJourney,
  getJourneyBoard,
  journeyBoardQuerySchema,
  journeyBoardSchema,
  journeySchema,
  moveStageInputSchema,
  putAccountGoals,
  putAccountGoalsInputSchema,
  putJourney,
  putJourneyInputSchema,
  setMilestoneDone,
} from '../../journeys/index.js';
import { actorOf } from '../auth-plugin.js';
import type { RouteContext } from '../server.js';

const idParams = z.object({ id: z.uuid() });
const milestoneParams = z.object({ id: z.uuid(), milestoneId: z.uuid() });

/** The lifecycle journey: stages (admins edit), the board, and each account's journey, goals and milestones. */
export function registerJourneyRoutes(app: FastifyInstance, { db, now }: RouteContext): void {
  const api = app.withTypeProvider<ZodTypeProvider>();

  api.get(
    '/journey',
    { schema: { tags: ['journey'], summary: 'The workspace’s journey: stages, gates, criteria and milestones', response: { 200: journeySchema } } },
    async (request) => getJourney(db, actorOf(request)),
  );

  api.put(
    '/journey',
    {
      schema: {
        tags: ['journey'],
        summary: 'Replace the journey (admins): rename, reorder, add or remove stages; removed stages holding accounts need a stageMapping',
        body: putJourneyInputSchema,
        response: { 200: journeySchema },
      },
    },
    async (request) => putJourney(db, actorOf(request), request.body, now()),
  );

  api.get(
    '/journey/board',
    {
      schema: {
        tags: ['journey'],
        summary: 'Accounts by stage with on track / behind / stuck counts',
        querystring: journeyBoardQuerySchema,
        response: { 200: journeyBoardSchema },
      },
    },
    async (request) => getJourneyBoard(db, actorOf(request), request.query, now()),
  );

  api.get(
    '/accounts/:id/journey',
    {
      schema: {
        tags: ['journey'],
        summary: 'An account’s stage, time in stage against the expected stay, status, milestones, history and goals',
        params: idParams,
        response: { 200: accountJourneySchema },
      },
    },
    async (request) => {
      const actor = actorOf(request);
      const at = now();
      const account = await getAccountForViewerOrThrow(db, actor, request.params.id, at);
      return getAccountJourney(db, actor.workspaceId, account, at);
    },
  );

  api.post(
    '/accounts/:id/journey/stage',
    {
      schema: {
        tags: ['journey'],
        summary: 'Move the account to a stage, with a reason (the stage’s gate applies: 409 naming the missing facts)',
        params: idParams,
        body: moveStageInputSchema,
        response: { 200: accountJourneySchema },
      },
    },
    async (request) => {
      const actor = actorOf(request);
      const at = now();
      const account = await updateAccount(db, actor, request.params.id, { lifecycleStage: request.body.stage }, { reason: request.body.reason ?? null, source: 'journey', now: at });
      return getAccountJourney(db, actor.workspaceId, account, at);
    },
  );

  api.put(
    '/accounts/:id/goals',
    {
      schema: {
        tags: ['journey'],
        summary: 'Record the customer’s goals and success criteria (needs write access to the account)',
        params: idParams,
        body: putAccountGoalsInputSchema,
        response: { 200: accountGoalsSchema },
      },
    },
    async (request) => {
      const actor = actorOf(request);
      const at = now();
      await getAccountForWriteOrThrow(db, actor, request.params.id, at);
      return putAccountGoals(db, actor, request.params.id, request.body, at);
    },
  );

  api.put(
    '/accounts/:id/journey/milestones/:milestoneId',
    {
      schema: {
        tags: ['journey'],
        summary: 'Mark a milestone of the account done, or open again',
        params: milestoneParams,
        body: z.strictObject({ done: z.boolean() }),
        response: { 200: accountJourneySchema },
      },
    },
    async (request) => {
      const actor = actorOf(request);
      const at = now();
      const account = await getAccountForWriteOrThrow(db, actor, request.params.id, at);
      await setMilestoneDone(db, actor, { accountId: account.id, milestoneId: request.params.milestoneId, done: request.body.done, now: at });
      return getAccountJourney(db, actor.workspaceId, account, at);
    },
  );
}
