import type { Kysely } from 'kysely';
import type { Actor } from '../auth/index.js';
import { forbidden, notFound } from '../core/errors.js';
import type { Database } from '../db/schema.js';
import { deleteSavedViewRow, findSavedViews, insertSavedView, updateSavedViewRow } from './saved-views.repository.js';
import type { CreateSavedViewInput, SavedView, SavedViewFilters, UpdateSavedViewInput } from './saved-views.schema.js';

type Conn = Kysely<Database>;
type Row = { id: string; name: string; filters: Record<string, unknown>; created_at: Date; updated_at: Date };

const toView = (row: Row): SavedView => ({ id: row.id, name: row.name, filters: row.filters as SavedViewFilters, createdAt: row.created_at, updatedAt: row.updated_at });

/** Views are a person's own: a token without a user (automation) has none and may keep none. */
function ownerOrThrow(actor: Actor) {
  if (!actor.userId) throw forbidden('Saved views belong to a person; this token has no user.');
  return { workspaceId: actor.workspaceId, userId: actor.userId };
}

/** The caller's saved account-list views, by name. Every role keeps its own (viewers too: a view changes nothing shared). */
export async function listSavedViews(db: Conn, actor: Actor): Promise<SavedView[]> {
  if (!actor.userId) return [];
  return (await findSavedViews(db, ownerOrThrow(actor))).map(toView);
}

/** @example await createSavedView(db, actor, { name: 'Renewing this quarter', filters: { renewsWithin: 'this_quarter' } }) */
export async function createSavedView(db: Conn, actor: Actor, input: CreateSavedViewInput): Promise<SavedView> {
  return toView(await insertSavedView(db, ownerOrThrow(actor), input));
}

/** Renames a view or replaces its filters; another person's view is NotFound. */
export async function updateSavedView(db: Conn, actor: Actor, id: string, changes: UpdateSavedViewInput, now: Date): Promise<SavedView> {
  const row = await updateSavedViewRow(db, ownerOrThrow(actor), id, changes, now);
  if (!row) throw notFound('Saved view', id);
  return toView(row);
}

export async function deleteSavedView(db: Conn, actor: Actor, id: string): Promise<void> {
  if (!(await deleteSavedViewRow(db, ownerOrThrow(actor), id))) throw notFound('Saved view', id);
}
