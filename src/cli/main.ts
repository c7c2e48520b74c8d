import { readFile } from 'node:fs/promises';
import { Argument, Command, InvalidArgumentError, Option } from 'commander';
import { ConfigError, loadConfig, type Config } from '../core/config.js';
import { AppError, invalid } from '../core/errors.js';
import { SecretKeyError } from '../core/secret-box.js';
import { migrateToLatest } from '../db/migrate.js';
import { DatabaseConnectionError } from '../db/client.js';
import { ROLES } from '../auth/index.js';
import { IMPORT_FORMATS, IMPORT_KINDS, IMPORT_MODES, IMPORT_PRESETS, type ImportKind } from '../imports/index.js';
import { executeAdminCommand, findRunningServer, openDatabaseForCommand } from './database-access.js';
import type { AdminCommandName } from '../admin/index.js';
import { parseDay } from '../metrics/clv/index.js';
import { CONFIG_FORMATS, type ConfigFormat } from '../workspace-config/index.js';

/** Exit codes: 1 = unexpected, 2 = bad input, 3 = not found, 4 = conflict, 5 = database in use. */
const EXIT_CODES: Partial<Record<AppError['code'], number>> = {
  validation_failed: 2,
  not_found: 3,
  conflict: 4,
  database_locked: 5,
};

function config(): Config {
  return loadConfig();
}

function parsePort(value: string): number {
  const port = Number(value);
  if (!Number.isInteger(port) || port < 0 || port > 65535)
    throw new InvalidArgumentError('must be a port number 0–65535');
  return port;
}

async function admin(name: AdminCommandName, args: Record<string, unknown>): Promise<void> {
  const output = await executeAdminCommand(config(), name, args);
  if (output.stderr) process.stderr.write(`${output.stderr}\n`);
  process.stdout.write(`${output.stdout}\n`);
}

const program = new Command('boomerang')
  .description('Boomerang customer success platform')
  .showHelpAfterError('(run with --help for usage)');

program
  .command('start')
  .description('serve the web app and API (creates a demo workspace on first start)')
  .option('--no-demo', 'start with an empty demo workspace (no generated customers)')
  .option('-p, --port <port>', 'port to listen on (default: $PORT or 3000)', parsePort)
  .action(async (options: { demo: boolean; port?: number }) => {
    const { startCommand } = await import('./commands/start.js');
    await startCommand(config(), options);
  });

program
  .command('worker')
  .description(
    'run jobs and timers on PostgreSQL (DATABASE_URL) and, with NATS_URL, store events queued in NATS JetStream; run as many as needed',
  )
  .option('--no-jobs', 'only consume the event stream; leave jobs to other processes')
  .option('--batch-size <n>', 'messages per fetch and per transaction', parsePositiveInt, 500)
  .option('--max-wait <ms>', 'how long a fetch waits to fill a batch', parsePositiveInt, 1000)
  .action(async (options: { batchSize: number; maxWait: number; jobs: boolean }) => {
    const { workerCommand } = await import('./commands/worker.js');
    await workerCommand(config(), options);
  });

program
  .command('migrate')
  .description('apply pending database migrations')
  .action(async () => {
    const current = config();
    if (!current.databaseUrl && findRunningServer(current.dataDir)) {
      process.stderr.write('The running server applied all migrations when it started; nothing to do.\n');
      return;
    }
    const handle = await openDatabaseForCommand(current);
    try {
      // openDatabaseForCommand has migrated already; report what is applied.
      const { applied } = await migrateToLatest(handle.db);
      process.stderr.write(applied.length ? `Applied: ${applied.join(', ')}\n` : 'The database is up to date.\n');
    } finally {
      await handle.close();
    }
  });

const workspace = program.command('workspace').description('manage workspaces');
workspace
  .command('create <name>')
  .description('create a workspace; prints its id')
  .action((name: string) => admin('workspace.create', { name }));

