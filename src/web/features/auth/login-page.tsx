import { useState, type FormEvent } from 'react';
import { Navigate, useLocation, useNavigate } from 'react-router';
import { BrandMark } from '../../components/brand-mark.js';
import { ErrorMessage } from '../../components/error-message.js';
import { FullPageSpinner } from '../../components/spinner.js';
import { useAuth } from './auth-context.js';
import type { LoginRedirectState } from './require-auth.js';

export function LoginPage() {
  const { state, login } = useAuth();
  const navigate = useNavigate();
  const location = useLocation();
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [submitting, setSubmitting] = useState(false);
  const [error, setError] = useState<unknown>(null);

  const redirectTo = safeRedirect((location.state as LoginRedirectState | null)?.from);

  if (state.status === 'loading') return <FullPageSpinner />;
  if (state.status === 'authenticated' && !submitting) return <Navigate to={redirectTo} replace />;

  async function handleSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    setSubmitting(true);
    setError(null);
    try {
      await login(email.trim(), password);
      navigate(redirectTo, { replace: true });
    } catch (loginError) {
      setError(loginError);
      setSubmitting(false);
    }
  }

  const shownError = error ?? (state.status === 'anonymous' ? state.error : null);

  return (
    <main className="login-page">
      <form className="login-card" onSubmit={handleSubmit} aria-labelledby="login-title">
        <div className="brand brand--large">
          <BrandMark />
          <span>Boomerang</span>
        </div>
        <h1 id="login-title" className="login-title">
          Sign in to your workspace
        </h1>
        {shownError ? <ErrorMessage error={shownError} /> : null}
        <label className="field">
          <span className="field__label">Email</span>
          <input
            type="email"
            name="email"
            autoComplete="username"
            required
            autoFocus
            value={email}
            onChange={(event) => setEmail(event.target.value)}
          />
        </label>
        <label className="field">
          <span className="field__label">Password</span>
          <input
            type="password"
            name="password"
            autoComplete="current-password"
            required
            value={password}
            onChange={(event) => setPassword(event.target.value)}
          />
        </label>
        <button type="submit" className="button button--primary button--block" disabled={submitting}>
          {submitting ? 'Signing in…' : 'Sign in'}
        </button>
      </form>
    </main>
  );
}

/** Only same-app paths: never bounce the user to another origin after login. */
function safeRedirect(path: string | undefined): string {
  if (!path || !path.startsWith('/') || path.startsWith('//') || path.startsWith('/login')) return '/today';
  return path;
}
