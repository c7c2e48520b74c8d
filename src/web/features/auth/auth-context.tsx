import { createContext, useCallback, useContext, useEffect, useMemo, useState, type ReactNode } from 'react';
import { ApiError, isAbortError, setCsrfToken, setUnauthorizedHandler } from '../../lib/api.js';
import * as authApi from './auth.api.js';
import { canWrite, type Session } from './auth.types.js';

type AuthState =
  { status: 'loading' } | { status: 'anonymous'; error?: unknown } | { status: 'authenticated'; session: Session };

type AuthContextValue = {
  state: AuthState;
  login(email: string, password: string): Promise<void>;
  logout(): Promise<void>;
  /** A session the server opened some other way (accepting an invitation). */
  adopt(session: Session): void;
  /** Admins: view the product as a member, read-only; the app then shows what they see. */
  viewAs(userId: string): Promise<void>;
  stopViewingAs(): Promise<void>;
};

const AuthContext = createContext<AuthContextValue | null>(null);

export function AuthProvider({ children }: { children: ReactNode }) {
  const [state, setState] = useState<AuthState>({ status: 'loading' });

  const startSession = useCallback((session: Session) => {
    setCsrfToken(session.csrfToken);
    setState({ status: 'authenticated', session });
  }, []);

  const endSession = useCallback(() => {
    setCsrfToken(null);
    setState({ status: 'anonymous' });
  }, []);

  useEffect(() => {
    const controller = new AbortController();
    authApi.fetchSession(controller.signal).then(startSession, (error: unknown) => {
      if (isAbortError(error)) return;
      // A 401 just means "not signed in"; anything else is worth telling the user on the login page.
      setState({ status: 'anonymous', error: error instanceof ApiError && error.status === 401 ? undefined : error });
    });
    return () => controller.abort();
  }, [startSession]);

  useEffect(() => {
    setUnauthorizedHandler(endSession);
    return () => setUnauthorizedHandler(null);
  }, [endSession]);

  const value = useMemo<AuthContextValue>(
    () => ({
      state,
      login: async (email, password) => startSession(await authApi.login(email, password)),
      adopt: startSession,
      viewAs: async (userId) => startSession(await authApi.viewAs(userId)),
      stopViewingAs: async () => startSession(await authApi.stopViewingAs()),
      logout: async () => {
        try {
          await authApi.logout();
        } finally {
          endSession();
        }
      },
    }),
    [state, startSession, endSession],
  );

  return <AuthContext.Provider value={value}>{children}</AuthContext.Provider>;
}

export function useAuth(): AuthContextValue {
  const context = useContext(AuthContext);
  if (!context) throw new Error('useAuth must be used inside <AuthProvider>');
  return context;
}

/**
 * What the session may change, in one place: `readOnly` is the server's reason every write is
 * refused (an admin viewing as someone), null otherwise; the flags are false while it holds,
 * so a screen that gates its write controls on them offers none.
 */
export type WriteAccess = {
  readOnly: string | null;
  /** Anyone but a viewer: notes, tasks, their book. */
  canWrite: boolean;
  /** Leaders and admins: imports, segments, playbooks, scorecards, rates. */
  canManage: boolean;
  /** Admins: users, sources, help desks, flows, teams, settings. */
  canAdminister: boolean;
};

/** The signed-in session; only valid below <RequireAuth>. */
export function useSession(): Session & WriteAccess {
  const { state } = useAuth();
  if (state.status !== 'authenticated') throw new Error('useSession must be used below <RequireAuth>');
  const { session } = state;
  const writable = session.readOnly === null;
  return {
    ...session,
    canWrite: writable && canWrite(session.role),
    canManage: writable && (session.role === 'admin' || session.role === 'leader'),
    canAdminister: writable && session.role === 'admin',
  };
}
