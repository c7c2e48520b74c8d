import { findAccountsByExternalIds } from '../accounts/index.js';
import { createContactsInBulk, findContactsByEmailsOrExternalIds, updateContact, type Contact, type CreateContactInput } from '../contacts/index.js';
import { columnOf, type ImportWriter, type Outcome, type ValidRow } from './import-writer.js';
import { contactFieldsOf, firstId, planContact, type ContactFields } from './plan-changes.js';

/**
 * Contacts, matched on their id in the file's CRM system, else on email. Each row names its
 * account by the account's CRM id, so accounts are imported first. An existing contact keeps
 * its account: moving people between customers is a decision, not an import side effect.
 */
export function contactsWriter(): ImportWriter {
  return {
    keyOf: (values) => (values.externalId ? `id:${String(values.externalId)}` : values.email ? `email:${String(values.email)}` : undefined),

    async writeChunk({ trx, actor, mapping, system }, rows) {
      const outcomes: Outcome[] = [];
      const prepared: { row: ValidRow; fields: ContactFields; accountExternalId: string }[] = [];
      for (const row of rows) {
        const { fields, problem } = contactFieldsOf(row.values);
        if (problem) outcomes.push({ row: row.row, errors: [{ row: row.row, column: columnOf(mapping, problem.target), reason: problem.reason }] });
        else prepared.push({ row, fields: fields!, accountExternalId: firstId(row.values.accountExternalId as string) });
      }
      const accounts = new Map(
        (await findAccountsByExternalIds(trx, actor, system, [...new Set(prepared.map((p) => p.accountExternalId))])).map((account) => [
          account.externalIds[system]!,
          account.id,
        ]),
      );
      const known = await findContactsByEmailsOrExternalIds(trx, actor, {
        system,
        emails: prepared.flatMap((p) => (p.fields.email ? [p.fields.email] : [])),
        externalIds: prepared.flatMap((p) => (p.fields.externalId ? [p.fields.externalId] : [])),
      });
      const creates: (CreateContactInput & { accountId: string })[] = [];
      const createdRows: number[] = [];
      for (const { row, fields, accountExternalId } of prepared) {
        const accountId = accounts.get(accountExternalId);
        if (!accountId) {
          const reason = `no account has ${system} id "${accountExternalId}"; import the accounts first`;
          outcomes.push({ row: row.row, errors: [{ row: row.row, column: columnOf(mapping, 'accountExternalId'), reason }] });
          continue;
        }
        const existing = matchContact(known, fields, system);
        const plan = planContact(existing, fields, system);
        if (plan.action === 'create') {
          creates.push({ ...plan.input, accountId });
          createdRows.push(row.row);
        } else {
          if (plan.action === 'update') await updateContact(trx, actor, existing!.id, plan.input);
          outcomes.push({ row: row.row, status: plan.action === 'update' ? 'updated' : 'unchanged' });
        }
      }
      await createContactsInBulk(trx, actor, creates);
      for (const row of createdRows) outcomes.push({ row, status: 'created' });
      return { outcomes };
    },
  };
}

// The CRM id decides when the row has one; the email only finds a contact that has no other id in that system.
function matchContact(known: Contact[], fields: ContactFields, system: string): Contact | undefined {
  if (fields.externalId) {
    const byId = known.find((contact) => contact.externalIds[system] === fields.externalId);
    if (byId) return byId;
  }
  if (!fields.email) return undefined;
  return known.find((contact) => contact.email?.toLowerCase() === fields.email && (!fields.externalId || !contact.externalIds[system]));
}
