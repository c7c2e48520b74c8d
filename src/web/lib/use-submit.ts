import { useCallback, useState } from 'react';

/** The state of a form that sends one request: busy while it runs, its error kept for the form to show. */
export function useSubmit() {
  const [submitting, setSubmitting] = useState(false);
  const [error, setError] = useState<unknown>(null);

  const submit = useCallback(async (work: () => Promise<void>) => {
    setSubmitting(true);
    setError(null);
    try {
      await work();
    } catch (workError) {
      setError(workError);
    } finally {
      setSubmitting(false);
    }
  }, []);

  return { submitting, error, submit };
}
