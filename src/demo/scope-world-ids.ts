import { createHash } from 'node:crypto';
import type { DemoWorld } from './demo.types.js';

/**
 * The world with every row id derived from (workspace, generated id), so the same seed can
 * be loaded into several workspaces of one database (ids are primary keys across
 * workspaces) and still give the same ids for the same workspace.
 */
export function scopeWorldIds(world: DemoWorld, workspaceId: string): DemoWorld {
  const idOf = (id: string) => {
    const hex = createHash('sha256').update(`${workspaceId}:${id}`).digest('hex');
    const variant = ((parseInt(hex[16]!, 16) & 0x3) | 0x8).toString(16);
    return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-${variant}${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
  };
  return {
    users: world.users,
    accounts: world.accounts.map((account) => ({
      ...account,
      id: idOf(account.id),
      parentId: account.parentId ? idOf(account.parentId) : null,
      contacts: account.contacts.map((contact) => ({ ...contact, id: idOf(contact.id) })),
      subscription: { ...account.subscription, id: idOf(account.subscription.id) },
      notes: account.notes.map((note) => ({ ...note, id: idOf(note.id) })),
      tasks: account.tasks.map((task) => ({ ...task, id: idOf(task.id) })),
      surveys: account.surveys.map((survey) => ({ ...survey, contactId: survey.contactId ? idOf(survey.contactId) : null })),
    })),
  };
}
