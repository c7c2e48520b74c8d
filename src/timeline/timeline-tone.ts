import type { ArrMovementKind, SignalType, TicketPriority, TimelineTone } from '../db/schema.js';

export type { TimelineTone };
export const TIMELINE_TONES = ['positive', 'neutral', 'negative'] as const satisfies readonly TimelineTone[];

/**
 * What a writer knows about the moment it tells. Each fact has exactly one reading, decided
 * here and nowhere else, so the web app only paints what the server says (issue 15 item 6:
 * a lost contract must never show as good news).
 */
export type ToneFact =
  /** An entry known only by its kind (contacts, tasks, notes, integrations). */
  | { of: 'kind'; kind: string }
  /** A contract change: the ARR movement it booked, if any, and whether the contract ended. */
  | { of: 'contract'; movement: ArrMovementKind | null; ended: boolean }
  | { of: 'survey'; survey: 'nps' | 'csat' | 'ces'; score: number }
  | { of: 'ticket'; story: 'opened' | 'solved'; priority: TicketPriority | null }
  | { of: 'ticket_csat'; csat: 'good' | 'bad' }
  | { of: 'signal'; type: SignalType }
  /** A logged meeting, call or email: how it went, as the CSM judged it. */
  | { of: 'interaction'; sentiment: TimelineTone };

const NEGATIVE_KINDS = new Set(['contract_cancelled', 'contract_expired', 'champion_left', 'contact_left']);
const POSITIVE_KINDS = new Set(['contract_signed']);
const MOVEMENT_TONE: Record<ArrMovementKind, TimelineTone> = {
  new: 'positive',
  expansion: 'positive',
  reactivation: 'positive',
  contraction: 'negative',
  churn: 'negative',
};
const SIGNAL_TONE: Record<SignalType, TimelineTone> = {
  funding: 'positive',
  leadership_change: 'negative',
  vendor_review: 'negative',
  layoff: 'negative',
  acquisition: 'neutral',
  news: 'neutral',
  other: 'neutral',
  milestone_overdue: 'negative',
  flow_stuck: 'negative',
  stage_stuck: 'negative',
};

/**
 * @example
 *   timelineTone({ of: 'contract', movement: 'churn', ended: true })  // 'negative'
 *   timelineTone({ of: 'survey', survey: 'nps', score: 4 })           // 'negative' (detractor)
 *   timelineTone({ of: 'kind', kind: 'note' })                        // 'neutral'
 */
export function timelineTone(fact: ToneFact): TimelineTone {
  switch (fact.of) {
    case 'kind':
      return NEGATIVE_KINDS.has(fact.kind) ? 'negative' : POSITIVE_KINDS.has(fact.kind) ? 'positive' : 'neutral';
    case 'contract':
      if (fact.ended) return 'negative';
      return fact.movement ? MOVEMENT_TONE[fact.movement] : 'neutral';
    case 'survey':
      return surveyTone(fact.survey, fact.score);
    case 'ticket':
      // An urgent ticket is an escalation; its solving is routine.
      return fact.story === 'opened' && fact.priority === 'urgent' ? 'negative' : 'neutral';
    case 'ticket_csat':
      return fact.csat === 'bad' ? 'negative' : 'positive';
    case 'signal':
      return SIGNAL_TONE[fact.type];
    case 'interaction':
      return fact.sentiment;
  }
}

/** NPS detractors (0–6) and promoters (9–10); CSAT 1–2 / 4–5 of 5; CES 1–3 / 6–7 of 7 ("easy" is high). */
function surveyTone(survey: 'nps' | 'csat' | 'ces', score: number): TimelineTone {
  const [low, high] = survey === 'nps' ? [6, 9] : survey === 'csat' ? [2, 4] : [3, 6];
  return score <= low ? 'negative' : score >= high ? 'positive' : 'neutral';
}
