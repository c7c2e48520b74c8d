import type { ApiQuery, ApiResponse, ApiSchema } from '../../lib/api-types.js';

export type OutboundMessage = ApiSchema<'OutboundMessage'>;
export type OutboundMessagePage = ApiResponse<'/api/outbound/messages', 'get'>;
export type OutboundMessageQuery = ApiQuery<'/api/outbound/messages', 'get'>;
export type OutboundSettings = ApiSchema<'OutboundSettings'>;
export type OutboundSuppression = ApiSchema<'OutboundSuppression'>;
export type CreatedSigningSecret = ApiResponse<'/api/outbound/signing-secret', 'post'>;
/** 202 Accepted (the generated ApiResponse reads 200/201 only). */
export type QueuedWebhook = { deliveryId: string | null; status: 'queued' | 'duplicate' | 'refused'; reason?: string };
