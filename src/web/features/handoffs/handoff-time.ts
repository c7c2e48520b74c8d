/** "due in 3 d 4 h" / "overdue by 5 h" / "completed 2 h late", from times and now. Pure, for the board's cards. */
export function describeClock(handoff: { dueAt: string; completedAt: string | null }, now: number): { text: string; late: boolean } {
  const due = Date.parse(handoff.dueAt);
  if (handoff.completedAt) {
    const done = Date.parse(handoff.completedAt);
    return done <= due ? { text: `completed ${span(due - done)} early`, late: false } : { text: `completed ${span(done - due)} late`, late: true };
  }
  return now <= due ? { text: `due in ${span(due - now)}`, late: false } : { text: `overdue by ${span(now - due)}`, late: true };
}

function span(ms: number): string {
  const minutes = Math.max(0, Math.round(ms / 60_000));
  if (minutes < 60) return `${minutes} min`;
  const hours = Math.floor(minutes / 60);
  if (hours < 48) return `${hours} h`;
  const days = Math.floor(hours / 24);
  const rest = hours % 24;
  return rest ? `${days} d ${rest} h` : `${days} d`;
}
