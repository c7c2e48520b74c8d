import { useState, type FormEvent } from 'react';
import { Link, useLocation, useNavigate } from 'react-router';
import { BrandMark } from '../../components/brand-mark.js';
import { ErrorMessage } from '../../components/error-message.js';
import { FullPageSpinner } from '../../components/spinner.js';
import { humanize } from '../../lib/format.js';
import { useResource } from '../../lib/use-resource.js';
import { useSubmit } from '../../lib/use-submit.js';
import { useAuth } from '../auth/auth-context.js';
import type { LoginRedirectState } from '../auth/require-auth.js';
import { acceptInvitationWithPassword, acceptMyInvitation, previewInvitation } from './users.api.js';

/**
 * Where an invitation link lands (`/invitations/accept#token=…`; the fragment never reaches a
 * server log). A new person chooses their password; someone with a login signs in and accepts.
 * The page offers both, so it says nothing about whether the address has a login.
 */
export function AcceptInvitationPage() {
  const location = useLocation();
  const navigate = useNavigate();
  const { state, adopt } = useAuth();
  const token = new URLSearchParams(location.hash.slice(1)).get('token') ?? '';
  const invitation = useResource((signal) => previewInvitation(token, signal), [token]);
  const { submitting, error, submit } = useSubmit();
  const [password, setPassword] = useState('');
  const [repeated, setRepeated] = useState('');

  if (state.status === 'loading' || (invitation.loading && !invitation.data)) return <FullPageSpinner />;

  const finish = (session: Parameters<typeof adopt>[0]) => {
    adopt(session);
    navigate('/accounts', { replace: true });
  };

  function handleNewLogin(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    void submit(async () => {
      if (password !== repeated) throw new Error('The two passwords differ.');
      finish(await acceptInvitationWithPassword(token, password));
    });
  }

  const signedIn = state.status === 'authenticated' ? state.session : null;
  const back: LoginRedirectState = { from: `${location.pathname}${location.hash}` };

  return (
    <main className="login-page">
      <div className="login-card">
        <div className="brand brand--large">
          <BrandMark />
          <span>Boomerang</span>
        </div>
        {!invitation.data ? (
          <>
            <h1 className="login-title">This invitation cannot be used</h1>
            <ErrorMessage error={invitation.error ?? new Error('The link has no invitation in it.')} />
          </>
        ) : (
          <>
            <h1 className="login-title">Join {invitation.data.workspaceName}</h1>
            <p className="hint">
              {invitation.data.email} is invited as {humanize(invitation.data.role)}.
            </p>
            {error ? <ErrorMessage error={error} /> : null}
            {signedIn ? (
              <>
                <p className="hint">You are signed in as {signedIn.user.email}.</p>
                <button
                  type="button"
                  className="button button--primary button--block"
                  disabled={submitting}
                  onClick={() => void submit(async () => finish(await acceptMyInvitation({ token })))}
                >
                  {submitting ? 'Joining…' : `Accept and open ${invitation.data.workspaceName}`}
                </button>
              </>
            ) : (
              <form className="form" onSubmit={handleNewLogin} aria-label="Choose your password">
                <h2 className="field__label">New to Boomerang? Choose your password</h2>
                <label className="field">
                  <span className="field__label">Password</span>
                  <input type="password" autoComplete="new-password" required minLength={8} value={password} onChange={(event) => setPassword(event.target.value)} />
                </label>
                <label className="field">
                  <span className="field__label">Password again</span>
                  <input type="password" autoComplete="new-password" required minLength={8} value={repeated} onChange={(event) => setRepeated(event.target.value)} />
                </label>
                <button type="submit" className="button button--primary button--block" disabled={submitting}>
                  {submitting ? 'Joining…' : 'Set password and join'}
                </button>
                <p className="hint">
                  Already have a Boomerang login?{' '}
                  <Link to="/login" state={back}>
                    Sign in
                  </Link>{' '}
                  and you come back here to accept.
                </p>
              </form>
            )}
          </>
        )}
      </div>
    </main>
  );
}
