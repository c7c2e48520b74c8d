import type { ColumnType, Generated, Insertable, Selectable, Updateable } from 'kysely';

/**
 * Table types for the query builder. Kept by hand beside the SQL migrations in
 * `migrations/`; a test (`schema.test.ts`) checks both agree column by column.
 */
type CreatedAt = ColumnType<Date, Date | string | undefined, never>;
type UpdatedAt = ColumnType<Date, Date | string | undefined, Date | string>;
/** jsonb: read as parsed JSON, written as a JSON string (the column has a default where optional). */
type Json<T> = ColumnType<T, string, string>;
type JsonWithDefault<T> = ColumnType<T, string | undefined, string>;
/** A `date` column, as 'YYYY-MM-DD' (parsers keep dates as text so no time zone shifts them). */
type DateText = string;

export type Role = 'admin' | 'leader' | 'csm' | 'viewer';

export type WorkspacesTable = {
  id: Generated<string>;
  name: string;
  created_at: CreatedAt;
};

export type CustomFieldType = 'text' | 'number' | 'boolean' | 'date' | 'select';

export type CustomFieldDefinitionsTable = {
  workspace_id: string;
  key: string;
  label: string;
  type: CustomFieldType;
  options: JsonWithDefault<string[]>;
  created_at: CreatedAt;
};

export type UsersTable = {
  id: Generated<string>;
  email: string;
  name: string;
  password_hash: string;
  created_at: CreatedAt;
};

export type MembershipsTable = {
  workspace_id: string;
  user_id: string;
  role: Role;
  created_at: CreatedAt;
};

export type SessionsTable = {
  token_hash: string;
  user_id: string;
  workspace_id: string;
  csrf_token: string;
  created_at: CreatedAt;
  expires_at: Date;
};

export type ApiTokensTable = {
  id: Generated<string>;
  workspace_id: string;
  name: string;
  role: Role;
  user_id: string | null;
  token_hash: string;
  prefix: string;
  created_at: CreatedAt;
  last_used_at: Date | null;
  revoked_at: Date | null;
};

export type AccountsTable = {
  id: Generated<string>;
  workspace_id: string;
  name: string;
  domain: string | null;
  industry: string | null;
  segment: string | null;
  employee_count: number | null;
  region: string | null;
  parent_id: string | null;
  owner_id: string | null;
  lifecycle_stage: string | null;
  external_ids: JsonWithDefault<Record<string, string>>;
  custom_fields: JsonWithDefault<Record<string, unknown>>;
  arr: ColumnType<number, number | undefined, number>;
  renewal_date: DateText | null;
  created_at: CreatedAt;
  updated_at: UpdatedAt;
};

export type ContactRole = 'champion' | 'economic_buyer' | 'decision_maker' | 'admin' | 'end_user';

export type ContactsTable = {
  id: Generated<string>;
  workspace_id: string;
  account_id: string;
  name: string;
  email: string | null;
  title: string | null;
  role: ContactRole | null;
  expertise: ColumnType<'novice' | 'expert', 'novice' | 'expert' | undefined>;
  status: ColumnType<'active' | 'left', 'active' | 'left' | undefined>;
  personal_wins: JsonWithDefault<string[]>;
  external_ids: JsonWithDefault<Record<string, string>>;
  created_at: CreatedAt;
  updated_at: UpdatedAt;
};

export type SubscriptionStatus = 'active' | 'cancelled' | 'expired';

export type SubscriptionsTable = {
  id: Generated<string>;
  workspace_id: string;
  account_id: string;
  external_id: string | null;
  status: SubscriptionStatus;
  start_date: DateText;
  end_date: DateText;
  auto_renew: boolean;
  currency: ColumnType<string, string | undefined>;
  created_at: CreatedAt;
  updated_at: UpdatedAt;
};

export type SubscriptionItemsTable = {
  id: Generated<string>;
  workspace_id: string;
  subscription_id: string;
  product: string;
  seats: number;
  unit_price: number;
  arr: number;
};

export type ArrMovementKind = 'new' | 'expansion' | 'contraction' | 'churn' | 'reactivation';

