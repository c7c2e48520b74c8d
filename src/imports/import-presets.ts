import { invalid } from '../core/errors.js';
import { CUSTOM_FIELD_PREFIX, fieldSpecOf, IMPORT_FIELDS, requiredFieldsOf } from './import-fields.js';
import type { ColumnMapping, ImportKind, ImportPreset } from './imports.types.js';

/**
 * Column names of CRM exports, per target field: the first candidate the file has wins.
 * Salesforce: the labels a report export ("Export → Details only") writes, then the API
 * field names of a Data Loader or Workbench export (`Id`, `NumberOfEmployees`, `ParentId`…);
 * HubSpot: the property labels of an "Export view" or all-properties file.
 * docs/imports.md lists them for people.
 */
type PresetColumns = Partial<Record<ImportKind, Record<string, string[]>>>;

// Neither CRM has standard fields for consumption pricing: these are the labels people give them.
const PRICING_COLUMNS = {
  pricingModel: ['Pricing Model', 'Pricing'],
  billableEvent: ['Billable Event', 'Billable Metric', 'Usage Metric'],
  pricePerUnit: ['Price per Unit', 'Usage Price', 'Price per Event'],
  usageWindowDays: ['Usage Window Days', 'Usage Window'],
};

export const PRESET_COLUMNS: Record<ImportPreset, PresetColumns> = {
  salesforce: {
    accounts: {
      externalId: ['Account ID', 'Account ID (18)', 'Id'],
      name: ['Account Name', 'Name'],
      domain: ['Website'],
      industry: ['Industry'],
      employeeCount: ['Employees', 'NumberOfEmployees'],
      region: ['Billing Country', 'Billing Country/Region', 'BillingCountry', 'BillingCountryCode'],
      owner: ['Account Owner', 'Account Owner Email', 'Owner.Email', 'OwnerId'],
      parentExternalId: ['Parent Account ID', 'Parent ID', 'ParentId'],
      acquisitionChannel: ['Account Source', 'AccountSource', 'Lead Source', 'LeadSource'],
      'custom.type': ['Type', 'Account Type'],
      'custom.annual_revenue': ['Annual Revenue', 'AnnualRevenue'],
    },
    contacts: {
      externalId: ['Contact ID', 'Id'],
      firstName: ['First Name', 'FirstName'],
      lastName: ['Last Name', 'LastName'],
      name: ['Full Name', 'Contact Name', 'Name'],
      email: ['Email'],
      title: ['Title'],
      phone: ['Phone', 'MobilePhone'],
      accountExternalId: ['Account ID', 'AccountId'],
    },
    // An "Opportunities with Products" report: one row per opportunity product.
    subscriptions: {
      externalId: ['Opportunity ID', 'Contract ID', 'Contract Number'],
      accountExternalId: ['Account ID'],
      status: ['Contract Status', 'Status', 'Stage'],
      startDate: ['Contract Start Date', 'Start Date', 'Service Date', 'Close Date'],
      endDate: ['Contract End Date', 'End Date'],
      currency: ['Opportunity Currency', 'Currency', 'Contract Currency'],
      product: ['Product Name', 'Product'],
      seats: ['Quantity'],
      unitPrice: ['Sales Price', 'Unit Price'],
      ...PRICING_COLUMNS,
    },
    // A cases report.
    tickets: {
      externalId: ['Case Number', 'Case ID'],
      subject: ['Subject'],
      status: ['Status'],
      priority: ['Priority'],
      createdAt: ['Date/Time Opened', 'Opened Date', 'Created Date'],
      solvedAt: ['Date/Time Closed', 'Closed Date'],
      description: ['Description'],
      requesterEmail: ['Contact Email', 'Web Email'],
      accountExternalId: ['Account ID'],
    },
  },
  hubspot: {
    accounts: {
      externalId: ['Record ID', 'Company ID'],
      name: ['Company name', 'Name'],
      domain: ['Company Domain Name', 'Website URL'],
      industry: ['Industry'],
      employeeCount: ['Number of Employees'],
      region: ['Country/Region', 'Country'],
      owner: ['Company owner'],
      parentExternalId: ['Parent Company ID', 'Parent Company'],
      lifecycleStage: ['Lifecycle Stage'],
      acquisitionChannel: ['Original Source Type', 'Original Source', 'Original Traffic Source'],
    },
    contacts: {
      externalId: ['Record ID', 'Contact ID'],
      firstName: ['First Name'],
      lastName: ['Last Name'],
      email: ['Email'],
      title: ['Job Title'],
      phone: ['Phone Number'],
      accountExternalId: ['Associated Company IDs', 'Associated Company ID', 'Company ID'],
    },
    // A deals export with line items: one row per line item.
    subscriptions: {
      externalId: ['Deal ID', 'Record ID'],
      accountExternalId: ['Associated Company IDs', 'Associated Company ID', 'Company ID'],
      status: ['Deal Stage', 'Status'],
      startDate: ['Contract Start Date', 'Start Date', 'Close Date'],
      endDate: ['Contract End Date', 'End Date'],
      currency: ['Currency', 'Deal currency code'],
      product: ['Product Name', 'Line Item Name', 'Name'],
      seats: ['Quantity'],
      unitPrice: ['Unit price', 'Unit Price'],
      ...PRICING_COLUMNS,
    },
    tickets: {
      externalId: ['Ticket ID', 'Record ID'],
      subject: ['Ticket name', 'Subject'],
      status: ['Ticket status', 'Pipeline stage', 'Status'],
      priority: ['Priority'],
      createdAt: ['Create date', 'Created date'],
      updatedAt: ['Last modified date'],
      solvedAt: ['Close date', 'Closed date'],
      description: ['Ticket description', 'Description'],
      accountExternalId: ['Associated Company IDs', 'Associated Company ID', 'Company ID'],
    },
  },
  // Zendesk API tickets, flattened by zendesk-api-tickets.ts (dotted names are nested fields).
  zendesk: {
    tickets: {
      externalId: ['id'],
      subject: ['subject'],
      description: ['description'],
      status: ['status'],
      priority: ['priority'],
      createdAt: ['created_at'],
      updatedAt: ['updated_at'],
      tags: ['tags'],
      url: ['url'],
      csat: ['satisfaction_rating.score'],
      csatComment: ['satisfaction_rating.comment'],
      requesterEmail: ['requester.email'],
      accountExternalId: ['organization_id'],
    },
  },
};

