/** What the Today page shows, from lists the API already gives. Pure: the caller passes today's date. */

type TaskLike = { status: string; dueDate: string | null };
type AccountLike = { renewalDate: string | null };

export const DUE_SOON_DAYS = 7;
export const RENEWAL_WINDOW_DAYS = 90;

/** 'YYYY-MM-DD' plus `days` calendar days, in UTC. */
export function addDays(day: string, days: number): string {
  return new Date(Date.parse(`${day}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);
}

/**
 * Open tasks (open or in progress) split into overdue (due before today) and due soon
 * (today to today + 6, a week), each oldest due first; tasks without a due date are neither.
 */
export function splitTasks<T extends TaskLike>(tasks: T[], today: string): { overdue: T[]; dueSoon: T[] } {
  const open = tasks.filter((task) => (task.status === 'open' || task.status === 'in_progress') && task.dueDate);
  const byDue = (a: T, b: T) => a.dueDate!.localeCompare(b.dueDate!);
  const weekEnd = addDays(today, DUE_SOON_DAYS);
  return {
    overdue: open.filter((task) => task.dueDate! < today).sort(byDue),
    dueSoon: open.filter((task) => task.dueDate! >= today && task.dueDate! < weekEnd).sort(byDue),
  };
}

/** Accounts renewing from today through today + 90 days, soonest first. */
export function renewalsAhead<A extends AccountLike>(accounts: A[], today: string): A[] {
  const end = addDays(today, RENEWAL_WINDOW_DAYS);
  return accounts
    .filter((account) => account.renewalDate !== null && account.renewalDate >= today && account.renewalDate <= end)
    .sort((a, b) => a.renewalDate!.localeCompare(b.renewalDate!));
}

/** Whole days from `today` to `day` (negative when past). */
export function daysFrom(today: string, day: string): number {
  return Math.round((Date.parse(`${day}T00:00:00Z`) - Date.parse(`${today}T00:00:00Z`)) / 86_400_000);
}
