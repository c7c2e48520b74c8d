import { lazy, Suspense } from 'react';
import { Badge } from '../../components/badge.js';
import { EmptyState } from '../../components/empty-state.js';
import { ErrorMessage } from '../../components/error-message.js';
import { LoadingBlock } from '../../components/spinner.js';
import { formatDate, formatMoney, formatNumber, formatPrice, humanize } from '../../lib/format.js';
import { useResource } from '../../lib/use-resource.js';
import { ARR_MOVEMENT_TONES, SUBSCRIPTION_STATUS_TONES } from './account-options.js';
import { listArrMovements, listSubscriptions } from './accounts.api.js';
import type { ArrMovement, Subscription } from './accounts.types.js';

// echarts is most of the bundle; fetch it only when someone opens this tab.
const ArrHistoryChart = lazy(() =>
  import('./arr-history-chart.js').then((module) => ({ default: module.ArrHistoryChart })),
);

export function SubscriptionsSection({ accountId }: { accountId: string }) {
  const subscriptions = useResource((signal) => listSubscriptions(accountId, signal), [accountId]);
  const movements = useResource((signal) => listArrMovements(accountId, signal), [accountId]);

  return (
    <div className="section section--stack">
      <section className="card" aria-labelledby="arr-history-title">
        <h2 id="arr-history-title" className="card__title">
          ARR history
        </h2>
        {movements.loading ? (
          <LoadingBlock label="Loading ARR history…" />
        ) : movements.error ? (
          <ErrorMessage error={movements.error} onRetry={movements.reload} />
        ) : (movements.data?.data.length ?? 0) === 0 ? (
          <EmptyState title="No ARR movements yet" />
        ) : (
          <div className="arr-history">
            <Suspense fallback={<div className="chart" />}>
              <ArrHistoryChart movements={movements.data?.data ?? []} />
            </Suspense>
            <ArrMovementsTable movements={movements.data?.data ?? []} />
          </div>
        )}
      </section>

      {subscriptions.loading ? (
        <LoadingBlock label="Loading subscriptions…" />
      ) : subscriptions.error ? (
        <ErrorMessage error={subscriptions.error} onRetry={subscriptions.reload} />
      ) : (subscriptions.data?.data.length ?? 0) === 0 ? (
        <EmptyState title="No subscriptions">Contracts appear here once billing or the CRM sends them.</EmptyState>
      ) : (
        subscriptions.data?.data.map((subscription) => (
          <SubscriptionCard key={subscription.id} subscription={subscription} />
        ))
      )}
    </div>
  );
}