export type ArrMovementsTable = {
  id: Generated<string>;
  workspace_id: string;
  account_id: string;
  subscription_id: string | null;
  kind: ArrMovementKind;
  amount: number;
  arr_before: number;
  arr_after: number;
  occurred_on: DateText;
  created_at: CreatedAt;
};

export type NotesTable = {
  id: Generated<string>;
  workspace_id: string;
  account_id: string;
  author_id: string | null;
  body: string;
  created_at: CreatedAt;
  updated_at: UpdatedAt;
};

export type TaskPriority = 'low' | 'medium' | 'high' | 'urgent';
export type TaskStatus = 'open' | 'in_progress' | 'done' | 'cancelled';

export type TasksTable = {
  id: Generated<string>;
  workspace_id: string;
  account_id: string;
  owner_id: string | null;
  title: string;
  description: string | null;
  due_date: DateText | null;
  priority: ColumnType<TaskPriority, TaskPriority | undefined>;
  status: ColumnType<TaskStatus, TaskStatus | undefined>;
  created_at: CreatedAt;
  updated_at: UpdatedAt;
  completed_at: Date | null;
};

export type TimelineEntriesTable = {
  id: Generated<string>;
  workspace_id: string;
  account_id: string;
  kind: string;
  team: ColumnType<string, string | undefined>;
  title: string;
  body: string | null;
  actor_user_id: string | null;
  subject_type: string | null;
  subject_id: string | null;
  occurred_at: ColumnType<Date, Date | string | undefined>;
  created_at: CreatedAt;
};

export type AuditLogTable = {
  id: Generated<number>;
  workspace_id: string;
  actor_user_id: string | null;
  actor_token_id: string | null;
  action: string;
  entity_type: string;
  entity_id: string;
  before: Json<unknown> | null;
  after: Json<unknown> | null;
  occurred_at: CreatedAt;
};

// Event ingestion (migration 0003, module src/ingest).
export type SourcesTable = {
  id: Generated<string>;
  workspace_id: string;
  name: string;
  write_key_hash: string;
  write_key_prefix: string;
  created_at: CreatedAt;
  revoked_at: Date | null;
};

export type SourceDailyStatsTable = {
  source_id: string;
  day: DateText;
  workspace_id: string;
  received: ColumnType<number, number | undefined, number>;
  accepted: ColumnType<number, number | undefined, number>;
  duplicates: ColumnType<number, number | undefined, number>;
  rejected: ColumnType<number, number | undefined, number>;
  last_received_at: Date;
};

export type EventType = 'track' | 'identify' | 'group' | 'page' | 'screen' | 'alias';

export type EventsTable = {
  id: Generated<number>;
  workspace_id: string;
  source_id: string;
  message_id: string;
  type: EventType;
  event: string | null;
  user_id: string | null;
  anonymous_id: string | null;
  group_id: string | null;
  previous_id: string | null;
  account_id: string | null;
  contact_id: string | null;
  properties: JsonWithDefault<Record<string, unknown>>;
  context: JsonWithDefault<Record<string, unknown>>;
  timestamp: Date;
  original_timestamp: Date | null;
  sent_at: Date | null;
  received_at: Date;
};

export type UserLinksTable = {
  workspace_id: string;
  user_key: string;
  group_id: string | null;
  account_id: string | null;
  contact_id: string | null;
  email: string | null;
  traits: JsonWithDefault<Record<string, unknown>>;
  first_seen_at: CreatedAt;
  last_seen_at: UpdatedAt;
};

export type GroupLinksTable = {
  workspace_id: string;
  group_id: string;
  account_id: string | null;
  name: string | null;
  domain: string | null;
  traits: JsonWithDefault<Record<string, unknown>>;
  first_seen_at: CreatedAt;
  last_seen_at: UpdatedAt;
};

export type UserAliasesTable = {
  workspace_id: string;
  alias_id: string;
  user_key: string;
  created_at: CreatedAt;
};

// Support tickets, survey responses and webhook secrets (migration 0004, module src/support).
export type TicketSource = 'zendesk' | 'generic' | 'import';
export type TicketPriority = 'low' | 'normal' | 'high' | 'urgent';
export type TicketStatus = 'new' | 'open' | 'pending' | 'hold' | 'solved' | 'closed';
export type TicketMatchedBy = 'account_id' | 'external_id' | 'contact_email' | 'email_domain';
export type Csat = 'good' | 'bad';

