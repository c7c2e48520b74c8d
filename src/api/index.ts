/**
 * The HTTP server, for the CLI (`boomerang start`) and for tests outside api/: build the app,
 * the web build it serves, and the header that marks the CLI's calls to `/api/internal/cli`.
 */
export { buildApp, type App, type AppOptions } from './server.js';
export { ensureWebBuild, WEB_DIST_DIR } from './web-assets.js';
export { CONTROL_HEADER } from './routes/control.routes.js';
export type { StartupStatus } from './startup-gate.js';
