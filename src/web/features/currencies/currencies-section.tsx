import { useState, type FormEvent } from 'react';
import { Badge } from '../../components/badge.js';
import { ErrorMessage } from '../../components/error-message.js';
import { LoadingBlock } from '../../components/spinner.js';
import { formatDate } from '../../lib/format.js';
import { useResource } from '../../lib/use-resource.js';
import { useSession } from '../auth/auth-context.js';
import { deleteExchangeRate, listExchangeRates, putExchangeRates, updateReportingCurrency } from './currencies.api.js';

/**
 * The reporting currency and the exchange rates every sum is converted with. Everyone reads;
 * admins and leaders enter rates; admins change the reporting currency (only without rates).
 */
export function CurrenciesSection() {
  const { canManage: canWriteRates, canAdminister } = useSession();
  const rates = useResource((signal) => listExchangeRates(signal), []);
  const [error, setError] = useState<unknown>();

  async function act(action: () => Promise<unknown>) {
    try {
      await action();
      setError(undefined);
      rates.reload();
    } catch (caught) {
      setError(caught);
    }
  }

  if (rates.error) return <ErrorMessage error={rates.error} />;
  if (!rates.data) return <LoadingBlock label="Loading exchange rates…" />;
  const { reportingCurrency, data, contractCurrencies } = rates.data;
  const missing = contractCurrencies.filter((c) => !c.hasRate);

  return (
    <section className="section--stack" aria-label="Exchange rates">
      <p className="hint">
        Every ARR figure and sum is shown in <strong>{reportingCurrency}</strong>. Contracts keep their own currency; current ARR uses each currency’s
        latest rate, the metrics use the rate on the last day they report. A contract in a currency without a rate is flagged and left out of sums.
      </p>
      {missing.length ? (
        <p data-testid="missing-rates">
          <Badge tone="amber">No exchange rate</Badge> {missing.map((c) => `${c.currency} (${c.activeContracts} active)`).join(', ')}
        </p>
      ) : null}
      {error ? <ErrorMessage error={error} /> : null}
      {canAdminister ? (
        <ReportingCurrencyForm current={reportingCurrency} onSave={(code) => act(() => updateReportingCurrency(code))} />
      ) : null}
      <div className="table-wrap">
        <table className="table table--compact" data-testid="exchange-rates-table">
          <thead>
            <tr>
              <th scope="col">Currency</th>
              <th scope="col">From</th>
              <th scope="col" className="cell--numeric">
                {reportingCurrency} per unit
              </th>
              <th scope="col">Source</th>
              {canWriteRates ? (
                <th scope="col">
                  <span className="visually-hidden">Actions</span>
                </th>
              ) : null}
            </tr>
          </thead>
          <tbody>
            {data.map((rate) => (
              <tr key={`${rate.currency} ${rate.effectiveDate}`}>
                <td>{rate.currency}</td>
                <td>{formatDate(rate.effectiveDate)}</td>
                <td className="cell--numeric">{rate.rate}</td>
                <td className="cell--muted">{rate.source}</td>
                {canWriteRates ? (
                  <td className="cell--numeric">
                    <button type="button" className="button button--small button--ghost" onClick={() => act(() => deleteExchangeRate(rate.currency, rate.effectiveDate))}>
                      Delete<span className="visually-hidden"> {rate.currency} rate from {rate.effectiveDate}</span>
                    </button>
                  </td>
                ) : null}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {canWriteRates ? <AddRateForm onAdd={(rate) => act(() => putExchangeRates([rate]))} /> : null}
    </section>
  );
}

function ReportingCurrencyForm({ current, onSave }: { current: string; onSave(code: string): void }) {
  const [code, setCode] = useState(current);
  return (
    <form
      className="toolbar"
      onSubmit={(event: FormEvent) => {
        event.preventDefault();
        onSave(code.trim().toUpperCase());
      }}
    >
      <label className="toolbar__check">
        Reporting currency
        <input value={code} maxLength={3} size={4} onChange={(event) => setCode(event.target.value)} aria-describedby="reporting-currency-hint" />
      </label>
      <button type="submit" className="button button--small" disabled={code.trim().toUpperCase() === current}>
        Change
      </button>
      <span className="hint" id="reporting-currency-hint">
        Rates are quoted in it: delete them before changing it.
      </span>
    </form>
  );
}

function AddRateForm({ onAdd }: { onAdd(rate: { currency: string; effectiveDate: string; rate: string }): void }) {
  const [currency, setCurrency] = useState('');
  const [effectiveDate, setEffectiveDate] = useState('');
  const [rate, setRate] = useState('');
  return (
    <form
      className="toolbar"
      aria-label="Add an exchange rate"
      onSubmit={(event: FormEvent) => {
        event.preventDefault();
        onAdd({ currency: currency.trim().toUpperCase(), effectiveDate, rate: rate.trim() });
      }}
    >
      <label className="toolbar__check">
        Currency
        <input value={currency} maxLength={3} size={4} required onChange={(event) => setCurrency(event.target.value)} />
      </label>
      <label className="toolbar__check">
        From
        <input type="date" value={effectiveDate} required onChange={(event) => setEffectiveDate(event.target.value)} />
      </label>
      <label className="toolbar__check">
        Rate
        <input value={rate} inputMode="decimal" size={10} required onChange={(event) => setRate(event.target.value)} />
      </label>
      <button type="submit" className="button button--small">
        Add rate
      </button>
    </form>
  );
}
