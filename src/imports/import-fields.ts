import { CONTACT_EXPERTISE, CONTACT_ROLES, CONTACT_STATUSES, MAX_PHONE_LENGTH } from '../contacts/index.js';
import { MAX_SEATS, MAX_UNIT_PRICE, PRICING_MODELS, SUBSCRIPTION_STATUSES } from '../subscriptions/index.js';
import { CSAT_RATINGS, SURVEY_KINDS, TICKET_PRIORITIES, TICKET_STATUSES } from '../support/index.js';
import { boolean, choice, currency, date, dateTime, domain, email, integer, money, tagList, text, type CellParser } from './parse-cell.js';
import type { ImportKind } from './imports.types.js';

/** A field an import can fill: how a cell becomes its value, and what the mapping UI shows. */
export type FieldSpec = {
  description: string;
  /** Every row needs a value (the mapping must name a column for it). */
  required?: boolean;
  /**
   * A required field that stops being required once the mapping names this other field: the
   * row's writer then decides (a usage-based contract's row has no line item).
   */
  waivedBy?: string;
  parse: CellParser<unknown>;
};

/** Account custom fields are targets too, as `custom.<key>`; the workspace's definitions type them. */
export const CUSTOM_FIELD_PREFIX = 'custom.';

const ACCOUNT_FIELDS = {
  externalId: { description: 'The account’s id in the CRM; re-imports match on it', required: true, parse: text(200) },
  name: { description: 'Account name', required: true, parse: text(200) },
  domain: { description: 'Web domain; a website URL is cut down to its domain', parse: domain },
  industry: { description: 'Industry', parse: text(100) },
  segment: { description: 'Segment (e.g. enterprise, mid-market, smb)', parse: text(100) },
  employeeCount: { description: 'Number of employees', parse: integer(0, 10_000_000) },
  region: { description: 'Region or country', parse: text(100) },
  lifecycleStage: { description: 'Lifecycle stage', parse: text(100) },
  acquisitionChannel: { description: 'Acquisition channel: where the customer came from (lead source, e.g. Web, Partner Referral, Paid Search)', parse: text(100) },
  owner: { description: 'Owner: the email or full name of a workspace member', parse: text(254) },
  parentExternalId: { description: 'The parent account’s id in the same CRM', parse: text(200) },
} satisfies Record<string, FieldSpec>;

const CONTACT_FIELDS = {
  externalId: { description: 'The contact’s id in the CRM; re-imports match on it, else on email', parse: text(200) },
  email: { description: 'Email; matches an existing contact when there is no external id', parse: email },
  name: { description: 'Full name (or map firstName and lastName)', parse: text(200) },
  firstName: { description: 'First name', parse: text(100) },
  lastName: { description: 'Last name', parse: text(100) },
  title: { description: 'Job title', parse: text(200) },
  phone: { description: 'Phone number, kept as written', parse: text(MAX_PHONE_LENGTH) },
  role: { description: `Role: ${CONTACT_ROLES.join(', ')}`, parse: choice(CONTACT_ROLES) },
  expertise: { description: 'novice or expert', parse: choice(CONTACT_EXPERTISE) },
  status: { description: 'active or left', parse: choice(CONTACT_STATUSES) },
  accountExternalId: { description: 'The account’s id in the CRM (import accounts first)', required: true, parse: text(200) },
} satisfies Record<string, FieldSpec>;

// CRM words for a contract's state: Salesforce contract Status and opportunity Stage, HubSpot deal stage.
const STATUS_SYNONYMS = {
  activated: 'active',
  closed_won: 'active',
  closedwon: 'active',
  won: 'active',
  canceled: 'cancelled',
  terminated: 'cancelled',
  closed_lost: 'cancelled',
  closedlost: 'cancelled',
  ended: 'expired',
} as const;

// Billing systems' words for a pricing model.
const PRICING_MODEL_SYNONYMS = {
  usage: 'usage_based',
  metered: 'usage_based',
  consumption: 'usage_based',
  pay_as_you_go: 'usage_based',
  fixed: 'committed',
  flat: 'committed',
} as const;

const SUBSCRIPTION_FIELDS = {
  externalId: { description: 'The contract’s id (billing system or CRM); one row per line item', required: true, parse: text(200) },
  accountExternalId: { description: 'The account’s id in the CRM', required: true, parse: text(200) },
  status: { description: 'active, cancelled or expired (Closed Won, Activated… are understood); default active', parse: choice(SUBSCRIPTION_STATUSES, STATUS_SYNONYMS) },
  startDate: { description: 'Contract start', required: true, parse: date },
  endDate: { description: 'Contract end (the renewal date)', required: true, parse: date },
  autoRenew: { description: 'Renews automatically (true/false); default false', parse: boolean },
  currency: { description: 'ISO currency code; default USD', parse: currency },
  product: { description: 'Product of this line item; empty on a usage_based contract’s one row', required: true, waivedBy: 'pricingModel', parse: text(200) },
  seats: { description: 'Seats (quantity) of this line item; empty on a usage_based contract’s row', required: true, waivedBy: 'pricingModel', parse: integer(0, MAX_SEATS) },
  unitPrice: { description: 'Yearly price per seat; empty on a usage_based contract’s row', required: true, waivedBy: 'pricingModel', parse: money(MAX_UNIT_PRICE) },
  effectiveDate: { description: 'Dates the ARR movement of a change (default: see docs/imports.md)', parse: date },
  pricingModel: {
    description: 'committed (default: ARR = the line items), usage_based (ARR from usage, no line items) or hybrid (the line items are a floor under the usage ARR)',
    parse: choice(PRICING_MODELS, PRICING_MODEL_SYNONYMS),
  },
  billableEvent: { description: 'usage_based and hybrid: the event name billed, counted in the usage rollups', parse: text(200) },
  pricePerUnit: { description: 'usage_based and hybrid: price per billable event', parse: money(MAX_UNIT_PRICE) },
  usageWindowDays: { description: 'usage_based and hybrid: trailing complete days of usage annualised into ARR (1–365); default 90', parse: integer(1, 365) },
} satisfies Record<string, FieldSpec>;

