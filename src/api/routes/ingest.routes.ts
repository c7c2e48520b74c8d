import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { AppError } from '../../core/errors.js';
import {
  authenticateWriteKeyOrThrow,
  ingestTrackingRequest,
  queueTrackingRequest,
  recordRejectedRequest,
  TRACKING_ENDPOINTS,
  writeKeyFromRequest,
  type TrackingEndpoint,
} from '../../ingest/index.js';
import { handleError, problemFor, sendProblem, toAppError } from '../problem.js';
import { readTrackingBody } from '../read-tracking-body.js';
import type { RouteContext } from '../server.js';

/**
 * Larger than Segment's 500 KB batch limit on purpose: a batch a little over the limit is
 * parsed, so the 413 can name the message where it went over. Past this, fastify's own
 * 413 answers without naming one.
 */
export const V1_BODY_LIMIT = 2 * 1024 * 1024;

const SUMMARIES: Record<TrackingEndpoint, string> = {
  track: 'Record an action a user performed (Segment track)',
  identify: 'Tie a user to traits such as email and name (Segment identify)',
  group: 'Tie a user to a company: the account (Segment group)',
  page: 'Record a page view (Segment page)',
  screen: 'Record a mobile screen view (Segment screen)',
  alias: 'Merge two ids of one user (Segment alias)',
  batch: 'Send many calls of any type at once, up to 500 KB (Segment batch)',
};

/**
 * The Segment-compatible HTTP Tracking API, registered under /v1 outside the /api auth:
 * the source's write key is the credential. 200 `{"success":true}` only once the events
 * are committed, or in scale-out mode once JetStream has them (503 when it cannot be
 * reached); a refused request stores nothing and names the offending message.
 */
export function registerIngestRoutes(app: FastifyInstance, { db, now, eventPublisher }: RouteContext): void {
  // Segment's API reads every body as JSON, whatever its Content-Type (RudderStack's Node SDK
  // sends gzip with a form type, sendBeacon text/plain), and decompresses gzip and deflate.
  app.removeAllContentTypeParsers();
  app.addContentTypeParser('*', (request, payload, done) => {
    readTrackingBody(payload, { contentEncoding: request.headers['content-encoding'], maxBytes: V1_BODY_LIMIT }).then(
      (body) => done(null, body),
      (error: Error) => done(error, undefined),
    );
  });
  // Requests whose source was authenticated: their refusals are counted by ingest itself.
  const countedRequests = new WeakSet<FastifyRequest>();
  app.setErrorHandler(async (error, request, reply) => {
    const appError = toAppError(error);
    if (!appError) return handleError(error, request, reply);
    if (appError.status >= 400 && appError.status < 500 && appError.code !== 'unauthenticated' && !countedRequests.has(request)) {
      await countUnreadableRequest(request, appError.detail);
    }
    return sendSegmentProblem(reply, request, appError);
  });

  /** A body refused before parsing still counts against its source when the Basic-auth write key names one. */
  async function countUnreadableRequest(request: FastifyRequest, reason: string): Promise<void> {
    const writeKey = writeKeyFromRequest({ authorization: request.headers.authorization, body: undefined });
    if (!writeKey) return;
    try {
      const source = await authenticateWriteKeyOrThrow(db, writeKey);
      // The endpoint is the path's last segment (/v1/track); unknown ones are left out.
      const endpoint = request.url.split('?')[0]!.split('/').pop() ?? '';
      await recordRejectedRequest(db, {
        source,
        receivedAt: now(),
        reason,
        endpoint: (TRACKING_ENDPOINTS as readonly string[]).includes(endpoint) ? endpoint : null,
      });
    } catch (countError) {
      request.log.warn({ err: countError }, 'could not count a refused /v1 request');
    }
  }

  const api = app.withTypeProvider<ZodTypeProvider>();
  for (const endpoint of TRACKING_ENDPOINTS) {
    api.post(
      `/${endpoint}`,
      {
        bodyLimit: V1_BODY_LIMIT,
        schema: {
          tags: ['ingest'],
          summary: SUMMARIES[endpoint],
          description:
            'Body as in the Segment HTTP Tracking API. Authenticate with HTTP Basic, the write key as user name and an empty password, or send `writeKey` in the body. Messages are deduplicated on `messageId` per source.',
          security: [{ writeKey: [] }],
          response: { 200: z.object({ success: z.literal(true) }) },
        },
      },
      async (request) => {
        const receivedAt = now();
        const writeKey = writeKeyFromRequest({ authorization: request.headers.authorization, body: request.body });
        const source = await authenticateWriteKeyOrThrow(db, writeKey);
        countedRequests.add(request);
        const input = { source, endpoint, body: request.body, receivedAt };
        const result = eventPublisher
          ? await queueTrackingRequest(db, { ...input, publish: (queued) => eventPublisher.publish(queued) })
          : await ingestTrackingRequest(db, input);
        if (result.status === 'refused') {
          const { problem } = result;
          throw new AppError(problem.kind === 'too_large' ? 'payload_too_large' : 'validation_failed', problem.detail, {
            issues: problem.issues,
          });
        }
        if (result.status === 'queued') return { success: true as const };
        for (const failure of result.contacts.failed) {
          request.log.warn({ sourceId: source.id, userKey: failure.userKey }, `contact sync failed: ${failure.reason}`);
        }
        return { success: true as const };
      },
    );
  }
}

/**
 * The problem document with the fields Segment's API returns beside it: analytics-python
 * reads `code` and `message` from an error body (a body without them raised KeyError, which
 * it retried as if the network had failed). Refusals use statuses SDKs do not retry
 * (400, 401, 413); only 429 and 5xx are worth a retry.
 */
function sendSegmentProblem(reply: FastifyReply, request: FastifyRequest, error: AppError): FastifyReply {
  if (error.retryAfterSeconds !== undefined) reply.header('retry-after', String(error.retryAfterSeconds));
  return sendProblem(reply, { ...problemFor(error, request.url), message: error.detail });
}
