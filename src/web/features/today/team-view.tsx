import { BarChart } from 'echarts/charts';
import { GridComponent, LegendComponent, TooltipComponent } from 'echarts/components';
import * as echarts from 'echarts/core';
import { CanvasRenderer } from 'echarts/renderers';
import { useMemo } from 'react';
import { EChart } from '../../components/echart.js';
import { formatMoney } from '../../lib/format.js';
import { useResource } from '../../lib/use-resource.js';
import { TodayCard } from './today-card.js';
import { getTeamWorkload, type TeamWorkload } from './today.api.js';

echarts.use([BarChart, GridComponent, LegendComponent, TooltipComponent, CanvasRenderer]);

const compact = (value: number) => (Math.abs(value) >= 1e6 ? `${(value / 1e6).toFixed(1)}M` : Math.abs(value) >= 1e3 ? `${Math.round(value / 1e3)}k` : String(value));

/**
 * A leader's view of the team from GET /api/team/workload: per CSM the open and overdue
 * tasks and the book (accounts, ARR), and the ARR at risk per book (red and yellow health)
 * as stacked bars.
 */
export function TeamView() {
  const workload = useResource((signal) => getTeamWorkload(signal), []);
  const data = workload.data;
  const overdue = data?.totals.overdueTasks;
  return (
    <>
      <TodayCard title="At-risk ARR per book" count={undefined} tone="red" state={workload} wide>
        {data ? <AtRiskChart data={data} /> : null}
      </TodayCard>
      <TodayCard title="Workload" count={overdue} tone="red" state={workload} wide>
        {data ? <WorkloadTable data={data} /> : null}
      </TodayCard>
    </>
  );
}

function AtRiskChart({ data }: { data: TeamWorkload }) {
  const rows = useMemo(() => data.members.filter((row) => row.accounts > 0 || row.openTasks > 0).reverse(), [data]);
  const option = useMemo<echarts.EChartsCoreOption>(
    () => ({
      grid: { left: 130, right: 24, top: 32, bottom: 24 },
      legend: { top: 0 },
      tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' }, valueFormatter: (value: number) => formatMoney(value, data.reportingCurrency) },
      xAxis: { type: 'value', axisLabel: { formatter: compact } },
      yAxis: { type: 'category', data: rows.map((row) => row.name), axisLabel: { width: 120, overflow: 'truncate' } },
      series: [
        { name: 'Red', type: 'bar', stack: 'risk', barMaxWidth: 18, itemStyle: { color: '#d6487e' }, data: rows.map((row) => row.redArr) },
        { name: 'Yellow', type: 'bar', stack: 'risk', barMaxWidth: 18, itemStyle: { color: '#e0a93a' }, data: rows.map((row) => row.yellowArr) },
      ],
    }),
    [rows, data.reportingCurrency],
  );
  const at = formatMoney(data.totals.atRiskArr, data.reportingCurrency);
  return (
    <>
      <EChart option={option} testId="team-at-risk-chart" label={`At-risk ARR per book: ${at} in red and yellow accounts across the team.`} />
      {data.totals.atRiskArr === 0 ? <p className="hint">No ARR in red or yellow accounts: every scored book is green.</p> : null}
    </>
  );
}

function WorkloadTable({ data }: { data: TeamWorkload }) {
  const money = (value: number) => formatMoney(value, data.reportingCurrency);
  return (
    <div className="table-wrap">
      <table className="table" data-testid="team-workload">
        <thead>
          <tr>
            <th scope="col">Member</th>
            <th scope="col" className="cell--numeric">Open tasks</th>
            <th scope="col" className="cell--numeric">Overdue</th>
            <th scope="col" className="cell--numeric">Accounts</th>
            <th scope="col" className="cell--numeric">ARR in book</th>
            <th scope="col" className="cell--numeric">At-risk ARR</th>
          </tr>
        </thead>
        <tbody>
          {data.members.map((row) => (
            <tr key={row.userId ?? 'nobody'}>
              <th scope="row">{row.name}</th>
              <td className="cell--numeric">{row.openTasks}</td>
              <td className={`cell--numeric${row.overdueTasks ? ' due-date--overdue' : ''}`}>{row.overdueTasks}</td>
              <td className="cell--numeric">{row.accounts}</td>
              <td className="cell--numeric">{money(row.arr)}</td>
              <td className="cell--numeric" title={`Red ${money(row.redArr)}, yellow ${money(row.yellowArr)}`}>
                {money(row.atRiskArr)}
              </td>
            </tr>
          ))}
        </tbody>
        <tfoot>
          <tr>
            <th scope="row">Team</th>
            <td className="cell--numeric">{data.totals.openTasks}</td>
            <td className="cell--numeric">{data.totals.overdueTasks}</td>
            <td className="cell--numeric">{data.totals.accounts}</td>
            <td className="cell--numeric">{money(data.totals.arr)}</td>
            <td className="cell--numeric">{money(data.totals.atRiskArr)}</td>
          </tr>
        </tfoot>
      </table>
    </div>
  );
}
