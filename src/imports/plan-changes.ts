import type { Account, UpdateAccountInput } from '../accounts/index.js';
import type { Contact, UpdateContactInput } from '../contacts/index.js';
import type { CustomFieldDefinition } from '../workspaces/index.js';
import { pricingInputSchema, roundToCents, type PricingInput, type Subscription, type SubscriptionItemInput } from '../subscriptions/index.js';
import { CUSTOM_FIELD_PREFIX } from './import-fields.js';
import type { MappedValues } from './map-record.js';
import { boolean, date, type Parsed } from './parse-cell.js';

/**
 * Pure planning: what an import row means for the record it matches. Fields the mapping
 * does not name are absent from `values` and stay as they are; a mapped empty cell clears.
 * A row that changes nothing plans `unchanged`, which makes re-importing a file a no-op.
 */
export type Plan<T> = { action: 'create'; input: T } | { action: 'update'; input: Partial<T> } | { action: 'unchanged' };

type Member = { id: string; email: string; name: string };

const has = (values: MappedValues, key: string) => Object.hasOwn(values, key);
const textOf = (values: MappedValues, key: string) => values[key] as string | null;

/** HubSpot writes several associated ids as "123;456"; the first is the primary one. */
export function firstId(value: string): string {
  return value.split(';')[0]!.trim();
}

/**
 * Salesforce writes the empty id as zeros (`000000000000000` or, 18 characters,
 * `000000000000000AAA`) in Data Loader exports: a parent or owner column holding it means "none".
 */
export function isEmptyCrmId(value: string): boolean {
  return /^0{15}(AAA)?$/i.test(value.trim());
}

/** A member by email or full name, any case; the owner column of an export holds either. */
export function findMember(members: Member[], who: string): Member | undefined {
  const key = who.trim().toLowerCase();
  return members.find((member) => member.email.toLowerCase() === key) ?? members.find((member) => member.name.toLowerCase() === key);
}

/** Types the text of `custom.<key>` columns by the workspace's definitions; unknown keys were dropped earlier. */
export function customFieldsOf(
  values: MappedValues,
  definitions: CustomFieldDefinition[],
): { customFields: Record<string, string | number | boolean | null>; problems: { target: string; reason: string }[] } {
  const customFields: Record<string, string | number | boolean | null> = {};
  const problems: { target: string; reason: string }[] = [];
  for (const [target, raw] of Object.entries(values)) {
    if (!target.startsWith(CUSTOM_FIELD_PREFIX)) continue;
    const key = target.slice(CUSTOM_FIELD_PREFIX.length);
    const definition = definitions.find((candidate) => candidate.key === key);
    if (!definition) continue;
    if (raw === null) {
      customFields[key] = null;
      continue;
    }
    const parsed = typedCustomValue(definition, raw as string);
    if (parsed.ok) customFields[key] = parsed.value;
    else problems.push({ target, reason: parsed.reason });
  }
  return { customFields, problems };
}

function typedCustomValue(definition: CustomFieldDefinition, text: string): Parsed<string | number | boolean> {
  switch (definition.type) {
    case 'number': {
      const value = Number(text.replace(/,/g, ''));
      return Number.isFinite(value) ? { ok: true, value } : { ok: false, reason: `must be a number, got "${text}"` };
    }
    case 'boolean':
      return boolean(text);
    case 'date':
      return date(text);
    case 'select': {
      const option = definition.options.find((candidate) => candidate.toLowerCase() === text.toLowerCase());
      return option ? { ok: true, value: option } : { ok: false, reason: `must be one of ${definition.options.join(', ')}` };
    }
    case 'text':
      return { ok: true, value: text };
  }
}

/** The account fields a row sets; `ownerId` already resolved from the owner column. */
export type AccountFields = Omit<UpdateAccountInput, 'parentId' | 'externalIds'> & { externalId: string };

const ACCOUNT_COLUMNS = ['name', 'domain', 'industry', 'segment', 'employeeCount', 'region', 'lifecycleStage', 'acquisitionChannel', 'ownerId'] as const;

