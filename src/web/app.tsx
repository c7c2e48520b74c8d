import { BrowserRouter, Navigate, Route, Routes } from 'react-router';
import { AppShell } from './components/app-shell.js';
import { EmptyState } from './components/empty-state.js';
import { AccountPage } from './features/accounts/account-page.js';
import { AccountsPage } from './features/accounts/accounts-page.js';
import { BlueprintsPage } from './features/blueprints/blueprints-page.js';
import { DataPage } from './features/data/data-page.js';
import { HandoffRulesSection } from './features/handoffs/handoff-rules-section.js';
import { HandoffsPage } from './features/handoffs/handoffs-page.js';
import { TeamsSection } from './features/handoffs/teams-section.js';
import { AuthProvider } from './features/auth/auth-context.js';
import { LoginPage } from './features/auth/login-page.js';
import { RequireAuth } from './features/auth/require-auth.js';
import { MetricsPage } from './features/metrics/metrics-page.js';
import { SegmentPage } from './features/segments/segment-page.js';
import { SegmentsPage } from './features/segments/segments-page.js';
import { PlaybookEditorPage } from './features/playbooks/playbook-editor-page.js';
import { PlaybooksPage } from './features/playbooks/playbooks-page.js';
import { PlaybookUpliftPage } from './features/playbooks/playbook-uplift-page.js';
import { JourneyBoardPage } from './features/journeys/journey-board-page.js';
import { JourneySettingsSection } from './features/journeys/journey-settings-section.js';
import { RootCausesPage } from './features/experience/root-causes-page.js';
import { FlowsPage } from './features/flows/flows-page.js';
import { PortfolioPage } from './features/health/portfolio-page.js';
import { ScorecardEditorPage } from './features/health/scorecard-editor-page.js';
import { ModelPage } from './features/health/model-page.js';
import { TodayPage } from './features/today/today-page.js';
import { StartupGate } from './features/system/startup-gate.js';
import { MyTasksPage } from './features/tasks/my-tasks-page.js';
import { AcceptInvitationPage } from './features/users/accept-invitation-page.js';
import { UsersPage } from './features/users/users-page.js';
import { AuditSection } from './features/settings/audit-section.js';
import { ConfigSection } from './features/settings/config-section.js';
import { CoverSection } from './features/settings/cover-section.js';
import { CustomFieldsSection } from './features/settings/custom-fields-section.js';
import { SettingsHelpDesks, SettingsSources } from './features/settings/data-in-sections.js';
import { JobsSection } from './features/settings/jobs-section.js';
import { RequireSettingsRole, SettingsLayout } from './features/settings/settings-layout.js';
import { TokensSection } from './features/settings/tokens-section.js';
import { OutboundSection } from './features/outbound/outbound-section.js';

const SETTINGS_ROUTES = [
  { path: 'cover', element: <CoverSection /> },
  { path: 'audit', element: <AuditSection /> },
  { path: 'config', element: <ConfigSection /> },
  { path: 'tokens', element: <TokensSection /> },
  { path: 'custom-fields', element: <CustomFieldsSection /> },
  { path: 'sources', element: <SettingsSources /> },
  { path: 'help-desks', element: <SettingsHelpDesks /> },
  { path: 'jobs', element: <JobsSection /> },
  { path: 'teams', element: <TeamsSection /> },
  { path: 'handoff-rules', element: <HandoffRulesSection /> },
  { path: 'outbound', element: <OutboundSection /> },
  { path: 'journey', element: <JourneySettingsSection /> },
];

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
            <Route index element={<Navigate to="/today" replace />} />
            <Route path="/today" element={<TodayPage />} />
            <Route path="/accounts" element={<AccountsPage />} />
            <Route path="/accounts/:accountId" element={<AccountPage />} />
            <Route path="/tasks" element={<MyTasksPage />} />
            <Route path="/handoffs" element={<HandoffsPage />} />
            <Route path="/journey" element={<JourneyBoardPage />} />
            <Route path="/blueprints" element={<BlueprintsPage />} />
            <Route path="/blueprints/:blueprintId" element={<BlueprintsPage />} />
            <Route path="/data/:tab?" element={<DataPage />} />
            <Route path="/users" element={<Navigate to="/settings/users" replace />} />
            <Route path="/settings" element={<SettingsLayout />}>
              <Route index element={<Navigate to="users" replace />} />
              <Route path="users" element={<UsersPage />} />
              {SETTINGS_ROUTES.map(({ path, element }) => (
                <Route key={path} path={path} element={<RequireSettingsRole path={path}>{element}</RequireSettingsRole>} />
              ))}
            </Route>
            <Route path="/metrics" element={<MetricsPage />} />
            <Route path="/segments" element={<SegmentsPage />} />
            <Route path="/segments/:segmentId" element={<SegmentPage />} />
            <Route path="/playbooks" element={<PlaybooksPage />} />
            <Route path="/playbooks/:playbookId" element={<PlaybookEditorPage />} />
            <Route path="/playbooks/:playbookId/uplift" element={<PlaybookUpliftPage />} />
            <Route path="/root-causes" element={<RootCausesPage />} />
            <Route path="/flows" element={<FlowsPage />} />
            <Route path="/portfolio" element={<PortfolioPage />} />
            <Route path="/health/scorecards" element={<ScorecardEditorPage />} />
            <Route path="/health/model" element={<ModelPage />} />
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
