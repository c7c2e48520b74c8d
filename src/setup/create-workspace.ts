import type { Kysely } from 'kysely';
import type { Clock } from '../core/clock.js';
import type { Database } from '../db/schema.js';
import { inTransaction } from '../db/transaction.js';
import { setUpHandoffDefaults } from '../handoffs/index.js';
import { createWorkspace, type Workspace } from '../workspaces/index.js';

/**
 * Creates a workspace with what it starts with: the default teams and hand-off rules, written
 * here once so that reading teams, rules or hand-offs never writes. The journey needs no row:
 * a workspace without a saved journey reads the default one. Every way of creating a workspace
 * (the CLI, the demo loader, the first start) goes through here; workspaces created before
 * this got their defaults from migration 0043.
 *
 * @example
 *   const workspace = await createWorkspaceWithDefaults(db, 'Acme CS', systemClock);
 */
export async function createWorkspaceWithDefaults(db: Kysely<Database>, name: string, clock: Clock): Promise<Workspace> {
  return inTransaction(db, async (trx) => {
    const workspace = await createWorkspace(trx, name);
    await setUpHandoffDefaults(trx, workspace.id, clock.now());
    return workspace;
  });
}