export function planAccount(existing: Account | undefined, fields: AccountFields, system: string): Plan<AccountFields & { externalIds: Record<string, string> }> {
  const externalIds = { ...(existing?.externalIds ?? {}), [system]: fields.externalId };
  if (!existing) return { action: 'create', input: { ...fields, externalIds } };
  const input: UpdateAccountInput = {};
  for (const column of ACCOUNT_COLUMNS) {
    if (fields[column] !== undefined && (fields[column] ?? null) !== (existing[column] ?? null)) {
      (input as Record<string, unknown>)[column] = fields[column];
    }
  }
  const changedCustom = Object.entries(fields.customFields ?? {}).filter(
    ([key, value]) => (value ?? null) !== ((existing.customFields[key] as unknown) ?? null),
  );
  if (changedCustom.length) input.customFields = Object.fromEntries(changedCustom);
  return Object.keys(input).length ? { action: 'update', input: input as Partial<AccountFields> } : { action: 'unchanged' };
}

/** Which account values a row maps, ready for planAccount (owner and custom fields come separately). */
export function accountFieldsOf(values: MappedValues): Omit<AccountFields, 'ownerId' | 'customFields'> {
  const fields: Record<string, unknown> = { externalId: values.externalId };
  for (const column of ACCOUNT_COLUMNS) if (column !== 'ownerId' && has(values, column)) fields[column] = values[column];
  return fields as AccountFields;
}

export type ContactFields = {
  name: string;
  email?: string | null;
  title?: string | null;
  phone?: string | null;
  role?: Contact['role'];
  expertise?: Contact['expertise'];
  status?: Contact['status'];
  externalId?: string | null;
};

/**
 * A contact's fields from a row: the name from `name`, else first + last name, else the
 * email; a row needs an email or an external id, or a re-import could not find it again.
 */
export function contactFieldsOf(values: MappedValues): { fields?: ContactFields; problem?: { target: string; reason: string } } {
  const email = textOf(values, 'email') ?? null;
  const externalId = textOf(values, 'externalId') ?? null;
  if (!email && !externalId) return { problem: { target: 'email', reason: 'is empty; a contact needs an email or an external id' } };
  const fullName = [textOf(values, 'firstName'), textOf(values, 'lastName')].filter(Boolean).join(' ');
  const name = textOf(values, 'name') || fullName || email;
  if (!name) return { problem: { target: 'name', reason: 'is empty; a contact needs a name or an email' } };
  const fields: ContactFields = { name, externalId };
  if (has(values, 'email')) fields.email = email;
  for (const key of ['title', 'phone', 'role', 'expertise', 'status'] as const) if (has(values, key)) (fields as Record<string, unknown>)[key] = values[key];
  return { fields };
}

const CONTACT_COLUMNS = ['name', 'email', 'title', 'phone', 'role', 'expertise', 'status'] as const;

export function planContact(existing: Contact | undefined, fields: ContactFields, system: string): Plan<UpdateContactInput & { name: string }> {
  const { externalId, ...rest } = fields;
  const externalIds = { ...(existing?.externalIds ?? {}), ...(externalId ? { [system]: externalId } : {}) };
  // Optional columns that are mapped but empty mean "not set" on a new contact; the schema's defaults apply.
  if (!existing) {
    const input = Object.fromEntries(Object.entries({ ...rest, externalIds }).filter(([, value]) => value !== null));
    return { action: 'create', input: input as unknown as UpdateContactInput & { name: string } };
  }
  const input: UpdateContactInput = {};
  for (const column of CONTACT_COLUMNS) {
    const value = rest[column];
    if (value === undefined || (value ?? null) === (existing[column] ?? null)) continue;
    // expertise and status are not nullable: an empty cell leaves them as they are.
    if (value === null && (column === 'expertise' || column === 'status')) continue;
    (input as Record<string, unknown>)[column] = value;
  }
  if (externalId && existing.externalIds[system] !== externalId) input.externalIds = externalIds;
  return Object.keys(input).length ? { action: 'update', input } : { action: 'unchanged' };
}

type SubscriptionStatus = Subscription['status'];
type PricingModel = PricingInput['model'];

