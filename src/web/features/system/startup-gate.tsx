import { useEffect, useState, type ReactNode } from 'react';
import { BrandMark } from '../../components/brand-mark.js';
import { isAbortError } from '../../lib/api.js';
import { fetchStartupStatus, type StartupStatus } from './system.api.js';

const POLL_MS = 1000;

/**
 * On the very first start the server listens before the demo workspace is written; until it
 * says it is ready, this page shows how far it has come instead of the login form (whose
 * request would get a 503). Any later start is ready at the first poll.
 */
export function StartupGate({ children }: { children: ReactNode }) {
  const [status, setStatus] = useState<StartupStatus | null>(null);

  useEffect(() => {
    const controller = new AbortController();
    let timer: ReturnType<typeof setTimeout> | undefined;
    const poll = () => {
      fetchStartupStatus(controller.signal).then(
        (next) => {
          setStatus(next);
          if (!next.ready) timer = setTimeout(poll, POLL_MS);
        },
        (error: unknown) => {
          if (isAbortError(error)) return;
          // A server that cannot say is not preparing anything; the app shows its own errors.
          setStatus({ ready: true, percent: 100, step: 'Ready' });
        },
      );
    };
    poll();
    return () => {
      controller.abort();
      clearTimeout(timer);
    };
  }, []);

  if (status?.ready) return <>{children}</>;
  return (
    <main className="login-page">
      <section className="login-card startup-card" aria-labelledby="startup-title">
        <div className="brand brand--large">
          <BrandMark />
          <span>Boomerang</span>
        </div>
        <h1 id="startup-title" className="login-title">
          Preparing the demo workspace… {status ? `${status.percent}%` : ''}
        </h1>
        <progress className="startup-progress" max={100} value={status?.percent ?? 0} aria-label="Demo workspace loaded" />
        <p className="hint" aria-live="polite">
          {status ? `${status.step}.` : 'Connecting to the server.'} This happens once, on the first start; the page moves on by itself.
        </p>
      </section>
    </main>
  );
}
