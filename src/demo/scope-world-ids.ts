import { uuidOfName } from './demo-dates.js';
import type { DemoWorld } from './demo.types.js';

/**
 * The world with every row id derived from (workspace, generated id), so the same seed can
 * be loaded into several workspaces of one database (ids are primary keys across
 * workspaces) and still give the same ids for the same workspace.
 */
export function scopeWorldIds(world: DemoWorld, workspaceId: string): DemoWorld {
  const idOf = (id: string) => uuidOfName(`${workspaceId}:${id}`);
  return {
    users: world.users,
    accounts: world.accounts.map((account) => ({
      ...account,
      id: idOf(account.id),
      parentId: account.parentId ? idOf(account.parentId) : null,
      contacts: account.contacts.map((contact) => ({ ...contact, id: idOf(contact.id) })),
      contracts: account.contracts.map((contract) => ({ ...contract, id: idOf(contract.id) })),
      movements: account.movements.map((movement) => ({ ...movement, contractId: idOf(movement.contractId) })),
      notes: account.notes.map((note) => ({ ...note, id: idOf(note.id) })),
      tasks: account.tasks.map((task) => ({ ...task, id: idOf(task.id) })),
      surveys: account.surveys.map((survey) => ({ ...survey, contactId: survey.contactId ? idOf(survey.contactId) : null })),
    })),
  };
}
