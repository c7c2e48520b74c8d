import { newSecret } from '../../auth/index.js';
import { buildApp, ensureWebBuild, WEB_DIST_DIR, type StartupStatus } from '../../api/index.js';
import { createSmtpMailer } from '../../core/mailer.js';
import { maskDatabaseUrl, type Config } from '../../core/config.js';
import { createTerminalLogger } from '../../core/log-format.js';
import { loadSecretBox } from '../../core/secret-box.js';
import { openDatabase } from '../../db/client.js';
import { migrateToLatest } from '../../db/migrate.js';
import { createEventPublisher, startEventWorker } from '../../event-stream/index.js';
import { prepareFirstStart } from '../../setup/index.js';
import { startDomainEventDispatcher } from '../../domain-events/index.js';
import { startJobWorker } from '../../jobs/index.js';
import { domainEventConsumers } from '../domain-event-consumers.js';
import { jobHandlers } from '../job-handlers.js';
import { encryptWebhookSecretsAtRest } from '../../support/index.js';
import { lockDataDirOrThrow, removeServerFile, writeServerFile, type DataDirLock } from '../database-access.js';

/**
 * The demo team's logins, so a new admin can see the product as a leader or a CSM does
 * (the first CSM's book went to the admin, who has no demo login of its own).
 */
function demoTeamLines(users: { email: string; role: string }[], password: string): string {
  const firstCsm = users.find((user) => user.role === 'csm');
  const logins = users.filter((user) => user !== firstCsm);
  const roleName = (role: string) => (role === 'csm' ? 'CSM' : role);
  return [
    `Demo team logins (password, shown once: ${password}):`,
    ...logins.slice(0, 4).map((user) => `  ${user.email} (${roleName(user.role)})`),
    logins.length > 4 ? `  … and ${logins.length - 4} more CSMs, csmN@demo.boomerang.dev (see Settings → Users)` : '',
  ]
    .filter(Boolean)
    .join('\n');
}

export type StartOptions = { demo: boolean; port?: number };

const say = (message: string) => process.stderr.write(`${message}\n`);

/** `boomerang start`: migrate, prepare the first start, build the UI if needed, serve. */
export async function startCommand(config: Config, options: StartOptions): Promise<void> {
  const logger = createTerminalLogger(config);
  let lock: DataDirLock | undefined;
  if (!config.databaseUrl) lock = await lockDataDirOrThrow(config.dataDir);
  const handle = config.databaseUrl
    ? await openDatabase({ databaseUrl: config.databaseUrl })
    : await openDatabase({ dataDir: config.dataDir });
  say(
    `Database: ${handle.kind === 'pglite' ? `embedded PGlite in ${config.dataDir}` : maskDatabaseUrl(config.databaseUrl!)}`,
  );
  const { applied } = await migrateToLatest(handle.db);
  if (applied.length) say(`Applied migrations: ${applied.join(', ')}`);
  const secretBox = loadSecretBox({ envKey: config.secretKey, keyFile: config.secretKeyFile });
  const { encrypted } = await encryptWebhookSecretsAtRest(handle.db, secretBox);
  if (encrypted)
    say(`Encrypted ${encrypted} webhook signing secret(s) stored in clear, with the key from ${secretBox.keySource}.`);

  const firstStart = await prepareFirstStart(handle.db, {
    workspaceName: config.demoWorkspaceName,
    adminEmail: config.adminEmail,
    adminPassword: config.adminPassword,
  });
  if (firstStart.created) {
    say(`Created workspace "${config.demoWorkspaceName}" with admin ${firstStart.adminEmail}.`);
    if (firstStart.passwordWasGenerated) {
      say(`Admin password (shown once; set BOOMERANG_ADMIN_PASSWORD to choose it): ${firstStart.adminPassword}`);
    }
  }
  const loadsDemo = firstStart.created && options.demo;
  // Until the demo is in, the server answers with a loading page and 503s (api/startup-gate.ts).
  let status: StartupStatus = loadsDemo ? { ready: false, percent: 0, step: 'Starting' } : { ready: true, percent: 100, step: 'Ready' };

  await ensureWebBuild(say);
  const controlSecret = newSecret();
  const eventPublisher = config.nats ? createEventPublisher({ nats: config.nats, log: logger }) : undefined;
  // PGlite admits one process, so in scale-out mode without DATABASE_URL the server
  // consumes the stream itself; with PostgreSQL, `boomerang worker` processes do.
  const worker =
    config.nats && !config.databaseUrl
      ? await startEventWorker({ db: handle.db, nats: config.nats, log: logger })
      : undefined;
  if (config.nats)
    say(
      `Scale-out ingestion: /v1 publishes to NATS stream ${config.nats.stream}${worker ? '; this server stores it' : '; run `boomerang worker` to store it'}`,
    );
  const app = await buildApp({
    db: handle.db,
    logger,
    webDir: WEB_DIST_DIR,
    secureCookies: config.secureCookies,
    trustProxy: config.trustProxy,
    controlSecret,
    eventPublisher,
    mailer: config.smtpUrl ? createSmtpMailer(config.smtpUrl, config.mailFrom) : undefined,
    publicUrl: config.publicUrl,
    mailFrom: config.mailFrom,
    secretBox,
    startup: { status: () => status },
  });
  const port = options.port ?? config.port;
  await app.listen({ port, host: config.host });
  const address = app.server.address();
  const boundPort = typeof address === 'object' && address ? address.port : port;
  if (!config.databaseUrl) writeServerFile(config.dataDir, { pid: process.pid, port: boundPort, controlSecret });
  say(`Boomerang is running at http://localhost:${boundPort}${loadsDemo ? ' (the page shows the demo loading)' : ''}`);

  if (loadsDemo && firstStart.created) {
    const { loadDemoWorld } = await import('../../demo/index.js');
    const teamPassword = newSecret(12);
    try {
      const world = await loadDemoWorld(handle.db, {
        workspaceId: firstStart.workspaceId,
        bookOwnerUserId: firstStart.adminUserId,
        teamPassword,
        progress: say,
        onStep: (percent, step) => (status = { ready: false, percent, step }),
      });
      say(demoTeamLines(world.users, teamPassword));
    } catch (error) {
      await app.close();
      throw error;
    }
    status = { ready: true, percent: 100, step: 'Ready' };
    say(`The demo workspace is ready at http://localhost:${boundPort}`);
  }
  // Jobs and timers (the usage rollup among them) run in this process; with PostgreSQL,
  // `boomerang worker` processes share them through the claim.
  const jobWorker = startJobWorker({ db: handle.db, handlers: jobHandlers(config, secretBox), logger });
  // Domain events reach their consumers here too (retries run as jobs above).
  const dispatcher = await startDomainEventDispatcher({ db: handle.db, consumers: domainEventConsumers(), logger });

  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    say(`Stopping (${signal})…`);
    await Promise.all([jobWorker.stop(), dispatcher.stop()]);
    await app.close();
    await worker?.stop();
    await eventPublisher?.close();
    await handle.close();
    if (!config.databaseUrl) removeServerFile(config.dataDir);
    await lock?.release();
    process.exit(0);
  };
  process.once('SIGINT', () => void stop('SIGINT'));
  process.once('SIGTERM', () => void stop('SIGTERM'));
}