/** One contract as the rows of a file describe it (its line items are rows). */
export type ContractFields = {
  externalId: string;
  accountExternalId: string;
  status: SubscriptionStatus;
  startDate: string;
  endDate: string;
  autoRenew: boolean;
  currency: string;
  effectiveDate: string | null;
  items: SubscriptionItemInput[];
  /** Undefined when the file does not map pricingModel: a new contract is committed, a stored one keeps its pricing. */
  pricing?: PricingInput;
};

const CONTRACT_TERMS = ['accountExternalId', 'status', 'startDate', 'endDate', 'autoRenew', 'currency', 'effectiveDate', 'pricingModel', 'billableEvent', 'pricePerUnit', 'usageWindowDays'] as const;
const USAGE_TERMS = ['billableEvent', 'pricePerUnit', 'usageWindowDays'] as const;
const LINE_FIELDS = ['product', 'seats', 'unitPrice'] as const;
/** The API's names of the usage terms → the import's fields, to word the API's own checks for a file. */
const USAGE_FIELD_OF_API: Record<string, (typeof USAGE_TERMS)[number]> = { metric: 'billableEvent', unitPrice: 'pricePerUnit', windowDays: 'usageWindowDays' };

type Problem = { row: number; target: string; reason: string };

/**
 * The contract's pricing from its first row, checked by the subscriptions API's own schema
 * (`pricingInputSchema`), so a file and a request accept the same terms.
 */
function pricingOf(row: number, values: MappedValues): { pricing?: PricingInput; problems: Problem[] } {
  if (!has(values, 'pricingModel')) return { problems: [] };
  const model = (values.pricingModel as PricingModel | null) ?? 'committed';
  const given = (target: (typeof USAGE_TERMS)[number]) => values[target] ?? undefined;
  if (model === 'committed') {
    const problems = USAGE_TERMS.filter((target) => given(target) !== undefined).map((target) => ({
      row,
      target,
      reason: 'is set, but the contract is committed (its ARR is its line items); set pricingModel to usage_based or hybrid, or leave it empty',
    }));
    return { pricing: { model }, problems };
  }
  const needs = { billableEvent: 'the event it bills', pricePerUnit: 'its price per unit' } as const;
  const missing = (['billableEvent', 'pricePerUnit'] as const).filter((target) => given(target) === undefined);
  if (missing.length) return { problems: missing.map((target) => ({ row, target, reason: `is empty; a ${model} contract needs ${needs[target]}` })) };
  const parsed = pricingInputSchema.safeParse({ model, metric: given('billableEvent'), unitPrice: given('pricePerUnit'), windowDays: given('usageWindowDays') });
  if (parsed.success) return { pricing: parsed.data, problems: [] };
  return { problems: parsed.error.issues.map((issue) => ({ row, target: USAGE_FIELD_OF_API[String(issue.path[0])] ?? 'pricingModel', reason: issue.message })) };
}

/** A row's line item; a usage_based contract's row has none, a committed or hybrid one's row needs one. */
function lineOf(row: number, values: MappedValues, model: PricingModel): { item?: SubscriptionItemInput; problems: Problem[] } {
  const filled = LINE_FIELDS.filter((target) => (values[target] ?? null) !== null);
  if (model === 'usage_based') {
    return { problems: filled.map((target) => ({ row, target, reason: 'must be empty: a usage_based contract has no line items (its ARR comes from usage)' })) };
  }
  const empty = LINE_FIELDS.filter((target) => !filled.includes(target));
  if (empty.length) return { problems: empty.map((target) => ({ row, target, reason: `is empty; a value is required for a ${model} contract’s line item` })) };
  return { item: { product: values.product as string, seats: values.seats as number, unitPrice: values.unitPrice as number }, problems: [] };
}

/** What is wrong with one contract row on its own (pricing terms, line item), so a preview flags it as the import will. */
export function contractRowProblems(row: number, values: MappedValues): Problem[] {
  const model = (values.pricingModel as PricingModel | null | undefined) ?? 'committed';
  return [...pricingOf(row, values).problems, ...lineOf(row, values, model).problems];
}

/**
 * Folds a contract's rows into one contract. Every row repeats the contract's terms; a row
 * that disagrees with the first is refused (the import would otherwise pick one silently).
 */
