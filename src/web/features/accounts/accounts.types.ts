export type Account = {
  id: string;
  name: string;
  domain: string | null;
  industry: string | null;
  segment: string | null;
  employeeCount: number | null;
  region: string | null;
  parentId: string | null;
  parentName: string | null;
  ownerId: string | null;
  ownerName: string | null;
  lifecycleStage: string | null;
  externalIds: Record<string, string>;
  customFields: Record<string, unknown>;
  arr: number;
  renewalDate: string | null;
  createdAt: string;
  updatedAt: string;
};

export type AccountSort = 'name' | 'arr' | 'renewalDate' | 'employeeCount' | 'createdAt';
export type SortOrder = 'asc' | 'desc';

export type AccountFilters = {
  q: string;
  segment: string;
  ownerId: string;
  lifecycleStage: string;
  sort: AccountSort;
  order: SortOrder;
};

/** The account page's read: the account plus whether this user may change it (own book, grant or role). */
export type AccountForViewer = Account & { viewerCanWrite: boolean };

export type NewAccount = {
  name: string;
  domain?: string;
  industry?: string;
  segment?: string;
  employeeCount?: number;
  region?: string;
};

/** A PATCH: null clears a field. */
export type AccountChanges = {
  name?: string;
  domain?: string | null;
  industry?: string | null;
  segment?: string | null;
  employeeCount?: number | null;
  region?: string | null;
  lifecycleStage?: string | null;
  ownerId?: string | null;
};

export type ContactRole = 'champion' | 'economic_buyer' | 'decision_maker' | 'admin' | 'end_user';

export type Contact = {
  id: string;
  accountId: string;
  name: string;
  email: string | null;
  title: string | null;
  role: ContactRole | null;
  expertise: 'novice' | 'expert';
  status: 'active' | 'left';
  personalWins: string[];
};

export type NewContact = {
  name: string;
  email?: string;
  title?: string;
  role?: ContactRole;
  expertise?: 'novice' | 'expert';
};

export type SubscriptionItem = { id: string; product: string; seats: number; unitPrice: number; arr: number };

export type Subscription = {
  id: string;
  accountId: string;
  externalId: string | null;
  status: 'active' | 'cancelled' | 'expired';
  startDate: string;
  endDate: string | null;
  autoRenew: boolean;
  currency: string;
  arr: number;
  items: SubscriptionItem[];
};

export type ArrMovementKind = 'new' | 'expansion' | 'contraction' | 'churn' | 'reactivation';

export type ArrMovement = {
  id: string;
  kind: ArrMovementKind;
  amount: number;
  arrBefore: number;
  arrAfter: number;
  occurredOn: string;
  subscriptionId: string | null;
};

export type TimelineEntry = {
  id: string;
  kind: string;
  team: string;
  title: string;
  body: string | null;
  actorName: string | null;
  occurredAt: string;
  subjectType: string | null;
  subjectId: string | null;
};

export type Note = {
  id: string;
  accountId: string;
  body: string;
  authorId: string | null;
  authorName: string | null;
  createdAt: string;
};
