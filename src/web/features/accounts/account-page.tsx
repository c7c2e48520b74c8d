import { useParams, useSearchParams } from 'react-router';
import { EmptyState } from '../../components/empty-state.js';
import { ErrorMessage } from '../../components/error-message.js';
import { LoadingBlock } from '../../components/spinner.js';
import { Tabs, tabPanelProps, type TabItem } from '../../components/tabs.js';
import { ApiError } from '../../lib/api.js';
import { useDocumentTitle } from '../../lib/use-document-title.js';
import { useResource } from '../../lib/use-resource.js';
import { AccountHandoffsSection } from '../handoffs/account-handoffs-section.js';
import { ExperienceSection } from '../experience/experience-section.js';
import { AccountFlowsSection } from '../flows/account-flows-section.js';
import { HealthSection } from '../health/health-section.js';
import { AccountPlaybookRuns } from '../playbooks/playbook-runs.js';
import { AccountJourneySection } from '../journeys/account-journey-section.js';
import { SupportSection } from '../support/support-section.js';
import { AccountTasksSection } from '../tasks/account-tasks-section.js';
import { UsageSection } from '../usage/usage-section.js';
import { AccountHeader } from './account-header.js';
import { getAccount } from './accounts.api.js';
import { ContactsSection } from './contacts-section.js';
import { NotesSection } from './notes-section.js';
import { SubscriptionsSection } from './subscriptions-section.js';
import { TimelineSection } from './timeline-section.js';

type AccountTab = 'timeline' | 'journey' | 'health' | 'experience' | 'usage' | 'support' | 'contacts' | 'subscriptions' | 'tasks' | 'handoffs' | 'notes' | 'playbooks';

const TABS: readonly TabItem<AccountTab>[] = [
  { key: 'timeline', label: 'Timeline' },
  { key: 'journey', label: 'Journey' },
  { key: 'health', label: 'Health' },
  { key: 'experience', label: 'Experience' },
  { key: 'usage', label: 'Usage' },
  { key: 'support', label: 'Support' },
  { key: 'contacts', label: 'Contacts' },
  { key: 'subscriptions', label: 'Subscriptions' },
  { key: 'tasks', label: 'Tasks' },
  { key: 'handoffs', label: 'Hand-offs' },
  { key: 'notes', label: 'Notes' },
  { key: 'playbooks', label: 'Playbooks' },
];

const TAB_ID_PREFIX = 'account';

export function AccountPage() {
  const { accountId = '' } = useParams();
  const account = useResource((signal) => getAccount(accountId, signal), [accountId]);
  const [searchParams, setSearchParams] = useSearchParams();
  const tab = parseTab(searchParams.get('tab'));
  useDocumentTitle(account.data?.name);

  if (account.error instanceof ApiError && account.error.status === 404) {
    return (
      <div className="page">
        <EmptyState title="Account not found">It may have been deleted, or it belongs to another workspace.</EmptyState>
      </div>
    );
  }
  if (account.error) {
    return (
      <div className="page">
        <ErrorMessage error={account.error} onRetry={account.reload} />
      </div>
    );
  }
  // Only the first load blanks the page; navigating to a parent account keeps the old one until the new one arrives.
  if (!account.data) return <LoadingBlock label="Loading account…" />;

  function selectTab(next: AccountTab) {
    // Tab switches replace the history entry so Back leaves the account rather than cycling tabs.
    setSearchParams(next === 'timeline' ? {} : { tab: next }, { replace: true });
  }

  return (
    <div className="page">
      <AccountHeader
        account={account.data}
        onChanged={(saved) => account.update((current) => (current ? { ...current, ...saved } : current))}
      />
      <Tabs label="Account sections" tabs={TABS} active={tab} onChange={selectTab} idPrefix={TAB_ID_PREFIX} />
      <section className="tab-panel" {...tabPanelProps(TAB_ID_PREFIX, tab)}>
        {tab === 'journey' ? (
          <AccountJourneySection
            accountId={account.data.id}
            canWrite={account.data.viewerCanWrite}
            onStageChanged={(stage) => account.update((current) => (current ? { ...current, lifecycleStage: stage } : current))}
          />
        ) : (
          <TabContent tab={tab} accountId={account.data.id} canWrite={account.data.viewerCanWrite} />
        )}
      </section>
    </div>
  );
}

/** `canWrite`: this user may change the account (own book, a grant, or a leader's role), so sections offer edits. */
function TabContent({ tab, accountId, canWrite }: { tab: AccountTab; accountId: string; canWrite: boolean }) {
  switch (tab) {
    case 'journey':
      return null;
    case 'timeline':
      return <TimelineSection accountId={accountId} canWrite={canWrite} />;
    case 'health':
      return <HealthSection accountId={accountId} canWrite={canWrite} />;
    case 'experience':
      return <ExperienceSection accountId={accountId} canWrite={canWrite} />;
    case 'usage':
      return (
        <>
          <UsageSection accountId={accountId} />
          <AccountFlowsSection accountId={accountId} />
        </>
      );
    case 'support':
      return <SupportSection accountId={accountId} />;
    case 'contacts':
      return <ContactsSection accountId={accountId} canWrite={canWrite} />;
    case 'subscriptions':
      return <SubscriptionsSection accountId={accountId} />;
    case 'tasks':
      return <AccountTasksSection accountId={accountId} canWrite={canWrite} />;
    case 'handoffs':
      return <AccountHandoffsSection accountId={accountId} />;
    case 'notes':
      return <NotesSection accountId={accountId} canWrite={canWrite} />;
    case 'playbooks':
      return <AccountPlaybookRuns accountId={accountId} />;
  }
}

function parseTab(value: string | null): AccountTab {
  return TABS.find((tab) => tab.key === value)?.key ?? 'timeline';
}
