import { lazy, useEffect, useState, type FormEvent } from 'react';
import { Link } from 'react-router';
import { ChartCard } from '../../components/chart-card.js';
import { ErrorMessage } from '../../components/error-message.js';
import { LoadingBlock, Spinner } from '../../components/spinner.js';
import { formatDate, formatDateTime, formatNumber } from '../../lib/format.js';
import { useDocumentTitle } from '../../lib/use-document-title.js';
import { useResource } from '../../lib/use-resource.js';
import { useSubmit } from '../../lib/use-submit.js';
import { useSession } from '../auth/auth-context.js';
import { getLatestBacktest, getModelVersions, queueBacktest } from './health.api.js';
import type { HealthBacktestReport, HealthBacktestRun, HealthModelVersion } from './health.types.js';

// echarts is most of the bundle; fetch it only with the page.
const CalibrationChart = lazy(() => import('./model-charts.js').then((module) => ({ default: module.CalibrationChart })));
const LossRateByBandChart = lazy(() => import('./model-charts.js').then((module) => ({ default: module.LossRateByBandChart })));

/** A queued or running backtest is asked about this often until its report is stored. */
const POLL_MS = 2000;
const FAMILY = { logistic: 'Logistic regression', gbdt: 'Boosted trees' } as const;

const figure = (value: number | null, digits = 2) => (value === null ? '—' : value.toFixed(digits));
const isPending = (run: HealthBacktestRun | undefined) => run?.status === 'queued' || run?.status === 'running';

/** The churn model for a CS leader: its versions and the latest backtest beside the scorecard, with a button to run another. */
export function ModelPage() {
  useDocumentTitle('Churn model');
  const { canManage } = useSession();
  const versions = useResource((signal) => getModelVersions(signal), []);
  const backtest = useResource((signal) => getLatestBacktest(signal), []);
  const { submitting, error: runError, submit } = useSubmit();
  const [horizonDays, setHorizonDays] = useState(180);
  const latest = backtest.data?.latest;
  const pending = isPending(latest);

  useEffect(() => {
    if (!pending || backtest.loading) return;
    const timer = setTimeout(backtest.reload, POLL_MS);
    return () => clearTimeout(timer);
  }, [pending, backtest.loading, backtest.reload]);

  const run = (event: FormEvent) => {
    event.preventDefault();
    void submit(async () => {
      const queued = await queueBacktest({ horizonDays });
      backtest.update((current) => ({ latest: queued, completed: current?.completed ?? null }));
      backtest.reload();
    });
  };

  return (
    <div className="page" data-testid="model-page">
      <header className="page__header">
        <div>
          <h1 className="page__title">Churn model</h1>
          <p className="page__subtitle">
            Learned from this workspace’s own renewals, checked against what really happened. <Link to="/portfolio">Portfolio health</Link>
          </p>
        </div>
        {canManage ? (
          <form className="page__actions model__run" onSubmit={run}>
            <label className="toolbar__filter">
              <span className="field__label">Horizon (days)</span>
              <input type="number" min={1} max={730} required className="scorecard__number" value={horizonDays} onChange={(event) => setHorizonDays(event.target.valueAsNumber)} />
            </label>
            <button type="submit" className="button button--primary" disabled={submitting || pending}>
              {pending ? 'Backtest running…' : 'Run backtest'}
            </button>
          </form>
        ) : null}
      </header>
      {runError ? <ErrorMessage error={runError} /> : null}
      <dl className="model__glossary">
        <div>
          <dt>AUC</dt>
          <dd>How often a lost account was ranked riskier than one that stayed: 0.5 is a coin toss, 1.0 is never wrong.</dd>
        </div>
        <div>
          <dt>Calibration</dt>
          <dd>Whether the risk can be read as a chance: of accounts given 30 % risk, about 30 % should really be lost.</dd>
        </div>
      </dl>
      {backtest.error ? <ErrorMessage error={backtest.error} onRetry={backtest.reload} /> : null}
      {backtest.data === undefined ? (
        backtest.error ? null : <LoadingBlock label="Loading the backtest…" />
      ) : (
        <BacktestSection latest={latest} report={backtest.data?.completed ?? null} />
      )}
      {versions.error ? <ErrorMessage error={versions.error} onRetry={versions.reload} /> : null}
      {versions.data ? <VersionsTable versions={versions.data.data} /> : null}
    </div>
  );
}

function RunStatus({ run }: { run: HealthBacktestRun }) {
  const what = `as of ${formatDate(run.asOf)}, ${run.horizonDays} days after`;
  if (isPending(run))
    return (
      <p className="model__status" role="status" data-testid="backtest-status">
        <Spinner label="Backtest running" /> Backtest {what} {run.status === 'queued' ? 'is queued' : 'is running'} (asked {formatDateTime(run.createdAt)}). The report shows here when it is done.
      </p>
    );
  if (run.status === 'failed')
    return (
      <div className="alert alert--error" role="alert" data-testid="backtest-status">
        <p className="alert__text">
          The backtest {what} failed: {run.error}
        </p>
      </div>
    );
  return null;
}

