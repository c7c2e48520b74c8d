export type TimedResponse = { ms: number; status: number; body: unknown };

/**
 * One GET through the real HTTP stack (fetch keeps connections alive, as a browser would).
 * The clock stops after the body is read and parsed, because that is when a client can
 * show the page.
 */
export async function timedGet(baseUrl: string, path: string, headers: Record<string, string> = {}): Promise<TimedResponse> {
  const started = performance.now();
  const response = await fetch(`${baseUrl}${path}`, { headers });
  const body: unknown = await response.json();
  return { ms: performance.now() - started, status: response.status, body };
}

/** Like timedGet, but a benchmark that silently measures errors measures nothing: throw. */
export async function timedGetOk(baseUrl: string, path: string, headers: Record<string, string> = {}): Promise<TimedResponse> {
  const result = await timedGet(baseUrl, path, headers);
  if (result.status !== 200) {
    throw new Error(`GET ${path} answered ${result.status}: ${JSON.stringify(result.body).slice(0, 500)}`);
  }
  return result;
}
