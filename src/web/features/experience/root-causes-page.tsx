import { lazy, useState, type FormEvent, type ReactNode } from 'react';
import { Link } from 'react-router';
import { Badge } from '../../components/badge.js';
import { ChartCard } from '../../components/chart-card.js';
import { ErrorMessage } from '../../components/error-message.js';
import { LoadingBlock } from '../../components/spinner.js';
import { Tabs, type TabItem } from '../../components/tabs.js';
import { formatDate } from '../../lib/format.js';
import { useDocumentTitle } from '../../lib/use-document-title.js';
import { useResource } from '../../lib/use-resource.js';
import { useSubmit } from '../../lib/use-submit.js';
import { useSession } from '../auth/auth-context.js';
import { getExperienceSettings, getRootCauses, saveExperienceSettings, type ExperienceParams, type RootCauses } from './experience.api.js';

const RootCausesChart = lazy(() => import('./root-causes-chart.js').then((module) => ({ default: module.RootCausesChart })));

type Dimension = keyof RootCauses['dimensions'];
const DIMENSIONS: readonly TabItem<Dimension>[] = [
  { key: 'stage', label: 'Stage' },
  { key: 'kind', label: 'Touchpoint' },
  { key: 'team', label: 'Team' },
  { key: 'channel', label: 'Channel' },
];

/** Which upstream moments precede churn or stalling, across the portfolio, and each lost or stalled account's earliest bad moments. */
export function RootCausesPage() {
  useDocumentTitle('Root causes');
  const report = useResource((signal) => getRootCauses(signal), []);
  const [dimension, setDimension] = useState<Dimension>('stage');
  return (
    <div className="page">
      <header className="page__header">
        <h1 className="page__title">Root causes upstream</h1>
      </header>
      <p className="usage__note">
        A customer lost at renewal was often lost much earlier. For each stage, touchpoint, team and channel: how much more often accounts churned, or stalled (stuck in
        their stage past twice the stay similar accounts needed), after a negative moment there (lift = rate with ÷ rate without; moments on or after the churn day, or
        after the day an account got stuck, are left out).
      </p>
      {report.error ? <ErrorMessage error={report.error} onRetry={report.reload} /> : null}
      {!report.data && !report.error ? <LoadingBlock label="Reading the portfolio…" /> : null}
      {report.data ? (
        <div className="section section--stack" data-testid="root-causes">
          <p className="usage__note">
            {report.data.accounts} accounts, {report.data.churned} churned, {report.data.stalled} stalled · values with fewer than {report.data.minAccounts} accounts rank last
          </p>
          <Tabs label="Group negative moments by" tabs={DIMENSIONS} active={dimension} onChange={(key) => setDimension(key as Dimension)} idPrefix="root-causes" />
          <ChartCard title={`Churn and stall lift by ${DIMENSIONS.find((d) => d.key === dimension)!.label.toLowerCase()}`}>
            <RootCausesChart rows={report.data.dimensions[dimension].slice(0, 12)} dimension={dimension} />
          </ChartCard>
          {/* Full width under the chart: with the stall columns beside churn's, eight columns need the page's width at 1280 px. */}
          <LiftTable rows={report.data.dimensions[dimension]} />
          <AccountsWithMoments
            id="lost-accounts"
            title="Lost accounts and their earliest negative moments"
            whatHappened="Lost"
            tab="experience"
            accounts={report.data.lostAccounts}
            describe={(account) => (
              <>
                <Badge tone={account.lost === 'churned' ? 'red' : 'amber'}>{account.lost}</Badge> {account.lostOn ? formatDate(account.lostOn) : ''}
              </>
            )}
          />
          <AccountsWithMoments
            id="stalled-accounts"
            title="Stalled accounts and their earliest negative moments"
            whatHappened="Stuck in"
            emptyText="No account is stuck in its stage."
            tab="journey"
            accounts={report.data.stalledAccounts}
            describe={(account) => (
              <>
                <Badge tone="amber">{account.stalled.stage}</Badge> since {formatDate(account.stalled.enteredOn)}
                <br />
                <span className="usage__note">stuck from {formatDate(account.stalled.since)}</span>
              </>
            )}
          />
          <SettingsForm />
        </div>
      ) : null}
    </div>
  );
}

