import { ApiError, errorMessage } from '../lib/api.js';

export function ErrorMessage({ error, onRetry }: { error: unknown; onRetry?: () => void }) {
  const issues = error instanceof ApiError ? error.issues : [];
  return (
    <div className="alert alert--error" role="alert">
      <p className="alert__text">{errorMessage(error)}</p>
      {issues.length > 0 ? (
        <ul className="alert__issues">
          {issues.map((issue) => (
            <li key={`${issue.path}:${issue.message}`}>
              {issue.path ? <strong>{issue.path}</strong> : null} {issue.message}
            </li>
          ))}
        </ul>
      ) : null}
      {onRetry ? (
        <button type="button" className="button button--small" onClick={onRetry}>
          Try again
        </button>
      ) : null}
    </div>
  );
}
