import { chmodSync, existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import lockfile from 'proper-lockfile';
import type { Config } from '../core/config.js';
import { AppError, type FieldIssue } from '../core/errors.js';
import { openDatabase, type DatabaseHandle } from '../db/client.js';
import { migrateToLatest } from '../db/migrate.js';
import { runAdminCommand, type AdminCommandName, type CommandOutput } from '../admin/index.js';

/**
 * PGlite lets one process open a data directory. The server takes a lock on it and
 * writes `server.json` (its port and a control secret, mode 0600); a CLI command then
 * either runs inside that server through /api/internal/cli, or — when no server runs —
 * takes the lock itself. Two writers never share the directory, and nothing forks it.
 */
export type RunningServer = { pid: number; port: number; controlSecret: string };

const SERVER_FILE = 'server.json';

export function serverFilePath(dataDir: string): string {
  return join(dataDir, SERVER_FILE);
}

export function writeServerFile(dataDir: string, server: RunningServer): void {
  const path = serverFilePath(dataDir);
  writeFileSync(path, JSON.stringify(server), { mode: 0o600 });
  chmodSync(path, 0o600);
}

export function removeServerFile(dataDir: string): void {
  rmSync(serverFilePath(dataDir), { force: true });
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

export function findRunningServer(dataDir: string): RunningServer | undefined {
  const path = serverFilePath(dataDir);
  if (!existsSync(path)) return undefined;
  try {
    const server = JSON.parse(readFileSync(path, 'utf8')) as RunningServer;
    return isAlive(server.pid) ? server : undefined;
  } catch {
    return undefined;
  }
}

export type DataDirLock = { release(): Promise<void> };

const LOCK_OPTIONS = { stale: 10_000, update: 3_000, retries: 0, realpath: false } as const;

function lockPaths(dataDir: string) {
  return { lock: join(dataDir, '.boomerang.lock'), owner: join(dataDir, '.boomerang.owner') };
}

function lockOwnerPid(ownerFile: string): number | undefined {
  try {
    return Number(readFileSync(ownerFile, 'utf8')) || undefined;
  } catch {
    return undefined;
  }
}

/**
 * Takes the data directory for this process, or explains who holds it. A lock left by a
 * process that died (kill -9) is taken over at once rather than after the stale timeout,
 * because the owner's pid is recorded beside it.
 */
export async function lockDataDirOrThrow(dataDir: string): Promise<DataDirLock> {
  // Private from the start: the lock, server.json and the database all live here (see db/client.ts).
  mkdirSync(dataDir, { recursive: true, mode: 0o700 });
  const paths = lockPaths(dataDir);
  const take = async () => {
    const release = await lockfile.lock(dataDir, { ...LOCK_OPTIONS, lockfilePath: paths.lock });
    writeFileSync(paths.owner, String(process.pid), { mode: 0o600 });
    return {
      release: async () => {
        rmSync(paths.owner, { force: true });
        await release().catch(() => undefined);
      },
    };
  };
  try {
    return await take();
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ELOCKED') throw error;
    const ownerPid = lockOwnerPid(paths.owner);
    if (ownerPid !== undefined && ownerPid !== process.pid && !isAlive(ownerPid)) {
      rmSync(paths.lock, { recursive: true, force: true });
      return take();
    }
    const server = findRunningServer(dataDir);
    const who = server
      ? `a Boomerang server (pid ${server.pid}, port ${server.port})`
      : `another Boomerang process${ownerPid ? ` (pid ${ownerPid})` : ''}`;
    throw new AppError(
      'database_locked',
      `The embedded database in ${dataDir} is in use by ${who}. Stop that process first, use another BOOMERANG_DATA_DIR, or set DATABASE_URL to run on PostgreSQL.`,
    );
  }
}

/** Opens the configured database for a CLI command (locking the embedded one) and migrates it. */
export async function openDatabaseForCommand(config: Config): Promise<DatabaseHandle> {
  if (config.databaseUrl) {
    const handle = await openDatabase({ databaseUrl: config.databaseUrl });
    await migrateToLatest(handle.db);
    return handle;
  }
  const lock = await lockDataDirOrThrow(config.dataDir);
  try {
    const handle = await openDatabase({ dataDir: config.dataDir });
    await migrateToLatest(handle.db);
    return {
      ...handle,
      close: async () => {
        await handle.close();
        await lock.release();
      },
    };
  } catch (error) {
    await lock.release();
    throw error;
  }
}

async function runThroughServer(server: RunningServer, name: AdminCommandName, args: unknown): Promise<CommandOutput> {
  // Loaded here, not at the top: the API (Fastify and every route) is a good part of a CLI
  // run's start-up, and only this path, with a server running, needs its header name.
  const { CONTROL_HEADER } = await import('../api/index.js');
  const response = await fetch(`http://127.0.0.1:${server.port}/api/internal/cli`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', [CONTROL_HEADER]: server.controlSecret },
    body: JSON.stringify({ command: name, args }),
  });
  const body = (await response.json()) as CommandOutput & { detail?: string; code?: string; issues?: FieldIssue[] };
  if (!response.ok) {
    throw new AppError((body.code as never) ?? 'validation_failed', body.detail ?? `The server answered ${response.status}.`, { issues: body.issues });
  }
  return body;
}

/** Runs an admin command wherever the database is reachable right now. */
export async function executeAdminCommand(config: Config, name: AdminCommandName, args: unknown): Promise<CommandOutput> {
  if (!config.databaseUrl) {
    const server = findRunningServer(config.dataDir);
    if (server) return runThroughServer(server, name, args);
  }
  const handle = await openDatabaseForCommand(config);
  try {
    return await runAdminCommand(handle.db, name, args);
  } finally {
    await handle.close();
  }
}
