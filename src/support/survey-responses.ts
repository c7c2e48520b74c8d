import { createHash } from 'node:crypto';
import type { SurveyKind, SurveyResponseInput } from './support.types.js';

/**
 * Pure rules for survey answers: the scales, the key of an answer that came without an id,
 * and how it reads on the timeline.
 */
export const SURVEY_SCALES: Record<SurveyKind, { min: number; max: number }> = {
  nps: { min: 0, max: 10 },
  csat: { min: 1, max: 5 },
  ces: { min: 1, max: 7 },
};

/** Why a score is refused, or null when it is on the kind's scale. */
export function surveyScoreProblem(kind: SurveyKind, score: number): string | null {
  const { min, max } = SURVEY_SCALES[kind];
  if (!Number.isInteger(score) || score < min || score > max)
    return `must be a whole number from ${min} to ${max} for ${kind.toUpperCase()}`;
  return null;
}

/**
 * The response's own id, or (for files without one) a key built from who answered what,
 * when: re-importing the same file then updates instead of adding. The score is left out
 * so a corrected score updates the answer.
 */
export function surveyResponseKey(
  input: Pick<SurveyResponseInput, 'externalId' | 'accountId' | 'contactId' | 'kind' | 'respondedAt'>,
): string {
  const given = input.externalId?.trim();
  if (given) return given;
  const basis = [input.accountId, input.contactId ?? '', input.kind, input.respondedAt.toISOString()].join('|');
  return `auto:${createHash('sha256').update(basis).digest('hex').slice(0, 32)}`;
}

/** NPS bands as Bain defines them: 9–10 promoter, 7–8 passive, 0–6 detractor. */
export function npsBand(score: number): 'promoter' | 'passive' | 'detractor' {
  if (score >= 9) return 'promoter';
  return score >= 7 ? 'passive' : 'detractor';
}

/** "NPS 3 (detractor)", "CSAT 4/5", "CES 6/7". */
export function surveyTitle(kind: SurveyKind, score: number): string {
  if (kind === 'nps') return `NPS ${score} (${npsBand(score)})`;
  return `${kind.toUpperCase()} ${score}/${SURVEY_SCALES[kind].max}`;
}
