import { useEffect, useState, type FormEvent } from 'react';
import { Link, useNavigate, useParams } from 'react-router';
import { Badge } from '../../components/badge.js';
import { EmptyState } from '../../components/empty-state.js';
import { ErrorMessage } from '../../components/error-message.js';
import { LoadMoreButton } from '../../components/load-more-button.js';
import { LoadingBlock } from '../../components/spinner.js';
import { formatDate, formatMoney, formatNumber, pluralize } from '../../lib/format.js';
import { rowClickHandler } from '../../lib/row-link.js';
import { useDebouncedValue } from '../../lib/use-debounced-value.js';
import { useDocumentTitle } from '../../lib/use-document-title.js';
import { usePagedList } from '../../lib/use-paged-list.js';
import { useResource } from '../../lib/use-resource.js';
import { useSubmit } from '../../lib/use-submit.js';
import { useSession } from '../auth/auth-context.js';
import { listTeams } from '../handoffs/handoffs.api.js';
import { fetchUsers } from '../users/users.api.js';
import { describeRules, ENGAGEMENT_LABELS } from './describe-rules.js';
import { RuleEditor } from './rule-editor.js';
import { EngagementBadge } from './segments-page.js';
import {
  createSegment,
  deleteSegment,
  getSegment,
  listSegmentFields,
  listSegmentMembers,
  previewSegment,
  updateSegment,
  type EngagementModel,
  type Segment,
  type SegmentField,
  type SegmentRules,
} from './segments.api.js';

const BAND_TONES = { green: 'green', yellow: 'amber', red: 'red' } as const;

/** One segment: its rules (an editor with a live count for leaders and admins) and its members. `/segments/new` makes one. */
export function SegmentPage() {
  const { segmentId } = useParams();
  const isNew = segmentId === 'new';
  const { canManage } = useSession();
  const segment = useResource((signal) => (isNew ? Promise.resolve(undefined) : getSegment(segmentId!, signal)), [segmentId]);
  const fields = useResource((signal) => listSegmentFields(signal), []);
  useDocumentTitle(isNew ? 'New segment' : (segment.data?.name ?? 'Segment'));
  if (segment.error) return <div className="page"><ErrorMessage error={segment.error} onRetry={segment.reload} /></div>;
  if ((!isNew && !segment.data) || !fields.data) return <div className="page"><LoadingBlock label="Loading the segment…" /></div>;
  return (
    <div className="page">
      <nav className="breadcrumbs" aria-label="Breadcrumb">
        <Link to="/segments">Segments</Link>
      </nav>
      {canManage ? (
        <SegmentEditor key={segment.data?.id ?? 'new'} segment={segment.data} fields={fields.data.data} onSaved={segment.reload} />
      ) : (
        <SegmentSummary segment={segment.data!} fields={fields.data.data} />
      )}
      {segment.data ? <MembersSection segment={segment.data} /> : null}
    </div>
  );
}

function SegmentSummary({ segment, fields }: { segment: Segment; fields: readonly SegmentField[] }) {
  return (
    <header className="page__header">
      <div>
        <h1 className="page__title">
          {segment.name} <EngagementBadge model={segment.engagementModel} />
        </h1>
        {segment.description ? <p className="page__subtitle">{segment.description}</p> : null}
        {segment.pool ? <p className="page__subtitle">Pool: {segment.pool.name}</p> : null}
        <p className="segments__rules">{describeRules(segment.rules, fields)}</p>
      </div>
    </header>
  );
}

function SegmentEditor({ segment, fields, onSaved }: { segment: Segment | undefined; fields: readonly SegmentField[]; onSaved(): void }) {
  const navigate = useNavigate();
  const users = useResource((signal) => fetchUsers(signal), []);
  const teams = useResource((signal) => listTeams(signal), []);
  const [name, setName] = useState(segment?.name ?? '');
  const [description, setDescription] = useState(segment?.description ?? '');
  const [model, setModel] = useState<EngagementModel>(segment?.engagementModel ?? 'low_touch');
  const [rules, setRules] = useState<SegmentRules>(segment?.rules ?? { match: 'all', conditions: [] });
  const [poolTeamId, setPoolTeamId] = useState(segment?.pool?.id ?? '');
  const save = useSubmit();
  const removal = useSubmit();
  const [saved, setSaved] = useState(false);
  useEffect(() => setSaved(false), [name, description, model, rules, poolTeamId]);
  function handleSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const body = { name: name.trim(), description: description.trim() || null, engagementModel: model, rules, poolTeamId: poolTeamId || null };
    void save.submit(async () => {
      if (segment) {
        await updateSegment(segment.id, body);
        setSaved(true);
        onSaved();
      } else {
        const created = await createSegment(body);
        navigate(`/segments/${created.id}`);
      }
    });
  }
  return (
    <form className="form segment-editor" onSubmit={handleSubmit} aria-label="Segment">
      <div className="page__header">
        <h1 className="page__title">{segment ? segment.name : 'New segment'}</h1>
        <div className="toolbar__end">
          {segment ? (
            <button
              type="button"
              className="button button--danger"
              disabled={removal.submitting}
              onClick={() => {
                if (!window.confirm(`Delete the segment "${segment.name}"? Its ${segment.memberCount} accounts leave it.`)) return;
                void removal.submit(async () => (await deleteSegment(segment.id), navigate('/segments')));
              }}
            >
              Delete
            </button>
          ) : null}
          <button type="submit" className="button button--primary" disabled={save.submitting}>
            {save.submitting ? 'Saving…' : segment ? 'Save changes' : 'Create segment'}
          </button>
        </div>
      </div>
      {save.error ? <ErrorMessage error={save.error} /> : null}
      {removal.error ? <ErrorMessage error={removal.error} /> : null}
      {saved ? (
        <p className="alert segment-editor__saved" role="status">
          Saved: membership is up to date.
        </p>
      ) : null}
      <div className="segment-editor__meta">
        <label className="field">
          <span className="field__label">Name</span>
          <input value={name} onChange={(event) => setName(event.target.value)} required maxLength={100} placeholder="e.g. Enterprise — high touch" />
        </label>
        <label className="field">
          <span className="field__label">Engagement model</span>
          <select value={model} onChange={(event) => setModel(event.target.value as EngagementModel)}>
            {Object.entries(ENGAGEMENT_LABELS).map(([value, label]) => (
              <option key={value} value={value}>
                {label}
              </option>
            ))}
          </select>
        </label>
        <label className="field">
          <span className="field__label">Pool</span>
          <select value={poolTeamId} onChange={(event) => setPoolTeamId(event.target.value)} title="Playbook tasks owned by the segment pool go to this team’s member with the fewest open tasks">
            <option value="">No pool (tasks go to the account owner)</option>
            {(teams.data?.data ?? []).map((team) => (
              <option key={team.id} value={team.id}>
                {team.members.length ? team.name : `${team.name} (no members)`}
              </option>
            ))}
          </select>
        </label>
        <label className="field segment-editor__description">
          <span className="field__label">Description</span>
          <input value={description} onChange={(event) => setDescription(event.target.value)} maxLength={500} placeholder="Who is in it, and how they are served" />
        </label>
      </div>
      <div className="segment-editor__rules">
        <RuleEditor rules={rules} onChange={setRules} fields={fields} users={users.data?.data ?? []} />
        <LivePreview rules={rules} />
      </div>
    </form>
  );
}