function LiftTable({ rows }: { rows: RootCauses['dimensions']['stage'] }) {
  return (
    <section className="card">
      <div className="table-wrap">
        <table className="table table--compact" data-testid="root-causes-table">
          <thead>
            <tr>
              <th scope="col">Negative moment in</th>
              <th scope="col" className="cell--numeric">Accounts</th>
              <th scope="col" className="cell--numeric">Churned</th>
              <th scope="col" className="cell--numeric">Without: churned</th>
              <th scope="col" className="cell--numeric">Lift</th>
              <th scope="col" className="cell--numeric" title="Lost accounts whose earliest negative moment was here">First for lost</th>
              <th scope="col" className="cell--numeric">Stalled</th>
              <th scope="col" className="cell--numeric">Stall lift</th>
              <th scope="col" className="cell--numeric" title="Stalled accounts whose earliest negative moment was here">First for stalled</th>
            </tr>
          </thead>
          <tbody>
            {rows.map((row) => (
              <tr key={row.value}>
                <td>{row.value}</td>
                <td className="cell--numeric">{row.accounts}</td>
                <td className="cell--numeric">{row.churned} ({Math.round(row.churnRate * 100)}%)</td>
                <td className="cell--numeric">{row.churnedWithout} of {row.accountsWithout} ({Math.round(row.churnRateWithout * 100)}%)</td>
                <td className="cell--numeric">{row.lift === null ? '—' : `×${row.lift}`}</td>
                <td className="cell--numeric">{row.firstNegative}</td>
                <td className="cell--numeric">{row.stalled} ({Math.round(row.stalledRate * 100)}%)</td>
                <td className="cell--numeric">{row.stalledLift === null ? '—' : `×${row.stalledLift}`}</td>
                <td className="cell--numeric">{row.firstNegativeStalled}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </section>
  );
}

function EarliestMoments({ moments }: { moments: RootCauses['lostAccounts'][number]['earliestNegative'] }) {
  return (
    <td>
      {moments.length === 0 ? <span className="usage__note">none recorded</span> : null}
      {moments.map((m) => (
        <div key={m.id}>
          {formatDate(m.occurredAt.slice(0, 10))} · {m.title} <span className="usage__note">({m.stage ?? 'no stage'} · {m.team})</span>
        </div>
      ))}
    </td>
  );
}

type AccountMoments = { accountId: string; name: string; earliestNegative: RootCauses['lostAccounts'][number]['earliestNegative'] };

/** A card listing accounts with what happened to them and their earliest negative moments (lost and stalled share it). */
function AccountsWithMoments<T extends AccountMoments>(props: {
  id: string;
  title: string;
  whatHappened: string;
  emptyText?: string;
  tab: string;
  accounts: T[];
  describe(account: T): ReactNode;
}) {
  return (
    <section className="card" aria-labelledby={`${props.id}-title`}>
      <h2 id={`${props.id}-title`} className="card__title">{props.title}</h2>
      <div className="table-wrap">
        <table className="table table--compact" data-testid={props.id}>
          <thead>
            <tr>
              <th scope="col">Account</th>
              <th scope="col">{props.whatHappened}</th>
              <th scope="col">Earliest negative moments (stage)</th>
            </tr>
          </thead>
          <tbody>
            {props.accounts.length === 0 && props.emptyText ? (
              <tr>
                <td colSpan={3} className="usage__note">{props.emptyText}</td>
              </tr>
            ) : null}
            {props.accounts.slice(0, 50).map((account) => (
              <tr key={account.accountId}>
                <td><Link to={`/accounts/${account.accountId}?tab=${props.tab}`}>{account.name}</Link></td>
                <td>{props.describe(account)}</td>
                <EarliestMoments moments={account.earliestNegative} />
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </section>
  );
}

const FIELDS: Array<[keyof ExperienceParams, string, number]> = [
  ['negativeWeight', 'A bad moment weighs (× a good one)', 0.5],
  ['halfLifeDays', 'Half-life (days)', 1],
  ['knockOnMultiplier', 'Knock-on multiplier', 0.1],
  ['knockOnWindowDays', 'Knock-on window (days)', 1],
  ['scale', 'Scale (balance at ≈ 73)', 0.5],
];

/** The score model's parameters; leaders and admins change them (docs/experience.md explains each). */
function SettingsForm() {
  const session = useSession();
  const settings = useResource((signal) => getExperienceSettings(signal), []);
  const { submitting, error, submit } = useSubmit();
  const [saved, setSaved] = useState(false);
  const mayChange = session.canManage;
  if (!settings.data) return settings.error ? <ErrorMessage error={settings.error} /> : null;
  const params = settings.data.params;
  function handleSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    setSaved(false);
    void submit(async () => {
      await saveExperienceSettings(Object.fromEntries(FIELDS.map(([key]) => [key, Number(form.get(key))])) as ExperienceParams);
      setSaved(true);
      settings.reload();
    });
  }
  return (
    <section className="card" aria-labelledby="experience-settings-title">
      <h2 id="experience-settings-title" className="card__title">Experience score settings</h2>
      <form className="form" onSubmit={handleSubmit} data-testid="experience-settings">
        {error ? <ErrorMessage error={error} /> : null}
        <div className="form__row">
          {FIELDS.map(([key, label, step]) => (
            <label key={key} className="field">
              <span className="field__label">{label}</span>
              <input name={key} type="number" step={step} required defaultValue={params[key]} disabled={!mayChange} />
            </label>
          ))}
        </div>
        <p className="usage__note">
          Defaults: {FIELDS.map(([key, label]) => `${label.toLowerCase()} ${settings.data!.defaults[key]}`).join(' · ')}
        </p>
        {mayChange ? (
          <div>
            <button type="submit" className="button button--primary" disabled={submitting}>{submitting ? 'Saving…' : 'Save settings'}</button>
            {saved ? <span className="usage__note" role="status"> Saved.</span> : null}
          </div>
        ) : (
          <p className="usage__note">Leaders and admins change these.</p>
        )}
      </form>
    </section>
  );
}
