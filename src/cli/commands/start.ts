import { newSecret } from '../../auth/index.js';
import { buildApp, ensureWebBuild, WEB_DIST_DIR } from '../../api/index.js';
import { createSmtpMailer } from '../../core/mailer.js';
import { maskDatabaseUrl, type Config } from '../../core/config.js';
import { createLogger } from '../../core/logger.js';
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

export type StartOptions = { demo: boolean; port?: number };

const say = (message: string) => process.stderr.write(`${message}\n`);

/** `boomerang start`: migrate, prepare the first start, build the UI if needed, serve. */
export async function startCommand(config: Config, options: StartOptions): Promise<void> {
  const logger = createLogger(config.logLevel);
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
    if (options.demo) {
      const { loadDemoWorld } = await import('../../demo/index.js');
      await loadDemoWorld(handle.db, {
        workspaceId: firstStart.workspaceId,
        bookOwnerUserId: firstStart.adminUserId,
        progress: say,
      });
    }
  }

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
    secretBox,
  });
  const port = options.port ?? config.port;
  await app.listen({ port, host: config.host });
  const address = app.server.address();
  const boundPort = typeof address === 'object' && address ? address.port : port;
  if (!config.databaseUrl) writeServerFile(config.dataDir, { pid: process.pid, port: boundPort, controlSecret });
  // Jobs and timers (the usage rollup among them) run in this process; with PostgreSQL,
  // `boomerang worker` processes share them through the claim.
  const jobWorker = startJobWorker({ db: handle.db, handlers: jobHandlers(config), logger });
  // Domain events reach their consumers here too (retries run as jobs above).
  const dispatcher = await startDomainEventDispatcher({ db: handle.db, consumers: domainEventConsumers(), logger });
  say(`Boomerang is running at http://localhost:${boundPort}`);

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
