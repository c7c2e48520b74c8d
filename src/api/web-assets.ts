import { existsSync, readdirSync, statSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const REPO_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
export const WEB_SOURCE_DIR = join(REPO_ROOT, 'src/web');
export const WEB_DIST_DIR = join(REPO_ROOT, 'dist/web');

function newestMtime(dir: string): number {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? newestMtime(path) : statSync(path).mtimeMs);
  }
  return newest;
}

/** True when dist/web is missing or older than any file of the web app's source. */
export function isWebBuildStale(): boolean {
  const index = join(WEB_DIST_DIR, 'index.html');
  if (!existsSync(index)) return true;
  if (!existsSync(WEB_SOURCE_DIR)) return false;
  return newestMtime(WEB_SOURCE_DIR) > statSync(index).mtimeMs;
}

/**
 * Builds the web app with Vite when its output is stale, so `npm start` right after
 * `npm ci` serves a current UI without a separate build step.
 */
export async function ensureWebBuild(log: (message: string) => void): Promise<void> {
  if (!isWebBuildStale()) return;
  log('Building the web app (first start or changed sources)…');
  const { build } = await import('vite');
  await build({ configFile: join(WEB_SOURCE_DIR, 'vite.config.ts'), logLevel: 'warn' });
}
