import type { ContactRole } from '../db/schema.js';

/** What the timeline needs to know about a contact, before or after a change. */
export type ContactSnapshot = { name: string; role: ContactRole | null; status: 'active' | 'left' };

export type ContactTimelineEntry = { kind: string; title: string; body?: string };

export const CONTACT_ROLE_LABEL: Record<ContactRole, string> = {
  champion: 'Champion',
  economic_buyer: 'Economic buyer',
  decision_maker: 'Decision maker',
  admin: 'Admin',
  end_user: 'End user',
};

const CHAMPION_LEFT_BODY = 'Losing a champion is a churn signal: find and win over a new champion on this account.';

function describe(name: string, role: ContactRole | null): string {
  return role ? `${CONTACT_ROLE_LABEL[role]} ${name}` : `Contact ${name}`;
}

/**
 * The timeline entries a contact change deserves: added, left, role changed. Other edits
 * (email, title, wins) stay in the audit log only. A champion leaving gets its own kind,
 * `champion_left`, so playbooks and health scores can react to it without parsing titles.
 *
 * @example
 *   contactTimelineEntries({ name: 'Jane Doe', role: 'champion', status: 'active' }, { name: 'Jane Doe', role: 'champion', status: 'left' })
 *   // → [{ kind: 'champion_left', title: 'Champion Jane Doe left', body: … }]
 */
export function contactTimelineEntries(before: ContactSnapshot | null, after: ContactSnapshot): ContactTimelineEntry[] {
  if (!before) return [{ kind: 'contact_added', title: `${describe(after.name, after.role)} added` }];
  const entries: ContactTimelineEntry[] = [];
  if (before.status === 'active' && after.status === 'left') {
    // Named by the role they held, so "Champion Jane Doe left" survives a role cleared in the same edit.
    entries.push(
      before.role === 'champion'
        ? { kind: 'champion_left', title: `${describe(after.name, 'champion')} left`, body: CHAMPION_LEFT_BODY }
        : { kind: 'contact_left', title: `${describe(after.name, before.role)} left` },
    );
  }
  if (before.role !== after.role) {
    const label = (role: ContactRole | null) => (role ? CONTACT_ROLE_LABEL[role] : 'no role');
    entries.push({
      kind: 'contact_role_changed',
      title: `${after.name}: ${label(before.role)} → ${label(after.role)}`,
    });
  }
  return entries;
}
