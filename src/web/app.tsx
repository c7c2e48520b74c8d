import { BrowserRouter, Navigate, Route, Routes } from 'react-router';
import { AppShell } from './components/app-shell.js';
import { EmptyState } from './components/empty-state.js';
import { AccountPage } from './features/accounts/account-page.js';
import { AccountsPage } from './features/accounts/accounts-page.js';
import { DataPage } from './features/data/data-page.js';
import { AuthProvider } from './features/auth/auth-context.js';
import { LoginPage } from './features/auth/login-page.js';
import { RequireAuth } from './features/auth/require-auth.js';
import { MetricsPage } from './features/metrics/metrics-page.js';
import { StartupGate } from './features/system/startup-gate.js';
import { MyTasksPage } from './features/tasks/my-tasks-page.js';
import { AcceptInvitationPage } from './features/users/accept-invitation-page.js';
import { UsersPage } from './features/users/users-page.js';

export function App() {
  return (
    <StartupGate>
    <BrowserRouter>
      <AuthProvider>
        <Routes>
          <Route path="/login" element={<LoginPage />} />
          <Route path="/invitations/accept" element={<AcceptInvitationPage />} />
          <Route
            element={
              <RequireAuth>
                <AppShell />
              </RequireAuth>
            }
          >
            <Route index element={<Navigate to="/accounts" replace />} />
            <Route path="/accounts" element={<AccountsPage />} />
            <Route path="/accounts/:accountId" element={<AccountPage />} />
            <Route path="/tasks" element={<MyTasksPage />} />
            <Route path="/data/:tab?" element={<DataPage />} />
            <Route path="/users" element={<UsersPage />} />
            <Route path="/metrics" element={<MetricsPage />} />
            <Route
              path="*"
              element={<EmptyState title="Page not found">Check the address, or pick a page on the left.</EmptyState>}
            />
          </Route>
        </Routes>
      </AuthProvider>
    </BrowserRouter>
    </StartupGate>
  );
}
