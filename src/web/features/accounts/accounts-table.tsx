import { Link, useNavigate } from 'react-router';
import { Badge } from '../../components/badge.js';
import { SortableHeader } from '../../components/sortable-header.js';
import { formatDate, formatMoney } from '../../lib/format.js';
import { rowClickHandler } from '../../lib/row-link.js';
import { BAND_TONE } from '../health/health-section.js';
import { lifecycleStageLabel, segmentLabel } from './account-options.js';
import type { Account, AccountSort, SortOrder } from './accounts.types.js';

type AccountsTableProps = {
  accounts: Account[];
  sort: AccountSort;
  order: SortOrder;
  onSort(column: AccountSort): void;
  busy: boolean;
  /** The reporting currency ARR is in. */
  currency: string;
};

export function AccountsTable({ accounts, sort, order, onSort, busy, currency }: AccountsTableProps) {
  const navigate = useNavigate();
  const header = { activeColumn: sort, order, onSort };

  return (
    <div className="table-wrap">
      <table className="table table--interactive table--dense" aria-busy={busy} data-testid="accounts-table">
        <thead>
          <tr>
            <SortableHeader column="name" {...header}>
              Name
            </SortableHeader>
            <th scope="col">Segment</th>
            <th scope="col">Owner</th>
            <th scope="col">Lifecycle stage</th>
            <SortableHeader column="health" align="end" {...header}>
              Health
            </SortableHeader>
            <SortableHeader column="arr" align="end" {...header}>
              ARR
            </SortableHeader>
            <SortableHeader column="employeeCount" align="end" {...header}>
              Employees
            </SortableHeader>
            <SortableHeader column="renewalDate" {...header}>
              Renewal
            </SortableHeader>
            <SortableHeader column="createdAt" {...header}>
              Created
            </SortableHeader>
          </tr>
        </thead>
        <tbody>
          {accounts.map((account) => (
            <tr key={account.id} onClick={rowClickHandler(() => navigate(`/accounts/${account.id}`))}>
              <td>
                <Link className="row-link" to={`/accounts/${account.id}`}>
                  {account.name}
                </Link>
                {account.domain ? <div className="cell__secondary">{account.domain}</div> : null}
              </td>
              <td>{account.segment ? segmentLabel(account.segment) : <Muted />}</td>
              <td>{account.ownerName ?? <Muted text="Unassigned" />}</td>
              <td>{account.lifecycleStage ? lifecycleStageLabel(account.lifecycleStage) : <Muted />}</td>
              <td className="cell--numeric" data-testid="account-health">
                {account.healthBand && account.healthScore !== null ? <Badge tone={BAND_TONE[account.healthBand]}>{account.healthScore}</Badge> : <Muted />}
              </td>
              <td className="cell--numeric">
                {account.unratedContracts > 0 ? (
                  <span className="badge badge--amber" title={`${account.unratedContracts} contract(s) in a currency without an exchange rate are not in this ARR`}>
                    No rate
                  </span>
                ) : null}{' '}
                {formatMoney(account.arr, currency)}
              </td>
              <td className="cell--numeric">{account.employeeCount?.toLocaleString('en-US') ?? <Muted />}</td>
              <td>{account.renewalDate ? formatDate(account.renewalDate) : <Muted />}</td>
              <td className="cell--muted">{formatDate(account.createdAt)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

function Muted({ text = '—' }: { text?: string }) {
  return <span className="cell--muted">{text}</span>;
}
