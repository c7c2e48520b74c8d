import type { ApiSchema } from '../../lib/api-types.js';

export type Session = ApiSchema<'Session'>;
export type Role = Session['role'];

/** Viewers read everything and change nothing. */
export function canWrite(role: Role): boolean {
  return role !== 'viewer';
}
