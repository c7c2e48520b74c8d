import { useState } from 'react';
import { NavLink, Outlet, useLocation } from 'react-router';
import { useAuth, useSession } from '../features/auth/auth-context.js';
import { humanize } from '../lib/format.js';
import { BrandMark } from './brand-mark.js';
import { ErrorBoundary } from './error-boundary.js';

export function AppShell() {
  const { pathname } = useLocation();
  return (
    <div className="shell">
      <a className="skip-link" href="#main">
        Skip to content
      </a>
      <Sidebar />
      <div className="shell__body">
        <ViewingAsBanner />
        <TopBar />
        <main id="main" className="shell__main" tabIndex={-1}>
          {/* Keyed by path so navigating away from a crashed page recovers. */}
          <ErrorBoundary key={pathname}>
            <Outlet />
          </ErrorBoundary>
        </main>
      </div>
    </div>
  );
}

/** While an admin views as a member: whose view this is, that it is read-only, and the way back. */
function ViewingAsBanner() {
  const session = useSession();
  const { stopViewingAs } = useAuth();
  const [error, setError] = useState<string | null>(null);
  if (!session.viewedBy) return null;
  return (
    <div className="view-as-banner" role="status">
      <span>
        Viewing as <strong>{session.user.name || session.user.email}</strong> ({humanize(session.role)}) — read-only.
      </span>
      <button
        type="button"
        className="button button--small"
        onClick={() => stopViewingAs().catch((caught: unknown) => setError(caught instanceof Error ? caught.message : String(caught)))}
      >
        Stop viewing as
      </button>
      {error ? <span role="alert">{error}</span> : null}
    </div>
  );
}

/** The main pages, in the order a CS team reaches for them. */
const MAIN_PAGES = [
  {
    to: '/today',
    label: 'Today',
    icon: 'M8 2v4M16 2v4M3 10h18M5 4h14a2 2 0 0 1 2 2v14a2 2 0 0 1-2 2H5a2 2 0 0 1-2-2V6a2 2 0 0 1 2-2z',
  },
  { to: '/accounts', label: 'Accounts', icon: 'M3 21V7l6-4 6 4v14M15 21V11h6v10M3 21h18M7 10h4M7 14h4M7 18h4' },
  { to: '/portfolio', label: 'Portfolio', icon: 'M12 3a9 9 0 1 0 9 9h-9zM15 3.5A9 9 0 0 1 20.5 9H15z' },
  { to: '/journey', label: 'Journey', icon: 'M3 12h4l3-8 4 16 3-8h4' },
  { to: '/blueprints', label: 'Blueprints', icon: 'M3 4h18v16H3zM3 9h18M3 14h18M9 4v16' },
  { to: '/tasks', label: 'My tasks', icon: 'M9 11l3 3 8-8M20 12v7a2 2 0 0 1-2 2H6a2 2 0 0 1-2-2V5a2 2 0 0 1 2-2h9' },
  { to: '/handoffs', label: 'Hand-offs', icon: 'M4 12h12M12 6l6 6-6 6M20 4v16' },
  { to: '/segments', label: 'Segments', icon: 'M3 4h18l-7 8v6l-4 2v-8L3 4z' },
  { to: '/playbooks', label: 'Playbooks', icon: 'M4 4h16v4H4zM4 10h10v4H4zM4 16h6v4H4zM17 13l3 3-3 3' },
  { to: '/metrics', label: 'Metrics', icon: 'M4 20V10M10 20V4M16 20v-7M22 20H2' },
  { to: '/root-causes', label: 'Root causes', icon: 'M12 3v6M12 9l-6 6M12 9l6 6M6 15v6M18 15v6' },
  { to: '/flows', label: 'Flows', icon: 'M4 6h16M7 12h10M10 18h4' },
  {
    to: '/data',
    label: 'Data',
    icon: 'M4 6c0-1.7 3.6-3 8-3s8 1.3 8 3-3.6 3-8 3-8-1.3-8-3zM4 6v12c0 1.7 3.6 3 8 3s8-1.3 8-3V6M4 12c0 1.7 3.6 3 8 3s8-1.3 8-3',
  },
] as const;

const SETTINGS_ICON =
  'M16 21v-2a4 4 0 0 0-4-4H6a4 4 0 0 0-4 4v2M9 11a4 4 0 1 0 0-8 4 4 0 0 0 0 8zM22 21v-2a4 4 0 0 0-3-3.9M16 3.1a4 4 0 0 1 0 7.8';

function Sidebar() {
  const { role } = useSession();
  const isManager = role === 'admin' || role === 'leader';
  return (
    <nav className="sidebar" aria-label="Main">
      <div className="sidebar__inner">
        <div className="brand">
          <BrandMark />
          <span>Boomerang</span>
        </div>
        <ul className="sidebar__links">
          {MAIN_PAGES.map((page) => (
            <li key={page.to}>
              <NavLink to={page.to} className="sidebar__link">
                <NavIcon path={page.icon} />
                {page.label}
              </NavLink>
            </li>
          ))}
          <li>
            <NavLink to={isManager ? '/settings' : '/settings/users'} className="sidebar__link">
              <NavIcon path={SETTINGS_ICON} />
              {isManager ? 'Settings' : 'Team'}
            </NavLink>
          </li>
        </ul>
      </div>
    </nav>
  );
}

function TopBar() {
  const session = useSession();
  const { logout } = useAuth();
  const [signingOut, setSigningOut] = useState(false);

  async function handleLogout() {
    setSigningOut(true);
    try {
      await logout();
    } catch {
      // The session is cleared locally either way; the login page takes over.
    }
  }

  return (
    <header className="topbar">
      <div className="topbar__workspace" title="Workspace">
        <span className="topbar__workspace-avatar" aria-hidden="true">
          {initials(session.workspace.name)}
        </span>
        {session.workspace.name}
      </div>
      <div className="topbar__user">
        <span className="avatar" aria-hidden="true">
          {initials(session.user.name || session.user.email)}
        </span>
        <span className="topbar__user-text">
          <span className="topbar__user-name">{session.user.name || session.user.email}</span>
          <span className="topbar__user-role">{humanize(session.role)}</span>
        </span>
        <button
          type="button"
          className="button button--ghost button--small"
          onClick={handleLogout}
          disabled={signingOut}
        >
          {signingOut ? 'Signing out…' : 'Log out'}
        </button>
      </div>
    </header>
  );
}

function NavIcon({ path }: { path: string }) {
  return (
    <svg className="sidebar__icon" viewBox="0 0 24 24" aria-hidden="true">
      <path d={path} fill="none" stroke="currentColor" strokeWidth="1.8" strokeLinecap="round" strokeLinejoin="round" />
    </svg>
  );
}

function initials(name: string): string {
  const parts = name.trim().split(/\s+/).filter(Boolean);
  const letters = parts.length > 1 ? [parts[0], parts[parts.length - 1]] : [name.trim()];
  return letters
    .map((part) => part?.charAt(0) ?? '')
    .join('')
    .toUpperCase()
    .slice(0, 2);
}
