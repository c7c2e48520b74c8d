import { createAccountsInBulk, findAccountsByExternalIds, findFieldsSetByPeople, setAccountParentsInBulk, updateAccount, type Account } from '../accounts/index.js';
import { checkStageMoves } from '../journeys/index.js';
import { addTimelineEntries, type NewTimelineEntry } from '../timeline/index.js';
import type { CustomFieldDefinition } from '../workspaces/index.js';
import type { RowError } from './imports.types.js';
import { columnOf, type ImportWriter, type Outcome, type Revision, type RowStatus, type ValidRow, type WriterContext } from './import-writer.js';
import { unmatchedOwnerReason, type OwnerMatch } from './match-owners.js';
import type { MappedValues } from './map-record.js';
import { holdPersonSetFields, type PersonValue } from './person-set-fields.js';
import { accountFieldsOf, customFieldsOf, firstId, isEmptyCrmId, planAccount, type AccountFields } from './plan-changes.js';

type ParentLink = { row: number; accountId: string; currentParentId: string | null; parentExternalId: string; status: RowStatus };

const LOOKUP_CHUNK = 500;

/**
 * Accounts, matched on their id in the file's CRM system. New ones go in with one insert
 * per chunk; changed ones through updateAccount. Parents are linked after every row is in,
 * because a child may come before its parent in the file. A field a person set in the app
 * keeps its value unless `overwriteManual`; either way the row reports it and the account's
 * timeline says which value won.
 */
export function accountsWriter(
  definitions: CustomFieldDefinition[],
  matchOwner: (values: MappedValues) => OwnerMatch,
  options: { overwriteManual: boolean } = { overwriteManual: false },
): ImportWriter {
  const links: ParentLink[] = [];

  return {
    keyOf: (values) => values.externalId as string,

    async writeChunk(context, rows) {
      const { trx, actor, mapping, system } = context;
      const outcomes: Outcome[] = [];
      const prepared: { row: ValidRow; fields: AccountFields; warnings: RowError[]; ownerName: string | null }[] = [];
      for (const row of rows) {
        const owner = matchOwner(row.values);
        const { customFields, problems } = customFieldsOf(row.values, definitions);
        const errors = problems.map((problem) => ({ row: row.row, column: columnOf(mapping, problem.target), reason: problem.reason }));
        if (errors.length) {
          outcomes.push({ row: row.row, errors });
          continue;
        }
        // CRM owners are often people outside the workspace (HubSpot owners, Salesforce user
        // ids): the account still comes in, unowned (an existing owner is kept), with a warning.
        const warnings = owner.kind === 'unmatched' ? [{ row: row.row, column: columnOf(mapping, 'owner'), reason: unmatchedOwnerReason(owner.owner) }] : [];
        const fields: AccountFields = { ...accountFieldsOf(row.values) };
        if (owner.kind === 'none') fields.ownerId = null;
        if (owner.kind === 'member') fields.ownerId = owner.member.id;
        if (Object.keys(customFields).length) fields.customFields = customFields;
        prepared.push({ row, fields, warnings, ownerName: owner.kind === 'member' ? owner.member.name : null });
      }
      const existing = new Map<string, Account>();
      for (const account of await findAccountsByExternalIds(trx, actor, system, prepared.map((p) => p.fields.externalId))) {
        existing.set(account.externalIds[system]!, account);
      }
      const setByPeople = await findFieldsSetByPeople(trx, actor.workspaceId, [...existing.values()].map((account) => account.id));
      // A stage a person chose is kept, so the gate checks no move for it.
      const keepsStage = (account: Account | undefined) => !options.overwriteManual && Boolean(account && setByPeople.get(account.id)?.has('lifecycleStage'));
      const creates: { row: ValidRow; fields: AccountFields & { externalIds: Record<string, string> }; warnings: RowError[] }[] = [];
      const pending: ParentLink[] = [];
      // The journey's gate holds for imports too: a row that names no stage, or enters a gated
      // stage without the facts it asks for, is refused with the reason (issue 13 item 5).
      const stageChecks = await checkStageMoves(
        trx,
        actor.workspaceId,
        prepared.map(({ fields }) => {
          const account = existing.get(fields.externalId);
          const to = fields.lifecycleStage === undefined || keepsStage(account) ? (account?.lifecycleStage ?? null) : fields.lifecycleStage;
          return { accountId: account?.id ?? null, accountName: fields.name ?? account?.name ?? '', from: account?.lifecycleStage ?? null, to, ownerId: fields.ownerId ?? account?.ownerId ?? null };
        }),
      );
      const stageColumn = columnOf(mapping, 'lifecycleStage');
      const told: NewTimelineEntry[] = [];
      for (const [index, { row, fields, warnings, ownerName }] of prepared.entries()) {
        const stageCheck = stageChecks[index]!;
        if (!stageCheck.ok) {
          outcomes.push({ row: row.row, errors: [{ row: row.row, column: stageColumn, reason: stageCheck.reason }] });
          continue;
        }
        const account = existing.get(fields.externalId);
        if (fields.lifecycleStage && !keepsStage(account)) fields.lifecycleStage = stageCheck.stage;
        const plan = planAccount(account, fields, system);
        if (plan.action === 'create') {
          creates.push({ row, fields: plan.input, warnings });
          continue;
        }
        const held =
          plan.action === 'update'
            ? holdPersonSetFields({
                changes: plan.input,
                setByPeople: setByPeople.get(account!.id),
                overwrite: options.overwriteManual,
                row: row.row,
                columnOf: (field) => columnOf(mapping, field === 'ownerId' ? 'owner' : field),
                shown: (field, side) => shownValue(field, side === 'person' ? account! : { ...fields, ownerName }),
              })
            : { changes: {}, values: [] };
        const writes = Object.keys(held.changes).length > 0;
        if (writes) await updateAccount(trx, actor, account!.id, held.changes, { source: 'import', reason: 'Imported', now: context.now });
        if (held.values.length) told.push(personValuesEntry(actor.workspaceId, actor.userId, account!.id, system, held.values));
        const status: RowStatus = writes ? 'updated' : 'unchanged';
        outcomes.push({ row: row.row, status, ...(warnings.length ? { warnings } : {}), ...(held.values.length ? { personValues: held.values } : {}) });
        queueParent(row, account!.id, account!.parentId, status);
      }
      await addTimelineEntries(trx, told);
      const created = await createAccountsInBulk(
        trx,
        actor,
        creates.map(({ fields: { externalId: _externalId, ...input } }) => ({ ...input, name: input.name! })),
        context.now,
      );
      creates.forEach(({ row, warnings }, index) => {
        outcomes.push({ row: row.row, status: 'created', ...(warnings.length ? { warnings } : {}) });
        queueParent(row, created[index]!.id, null, 'created');
      });
      // Tickets that arrived before their account attach when support's consumer reads the
      // account.created / account.updated events this import commits (a dry run commits none).
      return { outcomes, commit: () => links.push(...pending) };

      // A mapped, empty parent column unlinks the parent; that is an ordinary field change.
      function queueParent(row: ValidRow, accountId: string, currentParentId: string | null, status: RowStatus) {
        const parent = row.values.parentExternalId as string | null | undefined;
        const parentId = parent === null || parent === undefined || isEmptyCrmId(parent) ? '' : firstId(parent);
        if (parent === undefined || (parentId === '' && currentParentId === null)) return;
        pending.push({ row: row.row, accountId, currentParentId, parentExternalId: parentId, status });
      }
    },

    async finish(context) {
      return { outcomes: [], revisions: await linkParents(context, links) };
    },
  };
}

