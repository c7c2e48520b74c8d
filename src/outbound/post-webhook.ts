import { request as httpRequest } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { assertLiteralHostAllowed, guardedLookup } from './address-guard.js';

export type WebhookResponse = { status: number; body: string };

/** Most of a response body kept for the delivery log's error text. */
const RESPONSE_SNIPPET_BYTES = 1024;

/**
 * One POST of a webhook body. node:http rather than fetch because the address guard must
 * sit in the connection's own DNS lookup (`lookup` option), which fetch (undici) exposes only
 * through an extra dependency. No redirects are followed (one could point at a private
 * address), the whole exchange is bounded by `timeoutMs`, and the answer's first kilobyte is
 * kept for the error text.
 */
export async function postWebhook(
  url: URL,
  body: string,
  headers: Record<string, string>,
  options: { timeoutMs: number; allowPrivate: boolean; signal?: AbortSignal },
): Promise<WebhookResponse> {
  if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new Error(`${url.protocol} URLs are not webhooks`);
  if (!options.allowPrivate) assertLiteralHostAllowed(url.hostname);
  const timeout = AbortSignal.timeout(options.timeoutMs);
  const signal = options.signal ? AbortSignal.any([options.signal, timeout]) : timeout;
  const send = url.protocol === 'https:' ? httpsRequest : httpRequest;
  return new Promise<WebhookResponse>((resolve, reject) => {
    const request = send(
      url,
      {
        method: 'POST',
        headers: { ...headers, 'content-length': String(Buffer.byteLength(body)) },
        signal,
        agent: false,
        ...(options.allowPrivate ? {} : { lookup: guardedLookup }),
      },
      (response) => {
        const chunks: Buffer[] = [];
        let kept = 0;
        response.on('data', (chunk: Buffer) => {
          if (kept < RESPONSE_SNIPPET_BYTES) chunks.push(chunk.subarray(0, RESPONSE_SNIPPET_BYTES - kept));
          kept += chunk.length;
        });
        response.on('end', () => resolve({ status: response.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8') }));
        response.on('error', reject);
      },
    );
    request.on('error', (error) => {
      if (timeout.aborted) reject(new Error(`no answer within ${options.timeoutMs} ms`));
      else reject(error);
    });
    request.end(body);
  });
}