function BacktestSection({ latest, report }: { latest: HealthBacktestRun | undefined; report: (HealthBacktestRun & { report: HealthBacktestReport }) | null }) {
  return (
    <>
      {latest ? <RunStatus run={latest} /> : null}
      {!report ? (
        isPending(latest) ? null : (
          <p className="metrics__note" data-testid="backtest-empty">
            No backtest yet. Run one to see how well the model and the scorecard foresaw past losses.
          </p>
        )
      ) : (
        <BacktestReportView run={report} />
      )}
    </>
  );
}

function BacktestReportView({ run }: { run: HealthBacktestRun & { report: HealthBacktestReport } }) {
  const { report } = run;
  return (
    <section aria-labelledby="backtest-title" data-testid="backtest-report">
      <h2 id="backtest-title" className="card__title">
        Backtest as of {formatDate(report.as_of)}, losses in the {report.horizon_days} days after
      </h2>
      <p className="metrics__note">
        {formatNumber(report.accounts)} accounts, {formatNumber(report.positives)} churned or contracted. The model was trained only on the contract terms ended by then:{' '}
        {formatNumber(report.training.rows)} account-days ({formatNumber(report.training.positives)} followed by a loss within the horizon). Finished {run.finishedAt ? formatDateTime(run.finishedAt) : ''}.
      </p>
      <table className="table table--compact model__compare" data-testid="backtest-figures">
        <thead>
          <tr>
            <th scope="col">Measure</th>
            <th scope="col" className="numeric">
              Model
            </th>
            <th scope="col" className="numeric">
              Scorecard
            </th>
          </tr>
        </thead>
        <tbody>
          <tr>
            <th scope="row">AUC</th>
            <td className="numeric">{figure(report.auc_model)}</td>
            <td className="numeric">{figure(report.auc_scorecard)}</td>
          </tr>
          <tr>
            <th scope="row">PR AUC (base rate {figure(report.base_rate)})</th>
            <td className="numeric">{figure(report.pr_auc_model)}</td>
            <td className="numeric">{figure(report.pr_auc_scorecard)}</td>
          </tr>
          <tr>
            <th scope="row">Lift in the riskiest tenth</th>
            <td className="numeric">{report.lift_top_decile_model === null ? '—' : `${figure(report.lift_top_decile_model, 1)}×`}</td>
            <td className="numeric">{report.lift_top_decile_scorecard === null ? '—' : `${figure(report.lift_top_decile_scorecard, 1)}×`}</td>
          </tr>
        </tbody>
      </table>
      <div className="metrics__grid">
        <ChartCard title="Model calibration: predicted risk against accounts really lost">
          <CalibrationChart bins={report.calibration_model} />
        </ChartCard>
        <ChartCard title="Scorecard: share lost by health band">
          <LossRateByBandChart bands={report.loss_rate_by_band} />
        </ChartCard>
      </div>
    </section>
  );
}

function VersionsTable({ versions }: { versions: HealthModelVersion[] }) {
  return (
    <section className="card" aria-labelledby="versions-title" data-testid="model-versions">
      <h2 id="versions-title" className="card__title">
        Model versions
      </h2>
      {versions.length === 0 ? (
        <p className="metrics__note">No model trained yet: it learns weekly once contract terms have ended with at least ten accounts lost and ten kept.</p>
      ) : (
        <table className="table table--compact">
          <thead>
            <tr>
              <th scope="col">Version</th>
              <th scope="col">Trained</th>
              <th scope="col">Family</th>
              <th scope="col" className="numeric" title="A loss within this many days after a day is what the model predicts">
                Horizon
              </th>
              <th scope="col" className="numeric" title="Each account's facts on every fourth week of each ended term">
                Training rows
              </th>
              <th scope="col" className="numeric" title="Rows followed by a churn or contraction within the horizon">
                Lost
              </th>
              <th scope="col" className="numeric">
                Validation AUC
              </th>
            </tr>
          </thead>
          <tbody>
            {versions.map((version) => (
              <tr key={version.version}>
                <td>{version.version}</td>
                <td>{formatDateTime(version.trainedAt)}</td>
                <td>{FAMILY[version.family]}</td>
                <td className="numeric">{version.horizonDays} days</td>
                <td className="numeric">{formatNumber(version.trainingRows)}</td>
                <td className="numeric">{formatNumber(version.trainingPositives)}</td>
                <td className="numeric">{figure(version.validationAuc)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}
