import type { ColumnType, Generated, Insertable, Selectable, Updateable } from 'kysely';

/**
 * Table types for the query builder. Kept by hand beside the SQL migrations in
 * `migrations/`: change both in the same commit.
 */
type CreatedAt = ColumnType<Date, Date | string | undefined, never>;
type UpdatedAt = ColumnType<Date, Date | string | undefined, Date | string>;
/** jsonb: read as parsed JSON, written as a JSON string (the column has a default where optional). */
type Json<T> = ColumnType<T, string, string>;
type JsonWithDefault<T> = ColumnType<T, string | undefined, string>;
/** The contact fields ingestion wrote (user_links.contact_written). */
export type ContactWritten = { name: string; email: string | null; title: string | null };
/** A `date` column, as 'YYYY-MM-DD' (parsers keep dates as text so no time zone shifts them). */
type DateText = string;

export type Role = 'admin' | 'leader' | 'csm' | 'viewer';

export type WorkspacesTable = {
  id: Generated<string>;
  name: string;
  /** ISO 4217 code every sum is shown in (migration 0024). */
  reporting_currency: ColumnType<string, string | undefined, string>;
  created_at: CreatedAt;
};

export type ExchangeRateSource = 'entered' | 'imported' | 'config';

export type ExchangeRatesTable = {
  workspace_id: string;
  currency: string;
  effective_date: DateText;
  /** Units of the reporting currency per unit of `currency`. */
  rate: number;
  source: ColumnType<ExchangeRateSource, ExchangeRateSource | undefined, ExchangeRateSource>;
  created_at: CreatedAt;
  updated_at: UpdatedAt;
};

export type SavedViewsTable = {
  id: Generated<string>;
  workspace_id: string;
  user_id: string;
  name: string;
  filters: Json<Record<string, unknown>>;
  created_at: CreatedAt;
  updated_at: UpdatedAt;
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
  /** Migration 0011: when control of the email was proven (mailed invitation link, operator). */
  email_confirmed_at: ColumnType<Date | null, Date | null | undefined, Date | null>;
};

/** Migration 0011: invitations by email; only the link's SHA-256 is stored. */
export type InvitationsTable = {
  id: Generated<string>;
  workspace_id: string;
  email: string;
  name: string;
  role: Role;
  token_hash: string;
  delivery: 'email' | 'link';
  invited_by: string | null;
  created_at: CreatedAt;
  expires_at: Date;
  accepted_at: Date | null;
  accepted_by: string | null;
  declined_at: Date | null;
  revoked_at: Date | null;
  /** Migration 0020: how the `mail.invitation` job stands; null for 'link' delivery. */
  mail_state: ColumnType<InvitationMailState | null, InvitationMailState | null | undefined, InvitationMailState | null>;
  mail_sent_at: ColumnType<Date | null, Date | null | undefined, Date | null>;
};

export type InvitationMailState = 'queued' | 'sent' | 'failed';

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
  /** Migration 0045: an admin viewing the product as this member, read-only (null: as themself). */
  viewing_as_user_id: string | null;
};

/** Migration 0012: login attempt counters per hashed client address or email (auth/login-throttle.ts). */
export type LoginThrottlesTable = {
  key_hash: string;
  attempts: Generated<number>;
  window_started_at: Date;
  lockouts: Generated<number>;
  locked_until: Date | null;
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
  /** Migration 0039: where the customer came from (CRM lead source), for cohorts. */
  acquisition_channel: string | null;
  external_ids: JsonWithDefault<Record<string, string>>;
  custom_fields: JsonWithDefault<Record<string, unknown>>;
  arr: ColumnType<number, number | undefined, number>;
  /** Active contracts in a currency without an exchange rate: not in `arr`. */
  unrated_contracts: ColumnType<number, number | undefined, number>;
  churn_reason: string | null;
  renewal_date: DateText | null;
  created_at: CreatedAt;
  updated_at: UpdatedAt;
  /** Generated by the database: lower(name) + ' ' + lower(domain), for substring search. */
  search_text: ColumnType<string, never, never>;
};

export type AccountWriteGrantsTable = {
  id: Generated<string>;
  workspace_id: string;
  grantee_id: string;
  /** Exactly one of account_id (one account) and book_owner_id (a colleague's whole book). */
  account_id: string | null;
  book_owner_id: string | null;
  reason: string | null;
  expires_at: Date | null;
  created_by: string | null;
  created_at: CreatedAt;
};

