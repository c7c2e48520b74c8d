export type Role = 'admin' | 'leader' | 'csm' | 'viewer';

export type Session = {
  user: { id: string; email: string; name: string };
  workspace: { id: string; name: string };
  role: Role;
  csrfToken: string;
};

/** Viewers read everything and change nothing. */
export function canWrite(role: Role): boolean {
  return role !== 'viewer';
}
