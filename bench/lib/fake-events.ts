/**
 * Segment `track` messages as analytics-node sends them, and the same messages as rows of
 * `events` for the COPY baseline. Deterministic from the index, so both sides hold the
 * same data and every messageId is new.
 */
const EVENT_NAMES = ['Report Exported', 'Dashboard Viewed', 'Invite Sent', 'Filter Applied', 'Workflow Run', 'Comment Added'];
const CONTEXT = { library: { name: 'analytics-node', version: '2.1.2' }, ip: '203.0.113.7' };

export const userIdOf = (index: number, users: number): string => `user-${index % users}`;

export type TrackMessage = {
  type: 'track';
  messageId: string;
  userId: string;
  event: string;
  properties: Record<string, unknown>;
  context: Record<string, unknown>;
  timestamp: string;
};

export function trackMessage(options: { index: number; prefix: string; users: number; timestamp: string }): TrackMessage {
  const { index } = options;
  return {
    type: 'track',
    messageId: `${options.prefix}-${index}`,
    userId: userIdOf(index, options.users),
    event: EVENT_NAMES[index % EVENT_NAMES.length]!,
    properties: { plan: index % 3 ? 'pro' : 'team', path: `/reports/${index % 50}`, items: index % 17, durationMs: (index * 37) % 5000 },
    context: CONTEXT,
    timestamp: options.timestamp,
  };
}

export const EVENT_COPY_COLUMNS = ['workspace_id', 'source_id', 'message_id', 'type', 'event', 'user_id', 'account_id', 'properties', 'context', 'timestamp', 'received_at'] as const;

const csvField = (value: string | null): string => (value === null ? '' : `"${value.replaceAll('"', '""')}"`);

/** One CSV line per message, columns as EVENT_COPY_COLUMNS; an empty unquoted field is NULL. */
export function eventCopyLine(options: { message: TrackMessage; workspaceId: string; sourceId: string; accountId: string | null; receivedAt: string }): string {
  const { message } = options;
  return [
    options.workspaceId,
    options.sourceId,
    message.messageId,
    message.type,
    message.event,
    message.userId,
    options.accountId,
    JSON.stringify(message.properties),
    JSON.stringify(message.context),
    message.timestamp,
    options.receivedAt,
  ]
    .map(csvField)
    .join(',');
}
