import type { Kysely } from 'kysely';
import { addDays } from '../../health/index.js';
import type { Database } from '../../db/schema.js';

const at = (day: string) => new Date(`${day}T12:00:00Z`);

/**
 * 30 accounts signed a year before `renewalDay`: the 12 with layoff news about 3½ months
 * before it churn at their renewal that day, the other 18 renew into a second term (every
 * sixth gets layoff news 139 days after). Enough history for a model trained on the terms
 * ended by `renewalDay`. Returns the renewed accounts' ids.
 */
export async function seedRenewals(db: Kysely<Database>, workspaceId: string, renewalDay = '2026-01-01'): Promise<string[]> {
  const signed = addDays(renewalDay, -365);
  const renewed: string[] = [];
  for (let i = 0; i < 30; i++) {
    const lost = i < 12;
    const { id } = await db.insertInto('accounts').values({ workspace_id: workspaceId, name: `Co ${i}`, segment: 'smb', created_at: at(signed) }).returning('id').executeTakeFirstOrThrow();
    const term = (start: string, status: 'active' | 'cancelled' | 'expired') =>
      db
        .insertInto('subscriptions')
        .values({ workspace_id: workspaceId, account_id: id, status, start_date: start, end_date: addDays(addDays(start, 365), -1), auto_renew: false })
        .returning('id')
        .executeTakeFirstOrThrow();
    const sub = await term(signed, lost ? 'cancelled' : 'expired');
    if (!lost) await term(renewalDay, 'active');
    const move = (kind: 'new' | 'churn', day: string, before: number, after: number) => ({
      workspace_id: workspaceId, account_id: id, subscription_id: sub.id, kind, amount: after - before, arr_before: before, arr_after: after, occurred_on: day,
    });
    await db.insertInto('arr_movements').values(lost ? [move('new', signed, 0, 1000), move('churn', renewalDay, 1000, 0)] : [move('new', signed, 0, 1000)]).execute();
    if (lost || i % 6 === 0) await db.insertInto('signals').values({ workspace_id: workspaceId, account_id: id, type: 'layoff', title: 'Layoffs', occurred_at: at(addDays(renewalDay, lost ? -108 : 139)) }).execute();
    if (!lost) renewed.push(id);
  }
  return renewed;
}
