import type { ArrMovementKind, ContactRole, Role, SignalType, SurveyKind, TaskPriority, TaskStatus, TicketPriority, TicketStatus, TimelineTone } from '../db/schema.js';

/** The hidden causes the simulation uses to decide who churns or contracts. */
export type ChurnDriver =
  | 'low_seat_utilisation'
  | 'champion_departed'
  | 'severe_ticket_burst'
  | 'slow_onboarding'
  | 'wrong_product_sold'
  | 'low_touch_uncontacted'
  | 'price_increase';

/** The churn-autopsy root-cause categories (DESIGN idea 10), as stable codes. */
export type RootCause =
  | 'wrong_product_sold'
  | 'product_flaw'
  | 'poor_crm_documentation'
  | 'no_visibility_of_account_records'
  | 'poor_services'
  | 'provisioning_problems'
  | 'onboarding'
  | 'support_closed_without_root_cause'
  | 'cs_missed_signs'
  | 'other';

export type Segment = 'enterprise' | 'mid-market' | 'smb' | 'self-serve';

/** A driver and the day it started to act (a champion's last day, the first severe ticket…). */
export type DemoDriver = { driver: ChurnDriver; onset: string };

/** How the account's story ends as of today. */
export type DemoOutcome = 'churned' | 'contracted' | 'expanded' | 'renewed' | 'won_back' | 'not_yet_renewed';

/** What the simulation knows and the product must discover. */
export type DemoTruth = {
  drivers: DemoDriver[];
  outcome: DemoOutcome;
  churnedOn: string | null;
  contractedOn: string | null;
  /** The earliest driver's autopsy category, for churned and contracted accounts. */
  rootCause: RootCause | null;
};

export type DemoUser = { id: string; name: string; email: string; role: Role };
export type DemoContact = {
  id: string;
  name: string;
  email: string;
  title: string;
  role: ContactRole;
  expertise: 'novice' | 'expert';
  status: 'active' | 'left';
  personalWins: string[];
  /** The day they left the customer, for a departed contact. */
  leftOn: string | null;
};
export type DemoLineItem = { product: string; seats: number; unitPrice: number };
export type DemoSubscription = {
  id: string;
  status: 'active' | 'cancelled' | 'expired';
  startDate: string;
  endDate: string;
  autoRenew: boolean;
  items: DemoLineItem[];
};
/** `contractId`: the term it is booked on (the new term at a renewal, the ending one at a churn). */
export type DemoMovement = { kind: ArrMovementKind; arrBefore: number; arrAfter: number; occurredOn: string; contractId: string };
export type DemoNote = { id: string; body: string; createdAt: string };
/** `completedAt` is set exactly when the task is done, and always before the world's today. */
export type DemoTask = { id: string; title: string; dueDate: string; priority: TaskPriority; status: TaskStatus; completedAt: string | null };
/** `tone` when the kind alone does not tell it (timeline/timeline-tone.ts). */
export type DemoTimelineEvent = { kind: string; team: string; title: string; body: string | null; occurredAt: string; tone?: TimelineTone };
export type DemoTicket = {
  externalId: string;
  subject: string;
  priority: TicketPriority;
  status: TicketStatus;
  createdAt: string;
  solvedAt: string | null;
  firstResponseMinutes: number;
  csat: 'good' | 'bad' | null;
  requesterEmail: string | null;
  tags: string[];
};
export type DemoSurvey = { kind: SurveyKind; score: number; comment: string | null; respondedAt: string; contactId: string | null };
export type DemoSignal = { type: SignalType; title: string; text: string | null; occurredAt: string };

export type DemoAccount = {
  id: string;
  /** Position in the world; seeds the account's own usage stream. */
  index: number;
  /** When they became a customer: the first contract's signature. */
  customerSince: string;
  name: string;
  domain: string;
  industry: string;
  segment: Segment;
  employeeCount: number | null;
  region: string;
  /** Where the customer came from (Salesforce Account Source values). */
  acquisitionChannel: string;
  ownerId: string;
  parentId: string | null;
  lifecycleStage: string;
  externalIds: Record<string, string>;
  contacts: DemoContact[];
  /**
   * Every contract term, oldest first, back to back from `customerSince` (a gap only before a
   * win-back): a renewed term `expired`, the one that ended at a churn `cancelled`, the one in
   * force `active`. The last is the account's contract now.
   */
  contracts: DemoSubscription[];
  movements: DemoMovement[];
  notes: DemoNote[];
  tasks: DemoTask[];
  timeline: DemoTimelineEvent[];
  tickets: DemoTicket[];
  surveys: DemoSurvey[];
  signals: DemoSignal[];
  /** Periods without a contract (between a churn and a win-back, or after a churn). */
  lostPeriods: Array<{ from: string; to: string | null }>;
  arr: number;
  renewalDate: string | null;
  truth: DemoTruth;
};

export type DemoWorld = { users: DemoUser[]; accounts: DemoAccount[] };

export type DemoWorldOptions = { seed: number; accounts: number; months: number; today: string };
