import { Link } from 'react-router';
import { useResource } from '../../lib/use-resource.js';
import { ENGAGEMENT_LABELS } from './describe-rules.js';
import { ENGAGEMENT_TONES } from './segments-page.js';
import { listAccountSegments } from './segments.api.js';

/** The segments an account is in, as chips linking to each segment, each saying its engagement model. */
export function AccountSegmentChips({ accountId }: { accountId: string }) {
  const segments = useResource((signal) => listAccountSegments(accountId, signal), [accountId]);
  if (!segments.data?.data.length) return null;
  return (
    <div className="account-segments" aria-label="Segments" data-testid="account-segments">
      {segments.data.data.map((segment) => (
        <Link
          key={segment.id}
          to={`/segments/${segment.id}`}
          className={`badge badge--${ENGAGEMENT_TONES[segment.engagementModel]}`}
          title={`${ENGAGEMENT_LABELS[segment.engagementModel]} segment`}
        >
          {segment.name}
        </Link>
      ))}
    </div>
  );
}
