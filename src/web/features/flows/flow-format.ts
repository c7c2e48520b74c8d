/** "12 min", "3.5 h", "2.0 days": time between steps at the scale it has. */
export function formatMinutes(minutes: number): string {
  if (minutes < 60) return `${Math.round(minutes)} min`;
  if (minutes < 48 * 60) return `${(minutes / 60).toFixed(1)} h`;
  return `${(minutes / 1440).toFixed(1)} days`;
}

export const STUCK_REASON_LABELS = { failed: 'Failed', repeated: 'Repeating', idle: 'Idle' } as const;
