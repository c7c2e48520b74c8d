import { Link, useNavigate } from 'react-router';
import { Badge, type BadgeTone } from '../../components/badge.js';
import { EmptyState } from '../../components/empty-state.js';
import { ErrorMessage } from '../../components/error-message.js';
import { LoadingBlock } from '../../components/spinner.js';
import { formatNumber, formatRelativeTime } from '../../lib/format.js';
import { rowClickHandler } from '../../lib/row-link.js';
import { useDocumentTitle } from '../../lib/use-document-title.js';
import { useResource } from '../../lib/use-resource.js';
import { useSession } from '../auth/auth-context.js';
import { describeRules, ENGAGEMENT_LABELS } from './describe-rules.js';
import { listSegmentFields, listSegments, type EngagementModel } from './segments.api.js';

export const ENGAGEMENT_TONES: Record<EngagementModel, BadgeTone> = { high_touch: 'purple', low_touch: 'blue', tech_touch: 'teal' };

export function EngagementBadge({ model }: { model: EngagementModel }) {
  return <Badge tone={ENGAGEMENT_TONES[model]}>{ENGAGEMENT_LABELS[model]}</Badge>;
}

/** Every segment with its member count and engagement model; leaders and admins add new ones. */
export function SegmentsPage() {
  useDocumentTitle('Segments');
  const { canManage } = useSession();
  const navigate = useNavigate();
  const segments = useResource((signal) => listSegments(signal), []);
  const fields = useResource((signal) => listSegmentFields(signal), []);
  return (
    <div className="page">
      <div className="page__header">
        <div>
          <h1 className="page__title">Segments</h1>
          <p className="page__subtitle">Saved account filters that stay current as data changes, each served by an engagement model.</p>
        </div>
        {canManage ? (
          <Link className="button button--primary" to="/segments/new">
            New segment
          </Link>
        ) : null}
      </div>
      {segments.loading && !segments.data ? (
        <LoadingBlock label="Loading segments…" />
      ) : segments.error ? (
        <ErrorMessage error={segments.error} onRetry={segments.reload} />
      ) : !segments.data?.data.length ? (
        <EmptyState title="No segments yet">{canManage ? 'Create one to group accounts by ARR, health, usage, renewal or any field.' : 'A leader or admin defines them.'}</EmptyState>
      ) : (
        <div className="table-wrap">
          <table className="table table--interactive" data-testid="segments-table">
            <thead>
              <tr>
                <th scope="col">Segment</th>
                <th scope="col">Engagement</th>
                <th scope="col" className="cell--numeric">
                  Accounts
                </th>
                <th scope="col">Rules</th>
                <th scope="col">Updated</th>
              </tr>
            </thead>
            <tbody>
              {segments.data.data.map((segment) => (
                <tr key={segment.id} onClick={rowClickHandler(() => navigate(`/segments/${segment.id}`))}>
                  <td>
                    <Link to={`/segments/${segment.id}`}>{segment.name}</Link>
                    {segment.description ? <div className="hint">{segment.description}</div> : null}
                  </td>
                  <td>
                    <EngagementBadge model={segment.engagementModel} />
                  </td>
                  <td className="cell--numeric">{formatNumber(segment.memberCount)}</td>
                  <td className="segments__rules">{fields.data ? describeRules(segment.rules, fields.data.data) : '…'}</td>
                  <td>{segment.evaluatedAt ? formatRelativeTime(segment.evaluatedAt) : '—'}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </div>
  );
}