const user = program.command('user').description('manage users');
user
  .command('create')
  .description('add a new login to a workspace and print its id (a generated password on stderr); an email that already has a login is invited instead: prints the one-time link')
  .requiredOption('-w, --workspace <name>', 'workspace name')
  .requiredOption('-e, --email <email>', 'login email')
  .addOption(new Option('-r, --role <role>', 'role in the workspace').choices(ROLES).makeOptionMandatory())
  .option('-n, --name <name>', 'display name')
  .option('--password <password>', 'password (generated and shown once when omitted)')
  .action((options: { workspace: string; email: string; role: string; name?: string; password?: string }) =>
    admin('user.create', options),
  );

const token = program.command('token').description('manage API tokens');
token
  .command('create')
  .description('create an API token; prints only the token on stdout')
  .requiredOption('-w, --workspace <name>', 'workspace name')
  .addOption(new Option('-r, --role <role>', 'role the token acts with').choices(ROLES).makeOptionMandatory())
  .option('-n, --name <name>', 'a label to recognise the token by')
  .action((options: { workspace: string; role: string; name?: string }) => admin('token.create', options));

const source = program.command('source').description('manage event sources (Segment-compatible write keys)');
source
  .command('create')
  .description('create an event source; prints only its write key on stdout (shown once)')
  .requiredOption('-w, --workspace <name>', 'workspace name')
  .requiredOption('-n, --name <name>', 'what sends with this key, e.g. "Web app"')
  .option('--server', 'server-side source: its key stays secret on a server, and its identify calls may create contacts (default: browser, usage only)')
  .action((options: { workspace: string; name: string; server?: boolean }) => admin('source.create', options));

program
  .command('rates')
  .description('exchange rates to the workspace’s reporting currency')
  .command('import <file>')
  .description('store the rates of a CSV file (currency,effective_date,rate; all or nothing); prints {"rates":n,"missingCurrencies":[…]}')
  .requiredOption('-w, --workspace <name>', 'workspace name')
  .option('--config', 'mark the rates as set in configuration (kept in a file under version control) rather than imported')
  .action(async (file: string, options: { workspace: string; config?: boolean }) =>
    admin('rates.import', { workspace: options.workspace, csv: await readFile(file, 'utf8'), source: options.config ? 'config' : 'imported' }),
  );

function parsePositiveInt(value: string): number {
  const number = Number(value);
  if (!Number.isInteger(number) || number < 0) throw new InvalidArgumentError('must be a whole number');
  return number;
}

program
  .command('demo')
  .description('generate a simulated customer base into a workspace (created if missing); deterministic for a seed')
  .requiredOption('-w, --workspace <name>', 'workspace name')
  .option('-a, --accounts <n>', 'number of accounts', parsePositiveInt, 300)
  .option('-m, --months <n>', 'months of history', parsePositiveInt, 18)
  .option('-s, --seed <n>', 'random seed', parsePositiveInt, 42)
  .action((options: { workspace: string; accounts: number; months: number; seed: number }) =>
    admin('demo.load', options),
  );

program
  .command('rollups')
  .description('usage rollups (kept current by the server within seconds of ingestion)')
  .command('rebuild')
  .description('recompute usage rollups from raw events; prints the number of account-days')
  .option('-w, --workspace <name>', 'only this workspace (default: all)')
  .action((options: { workspace?: string }) => admin('rollups.rebuild', options));

const healthCommand = program
  .command('health')
  .description('health scores (kept fresh by the server: within a minute of a change, and nightly)');
healthCommand
  .command('recompute')
  .description('score every account of a workspace now; prints {"accounts","days","seconds"} as JSON')
  .requiredOption('-w, --workspace <name>', 'workspace name')
  .option('--backfill', 'also fill the history, one point a week as of each past week')
  .option('--weeks <n>', 'weeks of history to backfill (default 78)', parsePositiveInt)
  .action((options: { workspace: string; backfill?: boolean; weeks?: number }) => admin('health.recompute', options));