function ArrMovementsTable({ movements }: { movements: ArrMovement[] }) {
  // Newest first reads better in a table, while the chart runs left to right in time.
  const newestFirst = [...movements].reverse();
  return (
    <div className="table-wrap table-wrap--scroll">
      <table className="table table--compact" data-testid="arr-movements">
        <thead>
          <tr>
            <th scope="col">Date</th>
            <th scope="col">Movement</th>
            <th scope="col" className="cell--numeric">
              Change
            </th>
            <th scope="col" className="cell--numeric">
              ARR after
            </th>
          </tr>
        </thead>
        <tbody>
          {newestFirst.map((movement) => (
            <tr key={movement.id}>
              <td>{formatDate(movement.occurredOn)}</td>
              <td>
                <Badge tone={ARR_MOVEMENT_TONES[movement.kind] ?? 'neutral'}>{humanize(movement.kind)}</Badge>
              </td>
              <td className={`cell--numeric ${Number(movement.amount) < 0 ? 'amount--negative' : 'amount--positive'}`}>
                {signedMoney(movement.amount)}
              </td>
              <td className="cell--numeric">{formatMoney(movement.arrAfter)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

function SubscriptionCard({ subscription }: { subscription: Subscription }) {
  const money = (value: number) => formatMoney(value, subscription.currency || 'USD');
  return (
    <section className="card" aria-label={`Subscription ${subscription.externalId ?? ''}`.trim()}>
      <div className="subscription__header">
        <div className="subscription__title">
          <h2 className="card__title">{subscription.externalId ?? 'Subscription'}</h2>
          <Badge tone={SUBSCRIPTION_STATUS_TONES[subscription.status] ?? 'neutral'}>
            {humanize(subscription.status)}
          </Badge>
        </div>
        <div className="subscription__arr">
          <span className="subscription__arr-label">Total ARR</span>
          <span className="subscription__arr-value">{money(subscription.arr)}</span>
        </div>
      </div>
      <dl className="inline-facts">
        <div>
          <dt>Start</dt>
          <dd>{formatDate(subscription.startDate)}</dd>
        </div>
        <div>
          <dt>End</dt>
          <dd>{formatDate(subscription.endDate)}</dd>
        </div>
        <div>
          <dt>Auto-renew</dt>
          <dd>{subscription.autoRenew ? 'Yes' : 'No'}</dd>
        </div>
        <div>
          <dt>Currency</dt>
          <dd>{subscription.currency}</dd>
        </div>
        <div>
          <dt>Pricing</dt>
          <dd>{PRICING_LABELS[subscription.pricing.model]}</dd>
        </div>
      </dl>
      {subscription.usage && subscription.pricing.metric ? (
        <p className="muted" data-testid="usage-pricing">
          {subscription.pricing.metric} at {unitPrice(subscription.pricing.unitPrice ?? 0, subscription.currency)} per unit:{' '}
          {formatNumber(subscription.usage.units)} units from {formatDate(subscription.usage.from)} to {formatDate(subscription.usage.through)} ×
          365 ÷ {subscription.pricing.windowDays} days = {money(subscription.usage.arr)} a year
          {subscription.pricing.model === 'hybrid'
            ? subscription.usage.addedArr > 0
              ? `, ${money(subscription.usage.addedArr)} above the committed floor.`
              : ', under the committed floor.'
            : '.'}
        </p>
      ) : null}
      <table className="table table--compact">
        <thead>
          <tr>
            <th scope="col">Product</th>
            <th scope="col" className="cell--numeric">
              Seats
            </th>
            <th scope="col" className="cell--numeric">
              Unit price
            </th>
            <th scope="col" className="cell--numeric">
              ARR
            </th>
          </tr>
        </thead>
        <tbody>
          {subscription.items.map((item) => (
            <tr key={item.id}>
              <td>{item.product}</td>
              <td className="cell--numeric">{formatNumber(item.seats)}</td>
              <td className="cell--numeric">{formatPrice(item.unitPrice, subscription.currency || 'USD')}</td>
              <td className="cell--numeric">{money(item.arr)}</td>
            </tr>
          ))}
          {subscription.usage && subscription.pricing.metric ? (
            <tr>
              <td>{subscription.pricing.model === 'hybrid' ? 'Usage above the floor' : 'Usage'}: {subscription.pricing.metric}</td>
              <td className="cell--numeric">{formatNumber(subscription.usage.units)} units</td>
              <td className="cell--numeric">{unitPrice(subscription.pricing.unitPrice ?? 0, subscription.currency)}</td>
              <td className="cell--numeric">{money(subscription.usage.addedArr)}</td>
            </tr>
          ) : null}
        </tbody>
        <tfoot>
          <tr>
            <th scope="row" colSpan={3}>
              Total
            </th>
            <td className="cell--numeric">{money(subscription.arr)}</td>
          </tr>
        </tfoot>
      </table>
    </section>
  );
}

const PRICING_LABELS: Record<Subscription['pricing']['model'], string> = {
  committed: 'Committed',
  usage_based: 'Usage-based',
  hybrid: 'Hybrid (committed floor + usage)',
};

// Per-unit prices are often fractions of a cent ($0.002 a call): keep their digits.
function unitPrice(value: number, currency: string): string {
  return new Intl.NumberFormat('en-US', { style: 'currency', currency: currency || 'USD', maximumFractionDigits: 6 }).format(value);
}

function signedMoney(amount: number): string {
  const value = Number(amount);
  return `${value > 0 ? '+' : value < 0 ? '−' : ''}${formatMoney(Math.abs(value))}`;
}
