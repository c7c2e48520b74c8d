import type { BadgeTone } from '../../components/badge.js';
import { humanize } from '../../lib/format.js';
import type { ArrMovementKind, ContactRole, RenewalWindow } from './accounts.types.js';

// Segments are free text in the database; these are the values the
// product writes (demo data, importers). Anything else still displays, humanized.
export const SEGMENTS = [
  { value: 'enterprise', label: 'Enterprise' },
  { value: 'mid-market', label: 'Mid-market' },
  { value: 'smb', label: 'SMB' },
  { value: 'self-serve', label: 'Self-serve' },
] as const;

// Lifecycle stages are the workspace journey's, stored by name: the list comes from
// GET /api/journey (`useStageOptions` in features/journeys).

/** Renewal windows of the accounts list, in the order a CSM plans by. */
export const RENEWAL_WINDOWS = [
  { value: 'overdue', label: 'Renewal overdue' },
  { value: 'next_30_days', label: 'Renews in the next 30 days' },
  { value: 'this_quarter', label: 'Renews this quarter' },
  { value: 'next_90_days', label: 'Renews in the next 90 days' },
  { value: 'next_quarter', label: 'Renews next quarter' },
  { value: 'this_year', label: 'Renews this year' },
] as const satisfies readonly { value: RenewalWindow; label: string }[];

export function optionLabel(options: readonly { value: string; label: string }[], value: string | null): string | null {
  if (!value) return null;
  return options.find((option) => option.value === value)?.label ?? null;
}

export const CONTACT_ROLE_TONES: Record<ContactRole, BadgeTone> = {
  champion: 'green',
  economic_buyer: 'purple',
  decision_maker: 'blue',
  admin: 'teal',
  end_user: 'neutral',
};

export const ARR_MOVEMENT_TONES: Record<ArrMovementKind, BadgeTone> = {
  new: 'blue',
  expansion: 'green',
  contraction: 'amber',
  churn: 'red',
  reactivation: 'purple',
};

export const SUBSCRIPTION_STATUS_TONES: Record<string, BadgeTone> = {
  active: 'green',
  cancelled: 'red',
  expired: 'neutral',
};

export function segmentLabel(value: string | null): string {
  return optionLabel(SEGMENTS, value) ?? humanize(value);
}

export function lifecycleStageLabel(value: string | null): string {
  return value ?? humanize(value);
}