export function contractOf(rows: { row: number; values: MappedValues }[]): { contract?: ContractFields; problems: { row: number; target: string; reason: string }[] } {
  const first = rows[0]!;
  const termsOf = (values: MappedValues) => ({
    accountExternalId: firstId(values.accountExternalId as string),
    status: (values.status as SubscriptionStatus | null | undefined) ?? 'active',
    startDate: values.startDate as string,
    endDate: values.endDate as string,
    autoRenew: (values.autoRenew as boolean | null | undefined) ?? false,
    currency: (values.currency as string | null | undefined) ?? 'USD',
    effectiveDate: (values.effectiveDate as string | null | undefined) ?? null,
    pricingModel: (values.pricingModel as PricingModel | null | undefined) ?? 'committed',
    billableEvent: values.billableEvent ?? null,
    pricePerUnit: values.pricePerUnit ?? null,
    usageWindowDays: values.usageWindowDays ?? null,
  });
  const terms = termsOf(first.values);
  const problems: Problem[] = [];
  if (terms.endDate < terms.startDate) problems.push({ row: first.row, target: 'endDate', reason: `is before the start date ${terms.startDate}` });
  const { pricing, problems: pricingProblems } = pricingOf(first.row, first.values);
  problems.push(...pricingProblems);
  const items: SubscriptionItemInput[] = [];
  for (const { row, values } of rows) {
    const line = lineOf(row, values, terms.pricingModel);
    problems.push(...line.problems);
    if (line.item) items.push(line.item);
  }
  if (terms.pricingModel === 'usage_based' && rows.length > 1) {
    problems.push({ row: rows[1]!.row, target: 'externalId', reason: `repeats usage_based contract ${String(first.values.externalId)} of row ${first.row}; such a contract has one row` });
  }
  for (const { row, values } of rows.slice(1)) {
    const other = termsOf(values);
    for (const term of CONTRACT_TERMS) {
      if (other[term] !== terms[term]) {
        problems.push({ row, target: term, reason: `is ${String(other[term])} but row ${first.row} of contract ${String(first.values.externalId)} says ${String(terms[term])}` });
      }
    }
  }
  if (problems.length) return { problems };
  const { accountExternalId, status, startDate, endDate, autoRenew, currency, effectiveDate } = terms;
  const contract: ContractFields = { externalId: first.values.externalId as string, accountExternalId, status, startDate, endDate, autoRenew, currency, effectiveDate, items };
  if (pricing) contract.pricing = pricing;
  return { contract, problems };
}

const itemKey = (item: SubscriptionItemInput) => `${item.product}\u0000${item.seats}\u0000${roundToCents(item.unitPrice)}`;

/** What changes on an existing contract; empty when the file says what is stored. */
export function contractChanges(
  existing: Subscription,
  contract: ContractFields,
): { status?: SubscriptionStatus; startDate?: string; endDate?: string; autoRenew?: boolean; items?: SubscriptionItemInput[]; pricing?: PricingInput } {
  const changes: ReturnType<typeof contractChanges> = {};
  if (existing.status !== contract.status) changes.status = contract.status;
  if (existing.startDate !== contract.startDate) changes.startDate = contract.startDate;
  if (existing.endDate !== contract.endDate) changes.endDate = contract.endDate;
  if (existing.autoRenew !== contract.autoRenew) changes.autoRenew = contract.autoRenew;
  const before = existing.items.map(itemKey).sort().join('\n');
  const after = contract.items.map(itemKey).sort().join('\n');
  if (before !== after) changes.items = contract.items;
  if (contract.pricing && !samePricing(existing.pricing, contract.pricing)) changes.pricing = contract.pricing;
  return changes;
}

function samePricing(stored: Subscription['pricing'], pricing: PricingInput): boolean {
  if (pricing.model === 'committed') return stored.model === 'committed';
  return stored.model === pricing.model && stored.metric === pricing.metric && stored.unitPrice === pricing.unitPrice && stored.windowDays === pricing.windowDays;
}

/** The day after `day` (YYYY-MM-DD): a contract covers its end date, so its ARR stops the day after. */
export function dayAfter(day: string): string {
  return new Date(Date.parse(`${day}T00:00:00Z`) + 86_400_000).toISOString().slice(0, 10);
}