// Help-desk words for a ticket's state (Salesforce cases, HubSpot ticket pipelines).
const TICKET_STATUS_SYNONYMS = {
  working: 'open',
  escalated: 'open',
  waiting_on_us: 'open',
  in_progress: 'open',
  waiting_on_contact: 'pending',
  waiting_on_customer: 'pending',
  on_hold: 'hold',
  resolved: 'solved',
} as const;

const TICKET_FIELDS = {
  externalId: { description: 'The help desk’s ticket id; re-imports match on it', required: true, parse: text(200) },
  subject: { description: 'Subject', required: true, parse: text(500) },
  status: { description: `Status: ${TICKET_STATUSES.join(', ')} (Working, Waiting on contact… are understood)`, required: true, parse: choice(TICKET_STATUSES, TICKET_STATUS_SYNONYMS) },
  createdAt: { description: 'When the ticket was opened', required: true, parse: dateTime },
  updatedAt: { description: 'When the help desk last changed it', parse: dateTime },
  solvedAt: { description: 'When it was solved', parse: dateTime },
  description: { description: 'Description', parse: text(20_000) },
  requesterEmail: { description: 'Requester’s email; matches the account through its contacts or domain', parse: email },
  priority: { description: `Priority: ${TICKET_PRIORITIES.join(', ')}`, parse: choice(TICKET_PRIORITIES, { medium: 'normal' }) },
  firstResponseMinutes: { description: 'Minutes to first reply', parse: integer(0, 10_000_000) },
  csat: { description: 'Satisfaction: good or bad', parse: choice(CSAT_RATINGS) },
  csatComment: { description: 'Satisfaction comment', parse: text(5000) },
  tags: { description: 'Tags, separated by spaces, commas or semicolons', parse: tagList },
  url: { description: 'Link to the ticket', parse: text(2000) },
  accountExternalId: { description: 'The account’s id in the CRM (else the requester decides)', parse: text(200) },
  accountDomain: { description: 'The account’s web domain', parse: domain },
} satisfies Record<string, FieldSpec>;

const SURVEY_FIELDS = {
  externalId: { description: 'The survey tool’s response id; without one, account + contact + kind + time identify it', parse: text(200) },
  accountExternalId: { description: 'The account’s id in the CRM', required: true, parse: text(200) },
  contactEmail: { description: 'Who answered (a contact of the account); left empty when no contact has it', parse: email },
  kind: { description: `Survey: ${SURVEY_KINDS.join(', ')}`, required: true, parse: choice(SURVEY_KINDS) },
  score: { description: 'NPS 0–10, CSAT 1–5, CES 1–7', required: true, parse: integer(0, 10) },
  comment: { description: 'Verbatim comment', parse: text(5000) },
  respondedAt: { description: 'When they answered', required: true, parse: dateTime },
} satisfies Record<string, FieldSpec>;

export const IMPORT_FIELDS: Record<ImportKind, Record<string, FieldSpec>> = {
  accounts: ACCOUNT_FIELDS,
  contacts: CONTACT_FIELDS,
  subscriptions: SUBSCRIPTION_FIELDS,
  tickets: TICKET_FIELDS,
  surveys: SURVEY_FIELDS,
};

export type AccountFieldName = keyof typeof ACCOUNT_FIELDS;
export type ContactFieldName = keyof typeof CONTACT_FIELDS;
export type SubscriptionFieldName = keyof typeof SUBSCRIPTION_FIELDS;

/** The spec of a target, including `custom.<key>` targets for accounts (text until typed by the writer). */
export function fieldSpecOf(kind: ImportKind, target: string): FieldSpec | undefined {
  if (kind === 'accounts' && target.startsWith(CUSTOM_FIELD_PREFIX) && target.length > CUSTOM_FIELD_PREFIX.length) {
    return { description: `Custom field ${target.slice(CUSTOM_FIELD_PREFIX.length)}`, parse: text(1000) };
  }
  return Object.hasOwn(IMPORT_FIELDS[kind], target) ? IMPORT_FIELDS[kind][target] : undefined;
}

/** Required fields the mapping must fill: those waived by a field it names are left to the writer. */
export function requiredFieldsOf(kind: ImportKind, mapping: Record<string, string> = {}): string[] {
  return Object.entries(IMPORT_FIELDS[kind])
    .filter(([, spec]) => spec.required && !(spec.waivedBy && spec.waivedBy in mapping))
    .map(([name]) => name);
}
