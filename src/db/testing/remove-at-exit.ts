import { rmSync } from 'node:fs';

/**
 * Removes a data directory an in-process PGlite used, once the test process exits. PGlite's
 * close() resolves before its file system lets go of the directory (it touches it once more,
 * later the busier the machine), so removing it right away can end the file with an unhandled
 * ENOENT; at exit nothing runs any more.
 */
export function removeWhenProcessExits(dir: string): void {
  process.once('exit', () => rmSync(dir, { recursive: true, force: true }));
}
