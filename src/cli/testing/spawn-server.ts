import { spawn } from 'node:child_process';
import { join } from 'node:path';

export const BIN = join(import.meta.dirname, '../../../bin/boomerang.mjs');

/**
 * A fixed secret key for servers that tests start on temporary data directories: without
 * it each start would leave a key file beside the directory (`<dir>.secret-key`) in /tmp.
 */
export const TEST_SECRET_KEY = Buffer.alloc(32, 7).toString('base64');

export type SpawnedServer = { url: string; stop(): Promise<void>; /** SIGKILL: no shutdown at all. */ kill(): Promise<void> };

/** `boomerang start --no-demo` on a free port as a child process, resolved once it listens. */
export async function spawnServer(env: NodeJS.ProcessEnv): Promise<SpawnedServer> {
  const server = spawn(process.execPath, [BIN, 'start', '--no-demo', '--port', '0'], { env: { BOOMERANG_SECRET_KEY: TEST_SECRET_KEY, ...env }, stdio: ['ignore', 'ignore', 'pipe'] });
  const exited = new Promise((resolve) => server.once('exit', resolve));
  const stop = async () => {
    server.kill('SIGTERM');
    await exited;
  };
  try {
    const url = await new Promise<string>((resolve, reject) => {
      let seen = '';
      server.stderr.on('data', (chunk: Buffer) => {
        seen += chunk.toString();
        const match = seen.match(/running at (http:\/\/\S+)/);
        if (match) resolve(match[1]!);
      });
      server.once('exit', (code) => reject(new Error(`server exited with ${code}: ${seen}`)));
    });
    const kill = async () => {
      server.kill('SIGKILL');
      await exited;
    };
    return { url, stop, kill };
  } catch (error) {
    await stop();
    throw error;
  }
}
