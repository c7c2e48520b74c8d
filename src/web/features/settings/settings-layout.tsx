import { NavLink, Outlet } from 'react-router';
import { EmptyState } from '../../components/empty-state.js';
import { useSession } from '../auth/auth-context.js';

/** `forms`: the section is a form that writes, switched off while an admin views as someone. */
type Section = { path: string; label: string; roles: readonly string[]; forms?: true };

/** Admins see every section; leaders see their team, its cover and the audit log. */
export const SETTINGS_SECTIONS: readonly Section[] = [
  { path: 'users', label: 'Users & invitations', roles: ['admin', 'leader', 'csm', 'viewer'] },
  { path: 'teams', label: 'Teams', roles: ['admin', 'leader'] },
  { path: 'cover', label: 'Cover during leave', roles: ['admin', 'leader'], forms: true },
  { path: 'audit', label: 'Audit log', roles: ['admin', 'leader'] },
  { path: 'journey', label: 'Journey stages', roles: ['admin'], forms: true },
  { path: 'handoff-rules', label: 'Hand-off rules', roles: ['admin', 'leader'] },
  { path: 'outbound', label: 'Outbound', roles: ['admin', 'leader'] },
  { path: 'config', label: 'Configuration as code', roles: ['admin', 'leader'], forms: true },
  { path: 'tokens', label: 'API tokens', roles: ['admin'], forms: true },
  { path: 'custom-fields', label: 'Custom fields', roles: ['admin'], forms: true },
  { path: 'sources', label: 'Sources', roles: ['admin'] },
  { path: 'help-desks', label: 'Help desks', roles: ['admin'] },
  { path: 'jobs', label: 'Jobs', roles: ['admin'] },
];

export function canSeeSettings(role: string): boolean {
  return SETTINGS_SECTIONS.some((section) => section.roles.includes(role));
}

/** The Settings area: a side list of sections, each its own URL (/settings/tokens). */
export function SettingsLayout() {
  const { role } = useSession();
  const sections = SETTINGS_SECTIONS.filter((section) => section.roles.includes(role));
  if (sections.length === 0) {
    return <EmptyState title="Settings are for admins and leaders">Ask an admin of the workspace for what you need.</EmptyState>;
  }
  return (
    <div className="settings">
      <nav className="settings__nav" aria-label="Settings">
        <h1 className="settings__title">Settings</h1>
        <ul>
          {sections.map((section) => (
            <li key={section.path}>
              <NavLink to={`/settings/${section.path}`} className="settings__link">
                {section.label}
              </NavLink>
            </li>
          ))}
        </ul>
      </nav>
      <div className="settings__body">
        <Outlet />
      </div>
    </div>
  );
}

/** A section that this role cannot open (typed URL): say so rather than show 403s. */
export function RequireSettingsRole({ path, children }: { path: string; children: React.ReactNode }) {
  const { role, readOnly } = useSession();
  const section = SETTINGS_SECTIONS.find((item) => item.path === path);
  if (!section?.roles.includes(role)) return <EmptyState title="Only admins see this section">Ask an admin of the workspace.</EmptyState>;
  if (readOnly && section.forms) {
    // A disabled fieldset switches off every control inside at once, so no form here can be sent.
    return (
      <>
        <p className="alert" role="note">
          {readOnly}
        </p>
        <fieldset className="settings__read-only" disabled title={readOnly}>
          {children}
        </fieldset>
      </>
    );
  }
  return <>{children}</>;
}