function parseDayOption(value: string): string {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(value) || Number.isNaN(Date.parse(`${value}T00:00:00Z`))) throw new InvalidArgumentError('must be a day as YYYY-MM-DD');
  return value;
}

healthCommand
  .command('backtest')
  .description(
    'score every account as it stood on a past day with the current scorecard and with a churn model trained only on the terms ended by then, and compare with churn or contraction in the horizon after it; the last stdout line is JSON',
  )
  .requiredOption('-w, --workspace <name>', 'workspace name')
  .option('--as-of <day>', 'the past day (YYYY-MM-DD; default: horizon days ago)', parseDayOption)
  .option('--horizon-days <n>', 'days after the as-of day that count', parsePositiveInt, 180)
  .action((options: { workspace: string; asOf?: string; horizonDays: number }) => admin('health.backtest', options));

const configCommand = program
  .command('config')
  .description('the workspace’s configuration as code: health scorecards (more sections as they arrive), as YAML or JSON');
configCommand
  .command('export')
  .description('print the workspace’s configuration as one document (YAML by default)')
  .requiredOption('-w, --workspace <name>', 'workspace name')
  .addOption(new Option('--format <format>', 'document format').choices(CONFIG_FORMATS).default('yaml'))
  .action((options: { workspace: string; format: ConfigFormat }) => admin('config.export', options));
configCommand
  .command('apply <file>')
  .description('validate a configuration document and save every section it holds as a new version, all or nothing; prints {"dryRun","sections":{…}} as JSON')
  .requiredOption('-w, --workspace <name>', 'workspace name')
  .option('--dry-run', 'validate and list what would change, saving nothing')
  .action(async (file: string, options: { workspace: string; dryRun?: boolean }) =>
    admin('config.apply', { workspace: options.workspace, document: await readConfigFile(file), source: file, dryRun: options.dryRun ?? false }),
  );

