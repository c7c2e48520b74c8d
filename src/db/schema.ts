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
