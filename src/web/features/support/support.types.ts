import type { ApiSchema } from '../../lib/api-types.js';

export type Ticket = ApiSchema<'Ticket'>;
export type TicketPriority = NonNullable<Ticket['priority']>;
export type SurveyResponse = ApiSchema<'SurveyResponse'>;