export type ContactRole = 'champion' | 'economic_buyer' | 'decision_maker' | 'admin' | 'end_user';

export type ContactsTable = {
  id: Generated<string>;
  workspace_id: string;
  account_id: string;
  name: string;
  email: string | null;
  title: string | null;
  phone: string | null;
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
  pricing_model: ColumnType<PricingModel, PricingModel | undefined>;
  usage_metric: string | null;
  usage_unit_price: number | null;
  usage_window_days: number | null;
  usage_units: number | null;
  usage_measured_through: DateText | null;
  created_at: CreatedAt;
  updated_at: UpdatedAt;
};

export type PricingModel = 'committed' | 'usage_based' | 'hybrid';

export type SubscriptionItemsTable = {
  id: Generated<string>;
  workspace_id: string;
  subscription_id: string;
  product: string;
  seats: number;
  unit_price: number;
  arr: number;
  /** The system's line for the usage part of a usage-based or hybrid contract. */
  usage: ColumnType<boolean, boolean | undefined>;
};

export type ArrMovementKind = 'new' | 'expansion' | 'contraction' | 'churn' | 'reactivation';

export type ArrMovementsTable = {
  id: Generated<string>;
  workspace_id: string;
  account_id: string;
  subscription_id: string | null;
  kind: ArrMovementKind;
  /** Currency of the contract that moved; amount and arr_before/after are in it. */
  currency: ColumnType<string, string | undefined, string>;
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
  /** Migration 0030: out of the day view before this day; back on it from this day. */
  snoozed_until: ColumnType<DateText | null, DateText | null | undefined>;
  /** Migration 0030: the note written when the task was completed. */
  outcome: ColumnType<string | null, string | null | undefined>;
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
  /** Migration 0026; decided by timeline/timeline-tone.ts. */
  tone: ColumnType<TimelineTone, TimelineTone | undefined>;
};

export type TimelineTone = 'positive' | 'neutral' | 'negative';
export type InteractionKind = 'meeting' | 'call' | 'email';

/** A CSM's logged meeting, call or email (migration 0026): a "CSM touch" for health. */
export type InteractionsTable = {
  id: Generated<string>;
  workspace_id: string;
  account_id: string;
  kind: InteractionKind;
  occurred_at: ColumnType<Date, Date | string, Date | string>;
  subject: string;
  outcome: string | null;
  sentiment: ColumnType<TimelineTone, TimelineTone | undefined>;
  notes: string | null;
  logged_by: string | null;
  created_at: CreatedAt;
};

export type InteractionAttendeesTable = {
  workspace_id: string;
  interaction_id: string;
  contact_id: string | null;
  user_id: string | null;
};

export type AuditLogTable = {
  id: Generated<number>;
  workspace_id: string;
  actor_user_id: string | null;
  actor_token_id: string | null;
  /** Migration 0020: the job or rule that acted, when the system did; then no user or token. */
  actor_automation: ColumnType<string | null, string | null | undefined, string | null>;
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
  /** browser: untrusted (public key); server: trusted, may create contacts (migration 0013). */
  kind: ColumnType<'browser' | 'server', 'browser' | 'server' | undefined, 'browser' | 'server'>;
  created_at: CreatedAt;
  revoked_at: Date | null;
  /** The last request refused whole, and why (migration 0023). */
  last_rejected_at: Date | null;
  last_rejection: string | null;
};

export type SourceDailyStatsTable = {
  source_id: string;
  day: DateText;
  workspace_id: string;
  received: ColumnType<number, number | undefined, number>;
  accepted: ColumnType<number, number | undefined, number>;
  duplicates: ColumnType<number, number | undefined, number>;
  rejected: ColumnType<number, number | undefined, number>;
  /** Requests refused whole, whatever they held (migration 0023). */
  rejected_requests: ColumnType<number, number | undefined, number>;
  last_received_at: Date;
};

