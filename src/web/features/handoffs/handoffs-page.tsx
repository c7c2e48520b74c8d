import { lazy, useState } from 'react';
import { ChartCard } from '../../components/chart-card.js';
import { EmptyState } from '../../components/empty-state.js';
import { ErrorMessage } from '../../components/error-message.js';
import { LoadingBlock } from '../../components/spinner.js';
import { useDocumentTitle } from '../../lib/use-document-title.js';
import { useResource } from '../../lib/use-resource.js';
import { useSession } from '../auth/auth-context.js';
import { HandoffCard } from './handoff-card.js';
import { getHandoffSla, listHandoffs, listTeams } from './handoffs.api.js';
import type { Handoff, HandoffSla } from './handoffs.types.js';

const SlaChart = lazy(() => import('./handoffs-charts.js').then((m) => ({ default: m.SlaChart })));

const COLUMNS: { key: string; title: string; states: Handoff['state'][] }[] = [
  { key: 'open', title: 'Open', states: ['open'] },
  { key: 'accepted', title: 'Accepted', states: ['accepted'] },
  { key: 'overdue', title: 'Overdue', states: ['overdue', 'escalated'] },
  { key: 'completed', title: 'Completed', states: ['completed'] },
];

const PERIODS = [30, 90, 180] as const;
const DAY_MS = 86_400_000;
const percent = (value: number | null) => (value === null ? '—' : `${Math.round(value * 1000) / 10}%`);

/** The relay between teams: running hand-offs by state, the latest completed, and SLA attainment per team. */
export function HandoffsPage() {
  useDocumentTitle('Hand-offs');
  const { canWrite } = useSession();
  const [teamId, setTeamId] = useState('');
  const [days, setDays] = useState<(typeof PERIODS)[number]>(90);
  const teams = useResource((signal) => listTeams(signal), []);
  const live = useResource((signal) => listHandoffs({ state: 'live', teamId, limit: 500 }, signal), [teamId]);
  const completed = useResource((signal) => listHandoffs({ state: 'completed', teamId, limit: 30 }, signal), [teamId]);
  const from = new Date(Date.now() - (days - 1) * DAY_MS).toISOString().slice(0, 10);
  const sla = useResource((signal) => getHandoffSla({ from }, signal), [from]);
  const reload = () => {
    live.reload();
    completed.reload();
    sla.reload();
  };
  const all = [...(live.data?.data ?? []), ...(completed.data?.data ?? [])];
  const now = Date.now();
  return (
    <div className="page">
      <div className="page__header">
        <div>
          <h1 className="page__title">Hand-offs</h1>
          <p className="page__subtitle">Customers passed between teams, each with an owner and a clock. Overdue ones escalate to the team lead, then an admin.</p>
        </div>
        <label className="field field--inline">
          <span className="field__label">Team</span>
          <select value={teamId} onChange={(event) => setTeamId(event.target.value)} data-testid="handoffs-team">
            <option value="">All teams</option>
            {teams.data?.data.map((team) => (
              <option key={team.id} value={team.id}>
                {team.name}
              </option>
            ))}
          </select>
        </label>
      </div>
      {live.error || completed.error ? (
        <ErrorMessage error={live.error ?? completed.error} onRetry={reload} />
      ) : !live.data || !completed.data ? (
        <LoadingBlock label="Loading hand-offs…" />
      ) : (
        <div className="handoff-board" data-testid="handoff-board">
          {COLUMNS.map((column) => {
            const cards = all.filter((h) => column.states.includes(h.state));
            return (
              <section key={column.key} className="handoff-board__column" aria-label={column.title}>
                <h2 className="handoff-board__title">
                  {column.title} <span className="tabs__count">{cards.length}</span>
                </h2>
                {cards.length === 0 ? <p className="muted">None</p> : null}
                {cards.map((handoff) => (
                  <HandoffCard key={handoff.id} handoff={handoff} teams={teams.data?.data ?? []} canAct={canWrite} now={now} onChanged={reload} />
                ))}
              </section>
            );
          })}
        </div>
      )}
      <div className="toolbar">
        <h2 className="metrics__section-title">SLA attainment</h2>
        <label className="field field--inline">
          <span className="field__label">Started in the last</span>
          <select value={days} onChange={(event) => setDays(Number(event.target.value) as (typeof PERIODS)[number])}>
            {PERIODS.map((period) => (
              <option key={period} value={period}>
                {period} days
              </option>
            ))}
          </select>
        </label>
      </div>
      {sla.error ? <ErrorMessage error={sla.error} onRetry={sla.reload} /> : !sla.data ? <LoadingBlock label="Loading SLA…" /> : <SlaSection sla={sla.data} />}
    </div>
  );
}

function SlaSection({ sla }: { sla: HandoffSla }) {
  if (!sla.rules.length) return <EmptyState title="No hand-offs in this period">Attainment shows once hand-offs have started.</EmptyState>;
  return (
    <div className="section--stack">
      <ChartCard title={`Completed within the clock, per receiving team (${sla.from} – ${sla.to})`}>
        <SlaChart sla={sla} />
      </ChartCard>
      <section className="card">
        <h2 className="card__title">Per rule</h2>
        <div className="table-wrap">
          <table className="table table--compact" data-testid="handoff-sla-table">
            <thead>
              <tr>
                <th scope="col">Rule</th>
                <th scope="col">Team</th>
                <th scope="col" className="cell--numeric">Started</th>
                <th scope="col" className="cell--numeric">On time</th>
                <th scope="col" className="cell--numeric">Attainment</th>
                <th scope="col" className="cell--numeric">Median</th>
                <th scope="col" className="cell--numeric">Open overdue</th>
              </tr>
            </thead>
            <tbody>
              {sla.rules.map((row) => (
                <tr key={`${row.team.id}-${row.ruleId ?? row.ruleName}`}>
                  <td className="cell--wrap">{row.ruleName}</td>
                  <td>{row.team.name}</td>
                  <td className="cell--numeric">{row.started}</td>
                  <td className="cell--numeric">
                    {row.completedOnTime} / {row.decided}
                  </td>
                  <td className="cell--numeric">{percent(row.attainment)}</td>
                  <td className="cell--numeric">{row.medianHours === null ? '—' : `${row.medianHours} h`}</td>
                  <td className="cell--numeric">{row.openOverdue}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
        <p className="hint">Attainment: completed by the due time, out of those completed or already past due.</p>
      </section>
    </div>
  );
}
