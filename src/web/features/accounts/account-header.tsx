import type { ReactNode } from 'react';
import { Link } from 'react-router';
import { Badge } from '../../components/badge.js';
import { formatDate, formatMoney, formatNumber, humanize } from '../../lib/format.js';
import { lifecycleStageLabel, segmentLabel } from './account-options.js';
import type { Account, AccountForViewer } from './accounts.types.js';
import { EditAccountButton } from './edit-account-dialog.js';

type AccountHeaderProps = { account: AccountForViewer; onChanged(account: Account): void };

export function AccountHeader({ account, onChanged }: AccountHeaderProps) {
  return (
    <header className="account-header">
      <div className="account-header__title-row">
        <div>
          <nav className="breadcrumbs" aria-label="Breadcrumb">
            <Link to="/accounts">Accounts</Link>
            {account.parentId ? (
              <>
                <span aria-hidden="true">/</span>
                <Link to={`/accounts/${account.parentId}`} data-testid="parent-account-link">
                  {account.parentName ?? 'Parent account'}
                </Link>
              </>
            ) : null}
          </nav>
          <h1 className="page__title">{account.name}</h1>
          {account.domain ? (
            <a className="account-header__domain" href={`https://${account.domain}`} target="_blank" rel="noreferrer">
              {account.domain}
            </a>
          ) : null}
        </div>
        <div className="account-header__badges">
          {account.segment ? <Badge tone="blue">{segmentLabel(account.segment)}</Badge> : null}
          {account.lifecycleStage ? <Badge tone="purple">{lifecycleStageLabel(account.lifecycleStage)}</Badge> : null}
          {account.viewerCanWrite ? <EditAccountButton account={account} onSaved={onChanged} /> : null}
        </div>
      </div>

      <dl className="facts">
        <Fact label="ARR" emphasis>
          {formatMoney(account.arr)}
        </Fact>
        <Fact label="Renewal date" emphasis>
          {formatDate(account.renewalDate)}
        </Fact>
        <Fact label="Owner">{account.ownerName ?? 'Unassigned'}</Fact>
        <Fact label="Industry">{account.industry ?? '—'}</Fact>
        <Fact label="Region">{account.region ?? '—'}</Fact>
        <Fact label="Employees">{formatNumber(account.employeeCount)}</Fact>
        <Fact label="Parent account">
          {account.parentId ? (
            <Link to={`/accounts/${account.parentId}`}>{account.parentName ?? 'View parent'}</Link>
          ) : (
            '—'
          )}
        </Fact>
        {Object.entries(account.customFields ?? {}).map(([key, value]) => (
          <Fact key={key} label={humanize(key)}>
            {formatCustomValue(value)}
          </Fact>
        ))}
      </dl>
    </header>
  );
}

export function Fact({ label, emphasis, children }: { label: string; emphasis?: boolean; children: ReactNode }) {
  return (
    <div className={`facts__item${emphasis ? ' facts__item--emphasis' : ''}`}>
      <dt>{label}</dt>
      <dd>{children}</dd>
    </div>
  );
}

function formatCustomValue(value: unknown): string {
  if (value === null || value === undefined || value === '') return '—';
  if (typeof value === 'boolean') return value ? 'Yes' : 'No';
  if (typeof value === 'number') return formatNumber(value);
  if (typeof value === 'string') return value;
  if (Array.isArray(value)) return value.map(formatCustomValue).join(', ');
  return JSON.stringify(value);
}