// Requests stored from the NATS event stream (migration 0008), so a redelivery is a no-op.
export type IngestAppliedBatchesTable = {
  batch_id: string;
  source_id: string;
  applied_at: CreatedAt;
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
  /** What ingestion last wrote to the contact it created (migration 0013); null: not its contact. */
  contact_written: ColumnType<ContactWritten | null, string | null | undefined, string | null>;
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
export type SignalType =
  | 'news'
  | 'funding'
  | 'leadership_change'
  | 'vendor_review'
  | 'layoff'
  | 'acquisition'
  | 'other'
  | 'milestone_overdue'
  | 'flow_stuck'
  | 'stage_stuck';

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

export type UsageAccountDaysTable = {
  account_id: string;
  day: DateText;
  workspace_id: string;
  active_users: number;
  events: number;
  features: number;
  event_counts: Json<Record<string, number>>;
  last_seen_at: Date;
};

export type UsageUserDaysTable = {
  account_id: string;
  day: DateText;
  user_key: string;
  workspace_id: string;
  contact_id: string | null;
  events: number;
  features: number;
  last_seen_at: Date;
};

export type UsageFeaturesTable = {
  workspace_id: string;
  name: string;
  first_seen_day: DateText;
};

export type UsageDirtyDaysTable = {
  account_id: string;
  day: DateText;
  workspace_id: string;
  marked_at: CreatedAt;
};

/** Migration 0010: rolled-up user keys an alias change made stale. */
export type UsageDirtyUsersTable = {
  workspace_id: string;
  user_key: string;
  marked_at: CreatedAt;
};

export type Database = {
  workspaces: WorkspacesTable;
  exchange_rates: ExchangeRatesTable;
  saved_views: SavedViewsTable;
  custom_field_definitions: CustomFieldDefinitionsTable;
  users: UsersTable;
  memberships: MembershipsTable;
  invitations: InvitationsTable;
  sessions: SessionsTable;
  api_tokens: ApiTokensTable;
  login_throttles: LoginThrottlesTable;
  accounts: AccountsTable;
  account_write_grants: AccountWriteGrantsTable;
  contacts: ContactsTable;
  subscriptions: SubscriptionsTable;
  subscription_items: SubscriptionItemsTable;
  arr_movements: ArrMovementsTable;
  notes: NotesTable;
  tasks: TasksTable;
  timeline_entries: TimelineEntriesTable;
  interactions: InteractionsTable;
  interaction_attendees: InteractionAttendeesTable;
  audit_log: AuditLogTable;
  sources: SourcesTable;
  source_daily_stats: SourceDailyStatsTable;
  events: EventsTable;
  user_links: UserLinksTable;
  group_links: GroupLinksTable;
  user_aliases: UserAliasesTable;
  ingest_applied_batches: IngestAppliedBatchesTable;
  tickets: TicketsTable;
  survey_responses: SurveyResponsesTable;
  webhook_secrets: WebhookSecretsTable;
  signals: SignalsTable;
  usage_account_days: UsageAccountDaysTable;
  usage_user_days: UsageUserDaysTable;
  usage_features: UsageFeaturesTable;
  usage_dirty_days: UsageDirtyDaysTable;
  usage_dirty_users: UsageDirtyUsersTable;
  demo_ground_truth: DemoGroundTruthTable;
  jobs: JobsTable;
  domain_events: DomainEventsTable;
  domain_event_cursors: DomainEventCursorsTable;
  health_scorecard_versions: HealthScorecardVersionsTable;
  health_scores: HealthScoresTable;
  health_score_months: HealthScoreMonthsTable;
  health_overrides: HealthOverridesTable;
  health_stale_accounts: HealthStaleAccountsTable;
  health_models: HealthModelsTable;
  health_model_predictions: HealthModelPredictionsTable;
  health_backtests: HealthBacktestsTable;
  teams: TeamsTable;
  team_members: TeamMembersTable;
  handoff_setup: HandoffSetupTable;
  handoff_rules: HandoffRulesTable;
  handoffs: HandoffsTable;
  handoff_history: HandoffHistoryTable;
  segments: SegmentsTable;
  segment_memberships: SegmentMembershipsTable;
  journeys: JourneysTable;
  account_stage_history: AccountStageHistoryTable;
  account_field_sources: AccountFieldSourcesTable;
  journey_stay_medians: JourneyStayMediansTable;
  account_milestones: AccountMilestonesTable;
  account_goals: AccountGoalsTable;
  account_journey_events: AccountJourneyEventsTable;
  playbooks: PlaybooksTable;
  playbook_versions: PlaybookVersionsTable;
  playbook_runs: PlaybookRunsTable;
  playbook_step_results: PlaybookStepResultsTable;
  outbound_messages: OutboundMessagesTable;
  outbound_suppressions: OutboundSuppressionsTable;
  outbound_settings: OutboundSettingsTable;
  experience_moments: ExperienceMomentsTable;
  experience_settings: ExperienceSettingsTable;
  flows: FlowsTable;
  flow_step_hits: FlowStepHitsTable;
  flow_user_steps: FlowUserStepsTable;
  flow_stuck_episodes: FlowStuckEpisodesTable;
  blueprints: BlueprintsTable;
  blueprint_steps: BlueprintStepsTable;
  ingest_rejections: IngestRejectionsTable;
  product_catalog_versions: ProductCatalogVersionsTable;
};

/** Migration 0037: service blueprints (owned by src/blueprints). */
export type BlueprintsTable = {
  id: Generated<string>;
  workspace_id: string;
  name: string;
  stage_key: string | null;
  description: ColumnType<string, string | undefined, string>;
  created_by: string | null;
  created_at: Date;
  updated_at: Date;
};

export type BlueprintLane = 'evidence' | 'customer' | 'frontstage' | 'backstage' | 'support' | 'technology';

export type BlueprintStepsTable = {
  id: Generated<string>;
  workspace_id: string;
  blueprint_id: string;
  lane: BlueprintLane;
  position: number;
  title: string;
  detail: ColumnType<string, string | undefined, string>;
  /** Migration 0050: the owning team (was its slug). */
  owner_team_id: string | null;
  target_amount: number | null;
  target_unit: 'minutes' | 'hours' | 'days' | null;
  moment_kinds: ColumnType<string[], string[] | undefined, string[]>;
};

/** Migration 0033: teams of a workspace (owned by src/teams). */
export type TeamsTable = {
  id: Generated<string>;
  workspace_id: string;
  name: string;
  slug: string;
  lead_user_id: string | null;
  created_at: CreatedAt;
  updated_at: UpdatedAt;
};

export type TeamMembersTable = {
  workspace_id: string;
  team_id: string;
  user_id: string;
};

/** Migration 0033: hand-offs between teams (owned by src/handoffs). */
export type HandoffSetupTable = {
  workspace_id: string;
  seeded_at: Date;
};

export type HandoffRulesTable = {
  id: Generated<string>;
  workspace_id: string;
  name: string;
  sender_team_id: string;
  receiver_team_id: string;
  triggers: Json<unknown>;
  completion: Json<unknown>;
  clock_amount: number;
  clock_unit: 'hours' | 'days';
  business_hours: ColumnType<boolean, boolean | undefined, boolean>;
  escalation: Json<unknown>;
  enabled: ColumnType<boolean, boolean | undefined, boolean>;
  created_at: CreatedAt;
  updated_at: UpdatedAt;
};

export type HandoffState = 'open' | 'accepted' | 'overdue' | 'escalated' | 'completed';

export type HandoffsTable = {
  id: Generated<string>;
  workspace_id: string;
  account_id: string;
  rule_id: string | null;
  rule_name: string;
  sender_team_id: string;
  receiver_team_id: string;
  assignee_id: string | null;
  state: HandoffState;
  started_at: Date;
  due_at: Date;
  business_hours: ColumnType<boolean, boolean | undefined, boolean>;
  escalation: Json<unknown>;
  escalation_level: ColumnType<number, number | undefined, number>;
  accepted_at: Date | null;
  overdue_at: Date | null;
  completed_at: Date | null;
  completed_how: string | null;
  created_at: CreatedAt;
  updated_at: UpdatedAt;
};

export type HandoffHistoryTable = {
  id: Generated<number>;
  workspace_id: string;
  handoff_id: string;
  at: Date;
  action: string;
  actor_user_id: string | null;
  detail: string | null;
};

export type OutboundChannel = 'email' | 'webhook';
export type OutboundStatus = 'queued' | 'sending' | 'sent' | 'suppressed' | 'refused' | 'failed';

/** Migration 0029: email and webhook deliveries, owned by src/outbound. */
export type OutboundMessagesTable = {
  id: Generated<string>;
  workspace_id: string;
  idempotency_key: string;
  channel: OutboundChannel;
  account_id: string | null;
  contact_id: string | null;
  recipient: string;
  subject: string | null;
  body: string;
  bulk: ColumnType<boolean, boolean | undefined, boolean>;
  format: 'json' | 'slack' | null;
  origin: Json<Record<string, unknown>>;
  status: ColumnType<OutboundStatus, OutboundStatus | undefined, OutboundStatus>;
  attempts: ColumnType<number, number | undefined, number>;
  last_error: string | null;
  created_at: Date;
  updated_at: Date;
  sent_at: Date | null;
};

export type OutboundSuppressionsTable = {
  workspace_id: string;
  email: string;
  reason: 'unsubscribed' | 'added';
  message_id: string | null;
  added_by: string | null;
  created_at: Date;
};

export type OutboundSettingsTable = {
  workspace_id: string;
  sender_name: string | null;
  sender_address: string | null;
  signing_secret: string | null;
  signing_secret_prefix: string | null;
  signing_secret_created_at: Date | null;
  previous_signing_secret: string | null;
  previous_signing_secret_until: Date | null;
  updated_at: Date;
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

export type JobState = 'queued' | 'running' | 'done' | 'failed';

/** Migration 0015: durable jobs and timers, owned by src/jobs. */
export type JobsTable = {
  id: Generated<string>;
  workspace_id: string | null;
  type: string;
  payload: JsonWithDefault<Record<string, unknown>>;
  unique_key: string | null;
  run_at: ColumnType<Date, Date | string, Date | string>;
  state: ColumnType<JobState, JobState | undefined, JobState>;
  attempts: ColumnType<number, number | undefined, number>;
  max_attempts: ColumnType<number, number | undefined, number>;
  last_error: string | null;
  locked_by: string | null;
  locked_until: Date | null;
  created_at: ColumnType<Date, Date | string | undefined, never>;
  updated_at: ColumnType<Date, Date | string | undefined, Date | string>;
  finished_at: Date | null;
};

/** Migration 0021: domain events (the outbox) and each consumer's cursor, owned by src/domain-events. */
export type DomainEventsTable = {
  id: ColumnType<string, never, never>;
  workspace_id: string;
  account_id: string | null;
  type: string;
  payload: JsonWithDefault<Record<string, unknown>>;
  occurred_at: ColumnType<Date, Date | string, never>;
  /** xid8, read as text. */
  txid: ColumnType<string, never, never>;
  partition: ColumnType<number, never, never>;
};

export type DomainEventCursorsTable = {
  consumer: string;
  partition: number;
  event_types: string[];
  last_txid: ColumnType<string, string | undefined, string>;
  last_id: ColumnType<string, string | undefined, string>;
  failed_at: Date | null;
  last_error: string | null;
  updated_at: ColumnType<Date, Date | string, Date | string>;
};

export type HealthBand = 'green' | 'yellow' | 'red';

/** Migration 0022: health scores (src/health). */
export type HealthScorecardVersionsTable = {
  workspace_id: string;
  version: number;
  config: Json<unknown>;
  created_by: string | null;
  created_at: ColumnType<Date, Date | string | undefined, never>;
};

export type HealthScoresTable = {
  workspace_id: string;
  account_id: string;
  score: number | null;
  band: HealthBand | null;
  scorecard_key: string;
  config_version: number;
  measures: Json<unknown>;
  as_of: DateText;
  computed_at: Date;
  /** Signals that disagree, judged with the score (migration 0038): [{kind, text}]. */
  disagreements: JsonWithDefault<Array<{ kind: string; text: string }>>;
};

export type HealthScoreMonthsTable = {
  workspace_id: string;
  account_id: string;
  month: DateText;
  scores: Array<number | null>;
  bands: string;
};

export type HealthOverridesTable = {
  id: Generated<string>;
  workspace_id: string;
  account_id: string;
  score: number | null;
  band: HealthBand;
  reason: string;
  expires_at: Date;
  created_by: string | null;
  created_at: Date;
  removed_at: Date | null;
  removed_by: string | null;
};

export type HealthStaleAccountsTable = {
  workspace_id: string;
  account_id: string;
  marked_at: Date;
};

export type EngagementModel = 'high_touch' | 'low_touch' | 'tech_touch';

/** Migration 0027: saved segments and their current members (src/segments). */
export type SegmentsTable = {
  id: Generated<string>;
  workspace_id: string;
  name: string;
  description: string | null;
  engagement_model: EngagementModel;
  rules: Json<unknown>;
  version: ColumnType<number, number | undefined, number>;
  created_by: string | null;
  created_at: CreatedAt;
  updated_at: UpdatedAt;
  evaluated_at: Date | null;
  /** Migration 0049: the team a playbook's "segment pool" task owner is picked from. */
  pool_team_id: ColumnType<string | null, string | null | undefined, string | null>;
};

export type SegmentMembershipsTable = {
  segment_id: string;
  account_id: string;
  workspace_id: string;
  entered_at: Date;
};

// Playbooks (migration 0028, module src/playbooks).
export type PlaybooksTable = {
  id: Generated<string>;
  workspace_id: string;
  name: string;
  enabled: ColumnType<boolean, boolean | undefined, boolean>;
  current_version: number;
  trigger_kind: string;
  events_after: ColumnType<string, string | number | undefined, string | number>;
  created_by: string | null;
  created_at: CreatedAt;
  updated_at: UpdatedAt;
};

export type PlaybookVersionsTable = {
  playbook_id: string;
  version: number;
  workspace_id: string;
  definition: Json<unknown>;
  created_by: string | null;
  created_at: CreatedAt;
};

export type PlaybookRunState = 'running' | 'waiting' | 'done' | 'failed' | 'holdout';

export type PlaybookRunsTable = {
  id: Generated<string>;
  workspace_id: string;
  playbook_id: string;
  version: number;
  account_id: string;
  entry_key: string;
  reason: string;
  context: JsonWithDefault<Record<string, unknown>>;
  is_holdout: ColumnType<boolean, boolean | undefined, boolean>;
  /** Migration 0036: the draw in [0, 1) that decided the holdout, and the share held out then. */
  holdout_draw: ColumnType<number | null, number | null | undefined, number | null>;
  holdout_percent: ColumnType<number | null, number | null | undefined, number | null>;
  state: PlaybookRunState;
  position: string | null;
  wake_at: Date | null;
  last_error: string | null;
  started_at: Date;
  finished_at: Date | null;
};

export type PlaybookStepResultsTable = {
  run_id: string;
  step_key: string;
  workspace_id: string;
  step_type: string;
  outcome: string;
  detail: JsonWithDefault<Record<string, unknown>>;
  at: Date;
};

/** Migration 0032 (src/experience): moments of truth, the stage they happened in, score parameters. */
export type ExperienceMomentsTable = {
  id: Generated<string>;
  workspace_id: string;
  account_id: string;
  contact_ids: ColumnType<string[], string[] | undefined, string[]>;
  occurred_at: ColumnType<Date, Date | string, Date | string>;
  kind: string;
  team: string;
  channel: string;
  stage: string | null;
  outcome: TimelineTone;
  intensity: number;
  title: string;
  reason: string;
  source_key: string | null;
  recorded_by: string | null;
  created_at: CreatedAt;
};

export type ExperienceSettingsTable = {
  workspace_id: string;
  params: Json<Record<string, unknown>>;
  updated_by: string | null;
  updated_at: Date;
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

/** Migration 0031: the lifecycle journey, owned by src/journeys. */
export type JourneysTable = {
  workspace_id: string;
  /** The journey document (journeys/journey.schema.ts `journeyConfigSchema`). */
  config: Json<unknown>;
  updated_at: Date;
  updated_by: string | null;
};

export type StageChangeSource = 'api' | 'journey' | 'import' | 'automation' | 'demo' | 'migration';

/** Who last set an account field (migration 0048): an import keeps a person's value unless told to overwrite it. */
export type AccountFieldSource = 'person' | 'import' | 'automation';

export type AccountFieldSourcesTable = {
  workspace_id: string;
  account_id: string;
  /** An account field name (`region`, `ownerId`…) or `custom.<key>`. */
  field: string;
  source: AccountFieldSource;
  set_by_user_id: string | null;
  set_at: Date;
};

export type AccountStageHistoryTable = {
  id: Generated<string>;
  seq: Generated<string>;
  workspace_id: string;
  account_id: string;
  from_stage: string | null;
  to_stage: string | null;
  changed_at: Date;
  reason: string | null;
  source: StageChangeSource;
  actor_kind: 'user' | 'token' | 'automation' | 'operator';
  actor_user_id: string | null;
  actor_automation: string | null;
  /** Set once by the `journey.stay-check` timer when the stay raised its `stage_stuck` signal. */
  stuck_signaled_at: Generated<Date | null>;
};

/** Migration 0050: learnt stay medians per stage and segment (segment null: the whole workspace), refreshed by `journey.stay-medians`. */
export type JourneyStayMediansTable = {
  workspace_id: string;
  stage: string;
  segment: string | null;
  days: number;
  stays: number;
  refreshed_at: Date;
};

export type AccountMilestonesTable = {
  id: Generated<string>;
  workspace_id: string;
  account_id: string;
  stage_entry_id: string;
  stage_key: string;
  milestone_key: string;
  name: string;
  due_at: Date;
  completed_at: Date | null;
  completed_by: string | null;
  completed_how: 'manual' | 'rule' | null;
  overdue_signaled_at: Date | null;
};

export type AccountGoalsTable = {
  account_id: string;
  workspace_id: string;
  goals: string;
  success_criteria: string;
  updated_at: Date;
  updated_by: string | null;
};

export type AccountJourneyEventsTable = {
  workspace_id: string;
  account_id: string;
  event_type: string;
  last_at: Date;
};

/** Migration 0034: product flows and stuck-step detection (src/flows). */
export type FlowsTable = {
  id: Generated<string>;
  workspace_id: string;
  name: string;
  description: string | null;
  steps: ColumnType<unknown, string, string>;
  is_active: ColumnType<boolean, boolean | undefined, boolean>;
  created_at: CreatedAt;
  updated_at: UpdatedAt;
};

export type FlowStepHitsTable = { flow_id: string; event_id: ColumnType<string, string | number, never>; step: number };

export type FlowUserStepsTable = {
  flow_id: string;
  user_key: string;
  step: number;
  workspace_id: string;
  account_id: string | null;
  reached_at: Date | null;
  last_at: Date;
  successes: number;
  failures: number;
};

export type FlowStuckReason = 'failed' | 'repeated' | 'idle';

export type FlowStuckEpisodesTable = {
  id: Generated<string>;
  workspace_id: string;
  flow_id: string;
  user_key: string;
  account_id: string;
  step: number;
  reason: FlowStuckReason;
  detail: string;
  raised_at: Date;
  resolved_at: Date | null;
};

/** Migration 0035: versioned churn-risk models and each account's current prediction (src/health-model). */
export type HealthModelsTable = {
  workspace_id: string;
  version: number;
  trained_at: Date;
  decided_by: DateText;
  /** Migration 0051 (was lead_days): the horizon of the loss the model was trained to predict. */
  horizon_days: number;
  training_rows: number;
  training_positives: number;
  family: 'logistic' | 'gbdt';
  validation_auc: number | null;
  model: Json<unknown>;
};

export type HealthModelPredictionsTable = {
  workspace_id: string;
  account_id: string;
  model_version: number;
  probability: number;
  /** [{ feature, value, contribution, text }], the biggest raises of the risk first. */
  reasons: Json<unknown>;
  as_of: DateText;
  computed_at: Date;
  /** Migration 0044: the probability from the last earlier day the model scored, for "risk rose". */
  previous_probability: number | null;
  previous_as_of: DateText | null;
};

/** Migration 0041: stored health backtests, each run's parameters and report (src/health-model). */
export type HealthBacktestStatus = 'queued' | 'running' | 'done' | 'failed';

export type HealthBacktestsTable = {
  id: Generated<string>;
  workspace_id: string;
  as_of: DateText;
  horizon_days: number;
  status: HealthBacktestStatus;
  /** The backtest report (src/health-model `BacktestResult` without its cases) once done. */
  report: Json<unknown> | null;
  error: string | null;
  created_at: Date;
  finished_at: Date | null;
};

/** Migration 0040: per-message explanations of refused /v1 requests (src/ingest). */
export type IngestRejectionKind = 'invalid' | 'too_large' | 'unreadable';

export type IngestRejectionsTable = {
  id: ColumnType<string, never, never>;
  workspace_id: string;
  source_id: string;
  received_at: Date;
  endpoint: string | null;
  kind: IngestRejectionKind;
  message_index: number | null;
  message_id: string | null;
  message_type: string | null;
  event_name: string | null;
  user_key: string | null;
  reason: string;
  issues: JsonWithDefault<Array<{ path: string; message: string }>>;
  request_messages: number;
  excerpt: string | null;
};

/** Migration 0040: the product feature catalog, versioned by effective day (src/usage). */
export type ProductCatalogVersionsTable = {
  workspace_id: string;
  version: number;
  effective_day: DateText;
  document: Json<unknown>;
  created_by: string | null;
  created_at: Date;
};
