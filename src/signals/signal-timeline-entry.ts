import type { SignalType } from '../db/schema.js';

/**
 * How a signal reads on the account timeline. Pure. Signals are facts from outside the
 * vendor (news, funding, a new CEO), so their entries carry the team `external` rather than
 * a department; health and playbooks find them by kind `signal`.
 */
export const SIGNAL_TIMELINE = { kind: 'signal', team: 'external' } as const;

export const SIGNAL_TYPE_LABELS: Record<SignalType, string> = {
  news: 'News',
  funding: 'Funding',
  leadership_change: 'Leadership change',
  vendor_review: 'Vendor review',
  layoff: 'Layoffs',
  acquisition: 'Acquisition',
  other: 'Outside signal',
  milestone_overdue: 'Milestone overdue',
  flow_stuck: 'Stuck in a product flow',
  stage_stuck: 'Stuck in a stage',
};

/** "Vendor review: CEO announces a review of all vendors". */
export function signalTimelineTitle(type: SignalType, title: string): string {
  return `${SIGNAL_TYPE_LABELS[type]}: ${title}`;
}

/** The details, then the source on its own line; null when there is neither. */
export function signalTimelineBody(text: string | null, sourceUrl: string | null): string | null {
  const parts = [text?.trim(), sourceUrl ? `Source: ${sourceUrl}` : undefined].filter((part): part is string =>
    Boolean(part),
  );
  return parts.length ? parts.join('\n\n') : null;
}
