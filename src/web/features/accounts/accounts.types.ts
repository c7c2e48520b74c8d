import type { ApiQuery, ApiRequestBody, ApiResponse, ApiSchema } from '../../lib/api-types.js';

export type Account = ApiSchema<'Account'>;

type AccountsQuery = ApiQuery<'/api/accounts', 'get'>;
export type AccountSort = NonNullable<AccountsQuery['sort']>;
export type SortOrder = NonNullable<AccountsQuery['order']>;

export type RenewalWindow = NonNullable<AccountsQuery['renewsWithin']>;

/** The list's filters as the URL carries them ('' = not set; includeChurned 'true' shows churned accounts). */
export type AccountFilters = {
  q: string;
  segment: string;
  ownerId: string;
  lifecycleStage: string;
  includeChurned: '' | 'true';
  renewsWithin: '' | RenewalWindow;
  healthBand: '' | 'green' | 'yellow' | 'red';
  sort: AccountSort;
  order: SortOrder;
};

export type AccountTotals = ApiResponse<'/api/accounts', 'get'>['totals'];

export type SavedView = ApiSchema<'SavedView'>;

/** The account page's read: the account plus whether this user may change it (own book, grant or role). */
export type AccountForViewer = ApiSchema<'AccountForViewer'>;

export type NewAccount = ApiRequestBody<'/api/accounts', 'post'>;

/** A PATCH: null clears a field. */
export type AccountChanges = ApiRequestBody<'/api/accounts/{id}', 'patch'>;

export type Contact = ApiSchema<'Contact'>;
export type ContactRole = NonNullable<Contact['role']>;

export type NewContact = ApiRequestBody<'/api/accounts/{id}/contacts', 'post'>;

export type SubscriptionItem = ApiSchema<'SubscriptionItem'>;

export type Subscription = ApiSchema<'Subscription'>;

export type ArrMovement = ApiSchema<'ArrMovement'>;
export type ArrMovementKind = ArrMovement['kind'];

export type TimelineEntry = ApiResponse<'/api/accounts/{id}/timeline', 'get'>['data'][number];

export type Note = ApiSchema<'Note'>;
export type Interaction = ApiSchema<'Interaction'>;
export type NewInteraction = ApiRequestBody<'/api/accounts/{id}/interactions', 'post'>;

/** An outside fact about the customer (news, a new executive, a vendor review). */
export type Signal = ApiSchema<'Signal'>;
export type NewSignal = ApiRequestBody<'/api/signals', 'post'>;