/** A field's value as a person reads it: the owner by name, a custom field by its value. */
function shownValue(field: string, values: { ownerName?: string | null; customFields?: Record<string, unknown> }): string | null {
  if (field === 'ownerId') return values.ownerName ?? null;
  const value = field.startsWith('custom.') ? values.customFields?.[field.slice('custom.'.length)] : (values as Record<string, unknown>)[field];
  return value === undefined || value === null ? null : String(value);
}

/** One timeline entry per account and import, saying which values of people the import kept or replaced. */
function personValuesEntry(workspaceId: string, actorUserId: string | null, accountId: string, system: string, values: PersonValue[]): NewTimelineEntry {
  const replaced = values[0]!.outcome === 'replaced';
  return {
    workspaceId,
    accountId,
    kind: replaced ? 'import_replaced_person_values' : 'import_kept_person_values',
    title: `Import from ${system} ${values.map((value) => value.reason).join('; ')}`,
    actorUserId,
    subjectType: 'account',
    subjectId: accountId,
  };
}

/**
 * Links each chunk of children to their parents in one statement; when the chunk is refused
 * (a cycle), links one by one through updateAccount so only the culprit rows fail.
 */
async function linkParents(context: WriterContext, links: ParentLink[]): Promise<Revision[]> {
  const { trx, actor, system, mapping } = context;
  const column = columnOf(mapping, 'parentExternalId');
  const revisions: Revision[] = [];
  const linked = (link: ParentLink) => {
    if (link.status === 'unchanged') revisions.push({ row: link.row, from: 'unchanged', to: 'updated' });
  };
  // The account is written either way. In good-rows mode it stands, so the row is reported
  // written with a warning; all-or-nothing refuses the whole import, so nothing is written.
  const failed = (link: ParentLink, reason: string) => {
    const problem = { row: link.row, column, reason };
    revisions.push(context.mode === 'good-rows' ? { row: link.row, warnings: [problem] } : { row: link.row, from: link.status, to: [problem] });
  };
  for (let start = 0; start < links.length; start += LOOKUP_CHUNK) {
    const chunk = links.slice(start, start + LOOKUP_CHUNK);
    const parents = new Map<string, Account>();
    const wanted = chunk.map((link) => link.parentExternalId).filter(Boolean);
    for (const account of await findAccountsByExternalIds(trx, actor, system, wanted)) parents.set(account.externalIds[system]!, account);
    const changes: (ParentLink & { parentId: string | null })[] = [];
    for (const link of chunk) {
      const parent = link.parentExternalId ? parents.get(link.parentExternalId) : undefined;
      if (link.parentExternalId && !parent) {
        failed(link, `no account has ${system} id "${link.parentExternalId}"; the account was ${link.status === 'created' ? 'created' : 'kept'} without this parent`);
      } else if ((parent?.id ?? null) !== link.currentParentId) {
        changes.push({ ...link, parentId: parent?.id ?? null });
      }
    }
    const together = await context.attempt(() => setAccountParentsInBulk(trx, actor, changes));
    if (together.ok) {
      changes.forEach(linked);
      continue;
    }
    for (const change of changes) {
      const alone = await context.attempt(() => updateAccount(trx, actor, change.accountId, { parentId: change.parentId }, { now: context.now }));
      if (alone.ok) linked(change);
      else failed(change, alone.reason);
    }
  }
  return revisions;
}