export type TicketsTable = {
  id: Generated<string>;
  workspace_id: string;
  account_id: string | null;
  matched_by: TicketMatchedBy | null;
  match_hints: JsonWithDefault<Record<string, unknown>>;
  source: TicketSource;
  external_id: string;
  subject: string;
  description: string | null;
  requester_email: string | null;
  priority: TicketPriority | null;
  status: TicketStatus;
  created_at_source: Date;
  updated_at_source: Date;
  solved_at: Date | null;
  first_response_minutes: number | null;
  csat: Csat | null;
  csat_comment: string | null;
  tags: JsonWithDefault<string[]>;
  url: string | null;
  created_at: CreatedAt;
  updated_at: UpdatedAt;
};

export type SurveyKind = 'nps' | 'csat' | 'ces';

export type SurveyResponsesTable = {
  id: Generated<string>;
  workspace_id: string;
  account_id: string;
  contact_id: string | null;
  source: string;
  external_id: string;
  kind: SurveyKind;
  score: number;
  comment: string | null;
  responded_at: Date;
  created_at: CreatedAt;
  updated_at: UpdatedAt;
};

export type WebhookKind = 'zendesk' | 'generic';

export type WebhookSecretsTable = {
  id: Generated<string>;
  workspace_id: string;
  kind: WebhookKind;
  secret: string;
  secret_prefix: string;
  created_by: string | null;
  created_at: CreatedAt;
  last_used_at: Date | null;
  revoked_at: Date | null;
};

// Outside signals (migration 0004, module src/signals).
export type SignalType = 'news' | 'funding' | 'leadership_change' | 'vendor_review' | 'layoff' | 'acquisition' | 'other';

export type SignalsTable = {
  id: Generated<string>;
  workspace_id: string;
  account_id: string;
  type: SignalType;
  title: string;
  text: string | null;
  source_url: string | null;
  occurred_at: Date;
  created_by: string | null;
  created_at: CreatedAt;
  updated_at: UpdatedAt;
};

export type Database = {
  workspaces: WorkspacesTable;
  custom_field_definitions: CustomFieldDefinitionsTable;
  users: UsersTable;
  memberships: MembershipsTable;
  sessions: SessionsTable;
  api_tokens: ApiTokensTable;
  accounts: AccountsTable;
  contacts: ContactsTable;
  subscriptions: SubscriptionsTable;
  subscription_items: SubscriptionItemsTable;
  arr_movements: ArrMovementsTable;
  notes: NotesTable;
  tasks: TasksTable;
  timeline_entries: TimelineEntriesTable;
  audit_log: AuditLogTable;
  sources: SourcesTable;
  source_daily_stats: SourceDailyStatsTable;
  events: EventsTable;
  user_links: UserLinksTable;
  group_links: GroupLinksTable;
  user_aliases: UserAliasesTable;
  tickets: TicketsTable;
  survey_responses: SurveyResponsesTable;
  webhook_secrets: WebhookSecretsTable;
  signals: SignalsTable;
  demo_ground_truth: DemoGroundTruthTable;
};

/** Migration 0007: the demo world's hidden truth. Only src/demo writes it; product features never read it. */
export type DemoGroundTruthTable = {
  workspace_id: string;
  account_id: string;
  seed: number;
  drivers: JsonWithDefault<Array<{ driver: string; onset: string }>>;
  outcome: string;
  churned_on: string | null;
  contracted_on: string | null;
  root_cause: string | null;
};

export type AccountRow = Selectable<AccountsTable>;
export type NewAccountRow = Insertable<AccountsTable>;
export type AccountUpdate = Updateable<AccountsTable>;
export type ContactRow = Selectable<ContactsTable>;
export type SubscriptionRow = Selectable<SubscriptionsTable>;
export type SubscriptionItemRow = Selectable<SubscriptionItemsTable>;
export type ArrMovementRow = Selectable<ArrMovementsTable>;
export type NoteRow = Selectable<NotesTable>;
export type TaskRow = Selectable<TasksTable>;
export type TimelineEntryRow = Selectable<TimelineEntriesTable>;