const normalise = (column: string) => column.trim().toLowerCase();

export type ResolveMappingOptions = {
  kind: ImportKind;
  /** The file's columns: the CSV header, or the keys of the first JSON line. */
  columns: string[];
  preset?: ImportPreset;
  /** Target → column; overrides the preset. An empty column name unmaps a target. */
  custom?: ColumnMapping;
  /** Refuse a custom mapping that names a column the file lacks (CSV, whose header is complete). */
  strictColumns?: boolean;
};

export type ResolvedMapping = {
  mapping: ColumnMapping;
  /** Required targets no column fills; an import cannot start until they are mapped. */
  missing: string[];
  /** Columns of the file no target reads (ignored by the import). */
  unmapped: string[];
};

/**
 * Which column fills which field. Without a preset, columns named like a field (any case)
 * fill it, so files written in Boomerang's own field names need no mapping. Pure.
 *
 * @example
 *   resolveMapping({ kind: 'accounts', preset: 'hubspot', columns: ['Record ID', 'Company name'] })
 *   // { mapping: { externalId: 'Record ID', name: 'Company name' }, missing: [], unmapped: [] }
 */
export function resolveMappingOrThrow(options: ResolveMappingOptions): ResolvedMapping {
  const { kind, columns } = options;
  const byName = new Map(columns.map((column) => [normalise(column), column]));
  const candidates: Record<string, string[]> = options.preset
    ? (PRESET_COLUMNS[options.preset][kind] ?? {})
    : Object.fromEntries(Object.keys(IMPORT_FIELDS[kind]).map((field) => [field, [field]]));
  const mapping: ColumnMapping = {};
  for (const [target, names] of Object.entries(candidates)) {
    const found = names.map((name) => byName.get(normalise(name))).find((column) => column !== undefined);
    if (found !== undefined) mapping[target] = found;
  }
  if (!options.preset && !options.strictColumns) {
    // JSON lines have no header, and a key may first appear on line 2: read every field by its own name.
    for (const field of Object.keys(IMPORT_FIELDS[kind])) mapping[field] ??= field;
  }
  if (!options.preset) {
    for (const column of columns) {
      if (normalise(column).startsWith(CUSTOM_FIELD_PREFIX) && kind === 'accounts') mapping[column.trim()] = column;
    }
  }
  for (const [target, column] of Object.entries(options.custom ?? {})) {
    if (!fieldSpecOf(kind, target)) {
      throw invalid(`The mapping names "${target}", which is not a field of ${kind} imports. Fields: ${Object.keys(IMPORT_FIELDS[kind]).join(', ')}.`, [
        { path: `mapping.${target}`, message: 'is not a field' },
      ]);
    }
    const found = byName.get(normalise(column));
    if (column === '') delete mapping[target];
    else if (found !== undefined || !options.strictColumns) mapping[target] = found ?? column;
    else {
      throw invalid(`The mapping reads ${target} from column "${column}", which the file does not have. Its columns: ${columns.join(', ')}.`, [
        { path: `mapping.${target}`, message: 'no such column' },
      ]);
    }
  }
  const ambiguous = Object.entries(mapping).filter(([, column]) => columns.filter((name) => normalise(name) === normalise(column)).length > 1);
  if (ambiguous.length) {
    const [target, column] = ambiguous[0]!;
    throw invalid(
      `The header names the column "${column}" more than once, and the import reads it for ${target}: rename one of them, or map ${target} to another column.`,
      ambiguous.map(([field]) => ({ path: `mapping.${field}`, message: 'the column appears twice in the header' })),
    );
  }
  const used = new Set(Object.values(mapping).map(normalise));
  const unmapped = [...new Map(columns.filter((column) => !used.has(normalise(column))).map((column) => [normalise(column), column])).values()];
  return {
    mapping,
    missing: requiredFieldsOf(kind, mapping).filter((field) => !(field in mapping)),
    unmapped,
  };
}

/**
 * Drops preset targets for custom fields the workspace has not defined (a Salesforce "Type"
 * column fills custom.type only where a `type` custom field exists); a custom mapping that
 * names an undefined custom field is refused, since the person asked for it.
 */
export function withDefinedCustomFields(resolved: ResolvedMapping, custom: ColumnMapping | undefined, definitions: { key: string }[]): ResolvedMapping {
  const defined = new Set(definitions.map((definition) => definition.key));
  const mapping = { ...resolved.mapping };
  const unmapped = [...resolved.unmapped];
  for (const [target, column] of Object.entries(resolved.mapping)) {
    const key = target.slice(CUSTOM_FIELD_PREFIX.length);
    if (!target.startsWith(CUSTOM_FIELD_PREFIX) || defined.has(key)) continue;
    if (custom && Object.hasOwn(custom, target)) {
      throw invalid(`The mapping fills ${target}, but this workspace has no custom field "${key}". Define it first.`, [{ path: `mapping.${target}`, message: 'no such custom field' }]);
    }
    delete mapping[target];
    unmapped.push(column);
  }
  return { ...resolved, mapping, unmapped };
}