/** The rule editor's live count: the unsaved rules, evaluated on the server half a second after the last change. */
function LivePreview({ rules }: { rules: SegmentRules }) {
  const settled = useDebouncedValue(rules, 400);
  const preview = useResource((signal) => previewSegment(settled, signal), [JSON.stringify(settled)]);
  return (
    <aside className="segment-preview" aria-live="polite" aria-label="Preview">
      <h2 className="segment-preview__title">Matches now</h2>
      {preview.error ? (
        <ErrorMessage error={preview.error} />
      ) : preview.data ? (
        <>
          <p className="segment-preview__count" data-testid="preview-count">
            {formatNumber(preview.data.count)} <span>{preview.data.count === 1 ? 'account' : 'accounts'}</span>
            {preview.loading ? <span className="hint"> updating…</span> : null}
          </p>
          <ul className="segment-preview__list">
            {preview.data.accounts.map((account) => (
              <li key={account.id}>
                <Link to={`/accounts/${account.id}`}>{account.name}</Link> <span className="hint">{formatMoney(account.arr)}</span>
              </li>
            ))}
          </ul>
          {preview.data.count > preview.data.accounts.length ? <p className="hint">Largest by ARR shown.</p> : null}
        </>
      ) : (
        <LoadingBlock label="Counting…" />
      )}
    </aside>
  );
}

function MembersSection({ segment }: { segment: Segment }) {
  const navigate = useNavigate();
  const members = usePagedList((cursor, signal) => listSegmentMembers(segment.id, cursor, signal), [segment.id, segment.version, segment.updatedAt]);
  return (
    <section className="section--stack" aria-label="Accounts in this segment">
      <h2>
        {pluralize(segment.memberCount, 'account')} in this segment
      </h2>
      {members.error ? (
        <ErrorMessage error={members.error} />
      ) : members.loading && members.items.length === 0 ? (
        <LoadingBlock label="Loading accounts…" />
      ) : members.items.length === 0 ? (
        <EmptyState title="No accounts match yet">Membership follows the rules: accounts enter as soon as their data matches.</EmptyState>
      ) : (
        <div className="table-wrap">
          <table className="table table--interactive table--dense" data-testid="segment-members">
            <thead>
              <tr>
                <th scope="col">Account</th>
                <th scope="col" className="cell--numeric">
                  ARR
                </th>
                <th scope="col">Health</th>
                <th scope="col">Stage</th>
                <th scope="col">Owner</th>
                <th scope="col">Renewal</th>
                <th scope="col">In since</th>
              </tr>
            </thead>
            <tbody>
              {members.items.map((member) => (
                <tr key={member.id} onClick={rowClickHandler(() => navigate(`/accounts/${member.id}`))}>
                  <td>
                    <Link to={`/accounts/${member.id}`}>{member.name}</Link>
                  </td>
                  <td className="cell--numeric">{formatMoney(member.arr)}</td>
                  <td>{member.healthBand ? <Badge tone={BAND_TONES[member.healthBand]}>{member.healthScore ?? member.healthBand}</Badge> : '—'}</td>
                  <td>{member.lifecycleStage ?? '—'}</td>
                  <td>{member.ownerName ?? '—'}</td>
                  <td>{formatDate(member.renewalDate)}</td>
                  <td>{formatDate(member.enteredAt.slice(0, 10))}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <LoadMoreButton hasMore={members.nextCursor !== null} loading={members.loadingMore} onLoadMore={members.loadMore} />
    </section>
  );
}