async function readConfigFile(file: string): Promise<string> {
  try {
    return await readFile(file, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw invalid(`Cannot read ${file}: ${code === 'ENOENT' ? 'no such file' : (error as Error).message}`);
  }
}

const jobs = program
  .command('jobs')
  .description('list jobs and timers, newest first; prints {"jobs":[…],"counts":{…}} as JSON on the last line')
  .option('--failed', 'only jobs that ran out of attempts, with their last error')
  .option('--limit <n>', 'how many to list', parsePositiveInt, 100)
  .action((options: { failed?: boolean; limit: number }) => admin('jobs.list', { failed: options.failed ?? false, limit: options.limit }));
jobs
  .command('retry <id>')
  .description('queue a failed job again now, with fresh attempts; prints {"job":{…}} as JSON')
  .action((id: string) => admin('jobs.retry', { id }));

program
  .command('import')
  .description(
    'import accounts, contacts, subscriptions, tickets or survey answers from a CSV or JSON-lines file; re-importing is safe (upserts on external ids)',
  )
  .addArgument(new Argument('<kind>', 'what the file holds').choices(IMPORT_KINDS))
  .argument('<file>', 'a .csv (with a header row) or .jsonl file')
  .requiredOption('-w, --workspace <name>', 'workspace name')
  .addOption(new Option('--preset <preset>', 'column names of a CRM export').choices(IMPORT_PRESETS))
  .option('--mapping <file>', 'JSON file {"mapping": {"field": "Column name"}}, over the preset')
  .addOption(new Option('--format <format>', 'file format (default: from the file name)').choices(IMPORT_FORMATS))
  .addOption(
    new Option('--mode <mode>', 'all-or-nothing writes nothing if a row is bad; good-rows writes the rest')
      .choices(IMPORT_MODES)
      .default('all-or-nothing'),
  )
  .option('--dry-run', 'validate and count, write nothing')
  .option('--overwrite-manual', 'accounts: write the file’s values over fields a person set in the app (kept and reported by default)')
  .option('--id-system <name>', 'CRM system of the ids in the file (default: the preset, else "external")')
  .option('--json', 'print the report as JSON')
  .addHelpText(
    'after',
    '\nExit status: 0 when every row imported, 2 when a row failed or the file is refused. See docs/imports.md.',
  )
  .action(
    async (
      kind: ImportKind,
      file: string,
      options: Parameters<typeof import('./commands/import.js').importCommand>[3],
    ) => {
      const { importCommand } = await import('./commands/import.js');
      process.exitCode = await importCommand(config(), kind, file, options);
    },
  );

function parseDate(value: string): number {
  const day = parseDay(value);
  if (day === undefined) throw new InvalidArgumentError('must be a date, YYYY-MM-DD or YYYYMMDD');
  return day;
}

program
  .command('clv')
  .description('customer lifetime value for transactional customers (no database needed)')
  .command('fit')
  .description('fit BG/NBD (repeat purchases, drop-out) and Gamma-Gamma (spend) to a transaction log; the last stdout line is JSON')
  .requiredOption('--transactions <file>', '"customer date amount" rows, space- or comma-separated (the CDNOW files work as they are)')
  .option('--calibration-end <date>', 'last day of the calibration period (default: the last purchase)', parseDate)
  .option('--holdout-end <date>', 'last day of a hold-out period after it: prints expected vs actual repeat purchases', parseDate)
  .option('--customers <file>', 'also write one CSV row per customer (x, t_x, T, probability alive, expectations)')
  .addHelpText('after', '\nTime is in weeks; a customer\'s purchases on one day count as one. Exit status 2 on bad input.')
  .action(async (options: import('./commands/clv.js').ClvFitOptions) => {
    const { clvFitCommand } = await import('./commands/clv.js');
    clvFitCommand(options);
  });

function parseFolds(value: string): number {
  const folds = Number(value);
  if (!Number.isInteger(folds) || folds < 2 || folds > 20) throw new InvalidArgumentError('must be a whole number from 2 to 20');
  return folds;
}

program
  .command('model')
  .description('churn-risk models (no database needed)')
  .command('eval')
  .description(
    'cross-validate churn models on a CSV: logistic regression or gradient-boosted trees, chosen inside each training fold; the last stdout line is JSON',
  )
  .requiredOption('--csv <file>', 'a table with a header row, one row per customer')
  .requiredOption('--target <column>', 'the column with two values saying who churned')
  .option('--positive <value>', 'the target value that means churned (inferred for 0/1, yes/no, true/false)')
  .option('--id <column>', 'a row id column, never used as a feature')
  .option('--folds <n>', 'stratified folds', parseFolds, 5)
  .option('--seed <n>', 'seed for folds and row subsampling', parsePositiveInt, 0)
  .option('--save-model <file>', 'also fit the chosen model on every row and write it as JSON')
  .addHelpText(
    'after',
    '\nColumns whose non-blank cells are all numbers are numeric, the others categorical; blanks are missing values. Exit status 2 on bad input.',
  )
  .action(async (options: import('./commands/model-eval.js').ModelEvalOptions) => {
    const { modelEvalCommand } = await import('./commands/model-eval.js');
    modelEvalCommand(options);
  });

try {
  await program.parseAsync(process.argv);
} catch (error) {
  if (error instanceof AppError) {
    const issues = (error.issues ?? []).map((issue) => `  ${issue.path ? `${issue.path}: ` : ''}${issue.message}\n`);
    process.stderr.write(`Error: ${error.detail}\n${issues.join('')}`);
    process.exit(EXIT_CODES[error.code] ?? 1);
  }
  // A missing or wrong secret key is a setting to fix, like a bad variable: no stack trace.
  if (error instanceof ConfigError || error instanceof SecretKeyError || error instanceof DatabaseConnectionError) {
    process.stderr.write(`${error instanceof ConfigError ? '' : 'Error: '}${error.message}\n`);
    process.exit(2);
  }
  throw error;
}
