import { Navigate, useNavigate, useParams } from 'react-router';
import { Tabs, tabPanelProps } from '../../components/tabs.js';
import { useDocumentTitle } from '../../lib/use-document-title.js';
import { CurrenciesSection } from '../currencies/currencies-section.js';
import { ProductCatalogSection } from '../usage/product-catalog-section.js';
import { DataHealthSection } from './data-health-section.js';
import { HelpDeskSection } from './help-desk-section.js';
import { ImportSection } from './import-section.js';
import { SourcesSection } from './sources-section.js';

const TABS = [
  { key: 'health', label: 'Data health' },
  { key: 'sources', label: 'Sources' },
  { key: 'features', label: 'Product features' },
  { key: 'help-desk', label: 'Help desk' },
  { key: 'import', label: 'Import a file' },
  { key: 'currencies', label: 'Exchange rates' },
] as const;
type TabKey = (typeof TABS)[number]['key'];

function DataTab({ tab }: { tab: TabKey }) {
  switch (tab) {
    case 'health':
      return <DataHealthSection />;
    case 'sources':
      return <SourcesSection />;
    case 'features':
      return <ProductCatalogSection />;
    case 'help-desk':
      return <HelpDeskSection />;
    case 'import':
      return <ImportSection />;
    case 'currencies':
      return <CurrenciesSection />;
  }
}

/** Everything that brings data in: event sources and their health, and file imports. One tab per URL so each is linkable. */
export function DataPage() {
  const { tab } = useParams();
  const navigate = useNavigate();
  const active = TABS.find((item) => item.key === tab);
  useDocumentTitle(active ? `Data · ${active.label}` : 'Data');
  if (!active) return <Navigate to="/data/health" replace />;

  return (
    <div className="page">
      <header className="page__header">
        <div>
          <h1 className="page__title">Data</h1>
          <p className="page__subtitle">
            Product events from your sources, tickets from your help desk, and files from your CRM and billing.
          </p>
        </div>
      </header>
      <Tabs<TabKey>
        label="Data"
        tabs={TABS}
        active={active.key}
        onChange={(key) => navigate(`/data/${key}`)}
        idPrefix="data"
      />
      <div className="tab-panel" {...tabPanelProps('data', active.key)}>
        <DataTab tab={active.key} />
      </div>
    </div>
  );
}
