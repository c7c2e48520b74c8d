import type { Kysely } from 'kysely';
import { forbiddenUnlessLeader, type Actor } from '../access/index.js';
import type { Database } from '../db/schema.js';
import { listMembers } from '../workspaces/index.js';
import { findReportingCurrency, findWorkloadByOwner } from './today.repository.js';
import type { TeamWorkload, WorkloadRow } from './today.schema.js';

type Conn = Kysely<Database>;
type Figures = Omit<WorkloadRow, 'userId' | 'name' | 'role'>;

const ZERO: Figures = { openTasks: 0, overdueTasks: 0, accounts: 0, arr: 0, redArr: 0, yellowArr: 0, atRiskArr: 0 };
/** Money sums in JavaScript stay on cents (the SQL sums are exact; adding them here must not drift). */
const cents = (amount: number) => Math.round(amount * 100);
const addFigures = (a: Figures, b: Figures): Figures =>
  Object.fromEntries(
    (Object.keys(ZERO) as Array<keyof Figures>).map((key) => [key, key.endsWith('Arr') || key === 'arr' ? (cents(a[key]) + cents(b[key])) / 100 : a[key] + b[key]]),
  ) as Figures;

/**
 * The team at a glance, for leaders and admins: per member, open and overdue tasks (open or
 * in progress, due before today), the accounts in their book (churned left out), its ARR
 * and the ARR in the red and yellow health bands; work and accounts owned by no current
 * member in one "No owner" row. Viewers are listed only when they own something.
 *
 * @example
 *   const { members, totals } = await getTeamWorkload(db, actor, clock.now());
 */
export async function getTeamWorkload(db: Conn, actor: Actor, now: Date): Promise<TeamWorkload> {
  if (actor.role !== 'admin' && actor.role !== 'leader') forbiddenUnlessLeader('see the team’s workload');
  const today = now.toISOString().slice(0, 10);
  const [members, { tasks, books }, reportingCurrency] = await Promise.all([
    listMembers(db, actor),
    findWorkloadByOwner(db, { workspaceId: actor.workspaceId, today }),
    findReportingCurrency(db, actor.workspaceId),
  ]);
  const byOwner = new Map<string | null, Figures>();
  const memberIds = new Set(members.map((member) => member.id));
  const add = (ownerId: string | null, figures: Partial<Figures>) => {
    const key = ownerId !== null && memberIds.has(ownerId) ? ownerId : null;
    byOwner.set(key, addFigures(byOwner.get(key) ?? ZERO, { ...ZERO, ...figures }));
  };
  for (const row of tasks) add(row.owner_id, { openTasks: row.open_tasks, overdueTasks: row.overdue_tasks });
  for (const row of books) {
    add(row.owner_id, { accounts: row.accounts, arr: row.arr, redArr: row.red_arr, yellowArr: row.yellow_arr, atRiskArr: (cents(row.red_arr) + cents(row.yellow_arr)) / 100 });
  }
  const rows: WorkloadRow[] = members
    .filter((member) => member.role !== 'viewer' || byOwner.has(member.id))
    .map((member) => ({ userId: member.id, name: member.name || member.email, role: member.role, ...(byOwner.get(member.id) ?? ZERO) }));
  const nobody = byOwner.get(null);
  if (nobody) rows.push({ userId: null, name: 'No owner', role: null, ...nobody });
  return {
    today,
    reportingCurrency,
    members: rows,
    totals: rows.reduce<Figures>((sum, { userId: _id, name: _name, role: _role, ...figures }) => addFigures(sum, figures), ZERO),
  };
}
