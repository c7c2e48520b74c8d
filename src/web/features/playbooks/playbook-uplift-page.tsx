import { lazy, useState } from 'react';
import { Link, useParams } from 'react-router';
import { Badge, type BadgeTone } from '../../components/badge.js';
import { ChartCard } from '../../components/chart-card.js';
import { ErrorMessage } from '../../components/error-message.js';
import { LoadingBlock } from '../../components/spinner.js';
import { Tabs, type TabItem } from '../../components/tabs.js';
import { useDocumentTitle } from '../../lib/use-document-title.js';
import { useResource } from '../../lib/use-resource.js';
import { getPlaybook, getPlaybookUplift } from './playbooks.api.js';
import type { PlaybookOutcome, PlaybookUplift } from './playbooks.types.js';

const UpliftChart = lazy(() => import('./uplift-chart.js').then((module) => ({ default: module.UpliftChart })));

type Window = '30' | '60' | '90' | '180';
const WINDOWS: readonly TabItem<Window>[] = [
  { key: '30', label: '30 days' },
  { key: '60', label: '60 days' },
  { key: '90', label: '90 days' },
  { key: '180', label: '180 days' },
];

const VERDICT: Record<PlaybookOutcome['verdict'], { tone: BadgeTone; label: string }> = {
  works: { tone: 'green', label: 'Works' },
  harms: { tone: 'red', label: 'Does harm' },
  unclear: { tone: 'amber', label: 'Too few accounts to tell' },
  no_holdout: { tone: 'neutral', label: 'No holdout' },
  too_early: { tone: 'neutral', label: 'Too early' },
};

const percent = (value: number | null | undefined) => (value === null || value === undefined ? '—' : `${Math.round(value * 1000) / 10}%`);
const wholePercent = (value: number) => `${Math.round(value * 100)}%`;
/** A change of the health score (already in points), signed. */
const signed = (value: number | null) => (value === null ? '—' : `${value > 0 ? '+' : value < 0 ? '−' : ''}${Math.abs(value)}`);
/** A difference of rates, in percentage points, signed. */
const points = (value: number) => `${value > 0 ? '+' : value < 0 ? '−' : ''}${Math.abs(Math.round(value * 1000) / 10)}`;

/** Does the play work? Outcomes of enrolled against held-out accounts, with 95 % intervals and a plain verdict. */
export function PlaybookUpliftPage() {
  const { playbookId } = useParams();
  const [windowKey, setWindowKey] = useState<Window>('90');
  const playbook = useResource((signal) => getPlaybook(playbookId!, signal), [playbookId]);
  const uplift = useResource((signal) => getPlaybookUplift(playbookId!, Number(windowKey), signal), [playbookId, windowKey]);
  useDocumentTitle(playbook.data ? `${playbook.data.name}: does it work?` : 'Does it work?');
  const error = playbook.error ?? uplift.error;
  return (
    <div className="page">
      <header className="page__header">
        <div>
          <p className="muted">
            <Link to="/playbooks">Playbooks</Link>
            {playbook.data ? (
              <>
                {' · '}
                <Link to={`/playbooks/${playbookId}`}>{playbook.data.name}</Link>
              </>
            ) : null}
          </p>
          <h1 className="page__title">{playbook.data?.name ?? 'Playbook'}: does it work?</h1>
          <p className="page__subtitle">
            Accounts that got the steps against accounts held out as a control at entry{uplift.data ? ` (${uplift.data.holdoutPercent} % held out now)` : ''}.
          </p>
        </div>
      </header>
      {error ? <ErrorMessage error={error} onRetry={() => { playbook.reload(); uplift.reload(); }} /> : null}
      <Tabs label="Outcome window after entry" tabs={WINDOWS} active={windowKey} onChange={(key) => setWindowKey(key as Window)} idPrefix="uplift-window" />
      {!uplift.data && !error ? <LoadingBlock label="Measuring outcomes…" /> : null}
      {uplift.data ? <UpliftReport uplift={uplift.data} /> : null}
    </div>
  );
}

function UpliftReport({ uplift }: { uplift: PlaybookUplift }) {
  const { entries } = uplift;
  return (
    <div className="section section--stack" data-testid="playbook-uplift">
      <p className="usage__note">
        As of {uplift.asOf}: {entries.enrolled} accounts enrolled and {entries.holdout} held out (each counted once, at its first entry); {entries.enrolledPending + entries.holdoutPending} entered
        less than {uplift.windowDays} days ago and are not counted yet · {uplift.stepsDone} steps done · mean health change after {uplift.windowDays} days: enrolled{' '}
        {signed(uplift.meanHealthChange.enrolled)}, held out {signed(uplift.meanHealthChange.holdout)} points
      </p>
      <div className="metrics__grid">
        {uplift.outcomes.map((outcome) => (
          <OutcomeCard key={outcome.kind} outcome={outcome} />
        ))}
      </div>
      <p className="metrics__note">
        Each rate has a 95 % Wilson interval (the bars’ whiskers); the uplift is the enrolled rate minus the held-out rate, in percentage points, with Newcombe’s 95 % interval. When that interval
        includes 0, the accounts so far cannot tell a working play from chance.
      </p>
    </div>
  );
}

function OutcomeCard({ outcome }: { outcome: PlaybookOutcome }) {
  const verdict = VERDICT[outcome.verdict];
  return (
    <ChartCard title={outcome.label} action={<Badge tone={verdict.tone}>{verdict.label}</Badge>}>
      <p className="uplift__statement" data-testid={`uplift-statement-${outcome.kind}`}>
        {outcome.statement}
      </p>
      {outcome.enrolled.accounts + outcome.holdout.accounts > 0 ? <UpliftChart outcome={outcome} /> : null}
      <div className="table-wrap">
        <table className="table table--compact">
          <thead>
            <tr>
              <th scope="col">Group</th>
              <th scope="col" className="cell--numeric">Accounts</th>
              <th scope="col" className="cell--numeric">Outcome</th>
              <th scope="col" className="cell--numeric">Rate</th>
              <th scope="col" className="cell--numeric">95 % interval</th>
            </tr>
          </thead>
          <tbody>
            {(
              [
                ['Enrolled', outcome.enrolled],
                ['Held out', outcome.holdout],
              ] as const
            ).map(([name, group]) => (
              <tr key={name}>
                <th scope="row">{name}</th>
                <td className="cell--numeric">{group.accounts}</td>
                <td className="cell--numeric">{group.successes}</td>
                <td className="cell--numeric">{percent(group.rate)}</td>
                <td className="cell--numeric">{group.interval ? `${wholePercent(group.interval.low)}–${wholePercent(group.interval.high)}` : '—'}</td>
              </tr>
            ))}
            <tr>
              <th scope="row">Uplift</th>
              <td className="cell--numeric" colSpan={3}>
                {outcome.uplift ? `${points(outcome.uplift.difference)} points` : '—'}
              </td>
              <td className="cell--numeric">{outcome.uplift ? `${points(outcome.uplift.low)} to ${points(outcome.uplift.high)}` : '—'}</td>
            </tr>
          </tbody>
        </table>
      </div>
    </ChartCard>
  );
}
