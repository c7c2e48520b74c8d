import fastifyHelmet from '@fastify/helmet';
import type { FastifyInstance } from 'fastify';

/** HSTS max-age: one year, the value browsers' preload lists expect as a minimum. */
const HSTS_MAX_AGE_SECONDS = 365 * 24 * 60 * 60;

/**
 * The Content-Security-Policy the web app runs under (checked in Chromium by
 * e2e/security/csp.spec.ts, which fails on any violation):
 *
 * - `script-src 'self'`: Vite's build emits only `<script type="module" src="/assets/…">`
 *   and modulepreload links, no inline script; nothing is eval'd.
 * - `style-src 'self'` for style sheets and `<style>` elements: the one stylesheet is a
 *   file under /assets.
 * - `style-src-attr 'unsafe-inline'`: the only loosening, for style *attributes*. React's
 *   `style` prop and ECharts' own sizing go through the CSSOM (`element.style.x = …`), which
 *   CSP never blocks, but ECharts builds its HTML tooltip with `innerHTML` whose colour
 *   markers carry `style="…"` attributes, and those are parsed markup: with
 *   `style-src-attr 'none'` Chromium reports ~100 violations on the account page's charts
 *   (measured with the e2e spec) and the tooltip loses its layout. An attribute cannot run
 *   script or load anything (url() still obeys img-src), so this keeps the protection that
 *   matters — no inline or foreign script, no injected <style> — while tooltips work.
 * - `img-src 'self' data:`: the stylesheet draws the select arrow as an inline SVG data: URL.
 * - `connect-src 'self'`: the app only calls its own API.
 * - `frame-ancestors 'none'` with `X-Frame-Options: DENY` for older browsers: nothing may
 *   frame the app (clickjacking).
 * - `object-src 'none'`, `base-uri 'none'`, `form-action 'self'`: no plugins, no `<base>`
 *   rewriting, forms post only here.
 */
export const CONTENT_SECURITY_POLICY: Record<string, string[]> = {
  'default-src': ["'self'"],
  'script-src': ["'self'"],
  'style-src': ["'self'"],
  'style-src-attr': ["'unsafe-inline'"],
  'img-src': ["'self'", 'data:'],
  'font-src': ["'self'"],
  'connect-src': ["'self'"],
  'object-src': ["'none'"],
  'base-uri': ["'none'"],
  'form-action': ["'self'"],
  'frame-ancestors': ["'none'"],
};

/**
 * Browser security headers on every response — the web app, `/api` JSON, problem+json
 * errors, 404s and `/v1` — through @fastify/helmet (helmet's well-kept defaults plus the
 * policy above), registered globally so its onRequest hook runs before any route or error.
 *
 * HSTS only with secure cookies: that switch is how an operator says the server is behind
 * HTTPS; sent over plain HTTP to a local install it would be ignored at best, and on a
 * name later served over HTTPS it would pin browsers to it. No includeSubDomains: the
 * operator's other hosts under the same name are not ours to pin.
 */
export async function registerSecurityHeaders(app: FastifyInstance, options: { hsts: boolean }): Promise<void> {
  await app.register(fastifyHelmet, {
    global: true,
    contentSecurityPolicy: { useDefaults: false, directives: CONTENT_SECURITY_POLICY },
    frameguard: { action: 'deny' },
    referrerPolicy: { policy: 'no-referrer' },
    strictTransportSecurity: options.hsts ? { maxAge: HSTS_MAX_AGE_SECONDS, includeSubDomains: false } : false,
  });
}
