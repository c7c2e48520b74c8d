import type { Kysely } from 'kysely';
import { createUserInWorkspace, newSecret, systemActor } from '../auth/index.js';
import type { Database } from '../db/schema.js';
import { insertInChunks } from './demo.repository.js';
import { generateDemoWorld, type DemoWorld } from './generate-demo-world.js';

export type LoadDemoWorldOptions = {
  workspaceId: string;
  accounts?: number;
  months?: number;
  seed?: number;
  /** Defaults to the real today; tests pin it. */
  today?: string;
  progress?: (message: string) => void;
  /**
   * A real user (e.g. the first admin) who takes over the first simulated CSM's book, so
   * whoever logs in to the demo has accounts and tasks of their own.
   */
  bookOwnerUserId?: string;
};

/**
 * Generates a demo customer base and writes it into a workspace in one transaction, so a
 * failed load leaves nothing half-written. Users get random passwords (log in as the admin).
 */
export async function loadDemoWorld(db: Kysely<Database>, options: LoadDemoWorldOptions): Promise<DemoWorld> {
  const progress = options.progress ?? (() => undefined);
  const accountCount = options.accounts ?? 300;
  const world = generateDemoWorld({
    seed: options.seed ?? 42,
    accounts: accountCount,
    months: options.months ?? 18,
    today: options.today ?? new Date().toISOString().slice(0, 10),
  });
  progress(`Loading a demo world: ${accountCount} accounts, ${world.users.length} team members…`);
  const workspaceId = options.workspaceId;
  const userIds = new Map<string, string>();
  const csmTakenOver = options.bookOwnerUserId ? world.users.find((user) => user.role === 'csm') : undefined;
  if (csmTakenOver && options.bookOwnerUserId) userIds.set(csmTakenOver.id, options.bookOwnerUserId);
  for (const user of world.users) {
    if (user === csmTakenOver) continue;
    const created = await createUserInWorkspace(db, systemActor(workspaceId), {
      email: user.email,
      name: user.name,
      password: newSecret(12),
      workspaceId,
      role: user.role,
    });
    userIds.set(user.id, created.id);
  }
  const ownerOf = (demoUserId: string) => userIds.get(demoUserId) ?? null;

  await db.transaction().execute(async (trx) => {
    const accounts = world.accounts;
    await insertInChunks(
      trx,
      'accounts',
      accounts.map((a) => ({
        id: a.id,
        workspace_id: workspaceId,
        name: a.name,
        domain: a.domain,
        industry: a.industry,
        segment: a.segment,
        employee_count: a.employeeCount,
        region: a.region,
        owner_id: ownerOf(a.ownerId),
        lifecycle_stage: a.lifecycleStage,
        external_ids: JSON.stringify(a.externalIds),
        arr: a.arr,
        renewal_date: a.renewalDate,
        created_at: a.customerSince,
      })),
    );
    // Parents after all accounts exist, so the foreign key holds whatever the order.
    for (const account of accounts.filter((a) => a.parentId)) {
      await trx.updateTable('accounts').set({ parent_id: account.parentId }).where('id', '=', account.id).execute();
    }
    progress('  accounts written; contacts and contracts…');
    await insertInChunks(
      trx,
      'contacts',
      accounts.flatMap((a) =>
        a.contacts.map((c) => ({
          id: c.id,
          workspace_id: workspaceId,
          account_id: a.id,
          name: c.name,
          email: c.email,
          title: c.title,
          role: c.role,
          expertise: c.expertise,
          status: c.status,
          personal_wins: JSON.stringify(c.personalWins),
        })),
      ),
    );
    await insertInChunks(
      trx,
      'subscriptions',
      accounts.map((a) => ({
        id: a.subscription.id,
        workspace_id: workspaceId,
        account_id: a.id,
        status: a.subscription.status,
        start_date: a.subscription.startDate,
        end_date: a.subscription.endDate,
        auto_renew: a.subscription.autoRenew,
      })),
    );
    await insertInChunks(
      trx,
      'subscription_items',
      accounts.flatMap((a) =>
        a.subscription.items.map((item) => ({
          workspace_id: workspaceId,
          subscription_id: a.subscription.id,
          product: item.product,
          seats: item.seats,
          unit_price: item.unitPrice,
          arr: Math.round(item.seats * item.unitPrice * 100) / 100,
        })),
      ),
    );
    await insertInChunks(
      trx,
      'arr_movements',
      accounts.flatMap((a) =>
        a.movements.map((m) => ({
          workspace_id: workspaceId,
          account_id: a.id,
          subscription_id: a.subscription.id,
          kind: m.kind,
          amount: Math.round((m.arrAfter - m.arrBefore) * 100) / 100,
          arr_before: m.arrBefore,
          arr_after: m.arrAfter,
          occurred_on: m.occurredOn,
        })),
      ),
    );
    progress('  notes, tasks and timelines…');
    await insertInChunks(
      trx,
      'notes',
      accounts.flatMap((a) =>
        a.notes.map((n) => ({
          id: n.id,
          workspace_id: workspaceId,
          account_id: a.id,
          author_id: ownerOf(a.ownerId),
          body: n.body,
          created_at: n.createdAt,
        })),
      ),
    );
    await insertInChunks(
      trx,
      'tasks',
      accounts.flatMap((a) =>
        a.tasks.map((t) => ({
          id: t.id,
          workspace_id: workspaceId,
          account_id: a.id,
          owner_id: ownerOf(a.ownerId),
          title: t.title,
          due_date: t.dueDate,
          priority: t.priority,
          status: t.status,
          completed_at: t.status === 'done' ? new Date(`${t.dueDate}T17:00:00Z`) : null,
        })),
      ),
    );
    await insertInChunks(
      trx,
      'timeline_entries',
      accounts.flatMap((a) => [
        ...a.timeline.map((e) => ({
          workspace_id: workspaceId,
          account_id: a.id,
          kind: e.kind,
          team: e.team,
          title: e.title,
          body: e.body,
          occurred_at: e.occurredAt,
        })),
        ...a.notes.map((n) => ({
          workspace_id: workspaceId,
          account_id: a.id,
          kind: 'note',
          team: 'customer_success',
          title: n.body.split('\n')[0]!.slice(0, 120),
          body: n.body,
          actor_user_id: ownerOf(a.ownerId),
          subject_type: 'note',
          subject_id: n.id,
          occurred_at: n.createdAt,
        })),
      ]),
    );
  });
  progress('Demo world loaded.');
  return world;
}
