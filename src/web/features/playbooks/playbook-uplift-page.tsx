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
            Accounts that got the steps against accounts held out as a control at entry{uplift.data ? ` (${uplift.data.holdoutPercent} % held out now)` : ''}; without a holdout, against
            similar accounts not enrolled (weaker evidence).
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

type Comparison = NonNullable<PlaybookUplift['comparison']>;

const COMPARISON_VERDICT: Record<Comparison['outcomes'][number]['verdict'], { tone: BadgeTone; label: string }> = {
  better: { tone: 'green', label: 'Did better (weaker evidence)' },
  worse: { tone: 'red', label: 'Did worse (weaker evidence)' },
  unclear: { tone: 'amber', label: 'Too few accounts to tell' },
  too_early: { tone: 'neutral', label: 'Too early' },
  no_match: { tone: 'neutral', label: 'No similar accounts' },
};

function UpliftReport({ uplift }: { uplift: PlaybookUplift }) {
  const { entries, comparison } = uplift;
  const hasHoldout = entries.holdout > 0;
  return (
    <div className="section section--stack" data-testid="playbook-uplift">
      <p className="usage__note">
        As of {uplift.asOf}: {entries.enrolled} accounts enrolled and {entries.holdout} held out (each counted once, at its first entry); {entries.enrolledPending + entries.holdoutPending} entered
        less than {uplift.windowDays} days ago and are not counted yet · {uplift.stepsDone} steps done · mean health change after {uplift.windowDays} days: enrolled{' '}
        {signed(uplift.meanHealthChange.enrolled)}, held out {signed(uplift.meanHealthChange.holdout)} points
      </p>
      {hasHoldout || !comparison ? (
        <>
          <div className="metrics__grid">
            {uplift.outcomes.map((outcome) => (
              <OutcomeCard
                key={outcome.key}
                outcome={{ ...outcome, testId: outcome.key, control: outcome.holdout, controlName: 'Held out', difference: outcome.uplift, badge: VERDICT[outcome.verdict] }}
              />
            ))}
          </div>
          <p className="metrics__note">
            Each rate has a 95 % Wilson interval (the bars’ whiskers); the uplift is the enrolled rate minus the held-out rate, in percentage points, with Newcombe’s 95 % interval. When that
            interval includes 0, the accounts so far cannot tell a working play from chance.
          </p>
        </>
      ) : null}
      {comparison ? <ComparisonReport comparison={comparison} besideHoldout={hasHoldout} /> : null}
    </div>
  );
}

/** Enrolled accounts against similar accounts never enrolled: always said to be weaker evidence than a holdout. */
function ComparisonReport({ comparison, besideHoldout }: { comparison: Comparison; besideHoldout: boolean }) {
  return (
    <section className="section section--stack" aria-labelledby="uplift-comparison-title" data-testid="uplift-comparison">
      <h2 className="section__title" id="uplift-comparison-title">
        {comparison.caveat}
      </h2>
      <p className="usage__note">
        {besideHoldout ? 'Beside the holdout above, for context. ' : 'This playbook holds out no accounts, so there is no control group. '}
        Each enrolled account is paired, on its entry day, with up to 3 accounts that never entered this playbook and looked alike that day: same segment, same ARR band and health band, health
        score within 10 points. {comparison.enrolledMatched} enrolled accounts matched {comparison.matchedAccounts} similar accounts; {comparison.enrolledUnmatched} had none. The accounts a
        playbook picks differ in ways the match cannot see, so a difference here may not be the play’s doing.
      </p>
      <div className="metrics__grid">
        {comparison.outcomes.map((outcome) => (
          <OutcomeCard
            key={outcome.key}
            outcome={{ ...outcome, testId: `comparison-${outcome.key}`, control: outcome.matched, controlName: 'Similar, not enrolled', badge: COMPARISON_VERDICT[outcome.verdict] }}
          />
        ))}
      </div>
    </section>
  );
}

type CardOutcome = {
  testId: string;
  label: string;
  statement: string;
  badge: { tone: BadgeTone; label: string };
  enrolled: PlaybookOutcome['enrolled'];
  control: PlaybookOutcome['enrolled'];
  controlName: string;
  difference: PlaybookOutcome['uplift'];
};

function OutcomeCard({ outcome }: { outcome: CardOutcome }) {
  return (
    <ChartCard title={outcome.label} action={<Badge tone={outcome.badge.tone}>{outcome.badge.label}</Badge>}>
      <p className="uplift__statement" data-testid={`uplift-statement-${outcome.testId}`}>
        {outcome.statement}
      </p>
      {outcome.enrolled.accounts + outcome.control.accounts > 0 ? <UpliftChart outcome={{ ...outcome, testId: `uplift-chart-${outcome.testId}` }} /> : null}
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
                [outcome.controlName, outcome.control],
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
              <th scope="row">Difference</th>
              <td className="cell--numeric" colSpan={3}>
                {outcome.difference ? `${points(outcome.difference.difference)} points` : '—'}
              </td>
              <td className="cell--numeric">{outcome.difference ? `${points(outcome.difference.low)} to ${points(outcome.difference.high)}` : '—'}</td>
            </tr>
          </tbody>
        </table>
      </div>
    </ChartCard>
  );
}
