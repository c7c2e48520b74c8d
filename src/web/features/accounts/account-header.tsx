import type { ReactNode } from 'react';
import { Link } from 'react-router';
import { Badge } from '../../components/badge.js';
import { formatDate, formatMoney, formatNumber, humanize } from '../../lib/format.js';
import { lifecycleStageLabel, segmentLabel } from './account-options.js';
import type { Account, AccountForViewer } from './accounts.types.js';
import { AccountSegmentChips } from '../segments/account-segments.js';
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
          <AccountSegmentChips accountId={account.id} />
        </div>
        <div className="account-header__badges">
          {account.segment ? <Badge tone="blue">{segmentLabel(account.segment)}</Badge> : null}
          {account.lifecycleStage ? <Badge tone="purple">{lifecycleStageLabel(account.lifecycleStage)}</Badge> : null}
          {account.viewerCanWrite ? <EditAccountButton account={account} onSaved={onChanged} /> : null}
        </div>
      </div>

      <dl className="facts">
        <Fact label="ARR" emphasis>
          <span data-testid="account-arr">
            {formatMoney(account.arr, account.reportingCurrency)}
            {originalAmounts(account) ? <span className="account-header__aside"> ({originalAmounts(account)})</span> : null}
          </span>
          {account.unratedContracts > 0 ? (
            <div data-testid="account-unrated">
              <Badge tone="amber">No exchange rate</Badge>{' '}
              <span className="cell--muted">
                {account.arrByCurrency.filter((line) => line.rate === null).map((line) => formatMoney(line.arr, line.currency)).join(' + ')} not included
              </span>
            </div>
          ) : null}
        </Fact>
        <Fact label="Renewal date" emphasis>
          <span data-testid="account-renewal">
            {formatDate(account.renewalDate)}
            {account.renewalDate ? <span className="account-header__aside"> {daysToRenewal(account.renewalDate, new Date())}</span> : null}
          </span>
        </Fact>
        {account.churnedOn || account.churnReason ? (
          <Fact label="Churned">
            <span data-testid="account-churn">
              {account.churnedOn ? formatDate(account.churnedOn) : 'Date unknown'}
              {account.churnReason ? ` — ${account.churnReason}` : ''}
            </span>
          </Fact>
        ) : null}
        <Fact label="Owner">{account.ownerName ?? 'Unassigned'}</Fact>
        <Fact label="Industry">{account.industry ?? '—'}</Fact>
        <Fact label="Region">{account.region ?? '—'}</Fact>
        <Fact label="Acquisition channel">{account.acquisitionChannel ?? '—'}</Fact>
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

/** "€184,800" beside a converted ARR; nothing when every contract is in the reporting currency. */
function originalAmounts(account: AccountForViewer): string | null {
  const foreign = account.arrByCurrency.filter((line) => line.currency !== account.reportingCurrency && line.rate !== null);
  if (foreign.length === 0) return null;
  return foreign.map((line) => formatMoney(line.arr, line.currency)).join(' + ');
}

/** "in 23 days", "today", "12 days overdue": whole UTC days from `now` to the renewal date. */
export function daysToRenewal(renewalDate: string, now: Date): string {
  const today = Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate());
  const days = Math.round((Date.parse(`${renewalDate}T00:00:00Z`) - today) / 86_400_000);
  if (days === 0) return 'today';
  if (days === 1) return 'tomorrow';
  return days > 0 ? `in ${days.toLocaleString('en-US')} days` : `${(-days).toLocaleString('en-US')} ${days === -1 ? 'day' : 'days'} overdue`;
}

function formatCustomValue(value: unknown): string {
  if (value === null || value === undefined || value === '') return '—';
  if (typeof value === 'boolean') return value ? 'Yes' : 'No';
  if (typeof value === 'number') return formatNumber(value);
  if (typeof value === 'string') return value;
  if (Array.isArray(value)) return value.map(formatCustomValue).join(', ');
  return JSON.stringify(value);
}
